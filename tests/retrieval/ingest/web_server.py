"""A news site on 127.0.0.1 for the download tests: saved pages and misbehaving routes."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGES = Path(__file__).parent / "pages"
BIG = 64 * 1024


class _Site(BaseHTTPRequestHandler):
    hosts: list[str]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.hosts.append(self.headers.get("Host", ""))
        route = self.path.split("?")[0].strip("/")
        if route.startswith("pages/"):
            self._send(200, "text/html; charset=utf-8", (PAGES / route[6:]).read_bytes())
        elif route == "moved":
            self._redirect("/pages/harbour-bridge.html")
        elif route == "to-private":
            self._redirect("http://10.1.2.3/pages/harbour-bridge.html")
        elif route == "to-metadata":
            self._redirect("http://169.254.169.254/latest/meta-data/")
        elif route == "loop":
            self._redirect("/loop")
        elif route == "pdf":
            self._send(200, "application/pdf", b"%PDF-1.4 not a news page")
        elif route == "big":
            self._send(200, "text/html", b"<p>" + b"x" * BIG + b"</p>")
        elif route == "big-unannounced":
            self._stream(b"<p>" + b"x" * BIG + b"</p>", pause=0)
        elif route == "slow":
            self._stream(b"<html>" + b" " * 200, pause=0.05)
        elif route == "missing":
            self._send(404, "text/html", b"<h1>Not found</h1>")
        else:
            self._send(404, "text/plain", b"no such route")

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _stream(self, body: bytes, pause: float) -> None:
        # No Content-Length: the size is only known by reading, a byte run at a time.
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        for start in range(0, len(body), 16):
            try:
                self.wfile.write(body[start : start + 16])
                self.wfile.flush()
            except OSError:
                return
            time.sleep(pause)


@contextmanager
def news_site() -> Iterator[tuple[str, list[str]]]:
    """Serve the site on a free loopback port; yields its base URL and the Host headers seen."""
    hosts: list[str] = []
    handler = type("Site", (_Site,), {"hosts": hosts})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hosts
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
