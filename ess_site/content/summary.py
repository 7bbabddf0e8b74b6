"""The one line a card shows under an actor's name: its `resume`, else the first sentence of
its description, as plain text cut at a word so that a list stays a list."""

import html
import re

from ..gfm import github_to_html
from .schema import MAX_SUMMARY_LENGTH

TAG = re.compile(r"<[^>]+>")
# A sentence ends at . ! ? or … followed by a space and a capital, a quote or a digit; "M. Dupont",
# "2,5 M€" or "etc. et" do not start a new one, "(Insee)." does.
SENTENCE_END = re.compile(r"(?<![A-Z]\.)(?<!\b[A-Z])(?<=[.!?…])\s+(?=[«\"A-ZÀ-ÖØ-Þ0-9])")


def card_summary(resume: str | None, description: str) -> str:
    if resume:
        return resume
    paragraph = first_paragraph(description)
    return shortened(SENTENCE_END.split(paragraph, maxsplit=1)[0]) if paragraph else ""


def first_paragraph(markdown: str) -> str:
    """The first paragraph of text (not a heading, a list or a quote), as plain text."""
    for block in re.split(r"\n\s*\n", markdown.strip()):
        if block.lstrip().startswith(("#", "-", "*", "+", ">", "|", "```")) or re.match(r"\s*\d+[.)]\s", block):
            continue
        text = html.unescape(TAG.sub("", github_to_html(block)))
        text = " ".join(text.split())
        if text:
            return text
    return ""


def shortened(sentence: str) -> str:
    if len(sentence) <= MAX_SUMMARY_LENGTH:
        return sentence
    cut = sentence[:MAX_SUMMARY_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:—–-")
    return cut + "…"
