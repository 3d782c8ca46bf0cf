"""A local web site on 127.0.0.1 for fetcher, feed and poller tests: one routing function
answers each GET (no outside network is ever touched)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Answer = tuple[int, str, bytes]
"""(HTTP status, content type, body); a status other than 200 is sent as that error."""
Route = Callable[[str, str], Answer | None]
"""(path, the site's base URL) -> its answer, or None for 404."""


@contextmanager
def local_site(route: Route) -> Iterator[str]:
    """Serve ``route`` on a free port of 127.0.0.1 in a thread; yields the base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            answer = route(self.path, f"http://127.0.0.1:{self.server.server_address[1]}")
            if answer is None:
                self.send_error(404)
                return
            status, ctype, body = answer
            if status != 200:
                self.send_error(status)
                return
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
