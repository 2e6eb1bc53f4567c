// Inlined by Sphinx (mathjax_config_path) into pages with math, after myst-nb's settings.
// MathJax's components one by one instead of tex-chtml.js: the same TeX input and HTML output
// without the 426 KB context menu (a11y/assistive-mml still gives screen readers MathML), and
// each component compiles in a task of its own. MathJax itself is fetched once the page has
// painted its text (conf.py's mathjax_options, the after-paint loader of the page template).
// A formula is typeset when it comes within a screen of the window, a slice at a time, yielding
// to the browser between slices: a phone typesets the formulas it shows, not the whole page.
// window.dlbasicsMath tells the browser tests when it has set to work and when it is idle.
(() => {
  let started;
  const book = {
    ready: new Promise((resolve) => (started = resolve)),
    idle: () => Promise.resolve(),
  };
  window.dlbasicsMath = book;

  async function pageReady() {
    await MathJax.startup.defaultPageReady();
    const near = new Set(); // formulas within a screen of the window, not yet typeset
    let running = null;
    // Slices of about 10 ms: each costs a layout (MathJax measures the text around its
    // formulas), so one formula at a time would cost more than it saves, and a slow phone takes
    // four times as long: a 50 ms task is what counts as blocking the page.
    let size = 2;
    async function typesetNear() {
      while (near.size) {
        const slice = [...near].slice(0, size);
        slice.forEach((math) => near.delete(math));
        const start = performance.now();
        await MathJax.typesetPromise(slice);
        const took = performance.now() - start;
        size = Math.max(1, Math.min(32, Math.round((size * 10) / Math.max(took, 1))));
        // A wide display formula scrolls sideways: the keyboard must reach it (the menu, now
        // left out, used to make every formula focusable).
        for (const math of slice) {
          for (const display of math.querySelectorAll('mjx-container[display="true"]')) {
            display.tabIndex = 0;
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      running = null;
    }
    const queue = (formulas) => {
      formulas.forEach((math) => near.add(math));
      running ||= typesetNear();
    };
    const observer = new IntersectionObserver(
      (entries) => {
        const shown = entries.filter((entry) => entry.isIntersecting).map((e) => e.target);
        shown.forEach((math) => observer.unobserve(math));
        if (shown.length) queue(shown);
      },
      { rootMargin: "100% 0px" },
    );
    const formulas = [...document.querySelectorAll(".math")];
    formulas.forEach((math) => observer.observe(math));
    // Printing shows every formula: the rest are typeset at once before the page is printed
    // (in slices instead if a formula needs a TeX package that is not loaded yet).
    addEventListener("beforeprint", () => {
      observer.disconnect();
      const rest = formulas.filter((math) => !math.querySelector("mjx-container"));
      try {
        MathJax.typeset(rest);
      } catch {
        queue(rest);
      }
    });
    book.idle = async () => {
      while (running) await running;
    };
    started();
  }

  window.MathJax = {
    ...window.MathJax,
    loader: { load: ["input/tex", "output/chtml", "a11y/assistive-mml"] },
    startup: { typeset: false, pageReady },
  };
})();
