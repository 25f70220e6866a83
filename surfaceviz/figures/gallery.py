"""Build the example gallery: run every ``plot_*.py`` and collect its images.

Each script runs in this process with matplotlib's Agg backend; ``plt.show()``
and plotly's ``Figure.show()`` are intercepted. Every matplotlib figure left
open is saved as a PNG, every plotly figure shown is exported through kaleido
(Chromium), and an ``index.html`` shows thumbnails with the scripts' titles.
A script that writes a page (an explorer's offline page) writes it in the
folder named by the environment variable :data:`FILES_VARIABLE`; the card links
it beside the images.
"""

from __future__ import annotations

import html
import os
import runpy
import sys
import traceback
from pathlib import Path


#: The environment variable that names the folder where a script may write pages.
FILES_VARIABLE = "SURFACEVIZ_GALLERY_FILES"


class GalleryError(RuntimeError):
    """One or more gallery scripts failed."""


def script_title(path):
    """The reST title of a script's docstring (its first non-empty line)."""
    import ast

    doc = ast.get_docstring(ast.parse(Path(path).read_text(encoding="utf-8"))) or ""
    for line in doc.splitlines():
        if line.strip() and not set(line.strip()) <= set("=-~^*#"):
            return line.strip()
    return Path(path).stem


def missing_needs(path):
    """The optional packages a script declares (a ``# needs: torch, keras`` line) and
    this Python lacks; an empty list when it can run."""
    import importlib.util
    import re

    for line in Path(path).read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"# needs: ([A-Za-z0-9_, ]+)", line.strip())
        if match:
            names = [n.strip() for n in match.group(1).split(",") if n.strip()]
            return [n for n in names if importlib.util.find_spec(n) is None]
    return []


def default_source():
    """The ``gallery/`` folder beside the package (a source checkout), or None."""
    candidate = Path(__file__).resolve().parents[2] / "gallery"
    return candidate if candidate.is_dir() else None


def build_gallery(src=None, out="gallery_out", *, pattern="plot_*.py", dpi=100,
                  thumb_width=240, log=print):
    """Run the gallery scripts and write their images, thumbnails and an index.

    Parameters
    ----------
    src : path, default=None
        Folder of the scripts (default: the source checkout's ``gallery/``).
    out : path, default="gallery_out"
        Output folder: ``images/``, ``thumbs/`` and ``index.html``.
    pattern : str, default="plot_*.py"
    dpi : int, default=100
        Resolution of matplotlib images.
    thumb_width : int, default=240
        Thumbnail width in pixels.
    log : callable, default=print

    Returns
    -------
    list of dict
        Per script: ``script``, ``title``, ``images`` (paths relative to ``out``).

    Raises
    ------
    FileNotFoundError
        No source folder or no script in it.
    GalleryError
        A script raised: the message names each failing script with its traceback.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    src = Path(src) if src is not None else default_source()
    if src is None or not src.is_dir():
        raise FileNotFoundError(f"gallery source folder not found: {src}; pass --src.")
    scripts = sorted(src.glob(pattern))
    if not scripts:
        raise FileNotFoundError(f"no {pattern} scripts in {src}.")
    out = Path(out)
    (out / "images").mkdir(parents=True, exist_ok=True)
    (out / "thumbs").mkdir(parents=True, exist_ok=True)
    entries, failures = [], []
    for script in scripts:
        absent = missing_needs(script)
        if absent:
            log(f"skipped {script.name}: it needs {', '.join(absent)}")
            continue
        log(f"running {script.name}")
        shown = []
        restore = _intercept_show(plt, shown)
        plt.close("all")
        old_path = list(sys.path)
        sys.path.insert(0, str(script.parent))
        before = set((out / "images").iterdir())
        old_files = os.environ.get(FILES_VARIABLE)
        os.environ[FILES_VARIABLE] = str(out / "images")  # where a script writes its pages
        try:
            runpy.run_path(str(script), run_name="__main__")
        except Exception:
            failures.append((script.name, traceback.format_exc()))
            log(f"FAILED {script.name}")
            continue
        finally:
            sys.path[:] = old_path
            restore()
            if old_files is None:
                os.environ.pop(FILES_VARIABLE, None)
            else:
                os.environ[FILES_VARIABLE] = old_files
        pages = sorted(f"images/{p.name}" for p in set((out / "images").iterdir()) - before
                       if p.suffix == ".html")
        images = _save_figures(plt, shown, script.stem, out, dpi, log) + pages
        plt.close("all")
        if images:
            _thumbnail(out / images[0], out / "thumbs" / f"{script.stem}.png", thumb_width)
        entries.append({"script": script.name, "title": script_title(script), "images": images})
    _write_index(out, entries)
    if failures:
        text = "\n\n".join(f"{name} failed:\n{tb}" for name, tb in failures)
        raise GalleryError(f"{len(failures)} gallery script(s) failed:\n\n{text}")
    log(f"wrote {len(entries)} examples to {out / 'index.html'}")
    return entries


def _intercept_show(plt, shown):
    """Make plt.show a no-op and record plotly figures passed to .show()."""
    saved = [(plt, "show", plt.show)]
    plt.show = lambda *a, **k: None
    try:
        from plotly.basedatatypes import BaseFigure
    except ImportError:
        BaseFigure = None
    if BaseFigure is not None:
        saved.append((BaseFigure, "show", BaseFigure.show))
        BaseFigure.show = lambda self, *a, **k: shown.append(self)

    def restore():
        for owner, name, value in saved:
            setattr(owner, name, value)

    return restore


def _save_figures(plt, shown, stem, out, dpi, log):
    images = []
    for k, num in enumerate(plt.get_fignums(), start=1):
        name = f"images/{stem}_{k}.png"
        plt.figure(num).savefig(out / name, dpi=dpi)
        images.append(name)
    for k, fig in enumerate(shown, start=1):
        name = f"images/{stem}_3d_{k}.png"
        try:
            fig.write_image(out / name)
        except Exception as exc:  # no Chromium: keep the interactive page instead
            name = f"images/{stem}_3d_{k}.html"
            fig.write_html(out / name, include_plotlyjs=True)
            log(f"  {stem}: plotly PNG export failed ({type(exc).__name__}: {exc}); "
                f"wrote {name} instead")
        images.append(name)
    return images


def _thumbnail(src, dest, width):
    if src.suffix != ".png":
        return
    from PIL import Image

    with Image.open(src) as im:
        height = max(1, round(im.height * width / im.width))
        im.convert("RGB").resize((width, height)).save(dest)


def _write_index(out, entries):
    cards = []
    for e in entries:
        thumb = f"thumbs/{Path(e['script']).stem}.png"
        links = " ".join(f'<a href="{html.escape(i)}">{html.escape(Path(i).name)}</a>'
                         for i in e["images"])
        first = html.escape(e["images"][0]) if e["images"] else ""
        cards.append(
            f'<div class="card"><a href="{first}"><img src="{html.escape(thumb)}" '
            f'alt="{html.escape(e["title"])}"></a><h2>{html.escape(e["title"])}</h2>'
            f'<p><code>{html.escape(e["script"])}</code></p><p>{links}</p></div>')
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>surfaceviz gallery</title>
<style>
body {{ font-family: sans-serif; margin: 2em; }}
.grid {{ display: flex; flex-wrap: wrap; gap: 1.5em; }}
.card {{ width: 260px; border: 1px solid #ddd; border-radius: 6px; padding: 10px; }}
.card img {{ width: 240px; }} .card h2 {{ font-size: 1em; }}
</style></head><body>
<h1>surfaceviz gallery</h1>
<div class="grid">
{chr(10).join(cards)}
</div></body></html>
"""
    (out / "index.html").write_text(page, encoding="utf-8")
