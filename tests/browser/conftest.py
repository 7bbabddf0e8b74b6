"""Browser fixtures: the built fixture site served over HTTP with the production headers,
and Debian's Chromium driven by Playwright."""

import functools
import http.server
import threading
import tomllib
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.conftest import ROOT

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


@pytest.fixture(scope="session")
def base_url(built_site):
    Handler.headers_to_send = production_headers()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_page(browser, **options):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR", **options)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    return page


@pytest.fixture
def page(browser):
    """A page under the production Content-Security-Policy; console errors are collected."""
    page = new_page(browser)
    yield page
    page.context.close()


@pytest.fixture
def audit_page(browser):
    """A page where axe-core may be injected (the CSP forbids inline scripts, rightly)."""
    page = new_page(browser, bypass_csp=True)
    yield page
    page.context.close()


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list[str]:
    """Run axe-core (WCAG 2.1 A and AA rules) on the loaded page; one line per violation."""
    page.add_script_tag(content=Path(AXE).read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})")
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} : {v['nodes'][0]['target']})" for v in result["violations"]]
