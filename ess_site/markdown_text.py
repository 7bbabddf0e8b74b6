"""Render stage helper: untrusted Markdown -> sanitized HTML, safe to mark as such.

Editors' Markdown may hold raw HTML or javascript: links; nh3 keeps only plain document
tags and http(s)/mailto/tel links. Headings are moved under the page's own: an actor's
description starts at <h3> (the page has <h1> and <h2>), a lettre's sections at <h2>.
"""

import re

import markdown
import nh3
from markupsafe import Markup

from .urls import slugify

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre", "hr",
    "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
SECTION_ATTRIBUTES = {**ALLOWED_ATTRIBUTES, "h2": {"id"}}  # lettres: ids for the table of contents
URL_SCHEMES = {"http", "https", "mailto", "tel"}
HEADING = re.compile(r"<(/?)h([1-6])([^>]*)>")
SECTION = re.compile(r'<h2 id="([^"]+)">(.*?)</h2>')
TAG = re.compile(r"<[^>]+>")


# One converter, reset between documents: building one per call costs more than converting.
CONVERTER = markdown.Markdown(
    extensions=["tables", "sane_lists", "toc"], output_format="html",
    extension_configs={"toc": {"slugify": lambda value, separator: "section-" + slugify(value)}},  # never clashes with page ids
)


def render_markdown(text: str, top: int = 3) -> Markup:
    """Markdown -> safe HTML whose headings start at level `top` ('#' and '##' both map there
    when top is 2, so a lettre written either way gets <h2> sections)."""
    html = CONVERTER.reset().convert(text)
    shift = top - 1 if top > 2 else 0

    def move(match: re.Match) -> str:
        level = min(max(int(match[2]) + shift, top), 6)
        return f"<{match[1]}h{level}{match[3]}>"

    html = HEADING.sub(move, html)
    attributes = SECTION_ATTRIBUTES if top == 2 else ALLOWED_ATTRIBUTES
    return Markup(nh3.clean(html, tags=ALLOWED_TAGS, attributes=attributes, url_schemes=URL_SCHEMES))


def sections(html: str) -> list[tuple[str, str]]:
    """(id, text) of each <h2> of rendered HTML: a lettre's table of contents."""
    return [(anchor, Markup(TAG.sub("", title)).unescape()) for anchor, title in SECTION.findall(html)]
