"""Render stage helper: a lettre's sanitized HTML made fit for e-mail.

Mail clients ignore stylesheets and cannot follow site-relative links, so every tag gets
its style inline and every link and image the site's absolute address.
"""

import re

from markupsafe import Markup

from .. import urls

FONT = "font-family: Arial, Helvetica, sans-serif;"
INK = "color: #1c2b29;"
LINK = "color: #0b5d55; text-decoration: underline;"

# Inline style per tag; one place, the e-mail template uses the same table for its own tags.
STYLES = {
    "h2": f"{FONT} color: #0b5d55; font-size: 20px; line-height: 1.3; margin: 28px 0 10px;",
    "h3": f"{FONT} {INK} font-size: 17px; line-height: 1.3; margin: 22px 0 8px;",
    "h4": f"{FONT} {INK} font-size: 15px; margin: 18px 0 6px;",
    "p": f"{FONT} {INK} font-size: 15px; line-height: 1.55; margin: 0 0 14px;",
    "ul": f"{FONT} {INK} font-size: 15px; line-height: 1.55; margin: 0 0 14px; padding-left: 22px;",
    "ol": f"{FONT} {INK} font-size: 15px; line-height: 1.55; margin: 0 0 14px; padding-left: 22px;",
    "li": "margin: 0 0 6px;",
    "a": LINK,
    "blockquote": f"{FONT} {INK} margin: 0 0 14px; padding: 4px 0 4px 14px; border-left: 4px solid #e8a33d;",
    "table": "border-collapse: collapse; margin: 0 0 14px;",
    "th": f"{FONT} {INK} border: 1px solid #c9d3d1; padding: 6px 8px; text-align: left;",
    "td": f"{FONT} {INK} border: 1px solid #c9d3d1; padding: 6px 8px;",
    "code": "font-family: Consolas, Menlo, monospace; font-size: 14px;",
    "pre": "font-family: Consolas, Menlo, monospace; font-size: 13px; white-space: pre-wrap; margin: 0 0 14px;",
    "hr": "border: 0; border-top: 1px solid #c9d3d1; margin: 24px 0;",
}
OPENING_TAG = re.compile(r"<(" + "|".join(STYLES) + r")\b([^>]*)>")
SITE_LINK = re.compile(r'\b(href|src)="(/[^"]*)"')


def for_email(html: str, base: str) -> Markup:
    """Inline styles on every tag, absolute links: HTML a mail client shows as on the site."""
    html = SITE_LINK.sub(lambda m: f'{m[1]}="{urls.absolute(base, m[2])}"', html)
    html = OPENING_TAG.sub(lambda m: f'<{m[1]}{m[2]} style="{STYLES[m[1]]}">', html)
    return Markup(html)
