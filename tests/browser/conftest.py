"""Browser fixtures: the built fixture site served over HTTP with the production headers,
and Debian's Chromium driven by Playwright."""

import functools
import http.server
import sys
import threading
import tomllib
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from ess_site.config import Config
from ess_site.pipeline import build
from tests.conftest import ROOT, TODAY

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def production_headers() -> dict[str, str]:
    """The headers netlify.toml sets on every page, so tests see what readers will."""
    config = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))
    return next(h["values"] for h in config["headers"] if h["for"] == "/*")


class Handler(http.server.SimpleHTTPRequestHandler):
    headers_to_send: dict[str, str] = {}

    def end_headers(self):
        for name, value in self.headers_to_send.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    """A browser that closes a connection early (a page left while a tile or script loads) is
    not an error of the site: only other errors are printed."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)):
            super().handle_error(request, client_address)


def serve(site: Path):
    """Serve a built site on 127.0.0.1 with the production headers; yields its base URL."""
    Handler.headers_to_send = production_headers()
    server = QuietServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def base_url(built_site):
    """The fixture site (tests/fixtures/site)."""
    yield from serve(built_site)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The real sample content (content/), built without PDFs."""
    root = tmp_path_factory.mktemp("sample")
    build(Config(content=ROOT / "content", output=root / "output", today=TODAY, pdf=False))
    return root / "output"


@pytest.fixture(scope="session")
def sample_url(sample_site):
    yield from serve(sample_site)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# A transparent 1×1 PNG served instead of OpenStreetMap's tiles: the tests run offline.
BLANK_TILE = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                           "1f15c4890000000d49444154789c6300010000050001"
                           "0d0a2db40000000049454e44ae426082")


def new_page(browser, width: int = 1280, **options):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR", **options)
    context.route("https://tile.openstreetmap.org/**", lambda route: route.fulfill(body=BLANK_TILE, content_type="image/png"))
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    return page


@pytest.fixture
def page(browser):
    """A page under the production Content-Security-Policy; console errors are collected."""
    page = new_page(browser)
    yield page
    page.context.close()


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list[str]:
    """Run axe-core with its whole default rule set (WCAG A and AA, and its best practices such as
    landmark-unique) on the loaded page; one line per violation."""
    page.add_script_tag(content=Path(AXE).read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document)")
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} : {v['nodes'][0]['target']})" for v in result["violations"]]
