"""Every actor page carries a correction form handled by the host (Netlify Forms), in the markup
Netlify documents, with the page's address in a hidden field, and an e-mail fallback."""

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from ess_site import urls
from tests.test_build import PUBLISHED, page, text_of


class Forms(HTMLParser):
    """The forms of one page: their attributes and their fields (name -> attributes), and which
    fields sit inside an element marked hidden."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.labels: dict[str, str] = {}  # for= -> text
        self.hidden_depth = 0
        self.stack: list[tuple[str, bool]] = []
        self.label_for: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        hidden = "hidden" in attrs
        if tag not in ("input", "br", "meta", "link", "img"):
            self.stack.append((tag, hidden))
            self.hidden_depth += hidden
        if tag == "form":
            self.forms.append({"attrs": attrs, "fields": {}})
        elif tag in ("input", "textarea") and self.forms:
            self.forms[-1]["fields"][attrs.get("name")] = {**attrs, "tag": tag, "in_hidden": self.hidden_depth > 0}
        elif tag == "label" and attrs.get("for"):
            self.label_for = attrs["for"]
            self.labels[self.label_for] = ""

    def handle_endtag(self, tag):
        if self.stack and tag != "input":
            _, hidden = self.stack.pop()
            self.hidden_depth -= hidden
        if tag == "label":
            self.label_for = None

    def handle_data(self, data):
        if self.label_for:
            self.labels[self.label_for] += data


def forms_of(html: str) -> Forms:
    parser = Forms()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("slug", PUBLISHED)
def test_every_actor_page_has_a_netlify_correction_form_with_its_address(built_site, slug):
    parsed = forms_of(page(built_site, f"/acteurs/{slug}/"))
    form = next(f for f in parsed.forms if f["attrs"].get("name") == "correction-fiche")
    attrs, fields = form["attrs"], form["fields"]
    assert (attrs["method"], attrs["action"], attrs["data-netlify"]) == ("post", "/correction/merci/", "true")
    honeypot = attrs["netlify-honeypot"]
    assert fields[honeypot]["in_hidden"] and fields[honeypot]["tabindex"] == "-1"  # no person sees it, bots fill it
    assert fields["form-name"] == {"type": "hidden", "name": "form-name", "value": "correction-fiche", "tag": "input", "in_hidden": False}
    assert fields["fiche"]["type"] == "hidden" and fields["fiche"]["value"] == f"https://ess.essai.example.fr/acteurs/{slug}/"
    assert fields["message"]["tag"] == "textarea" and "required" in fields["message"]
    assert fields["email"]["type"] == "email" and "required" not in fields["email"]
    # Every field a person fills has a French label.
    assert parsed.labels[fields["message"]["id"]].strip() == "Ce qu'il faut corriger, compléter ou retirer"
    assert parsed.labels[fields["email"]["id"]].startswith("Votre adresse électronique")


def test_the_publishers_address_is_offered_as_a_prefilled_e_mail(built_site):
    html = page(built_site, "/acteurs/jardin-complet/")
    assert "Vous pouvez aussi écrire à l'éditeur" in text_of(html)
    mailto = next(part.split('"')[0] for part in html.split('href="mailto:contact@essai.example.fr')[1:])
    query = parse_qs(urlsplit("mailto:x" + mailto.replace("&amp;", "&")).query)
    assert query["subject"][0].startswith("Fiche « ") and query["subject"][0].endswith("» : correction ou retrait")
    assert "https://ess.essai.example.fr/acteurs/jardin-complet/" in query["body"][0]
    assert "mentions légales)" not in text_of(html)  # no longer sent off to a postal address


def test_the_success_page_is_french_and_kept_out_of_the_sitemap(built_site):
    html = page(built_site, urls.CORRECTION_SENT)
    assert "<h1>Demande envoyée</h1>" in html and "votre demande a été transmise à l'éditeur du site" in text_of(html)
    assert '<meta name="robots" content="noindex">' in html
    assert urls.CORRECTION_SENT not in (built_site / "sitemap.xml").read_text(encoding="utf-8")


def test_the_privacy_page_says_what_the_form_sends(built_site):
    text = text_of(page(built_site, "/donnees-personnelles/"))
    assert "aucun formulaire n'envoie" not in text
    assert "Netlify Forms" in text and "Corriger cette fiche" in text
