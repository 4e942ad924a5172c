"""The guard every test runs under really refuses connections (so a green suite means no network)."""
from __future__ import annotations

import socket
import urllib.request

import pytest

from tests.conftest import NetworkUsed


@pytest.mark.parametrize("attempt", [
    lambda: socket.create_connection(("127.0.0.1", 9)),
    lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM).connect(("127.0.0.1", 9)),
    lambda: socket.getaddrinfo("example.co.uk", 443),
    lambda: urllib.request.urlopen("http://127.0.0.1:9/", timeout=1),
], ids=["create_connection", "connect", "dns", "urlopen"])
def test_network_is_refused(attempt):
    with pytest.raises((NetworkUsed, OSError)) as caught:
        attempt()
    assert "network access attempted" in str(caught.value)
