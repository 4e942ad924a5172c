"""The review page's server: 127.0.0.1 only, on a free port the system picks, with a random
one-time token in the URL (as Jupyter does). Ctrl-C stops it."""
from __future__ import annotations

import os
import secrets
import socket
import sys
import webbrowser

import uvicorn

from pipeline.review.app import create_app
from pipeline.review.session import ReviewSession

LOOPBACK = "127.0.0.1"


def loopback_socket() -> socket.socket:
    """A listening socket on the loopback address alone, on a free port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((LOOPBACK, 0))
    sock.listen(16)
    return sock


class ReviewServer:
    def __init__(self, session: ReviewSession):
        self.token = secrets.token_urlsafe(32)
        self.socket = loopback_socket()
        self.port = self.socket.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(create_app(session, self.token), log_level="warning",
                                                    access_log=False, lifespan="off"))

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}/?token={self.token}"

    def serve(self) -> None:
        """Until Ctrl-C (or `stop()` from another thread)."""
        try:
            self.server.run(sockets=[self.socket])
        finally:
            self.socket.close()

    def stop(self) -> None:
        self.server.should_exit = True


def open_browser(url: str) -> bool:
    """A browser opens only for a person: never under CI or tests, nor without a display."""
    if os.environ.get("CI") or "pytest" in sys.modules or not sys.stdout.isatty():
        return False
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return False
    try:
        return webbrowser.open(url)
    except webbrowser.Error:
        return False
