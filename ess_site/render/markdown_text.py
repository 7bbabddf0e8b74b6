"""Render stage helper: untrusted Markdown -> sanitized HTML, safe to mark as such.

Markdown is read by cmark-gfm, GitHub's own renderer: editors propose content in pull
requests, so the preview GitHub shows them is what the site prints (and it is C, about
thirty times faster than a pure-Python parser on a 20 000-actor directory).

Editors' Markdown may hold raw HTML or javascript: links. cmark-gfm passes raw HTML through
(dropping it would also drop the editor's text around it) and nh3, the sanitizer, keeps only
plain document tags, their text and http(s)/mailto/tel links. Headings are moved under the
page's own: an actor's description starts at <h3> (the page has <h1> and <h2>), a lettre's
sections at <h2>, each with an id for the lettre's table of contents.
"""

import re

import nh3
from markupsafe import Markup

from ..gfm import UNSAFE, to_html
from ..urls import slugify

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "del", "a", "ul", "ol", "li", "blockquote", "code", "pre", "hr",
    "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
SECTION_ATTRIBUTES = {**ALLOWED_ATTRIBUTES, "h2": {"id"}}  # lettres: ids for the table of contents
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# GitHub's extensions but its tag filter, which would print <script> as text: nh3 removes it.
EXTENSIONS = ("table", "autolink", "strikethrough")
HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.DOTALL)
SECTION = re.compile(r'<h2 id="([^"]+)">(.*?)</h2>')
TAG = re.compile(r"<[^>]+>")


def render_markdown(text: str, top: int = 3) -> Markup:
    """Markdown -> safe HTML whose headings start at level `top` ('#' and '##' both map there
    when top is 2, so a lettre written either way gets <h2> sections)."""
    html = to_html(text, UNSAFE, EXTENSIONS).rstrip("\n")
    shift = top - 1 if top > 2 else 0
    used: set[str] = set()

    def move(match: re.Match) -> str:
        level = min(max(int(match[1]) + shift, top), 6)
        return f"<h{level}{section_id(match[2], used) if level == 2 else ''}>{match[2]}</h{level}>"

    html = HEADING.sub(move, html)
    attributes = SECTION_ATTRIBUTES if top == 2 else ALLOWED_ATTRIBUTES
    return Markup(nh3.clean(html, tags=ALLOWED_TAGS, attributes=attributes, url_schemes=URL_SCHEMES))


def section_id(title_html: str, used: set[str]) -> str:
    """ ' id="section-…"' for a lettre's section: prefixed so it never clashes with the page's
    own ids, numbered when two sections share a title."""
    base = "section-" + (slugify(Markup(TAG.sub("", title_html)).unescape()) or "rubrique")
    anchor, number = base, 1
    while anchor in used:
        number += 1
        anchor = f"{base}-{number}"
    used.add(anchor)
    return f' id="{anchor}"'


def sections(html: str) -> list[tuple[str, str]]:
    """(id, text) of each <h2> of rendered HTML: a lettre's table of contents."""
    return [(anchor, Markup(TAG.sub("", title)).unescape()) for anchor, title in SECTION.findall(html)]
