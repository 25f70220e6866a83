// The explorer's view in a notebook (anywidget). The kernel draws; this file
// only shows the picture and sends the user's changes. One request is in
// flight at a time: a change made meanwhile waits, and a newer one replaces
// it (superseded requests are never sent).

function el(tag, attrs, children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => { node[k] = v; });
  (children || []).forEach((c) => node.appendChild(c));
  return node;
}

function render({ model, el: root }) {
  let nextId = 1, inflight = false, pendingState = null, pendingPeek = null, url = null;
  let sent = 0;
  const post = (msg) => {  // to the kernel; the count is for the tests
    inflight = true;
    sent += 1;
    root.dataset.sent = String(sent);
    model.send(msg);
  };
  const send = (msg) => {
    msg.id = nextId++;
    if (inflight) {
      if (msg.kind === "readout") { pendingPeek = msg; return; }
      if (msg.kind === "state" && pendingState && pendingState.kind === "state") {
        // a newer change supersedes the waiting one: send both as one
        msg.values = Object.assign({}, pendingState.values || {}, msg.values || {});
        ["features", "response", "slice_width"].forEach((k) => {
          if (!(k in msg) && k in pendingState) msg[k] = pendingState[k];
        });
      }
      pendingState = msg;
      return;
    }
    root.dataset.busy = "1";
    post(msg);
  };
  model.on("change:done", () => {
    inflight = false;
    const next = pendingState || pendingPeek;
    pendingState = null; if (next === pendingPeek) pendingPeek = null;
    if (next) { post(next); } else { root.dataset.busy = "0"; }
    root.dataset.done = String(model.get("done"));
  });

  const xSel = el("select", { className: "sv-x", title: "horizontal feature" });
  const ySel = el("select", { className: "sv-y", title: "vertical feature" });
  const respSel = el("select", { className: "sv-response", title: "response" });
  const width = el("input", { className: "sv-width", type: "number", min: "0", step: "0.1",
                              placeholder: "none", title: "slice width (standard deviations)" });
  const sample = el("input", { className: "sv-sample", type: "number", step: "1",
                               placeholder: "row", title: "a row of X" });
  const through = el("button", { className: "sv-through", textContent: "through this sample" });
  const sliders = el("div", { className: "sv-sliders" });
  const img = el("img", { className: "sv-image", alt: "the model's slice" });
  const readout = el("div", { className: "sv-readout" });
  const note = el("div", { className: "sv-note" });
  const errorLine = el("div", { className: "sv-error" });
  errorLine.style.color = "#b00020"; note.style.color = "#555";
  const label = (text, node) => el("label", {}, [document.createTextNode(text + " "), node]);
  root.appendChild(el("div", { className: "sv-explorer" }, [
    el("div", {}, [label("x", xSel), label(" y", ySel), label(" response", respSel),
                   label(" slice width", width), label(" sample", sample), through]),
    sliders, img, readout, note, errorLine]));

  let built = "";
  const values = {};
  function controls(state) {
    const held = state.sliders.filter((s) => !state.features.includes(s.name));
    const shape = JSON.stringify(held.map((s) => s.name));
    if (shape !== built) {
      sliders.replaceChildren();
      held.forEach((s) => {
        let input;
        const out = el("output", {});
        if (s.kind === "choice") {
          input = el("select", {});
          s.choices.forEach((c, k) => input.appendChild(el("option", { value: String(k),
                                                                       textContent: String(c) })));
          input.addEventListener("change", () => {
            values[s.name] = s.choices[+input.value]; out.textContent = "";
            send({ kind: "state", values: { [s.name]: values[s.name] } });
          });
        } else {
          input = el("input", { type: "range", min: String(s.low), max: String(s.high),
                                step: String(s.step) });
          input.addEventListener("input", () => {
            values[s.name] = +input.value; out.textContent = input.value;
            send({ kind: "state", values: { [s.name]: +input.value } });
          });
        }
        input.dataset.name = s.name;
        input.className = "sv-slider";
        sliders.appendChild(el("div", {}, [label(s.name, input), out]));
      });
      built = shape;
    }
    held.forEach((s) => {
      const input = sliders.querySelector(`[data-name="${CSS.escape(s.name)}"]`);
      if (!input || input === document.activeElement) return;
      if (s.kind === "choice") {
        const k = s.choices.findIndex((c) => c === s.value);
        input.value = String(Math.max(k, 0));
      } else {
        input.value = String(s.value);
        input.parentNode.parentNode.querySelector("output").textContent = String(s.value);
      }
    });
    [xSel, ySel].forEach((sel, i) => {
      if (sel.options.length !== state.names.length) {
        sel.replaceChildren(...state.names.map((n) => el("option", { value: n, textContent: n })));
      }
      sel.value = state.features[i];
    });
    if (respSel.options.length !== state.responses.length) {
      respSel.replaceChildren(...state.responses.map((r) => el("option", { value: r,
                                                                        textContent: r })));
    }
    respSel.value = state.response;
    if (document.activeElement !== width) width.value = state.slice_width ?? "";
    note.textContent = (state.messages || []).join(" ");
  }
  const update = () => {
    controls(model.get("state"));
    const bytes = model.get("image");
    if (bytes && bytes.byteLength) {
      if (url) URL.revokeObjectURL(url);
      url = URL.createObjectURL(new Blob([bytes], { type: "image/png" }));
      img.src = url;
    }
    img.dataset.key = model.get("key");
    errorLine.textContent = model.get("error");
  };
  const showReadout = () => {
    const r = model.get("readout");
    readout.textContent = Object.keys(r).length
      ? Object.entries(r).map(([k, v]) => `${k}: ${(+v).toPrecision(3)}`).join("  ") : "";
  };
  ["change:state", "change:image", "change:error", "change:key"].forEach((e) => model.on(e, update));
  model.on("change:readout", showReadout);
  update();

  const pick = (sel, i) => sel.addEventListener("change", () => {
    const f = model.get("state").features.slice(); f[i] = sel.value;
    send({ kind: "state", features: f });
  });
  pick(xSel, 0); pick(ySel, 1);
  respSel.addEventListener("change", () => send({ kind: "state", response: respSel.value }));
  width.addEventListener("change", () => send({ kind: "state",
    slice_width: width.value === "" ? null : +width.value }));
  through.addEventListener("click", () => {
    if (sample.value !== "") send({ kind: "sample", sample: +sample.value });
  });
  const where = (event) => {
    const g = model.get("geometry"), box = img.getBoundingClientRect();
    if (!g.axes || !box.width) return null;
    const px = (event.clientX - box.left) * g.width / box.width;
    const py = (event.clientY - box.top) * g.height / box.height;
    const [left, top, w, h] = g.axes;
    if (px < left || px > left + w || py < top || py > top + h) return null;
    return { x: g.xlim[0] + (px - left) / w * (g.xlim[1] - g.xlim[0]),
             y: g.ylim[1] - (py - top) / h * (g.ylim[1] - g.ylim[0]) };
  };
  img.addEventListener("mousemove", (event) => {
    const p = where(event);
    if (p) send({ kind: "readout", x: p.x, y: p.y });
  });
  img.addEventListener("click", (event) => {
    const p = where(event);
    if (p) send({ kind: "click", x: p.x, y: p.y });
  });
  return () => { if (url) URL.revokeObjectURL(url); };
}

export default { render };
