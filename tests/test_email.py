"""The e-mail version of a lettre: one self-contained file a mailing tool can send."""

import re
from html.parser import HTMLParser

from tests.test_build import text_of


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parsed(path) -> Tags:
    tags = Tags()
    tags.feed(path.read_text(encoding="utf-8"))
    return tags


def test_email_is_small_self_contained_and_absolute(built_site):
    path = built_site / "lettres" / "2" / "email.html"
    assert path.stat().st_size < 100 * 1024  # Gmail clips larger messages
    tags = parsed(path).tags
    assert not any(tag in ("link", "script", "style") for tag, _ in tags)  # no external or embedded stylesheet
    for tag, attrs in tags:
        for name in ("href", "src"):
            if name in attrs:
                assert re.match(r"https://ess\.essai\.example\.fr/|https://example\.org/", attrs[name]), attrs[name]
    assert all("style" in attrs for tag, attrs in tags if tag in ("p", "h1", "h2", "a", "li", "ul"))


def test_email_links_to_the_online_lettre_and_cited_actors(built_site):
    html = (built_site / "lettres" / "2" / "email.html").read_text(encoding="utf-8")
    assert '<a href="https://ess.essai.example.fr/lettres/2/" style="' in html
    assert "Voir cette lettre en ligne" in html
    assert 'href="https://ess.essai.example.fr/acteurs/cooperative-minimale/"' in html
    text = text_of(html)
    assert "La lettre N°02" in text and "Des résultats encourageants" in text and "1er juin 2022" in text


def test_issue_page_offers_the_email_version(built_site):
    html = (built_site / "lettres" / "2" / "index.html").read_text(encoding="utf-8")
    assert '<a href="/lettres/2/email.html">Version pour courriel</a>' in html
