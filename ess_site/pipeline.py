"""The build, stage by stage: load -> validate -> compute -> render -> write."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .load import load_documents
from .problems import ContentErrors, Problem
from .render import make_environment, render_site
from .site import Site, assemble_site
from .validate import validate_documents
from .write import write_output

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Config:
    content: Path = Path("content")
    output: Path = Path("output")
    templates: Path = ROOT / "templates"
    assets: Path = ROOT / "assets"
    today: date | None = None  # the day "future" years are judged against; None: today


@dataclass(frozen=True)
class BuildReport:
    actors: int
    pages: int


def check(config: Config) -> Site:
    """Load and validate content/; raise ContentErrors with every problem found."""
    problems: list[Problem] = []
    documents = load_documents(config.content, problems)
    territory, actors, lettres = validate_documents(documents, problems, config.today or date.today())
    if problems or territory is None:
        raise ContentErrors(problems)
    return assemble_site(territory, actors, lettres)


def build(config: Config) -> BuildReport:
    """Build the site into config.output; raise ContentErrors before writing anything."""
    site = check(config)
    pages = render_site(site, make_environment(config.templates))
    write_output(pages, config.assets, config.output)
    return BuildReport(actors=len(site.actors), pages=len(pages))
