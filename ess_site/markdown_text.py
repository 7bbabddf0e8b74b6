"""Render stage helper: untrusted Markdown -> sanitized HTML, safe to mark as such.

Editors' Markdown may hold raw HTML or javascript: links; nh3 keeps only plain document
tags and http(s)/mailto/tel links. Headings are pushed down two levels so a description
never competes with the page's own <h1> and <h2>.
"""

import re

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre", "hr",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
HEADING = re.compile(r"<(/?)h([1-6])>")


def render_markdown(text: str) -> Markup:
    html = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    html = HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 2, 6)}>", html)
    return Markup(nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES))
