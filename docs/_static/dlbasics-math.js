// The book's formulas, typeset by MathJax in a worker (mathjax-worker.js) as they come within a
// screen of the window. Sphinx writes each formula as TeX in a .math element (\(...\) inline,
// \[...\] displayed); the worker sends back MathJax's HTML, which replaces the TeX, and its
// stylesheet. The page's own thread only measures the text's size and inserts the result, so a
// phone stays free to scroll and respond while MathJax parses and lays out formulas. Loaded
// after the first paint (conf.py's mathjax_options, the page template's loader); the promises of
// window.dlbasicsMath (defined inline by _ext/mathjax-config.js) say when it has started and
// when it is idle.
"use strict";

(() => {
  const book = window.dlbasicsMath;
  const worker = new Worker(new URL("mathjax-worker.js", document.currentScript.src));
  const style = document.createElement("style");
  style.id = "MJX-CHTML-styles";
  document.head.append(style);

  // MathJax sizes a formula from the text around it: its em, its ex and the column's width.
  // The book sets its text in one family, so the ex of an em is measured once.
  const probe = document.createElement("span");
  probe.style.cssText = "position:absolute;visibility:hidden;width:1ex;height:1em";
  document.body.append(probe);
  const exPerEm = probe.offsetWidth / probe.offsetHeight || 0.5;
  probe.remove();
  const column = document.querySelector("article") || document.body;

  // The TeX of a .math element: its own text (an equation number is a child element).
  const DELIMITERS = [
    ["\\(", "\\)", false],
    ["\\[", "\\]", true],
    ["$$", "$$", true],
  ];
  function source(math) {
    const texts = [...math.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE);
    const text = texts.map((node) => node.data).join("").trim();
    for (const [open, close, display] of DELIMITERS) {
      if (text.startsWith(open) && text.endsWith(close) && text.length >= open.length * 2) {
        return { texts, tex: text.slice(open.length, -close.length), display };
      }
    }
    return text.startsWith("\\begin{") ? { texts, tex: text, display: true } : null;
  }

  const pending = new Map(); // id -> {math, texts}: sent to the worker, not back yet
  let nextId = 0;
  let settle = null; // resolves when nothing is pending
  let settled = () => {};

  const sent = new WeakSet();
  function send(formulas) {
    const batch = [];
    for (const math of formulas) {
      if (sent.has(math)) continue;
      sent.add(math);
      const found = source(math);
      if (!found) continue;
      const em = parseFloat(getComputedStyle(math).fontSize) || 16;
      const id = nextId++;
      pending.set(id, { math, texts: found.texts });
      const width = column.clientWidth;
      batch.push({ id, tex: found.tex, display: found.display, em, ex: em * exPerEm, width });
    }
    if (!batch.length) return;
    settle ||= new Promise((resolve) => (settled = resolve));
    worker.postMessage(batch);
  }

  worker.onmessage = ({ data }) => {
    if (style.textContent.length !== data.css.length) style.textContent = data.css;
    const template = document.createElement("template");
    for (const { id, html } of data.formulas) {
      const { math, texts } = pending.get(id);
      pending.delete(id);
      if (html === null) continue;
      template.innerHTML = html;
      const container = template.content.firstElementChild;
      // A wide display formula scrolls sideways: the keyboard must reach it.
      if (container.getAttribute("display") === "true") container.tabIndex = 0;
      texts[0].replaceWith(container);
      texts.slice(1).forEach((node) => node.remove());
    }
    if (!pending.size) {
      settle = null;
      settled();
    }
  };

  const formulas = [...document.querySelectorAll(".math")];
  const observer = new IntersectionObserver(
    (entries) => {
      const near = entries.filter((entry) => entry.isIntersecting).map((entry) => entry.target);
      near.forEach((math) => observer.unobserve(math));
      send(near);
    },
    { rootMargin: "100% 0px" },
  );
  formulas.forEach((math) => observer.observe(math));
  // Printing shows every formula: the rest are sent at once (a print started before they are
  // back shows their TeX).
  addEventListener("beforeprint", () => {
    observer.disconnect();
    send(formulas);
  });

  book.idle = async () => {
    while (settle) await settle;
  };
  book.started();
})();
