"""The explorer as one offline page: precomputed slices behind sliders.

:func:`page_html` draws the explorer's slice at every combination of a few
values of the sliders it varies (a stated bound on their number) and writes
one self-contained HTML page: the pictures inline as PNG data, a few lines of
script, no network. Moving a slider shows the precomputed picture for the
nearest values.
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import json
import math
import os

from .._utils.io import atomic_write
from .._utils.validation import check_positive_int
from ..evaluation.lift import plain_value

#: Most pictures one page holds unless ``max_images`` says otherwise.
MAX_PAGE_IMAGES = 400


def page_plan(explorer, *, steps=5, vary=None, max_images=MAX_PAGE_IMAGES):
    """The sliders a page varies and their values: ``[(slider, values)]``.

    Raises
    ------
    ValueError
        When the combinations exceed ``max_images`` (the count is said), or
        ``vary`` names a drawn or unknown feature.
    """
    steps = check_positive_int("steps", steps)
    max_images = check_positive_int("max_images", max_images)
    held = [s for s in explorer.sliders if s.index not in explorer.features]
    if vary is None:
        chosen = held
    else:
        if isinstance(vary, (str, int)):
            vary = [vary]
        names = {s.name: s for s in held}
        chosen = []
        for v in vary:
            s = names.get(v) if isinstance(v, str) else next(
                (h for h in held if h.index == v), None)
            if s is None:
                raise ValueError(f"vary must name held features ({sorted(names)!r}); got {v!r}.")
            if s not in chosen:
                chosen.append(s)
    plan = [(s, s.grid(steps)) for s in chosen]
    count = math.prod(len(values) for _, values in plan)
    if count > max_images:
        raise ValueError(
            f"the page would hold {count:,} pictures ({' x '.join(str(len(v)) for _, v in plan)} "
            f"values of {', '.join(s.name for s, _ in plan)}), more than max_images="
            f"{max_images}; pass fewer steps, vary= fewer features, or a larger max_images.")
    return plan


def page_data(explorer, plan):
    """Draw every combination of ``plan``'s values; the explorer's state is
    restored afterwards. Returns the JSON-ready page data."""
    saved = (list(explorer.values), explorer.messages)
    images, index, seen = [], {}, {}
    try:
        for combo in itertools.product(*(range(len(values)) for _, values in plan)):
            explorer.set({s.index: values[k] for (s, values), k in zip(plan, combo)})
            png = explorer.picture()["png"]
            digest = hashlib.sha256(png).hexdigest()
            if digest not in seen:  # the same picture is stored once
                seen[digest] = len(images)
                images.append(base64.b64encode(png).decode("ascii"))
            index[",".join(map(str, combo))] = seen[digest]
    finally:
        explorer.values, explorer.messages = saved
    start = [_nearest(values, explorer.values[s.index]) for s, values in plan]
    return {
        "features": [explorer.names[k] for k in explorer.features],
        "sliders": [{"name": s.name, "values": [plain_value(v) for v in values],
                     "labels": [_label(v) for v in values], "start": k}
                    for (s, values), k in zip(plan, start)],
        "fixed": {name: _label(v) for name, v in explorer.held().items()
                  if name not in {s.name for s, _ in plan}},
        "images": images, "index": index,
    }


def page_html(explorer, *, steps=5, vary=None, max_images=MAX_PAGE_IMAGES, title=None):
    """The offline page of ``explorer`` as a string (see :meth:`Explorer.save`)."""
    data = page_data(explorer, page_plan(explorer, steps=steps, vary=vary,
                                         max_images=max_images))
    title = title or f"{type(explorer.model).__name__}: slices through " \
                     f"{data['features'][0]} and {data['features'][1]}"
    payload = json.dumps(data, separators=(",", ":")).replace("<", "\\u003c")
    return _TEMPLATE.replace("{title}", html.escape(str(title))).replace("{data}", payload)


def check_page_path(path):
    """``path`` as a str: a file path ending in ``.html`` in a folder that exists."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a file path (str or path-like); got "
                        f"{type(path).__name__} {path!r}.")
    path = os.fspath(path)
    if "\0" in path:
        raise ValueError(f"path must be a file path; got {path!r}, which holds a NUL character.")
    if not path.lower().endswith((".html", ".htm")):
        raise ValueError(f"path must end with .html; got {path!r}.")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise ValueError(f"path={path!r}: the folder {folder} does not exist.")
    return path


def save_page(explorer, path, **kwargs):
    """Write :func:`page_html` to ``path`` whole or not at all; return the path."""
    path = check_page_path(path)
    text = page_html(explorer, **kwargs).encode("utf-8")
    atomic_write(path, lambda f: f.write(text))
    return path


def _nearest(values, value):
    try:
        return min(range(len(values)), key=lambda k: abs(float(values[k]) - float(value)))
    except (TypeError, ValueError):
        return next((k for k, v in enumerate(values) if v == value), 0)


def _label(v):
    return f"{v:.4g}" if isinstance(v, float) else str(v)


_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body{font-family:sans-serif;margin:1em;max-width:60em}
.sv-row{display:flex;gap:.6em;align-items:center;margin:.25em 0}
.sv-row label{min-width:12em}
.sv-row output{min-width:5em;font-variant-numeric:tabular-nums}
#sv-fixed{color:#555;font-size:.9em}
</style></head><body>
<h1 style="font-size:1.2em">{title}</h1>
<div id="sv-sliders"></div>
<p id="sv-fixed"></p>
<img id="sv-image" alt="the model's slice at the sliders' values">
<script type="application/json" id="sv-data">{data}</script>
<script>
(function () {
  var data = JSON.parse(document.getElementById("sv-data").textContent);
  var box = document.getElementById("sv-sliders"), img = document.getElementById("sv-image");
  var inputs = [];
  function show() {
    var key = inputs.map(function (s) { return s.value; }).join(",");
    var k = data.index[key];
    img.src = "data:image/png;base64," + data.images[k];
    img.dataset.key = key;
    inputs.forEach(function (s, i) { s.out.textContent = data.sliders[i].labels[+s.value]; });
  }
  data.sliders.forEach(function (s, i) {
    var row = document.createElement("div"); row.className = "sv-row";
    var label = document.createElement("label"); label.textContent = s.name;
    var input = document.createElement("input");
    input.type = "range"; input.min = 0; input.max = s.values.length - 1; input.step = 1;
    input.value = s.start; input.id = "sv-slider-" + i; input.setAttribute("aria-label", s.name);
    label.htmlFor = input.id;
    var out = document.createElement("output"); input.out = out;
    input.addEventListener("input", show);
    row.appendChild(label); row.appendChild(input); row.appendChild(out); box.appendChild(row);
    inputs.push(input);
  });
  var fixed = Object.keys(data.fixed).map(function (k) { return k + " = " + data.fixed[k]; });
  document.getElementById("sv-fixed").textContent =
    fixed.length ? "held at: " + fixed.join(", ") : "";
  show();
})();
</script>
</body></html>
"""
