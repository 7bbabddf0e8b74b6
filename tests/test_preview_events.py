"""The preview's pushed reload (tools/serve.py): one Server-Sent Events stream per open page,
carrying the digest of the page as served, at once and after each rebuild that changes it; the
stream's thread ends when the page goes, and the server stops with streams open."""

import functools
import re
import socket
import threading
import time
import urllib.request

import pytest

from ess_site.config import Config
from ess_site.incremental.fingerprint import hexdigest
from ess_site.tools.serve import Handler, Preview, Server
from tests.conftest import FIXTURE_SITE, TODAY

PAGE = "/acteurs/jardin-complet/"


@pytest.fixture
def running(tmp_path):
    output = tmp_path / "out"
    preview = Preview(Config(content=FIXTURE_SITE, output=output, cache=tmp_path / "cache", build_day=TODAY, pdf=False, search=False),
                      [FIXTURE_SITE], log=lambda line: None)
    preview.rebuild()
    handler = functools.partial(type("TestHandler", (Handler,), {"preview": preview}), directory=str(output))
    server = Server(("127.0.0.1", 0), handler)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    yield preview, server, output
    preview.stop()
    server.shutdown()
    server.server_close()


def open_stream(server: Server, page: str = PAGE) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", server.server_port), timeout=5)
    sock.sendall(f"GET /__apercu/evenements?page={page} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
    return sock


def next_message(sock: socket.socket, buffer: list[bytes]) -> str | None:
    """The next `data:` message, or None when the stream ends."""
    while True:
        text = b"".join(buffer)
        if (match := re.search(rb"data: (\w+)\n\n", text)) is not None:
            buffer[:] = [text[match.end():]]
            return match.group(1).decode()
        chunk = sock.recv(4096)
        if not chunk:
            return None
        buffer.append(chunk)


def bump(preview: Preview) -> None:
    with preview.lock:
        preview.version += 1


def streams() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name.startswith("Thread-") and "process_request" in thread.name]


def test_each_open_page_hears_of_the_changes_it_shows_and_only_those(running):
    preview, server, output = running
    served = urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}{PAGE}", timeout=5).read().decode()
    shown = re.search(r'<script src="/__apercu/recharger.js" data-vu="(\w+)"></script></body>', served).group(1)
    sock, buffer = open_stream(server), []
    assert next_message(sock, buffer) == shown  # at once: the page compares with what it shows
    page = output / "acteurs" / "jardin-complet" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"Le Jardin Complet", b"Le Jardin Retouch\xc3\xa9"))
    bump(preview)
    assert next_message(sock, buffer) == hexdigest(page.read_bytes())
    bump(preview)  # a rebuild that leaves this page as it was (the open data, another actor's page)
    sock.settimeout(1.5)
    with pytest.raises(TimeoutError):
        next_message(sock, buffer)
    sock.close()


def test_a_stream_ends_when_its_page_goes_and_the_server_stops_with_streams_open(running):
    preview, server, _ = running
    sock, buffer = open_stream(server), []
    assert next_message(sock, buffer)
    assert len(streams()) == 1
    sock.close()  # the page is closed
    deadline = time.monotonic() + 5
    while streams() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert streams() == []
    sock, buffer = open_stream(server), []
    assert next_message(sock, buffer)
    preview.stop()
    assert next_message(sock, buffer) is None  # the stream ends: the server can close
    sock.close()
