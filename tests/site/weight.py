"""Page weight and Lighthouse performance of the built book, served with gzip (``nox -s weight``).

Every page of ``docs/_build/html`` is opened cold (empty cache) in headless Chromium; the bytes
it transfers (response bodies as sent, gzipped where the server gzips) are summed until the
network is idle, MathJax has typeset and the fonts it asked for have loaded. Lighthouse then
scores a few pages for performance, desktop and mobile. Prints a table and writes
``docs/_build/weight.json``. Builds nothing: run ``nox -s docs`` first.

    python tests/site/weight.py [--no-lighthouse] [--runs N] [--lighthouse PATH] [PAGE ...]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from served import HTML, pages, serve

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "docs" / "_build" / "weight.json"
MAX_PAGE_BYTES = 1_000_000  # every page, cold, gzipped (issue #15)
LIGHTHOUSE_PAGES = [
    "index.html",
    "components/optimization.html",
    "history/transformer.html",
    "appendix/api/core.html",
]
TARGETS = {"desktop": 0.95, "mobile": 0.85}  # Lighthouse performance, issue #15
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu"

# Resolves once the page is all there, as a reader who read it to the end would have it: every
# figure loaded, every formula typeset, every font asked for in. Figures load, and formulas are
# typeset (docs/_static/dlbasics-math.js), as they near the window; so this opens collapsed blocks
# and scrolls to the end a screen at a time, each screen's formulas typeset before the next.
# It typesets and loads nothing itself: a formula the book leaves alone stays TeX and is
# counted as such. MathJax starts after the first paint; one that never starts is given 15 s,
# a figure 10 s.
SETTLED = """async () => {
  const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
  const book = window.dlbasicsMath;
  const math = book && document.querySelector(".math");
  if (math && !(await Promise.race([book.ready.then(() => true), wait(15000)]))) return;
  document.querySelectorAll("details").forEach((details) => (details.open = true));
  const page = document.scrollingElement;
  for (let y = 0; ; y += innerHeight) {
    scrollTo(0, y);
    await frame();
    await frame();
    if (math) await book.idle();
    if (y + innerHeight >= page.scrollHeight) break;
  }
  scrollTo(0, 0);
  const loaded = (img) =>
    img.complete ||
    new Promise((resolve) => ["load", "error"].forEach((e) => img.addEventListener(e, resolve)));
  const images = [...document.images].filter((img) => img.loading === "lazy");
  await Promise.race([Promise.all(images.map(loaded)), wait(10000)]);
  await document.fonts.ready;
}"""


def cold_load(browser: Any, url: str) -> dict[str, int]:
    """URL -> bytes transferred for each response of a cold load of ``url``."""
    context = browser.new_context()
    sizes: dict[str, int] = {}
    page = context.new_page()
    page.on(
        "requestfinished",
        lambda r: sizes.__setitem__(r.url, sizes.get(r.url, 0) + r.sizes()["responseBodySize"]),
    )
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.evaluate(SETTLED)
    page.wait_for_load_state("networkidle")
    context.close()
    return sizes


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )


def lighthouse(binary: str, url: str, preset: str) -> dict[str, Any]:
    """Lighthouse's performance score and main metrics for ``url`` (preset desktop or mobile)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        command = [
            binary,
            url,
            "--only-categories=performance",
            f"--chrome-flags={CHROME_FLAGS}",
            "--output=json",
            f"--output-path={out}",
            "--quiet",
        ]
        if preset == "desktop":
            command.append("--preset=desktop")
        env = {**os.environ, "CHROME_PATH": CHROMIUM}
        subprocess.run(command, check=True, env=env, timeout=300)
        report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    metric = {
        "fcp_ms": "first-contentful-paint",
        "lcp_ms": "largest-contentful-paint",
        "tbt_ms": "total-blocking-time",
        "si_ms": "speed-index",
        "cls": "cumulative-layout-shift",
        "bytes": "total-byte-weight",
    }
    result = {key: round(audits[name]["numericValue"], 3) for key, name in metric.items()}
    result["score"] = report["categories"]["performance"]["score"]
    result["benchmark_index"] = report["environment"]["benchmarkIndex"]
    return result


def median_run(binary: str, url: str, preset: str, runs: int) -> dict[str, Any]:
    """The run with the median score of ``runs`` (Lighthouse's own advice for noisy machines)."""
    results = sorted(
        (lighthouse(binary, url, preset) for _ in range(runs)), key=lambda r: r["score"]
    )
    chosen = results[len(results) // 2]
    chosen["scores"] = [r["score"] for r in results]
    return chosen


def kb(n: float) -> str:
    return f"{n / 1000:,.0f} KB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help="pages to weigh (default: all)")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page and preset")
    parser.add_argument("--lighthouse", default=os.environ.get("LIGHTHOUSE", "lighthouse"))
    parser.add_argument("--root", type=Path, default=HTML)
    parser.add_argument("--report", type=Path, default=REPORT)
    args = parser.parse_args(argv)
    if not (args.root / "index.html").exists():
        print(f"no built site in {args.root}: run `nox -s docs` first", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    names = args.pages or pages(args.root)
    report: dict[str, Any] = {"max_page_bytes": MAX_PAGE_BYTES, "pages": {}, "lighthouse": {}}
    with serve(args.root) as url, sync_playwright() as p:
        browser = launch(p)
        print(f"{'page':<34} {'transferred':>12} {'requests':>8}  largest")
        for name in names:
            sizes = cold_load(browser, url + name)
            total = sum(sizes.values())
            assets = dict(
                sorted(((u.removeprefix(url), n) for u, n in sizes.items()), key=lambda a: -a[1])
            )
            report["pages"][name] = {"transferred": total, "assets": assets}
            big = next(iter(assets.items()), ("", 0))
            flag = "  OVER" if total > MAX_PAGE_BYTES else ""
            print(f"{name:<34} {kb(total):>12} {len(sizes):>8}  {big[0]} {kb(big[1])}{flag}")
        browser.close()
        if not args.no_lighthouse:
            print(f"\nLighthouse performance (median of {args.runs}; targets {TARGETS})")
            print(
                f"{'page':<34} {'preset':>7} {'score':>5} {'FCP':>6} {'LCP':>6} {'TBT':>5}"
                f" {'bytes':>9}"
            )
            for name in LIGHTHOUSE_PAGES:
                for preset in TARGETS:
                    r = median_run(args.lighthouse, url + name, preset, args.runs)
                    report["lighthouse"].setdefault(name, {})[preset] = r
                    print(
                        f"{name:<34} {preset:>7} {r['score']:>5.2f} {r['fcp_ms']:>6.0f}"
                        f" {r['lcp_ms']:>6.0f} {r['tbt_ms']:>5.0f} {kb(r['bytes']):>9}"
                    )
    heavy = [n for n, page in report["pages"].items() if page["transferred"] > MAX_PAGE_BYTES]
    args.report.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    heaviest = max(page["transferred"] for page in report["pages"].values())
    print(f"\nwrote {args.report}; heaviest page {kb(heaviest)}")
    if heavy:
        print(f"over {kb(MAX_PAGE_BYTES)}: {', '.join(heavy)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
