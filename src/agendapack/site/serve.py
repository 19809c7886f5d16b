"""Serving build/site/ on 127.0.0.1 to preview it, and, while the workspace is watched,
pages that reload themselves when what they show has changed.

The reload script is added to each HTML page as it is sent, never written into
build/site/: the files a council uploads stay free of scripts. A page asks, by a long
poll, to be told when a rebuild has finished; it is answered at once if what it shows
changed since it was sent (the hash of its file and of the stylesheet is in the script),
else after the next rebuild or 20 s.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import json
import threading
import urllib.parse
from pathlib import Path

RELOAD_PATH = "/.agendapack/reload"
WAIT_SECONDS = 20.0

TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
}

_SCRIPT = """<script>
(function () {
  var page = %(page)s, hash = %(hash)s;
  function wait() {
    fetch("%(endpoint)s?page=" + encodeURIComponent(page) + "&hash=" + hash,
          {cache: "no-store"})
      .then(function (answer) { return answer.json(); })
      .then(function (news) {
        if (news.reload) { location.reload(); } else { wait(); }
      })
      .catch(function () { setTimeout(wait, 1000); });
  }
  wait();
})();
</script>
"""


class Rebuilds:
    """What the watcher tells the server: a count of finished rebuilds, waited on."""

    def __init__(self) -> None:
        self.generation = 0
        self.closing = False
        self._changed = threading.Condition()

    def finished(self) -> None:
        with self._changed:
            self.generation += 1
            self._changed.notify_all()

    def close(self) -> None:
        with self._changed:
            self.closing = True
            self._changed.notify_all()

    def wait_after(self, generation: int, timeout: float) -> int:
        with self._changed:
            self._changed.wait_for(
                lambda: self.generation > generation or self.closing, timeout=timeout
            )
            return self.generation


def _digest(page: bytes, site: Path) -> str:
    """What a page shows: its HTML and the site's stylesheet."""
    digest = hashlib.sha256(page)
    with contextlib.suppress(OSError):
        digest.update((site / "style.css").read_bytes())
    return digest.hexdigest()[:16]


def _page_digest(path: Path, site: Path) -> str:
    try:
        return _digest(path.read_bytes(), site)
    except OSError:
        return "gone"


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}
    rebuilds: Rebuilds | None = None  # set when watching

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _file(self, url_path: str) -> Path:
        path = Path(self.translate_path(url_path))
        return path / "index.html" if path.is_dir() else path

    def do_GET(self) -> None:
        if self.rebuilds is not None:
            url = urllib.parse.urlsplit(self.path)
            if url.path == RELOAD_PATH:
                return self._answer_reload(urllib.parse.parse_qs(url.query))
            if url.path.endswith((".html", "/")):
                return self._page(url.path)
        super().do_GET()

    def _page(self, url_path: str) -> None:
        assert self.rebuilds is not None
        if url_path.endswith("/") and not Path(self.translate_path(url_path)).is_dir():
            return super().do_GET()
        path = self._file(url_path)
        try:
            html = path.read_bytes()
        except OSError:
            return super().do_GET()  # its 404 or redirect
        script = _SCRIPT % {
            "page": json.dumps(url_path),
            "hash": json.dumps(_digest(html, Path(self.directory))),
            "endpoint": RELOAD_PATH,
        }
        text = html.decode("utf-8", "replace")
        at = text.rfind("</body>")
        text = text[:at] + script + text[at:] if at >= 0 else text + script
        body = text.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", TYPES[".html"])
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _answer_reload(self, query: dict[str, list[str]]) -> None:
        assert self.rebuilds is not None
        page = query.get("page", ["/"])[0]
        shown = query.get("hash", [""])[0]
        path = self._file(page)
        # the count first: a rebuild that ends between the look and the wait is not missed
        generation = self.rebuilds.generation
        site = Path(self.directory)
        changed = _page_digest(path, site) != shown
        if not changed and not self.rebuilds.closing:
            generation = self.rebuilds.wait_after(generation, WAIT_SECONDS)
            changed = _page_digest(path, site) != shown
        body = json.dumps({"reload": changed, "generation": generation}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def make_server(
    site: Path, port: int, rebuilds: Rebuilds | None = None
) -> http.server.ThreadingHTTPServer:
    """A server of `site` on 127.0.0.1:`port`, with reloading pages if `rebuilds` is given;
    raises OSError when the port cannot be had."""
    handler_class = type("Handler", (_Handler,), {"rebuilds": rebuilds})
    handler = functools.partial(handler_class, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True  # a page's long poll never holds up stopping
    return server


def serve(site: Path, port: int) -> None:
    """Serve build/site/ on 127.0.0.1 until interrupted."""
    with make_server(site, port) as server:
        server.serve_forever()
