"""What a lettre can point at: an actor ([[slug]] or [[slug|texte affiché]]) and a key
figure ([[chiffre:emplois]]).

Pure helpers shared by validation (which names, on which lines) and rendering (turn them
into Markdown links carrying the actor's current name, or into today's figure).
"""

import re

CITATION = re.compile(r"\[\[\s*([^\]|:]+?)\s*(?:\|\s*([^\]]+?)\s*)?\]\]")
FIGURE = re.compile(r"\[\[\s*chiffre\s*:\s*([^\]]*?)\s*\]\]")
RAW_HTML = re.compile(r"<\s*/?\s*[A-Za-z][^>]*>|<!--")
FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"`[^`]*`")


def prose_lines(body: str, first_line: int):
    """(line number, text) of the body, outside fenced code blocks and inline code."""
    in_fence = False
    for offset, text in enumerate(body.split("\n")):
        if FENCE.match(text):
            in_fence = not in_fence
            continue
        if not in_fence:
            yield first_line + offset, INLINE_CODE.sub("", text)


def find_citations(body: str, first_line: int) -> list[tuple[str, int]]:
    return [(m[1], line) for line, text in prose_lines(body, first_line) for m in CITATION.finditer(text)]


def find_figures(body: str, first_line: int) -> list[tuple[str, int]]:
    return [(m[1], line) for line, text in prose_lines(body, first_line) for m in FIGURE.finditer(text)]


def expand_figures(body: str, show) -> str:
    """Replace each [[chiffre:nom]] by `show(nom)`, the figure as the page writes it today."""
    return FIGURE.sub(lambda match: show(match[1]), body)


def find_raw_html(body: str, first_line: int) -> list[tuple[str, int]]:
    return [(m[0], line) for line, text in prose_lines(body, first_line) for m in RAW_HTML.finditer(text)]


def markdown_escape(text: str) -> str:
    """Text that Markdown shows as is: HTML characters as entities, Markdown ones backslashed."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\\[\]*_`])", r"\\\1", text)


def expand_citations(body: str, actors: dict) -> str:
    """Replace each citation by a Markdown link to the actor's page, named as the actor is now."""

    def link(match: re.Match) -> str:
        actor = actors.get(match[1])
        if actor is None:  # only inside code, where validation does not look
            return match[0]
        return f"[{markdown_escape(match[2] or actor.nom)}]({actor.url})"

    return CITATION.sub(link, body)
