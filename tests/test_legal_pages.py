"""The legal pages read as correct French whatever the publisher's name, and say what the site
really does: which other hosts readers' browsers contact, how to write to the publisher and to
its data protection officer."""

import html as html_module
import re
import tomllib

import pytest

from ess_site.config import Config
from ess_site.pipeline import build
from tests.conftest import ROOT, TODAY


def text(site, url: str) -> str:
    page = (site / url.strip("/") / "index.html").read_text(encoding="utf-8")
    main = page.split("<main")[1].split("</main>")[0]
    return html_module.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


def built_with_publisher(content, tmp_path, name: str, extra: str = "") -> object:
    path = content / "territoire.yaml"
    yaml_text = path.read_text(encoding="utf-8")
    block = re.compile(r"(?m)^(editeur:\n)  nom: .*\n(  article: .*\n|  dpo: .*\n)*")
    path.write_text(block.sub(lambda m: f"{m[1]}  nom: {name}\n{extra}", yaml_text), encoding="utf-8")
    build(Config(content=content, output=tmp_path / "output", build_day=TODAY, pdf=False, search=False, incremental=False))
    return tmp_path / "output"


@pytest.mark.parametrize("name, extra, subject, of", [
    ("Ville de Carvin", "", "La Ville de Carvin s'engage", "délégué à la protection des données de la Ville de Carvin"),
    ("Hénin-Carvin Agglo", "", "Hénin-Carvin Agglo s'engage", "délégué à la protection des données d'Hénin-Carvin Agglo"),
    ("Conseil départemental du Pas-de-Calais", "", "Le Conseil départemental du Pas-de-Calais s'engage",
     "délégué à la protection des données du Conseil départemental du Pas-de-Calais"),
    ("Hauts-de-France", "  article: les\n", "Les Hauts-de-France s'engagent", "délégué à la protection des données des Hauts-de-France"),
])
def test_sentences_about_the_publisher_read_as_french(content, tmp_path, name, extra, subject, of):
    site = built_with_publisher(content, tmp_path, name, extra)
    assert subject in text(site, "/accessibilite/")
    personal = text(site, "/donnees-personnelles/")
    assert of in personal
    said = subject.rsplit(" s'engage", 1)[0]
    assert f"Le responsable de traitement est {said[0].lower() + said[1:] if said != name else name}." in personal


def test_every_other_host_the_site_loads_from_is_named_on_the_personal_data_page(built_site):
    policy = next(h["values"]["Content-Security-Policy"] for h in
                  tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))["headers"] if h["for"] == "/*")
    hosts = {re.sub(r"^https://", "", source) for source in re.findall(r"https://[^\s;]+", policy)}
    assert hosts  # the map's tiles at least
    personal = text(built_site, "/donnees-personnelles/")
    assert [host for host in hosts if host not in personal] == []
    assert "ne charge aucune ressource depuis un autre site" not in personal


def test_the_data_protection_officer_can_be_written_to(content, tmp_path):
    site = built_with_publisher(content, tmp_path, "Ville de Carvin")
    assert "écrivez au délégué à la protection des données de la Ville de Carvin : par courriel : contact@essai.example.fr" in \
        text(site, "/donnees-personnelles/")
    assert "par courrier : Délégué à la protection des données, Ville de Carvin, 1 place de l'Essai, 62110 Hénin-Beaumont" in \
        text(site, "/donnees-personnelles/")
    site = built_with_publisher(content, tmp_path / "dpo", "Ville de Carvin", "  dpo: dpo@carvin.example.fr\n")
    assert "au délégué à la protection des données de la Ville de Carvin : dpo@carvin.example.fr" in text(site, "/donnees-personnelles/")
    page = (site / "donnees-personnelles" / "index.html").read_text(encoding="utf-8")
    assert '<a href="mailto:dpo@carvin.example.fr">dpo@carvin.example.fr</a>' in page


def test_a_communes_figures_are_introduced_with_elision(built_site):
    assert "Les chiffres clés d'Hénin-Beaumont" in text(built_site, "/communes/henin-beaumont/")
    assert "Les chiffres clés de Rouvroy" in text(built_site, "/communes/rouvroy/")
