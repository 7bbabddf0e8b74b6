"""Render stage: the Jinja environment every page is rendered with.

Autoescaping on, StrictUndefined (a misspelt variable fails the build instead of rendering
empty), the French formats as filters, and the few tables templates display (labels, URL rules).
"""

from pathlib import Path

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined

from .. import articles, urls
from ..compute.figure_catalog import FIGURES, withheld_notes, withheld_reason
from ..compute.inclusion import VOLUNTEERS
from ..compute.json_ld import actor_ld, lettre_ld
from ..compute.site import BROWSE_TITLES, Card
from ..content.schema import SECTEURS, STATUTS, TRANCHES_EFFECTIF
from ..formats import FILTERS
from .charts import bar_chart
from .markdown_text import render_markdown
from .pages import EMBED_KINDS, LEGAL_TITLES


def make_environment(templates: Path, bytecode_cache: BytecodeCache | None = None) -> Environment:
    # auto_reload off: a build reads each template once (the preview makes a new environment per build).
    # bytecode_cache: where compiled templates are kept between processes (incremental/template_cache.py)
    env = Environment(loader=FileSystemLoader(templates), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, auto_reload=False, bytecode_cache=bytecode_cache)
    env.filters.update(FILTERS, **articles.FILTERS, markdown=render_markdown)
    env.globals.update(urls=urls, volunteers=VOLUNTEERS, embed_kinds=EMBED_KINDS, browse_titles=BROWSE_TITLES, legal_titles=LEGAL_TITLES, catalog=FIGURES,
                       bar_chart=bar_chart, chart_rows=chart_rows, by_size=by_size, tranches=TRANCHES_EFFECTIF,
                       statut_plurals={key: statut.plural for key, statut in STATUTS.items()}, secteurs=SECTEURS,
                       card_of=Card.of, actor_ld=actor_ld, lettre_ld=lettre_ld, withheld_notes=withheld_notes,
                       withheld_reason=withheld_reason)
    return env


def chart_rows(shares: dict[str, float], labels: dict[str, str]) -> list[tuple[str, float]]:
    """(label, share), largest first; equal shares in the contract's order."""
    return [(labels[key], share) for key, share in by_size(shares)]


def by_size(shares: dict[str, float]) -> list[tuple[str, float]]:
    return sorted(shares.items(), key=lambda item: -item[1])
