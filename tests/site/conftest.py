"""Serve a built site on 127.0.0.1 and audit its pages in Debian's headless Chromium.

Every request to a host other than 127.0.0.1 is recorded and aborted, so a page passes only
if it works with no network at all.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

HTML = Path(__file__).resolve().parents[2] / "docs" / "_build" / "html"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on a free port of 127.0.0.1; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Audit:
    """What one page did in the browser."""

    url: str
    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    math_nodes: int = 0
    math_typeset: int = 0
    math_errors: int = 0
    broken_images: list[str] = field(default_factory=list)
    images_without_alt: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        found = [f"request to another host: {u}" for u in self.external]
        found += [f"error: {e}" for e in self.errors]
        if self.math_typeset < self.math_nodes:
            found.append(
                f"{self.math_nodes - self.math_typeset} of {self.math_nodes} formulas not typeset"
            )
        if self.math_errors:
            found.append(f"{self.math_errors} formulas with MathJax errors")
        found += [f"image not shown: {src}" for src in self.broken_images]
        found += [f"image without alt text: {src}" for src in self.images_without_alt]
        return found


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"no Chromium at {CHROMIUM}: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture(name="serve", scope="session")
def serve_fixture() -> Callable[[Path], contextlib.AbstractContextManager[str]]:
    """``with serve(folder) as url:`` serves any folder (e.g. a fixture site)."""
    return serve


@pytest.fixture(scope="session")
def site() -> Iterator[str]:
    if not (HTML / "index.html").exists():
        pytest.fail("no built site in docs/_build/html: run `nox -s docs` first")
    with serve(HTML) as url:
        yield url


@pytest.fixture
def audit(browser: Any) -> Callable[[str], Audit]:
    def run(url: str) -> Audit:
        result = Audit(url)
        context = browser.new_context()

        def route(r: Any) -> None:
            parsed = urlparse(r.request.url)
            if (
                parsed.scheme in {"http", "https", "ws", "wss"}
                and parsed.hostname not in LOCAL_HOSTS
            ):
                result.external.append(r.request.url)
                r.abort()
            else:
                r.continue_()

        context.route("**/*", route)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and result.errors.append(m.text))
        page.on("pageerror", lambda e: result.errors.append(str(e)))
        page.on(
            "response", lambda r: r.status >= 400 and result.errors.append(f"{r.status} {r.url}")
        )
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        page.evaluate(
            "() => (window.MathJax && MathJax.startup && MathJax.startup.promise) || null"
        )
        result.math_nodes = page.locator("div.math, span.math").count()
        result.math_typeset = page.locator(".math mjx-container").count()
        result.math_errors = page.locator("mjx-merror").count()
        images = page.eval_on_selector_all(
            "article img",
            "els => els.map(e => [e.getAttribute('src'), e.complete && e.naturalWidth > 0,"
            " (e.getAttribute('alt') || '').trim()])",
        )
        result.broken_images = [src for src, shown, _ in images if not shown]
        result.images_without_alt = [src for src, _, alt in images if not alt]
        context.close()
        return result

    return run
