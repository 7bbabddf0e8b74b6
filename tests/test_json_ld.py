"""schema.org JSON-LD on actor and lettre pages, read by a JSON-LD processor (pyld) and checked
against the content files. The schema.org context is served locally: tests never reach the
internet, and the context's job here is only to map terms into https://schema.org/."""

import json
import re
import shutil

from pyld import jsonld

from ess_site.config import Config
from ess_site.pipeline import build
from tests.conftest import FIXTURE_SITE, TODAY
from tests.test_build import page

SCHEMA = "https://schema.org/"


def local_schema_org(url, options=None):
    assert url.rstrip("/") == "https://schema.org", url  # nothing else may be fetched
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
            "document": {"@context": {"@vocab": SCHEMA}}}


def json_ld(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def expanded(document: dict) -> dict:
    [node] = jsonld.expand(document, {"documentLoader": local_schema_org})
    return node


def value(node: dict, term: str):
    [item] = node[SCHEMA + term]
    return item.get("@value", item.get("@id", item))


def test_an_actor_page_describes_the_organisation(built_site):
    node = expanded(json_ld(page(built_site, "/acteurs/jardin-complet/")))
    assert node["@type"] == [SCHEMA + "NGO"]  # an association
    assert node["@id"] == "https://ess.essai.example.fr/acteurs/jardin-complet/#structure"
    assert value(node, "name") == "Le Jardin Complet"
    assert value(node, "alternateName") == "LJC"
    assert value(node, "url") == "https://jardin.example.org/"
    assert value(node, "email") == "accueil@jardin.example.org"
    assert value(node, "telephone") == "+33321123456"
    assert value(node, "foundingDate") == "2010"
    identifier = value(node, "identifier")
    assert (value(identifier, "propertyID"), value(identifier, "value")) == ("SIRET", "73282932000074")
    address = value(node, "address")
    assert (value(address, "streetAddress"), value(address, "postalCode"), value(address, "addressLocality")) == (
        "12 rue des Serres", "62110", "Hénin-Beaumont")
    geo = value(node, "geo")
    assert (value(geo, "latitude"), value(geo, "longitude")) == (50.4217, 2.9508)
    assert value(node, "description") == "Le Jardin Complet cultive des légumes biologiques."


def test_an_actor_without_contacts_says_only_what_is_known(built_site):
    node = expanded(json_ld(page(built_site, "/acteurs/cooperative-minimale/")))
    assert node["@type"] == [SCHEMA + "Organization"]
    assert not {SCHEMA + term for term in ("email", "telephone", "geo", "identifier", "url")} & set(node)


def test_a_lettre_page_is_a_news_article(built_site):
    node = expanded(json_ld(page(built_site, "/lettres/1/")))
    assert node["@type"] == [SCHEMA + "NewsArticle"]
    assert value(node, "headline") == "Un premier numéro"
    assert value(node, "datePublished") == "2022-01-15"
    assert value(node, "description") == "Le collectif se présente."
    assert value(value(node, "publisher"), "name") == "Communauté de communes d'Essai"


def test_a_name_cannot_close_the_script_element(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    path = content / "actors" / "cooperative-minimale.md"
    path.write_text(path.read_text(encoding="utf-8").replace("nom: Coopérative Minimale",
                                                             'nom: "Coop </script><script>alert(1)</script> & Cie"'), encoding="utf-8")
    build(Config(content=content, output=tmp_path / "output", build_day=TODAY, pdf=False, search=False))
    html = page(tmp_path / "output", "/acteurs/cooperative-minimale/")
    assert html.count("</script>") == html.count("<script")  # the name closed nothing
    assert value(expanded(json_ld(html)), "name") == "Coop </script><script>alert(1)</script> & Cie"
