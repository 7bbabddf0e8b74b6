"""Shared fixtures: the fixture site built once per session, and tiny inline sites."""

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from ess_site.config import Config
from ess_site.pipeline import build, check
from ess_site.problems import ContentErrors

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_SITE = ROOT / "tests" / "fixtures" / "site"
TODAY = date(2026, 11, 22)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The fixture site, built once: tests read its pages."""
    root = tmp_path_factory.mktemp("built")
    build(Config(content=FIXTURE_SITE, output=root / "output", build_day=TODAY, cache=root / "cache"))
    return root / "output"


@pytest.fixture
def content(tmp_path) -> Path:
    """A copy of the fixture site that a test may change."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, target)
    return target


def problems_of(content: Path) -> list[str]:
    """Every 'path:line: message' that checking this content reports, paths relative to it."""
    try:
        check(Config(content=content, output=content.parent / "output", build_day=TODAY))
    except ContentErrors as errors:
        return [f"{p.path.relative_to(content)}:{p.line}: {p.message}" for p in errors.problems]
    return []


@pytest.fixture
def actor_problems(content):
    """Write one actor file (front matter lines, without the --- fences) and return its problems."""

    def run(front_matter: str, body: str = "Texte.", name: str = "essai.md") -> list[str]:
        (content / "actors" / name).write_text(f"---\n{front_matter.strip()}\n---\n{body}\n", encoding="utf-8")
        return [p for p in problems_of(content) if p.startswith(f"actors/{name}:")]

    return run


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """build.py as an editor runs it; PDFs are left out unless a test asks for them."""
    if "--avec-pdf" in args:
        args = tuple(a for a in args if a != "--avec-pdf")
    elif not args or args[0] not in ("check", "new", "importer"):
        args = (*args, "--sans-pdf")
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True, text=True, timeout=120)
