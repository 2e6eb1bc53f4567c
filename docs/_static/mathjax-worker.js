// MathJax in a worker (started by dlbasics-math.js): the page's formulas arrive as TeX and leave
// as MathJax's HTML output (CHTML, with MathML for screen readers) and its stylesheet, so that
// the page's own thread only inserts them. MathJax's components come from _static/mathjax, the
// same files a page would load; liteDOM stands in for the document a worker does not have.
"use strict";

const base = new URL("mathjax/", self.location.href).href;
self.MathJax = {
  loader: {
    paths: { mathjax: base.slice(0, -1) },
    load: ["adaptors/liteDOM", "input/tex", "output/chtml", "a11y/assistive-mml"],
    require: (url) => importScripts(url),
  },
  startup: { typeset: false },
  chtml: { fontURL: `${base}output/chtml/fonts/woff-v2` },
};
importScripts(`${base}startup.js`);

// One message a batch: [{id, tex, display, em, ex, width}] -> {formulas: [{id, html}], css}.
self.onmessage = async ({ data }) => {
  await MathJax.startup.promise;
  const { adaptor, output } = MathJax.startup;
  const formulas = [];
  for (const { id, tex, display, em, ex, width } of data) {
    // As MathJax scales a formula in a page: its x-height matched to the text's (matchFontHeight).
    const scale = Math.max(output.options.minScale, ex / em / output.font.params.x_height);
    let html;
    try {
      const node = await MathJax.tex2chtmlPromise(tex, {
        display,
        em,
        ex,
        containerWidth: width,
        scale,
      });
      html = adaptor.outerHTML(node);
    } catch (error) {
      html = null; // left as TeX; the page says why in its console
      console.error(`MathJax could not typeset ${tex}: ${error.message}`);
    }
    formulas.push({ id, html });
  }
  postMessage({ formulas, css: adaptor.textContent(MathJax.chtmlStylesheet()) });
};
