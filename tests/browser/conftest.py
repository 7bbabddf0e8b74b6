"""Browser fixtures: the built fixture site served over HTTP with the production headers,
and Debian's Chromium driven by Playwright."""

import functools
import http.server
import re
import sys
import threading
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

from ess_site.config import Config
from ess_site.pipeline import build
from tests.conftest import ROOT, TODAY

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def header_rules() -> list[tuple[re.Pattern, dict[str, str]]]:
    """netlify.toml's [[headers]] rules, in order, each with the pattern Netlify makes of its `for`
    (@netlify/headers-parser: a `*` segment matches the rest of the path, `:name` one segment)."""
    config = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))
    return [(path_pattern(rule["for"]), rule["values"]) for rule in config["headers"]]


def path_pattern(rule: str) -> re.Pattern:
    def part(segment: str) -> str:
        if segment.startswith(":"):
            return "([^/]+)"
        return "?(.*)" if segment == "*" else re.escape(segment).replace(r"\*", "(.*)")
    return re.compile("^/" + "/".join(part(s) for s in rule.split("/") if s) + "/?$", re.IGNORECASE)


def headers_for(path: str, rules=None) -> dict[str, str]:
    """The headers Netlify sends for a path: every matching rule applies, and where two set the
    same header the later one wins (as Netlify's own headersForPath merges them)."""
    headers: dict[str, str] = {}
    for pattern, values in rules if rules is not None else header_rules():
        if pattern.match(path):
            headers.update(values)
    return headers


def production_headers() -> dict[str, str]:
    """The headers netlify.toml sets on every page, so tests see what readers will."""
    return headers_for("/")


class Handler(http.server.SimpleHTTPRequestHandler):
    rules: list = []

    def end_headers(self):
        for name, value in headers_for(urlsplit(self.path).path, self.rules).items():
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
    """Serve a built site on 127.0.0.1 with netlify.toml's headers, path by path; yields its base URL."""
    Handler.rules = header_rules()
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
    build(Config(content=ROOT / "content", output=root / "output", build_day=TODAY, pdf=False))
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


@pytest.fixture(params=[375, 1280], ids=["phone", "desktop"])
def page_at_both_widths(browser, request):
    """The same page on a phone and on a desktop screen."""
    page = new_page(browser, request.param)
    yield page
    page.context.close()


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list[str]:
    """Run axe-core with its whole default rule set (WCAG A and AA, and its best practices such as
    landmark-unique) on the loaded page; one line per violation."""
    page.add_script_tag(content=Path(AXE).read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document)")
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} : {v['nodes'][0]['target']})" for v in result["violations"]]
