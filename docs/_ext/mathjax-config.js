// Inlined by Sphinx (mathjax_config_path) into pages with math, after myst-nb's settings.
// MathJax's components one by one instead of tex-chtml.js: the same TeX input and HTML output
// without the 426 KB context menu (a11y/assistive-mml still gives screen readers MathML), and
// each component compiles in a task of its own. The formulas are typeset a slice at a time,
// yielding to the browser between slices, so that no task blocks the page for long.
window.MathJax = {
  ...window.MathJax,
  loader: { load: ["input/tex", "output/chtml", "a11y/assistive-mml"] },
  startup: {
    typeset: false,
    async pageReady() {
      await MathJax.startup.defaultPageReady();
      const pending = [...document.querySelectorAll(".math")];
      // Slices of about 30 ms: each slice costs a layout of the page (MathJax measures the
      // text around its formulas), so one formula at a time would cost more than it saves.
      let size = 4;
      while (pending.length) {
        const start = performance.now();
        await MathJax.typesetPromise(pending.splice(0, size));
        const took = performance.now() - start;
        size = Math.max(1, Math.min(64, Math.round((size * 30) / Math.max(took, 1))));
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      // A wide display formula scrolls sideways: the keyboard must reach it (the menu, now
      // left out, used to make every formula focusable).
      for (const display of document.querySelectorAll('mjx-container[display="true"]')) {
        display.tabIndex = 0;
      }
    },
  },
};
