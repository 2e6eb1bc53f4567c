"""The built book: where it is, its pages, and a server for it as GitHub Pages serves it.

The server serves a folder on 127.0.0.1 the way GitHub Pages and Read the Docs do: text gzipped.

Page weight is what a reader's browser transfers, so the browser tests and ``nox -s weight``
measure the book served with gzip, not the raw files ``http.server`` would send.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# What GitHub Pages (Fastly) compresses; fonts (woff, woff2) and raster images already are.
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
)
LEVEL = 6  # a CDN's usual setting; Python's default (9) would flatter the book by ~1 %

#: The built site: a root page and one folder per edition (``nox -s docs``).
SITE = Path(__file__).resolve().parents[2] / "docs" / "_build" / "html"
EDITIONS = ("ko", "en")
HTML = SITE / "ko"  # the Korean edition, the source: most checks read it


def pages(root: Path = HTML) -> list[str]:
    """Every HTML page of an edition (none before a build), relative to its folder."""
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*.html")
        if not p.relative_to(root).parts[0].startswith(("_static", "_sources"))
    )


@functools.lru_cache(maxsize=512)
def _gzipped(path: Path, mtime_ns: int) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=LEVEL, mtime=0)


class Handler(http.server.SimpleHTTPRequestHandler):
    """Quiet; gzips text files for clients that accept it (``gzip=False``: plain files)."""

    gzip = True

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        kind = self.guess_type(str(path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.gzip and accepts and path.is_file() and kind.startswith(COMPRESSIBLE)):
            super().do_GET()
            return
        body = _gzipped(path, path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that closes a connection early (a page left mid-load) is not an error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(root: Path, *, compress: bool = True, handler: type[Handler] = Handler) -> Iterator[str]:
    """Serve ``root`` on a free port of 127.0.0.1 (gzipped unless ``compress=False``)."""
    handler_class = type("Serving", (handler,), {"gzip": compress})
    bound = functools.partial(handler_class, directory=str(root))
    server = _Server(("127.0.0.1", 0), bound)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
