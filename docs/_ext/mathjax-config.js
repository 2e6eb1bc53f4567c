// Inlined by Sphinx (mathjax_config_path) into pages with math. The formulas are typeset by
// _static/dlbasics-math.js, which conf.py loads in MathJax's place (mathjax_path) after the
// first paint, and which runs MathJax in a worker. Defined here, before it loads, so that the
// browser tests can wait for it: dlbasicsMath.ready resolves once it has started, and
// dlbasicsMath.idle() once the formulas near the window are typeset.
(() => {
  let started;
  window.dlbasicsMath = {
    ready: new Promise((resolve) => (started = resolve)),
    idle: async () => {},
    started: () => started(),
  };
})();
