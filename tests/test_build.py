"""One build of the fixture site, checked the way a reader would find it."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ess_site.config import Config
from ess_site.pipeline import build
from tests.conftest import FIXTURE_SITE, TODAY, run_cli

PUBLISHED = ["jardin-complet", "cooperative-minimale", "piege-html", "1001-services"]


class Links(HTMLParser):
    """Collects href/src values and ids of one page."""

    def __init__(self):
        super().__init__()
        self.targets: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.targets.append(value)
            if name == "id":
                self.ids.add(value)


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def page(site: Path, url: str) -> str:
    return (site / url.lstrip("/") / "index.html").read_text(encoding="utf-8")


def text_of(html: str) -> str:
    """The visible text, tags removed and spaces collapsed (no-break spaces kept)."""
    return re.sub(r"[ \n\t]+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("url", [
    "/", "/acteurs/", *[f"/acteurs/{slug}/" for slug in PUBLISHED],
    "/communes/", "/communes/henin-beaumont/", "/communes/rouvroy/", "/communes/drocourt/",
    "/secteurs/", "/secteurs/agriculture/", "/secteurs/sante/",
    "/statuts/", "/statuts/association/", "/statuts/societe-ess/",
    "/thematiques/", "/thematiques/alimentation-durable/", "/thematiques/insertion-par-l-activite-economique/",
    "/mentions-legales/", "/accessibilite/", "/donnees-personnelles/",
])
def test_every_page_type_exists_in_french_html(built_site, url):
    html = page(built_site, url)
    assert html.startswith("<!doctype html>\n<html lang=\"fr\">")
    assert '<a class="skip-link" href="#contenu">Aller au contenu</a>' in html
    assert re.search(r"<h1>.+</h1>", html)


def test_not_found_page_and_assets(built_site):
    assert "Page introuvable" in (built_site / "404.html").read_text(encoding="utf-8")
    assert (built_site / "assets" / "style.css").is_file()


def test_every_internal_link_and_asset_resolves(built_site):
    broken = []
    for html_file in built_site.rglob("*.html"):
        links = parse(html_file)
        for target in links.targets:
            if re.match(r"(https?|mailto|tel):", target):
                continue
            path, _, fragment = target.partition("#")
            path = path.partition("?")[0]  # a query (/integrer/?liste=…) is read by the page, not the host
            if not path:
                if fragment not in links.ids:
                    broken.append(f"{html_file}: #{fragment}")
                continue
            assert path.startswith("/"), f"relative link {target} in {html_file}"
            resolved = built_site / path.lstrip("/")
            if not (resolved.is_file() or (resolved / "index.html").is_file()):
                broken.append(f"{html_file}: {target}")
            elif fragment and not fragment.startswith("/"):  # "#/…" is a route of the /admin/ application
                assert fragment in parse(resolved / "index.html" if resolved.is_dir() else resolved).ids
    assert broken == []


def test_draft_actor_is_validated_but_not_published(built_site):
    assert not (built_site / "acteurs" / "brouillon-cache").exists()
    assert all("Fiche En Brouillon" not in f.read_text(encoding="utf-8") for f in built_site.rglob("*.html"))


def test_no_script_and_no_javascript_url_reaches_a_page(built_site):
    for html_file in built_site.rglob("*.html"):
        if "pagefind" in html_file.parts:
            continue  # Pagefind's own files
        html = html_file.read_text(encoding="utf-8")
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S | re.I)
        data = [body for attributes, body in scripts if attributes == ' type="application/ld+json"']
        assert all(json.loads(body) and "<" not in body for body in data), html_file  # data for search engines, never HTML
        assert all(body == "" for attributes, body in scripts if attributes != ' type="application/ld+json"'), html_file  # no inline script
        assert all(src.startswith("/assets/") for src in re.findall(r'<script[^>]*src="([^"]*)"', html)), html_file
        assert html.lower().count("<script") == len(scripts), html_file
        assert "javascript:" not in html.lower(), html_file
        assert "onerror" not in html, html_file
        # Only /integrer/ frames a page: its preview of an embed, from this site.
        frames = re.findall(r'<iframe[^>]*src="([^"]*)"', html) if html_file.parent.name == "integrer" else []
        assert html.count("<iframe") == len(frames) and all(src.startswith("/encart/") for src in frames), html_file


def test_hostile_name_is_shown_as_text(built_site):
    html = page(built_site, "/acteurs/piege-html/")
    assert "<h1>&lt;script&gt;alert(&#39;nom&#39;)&lt;/script&gt; Piège &amp; Cie</h1>" in html
    assert "Texte <strong>conservé</strong>" in html


def test_actor_page_shows_every_field_in_readable_french(built_site):
    html = page(built_site, "/acteurs/jardin-complet/")
    text = text_of(html)
    for expected in ["80 salariés, 62,5 ETP", "Créée en 2010", "Association", "Agriculture, sylviculture et pêche",
                     "12 rue des Serres", "62110 Hénin-Beaumont", "03 21 12 34 56", "accueil@jardin.example.org",
                     "jardin.example.org", "732 829 320 00074", "1\u202f850\u202f000 € par an", "ESUS",
                     "Chantier d'insertion", "Alimentation durable", "Insertion par l'activité économique",
                     "cultive des légumes biologiques"]:
        assert expected.replace("'", "&#39;") in html or expected in text, expected
    assert 'href="tel:+33321123456"' in html
    assert 'href="mailto:accueil@jardin.example.org"' in html
    assert 'href="https://www.openstreetmap.org/?mlat=50.4217&amp;mlon=2.9508#map=17/50.4217/2.9508"' in html
    assert '<a href="https://forge.example.org/essai/site/edit/main/content/actors/jardin-complet.md">Proposer une modification' in html


def test_a_listing_can_be_corrected_without_a_github_account(built_site):
    from urllib.parse import parse_qs, unquote, urlsplit

    html = page(built_site, "/acteurs/jardin-complet/")
    assert '<a href="/admin/#/collections/acteurs/entries/jardin-complet">Modifier la fiche dans l\'espace des éditeurs</a>' in html
    mailto = re.search(r'<a href="(mailto:[^"]+)">contact@essai.example.fr</a>', html)
    parts = urlsplit(mailto[1].replace("&amp;", "&"))
    fields = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert unquote(parts.path) == "contact@essai.example.fr"
    assert fields["subject"] == "Fiche « Le Jardin Complet » : correction ou retrait"
    assert "https://ess.essai.example.fr/acteurs/jardin-complet/" in fields["body"]
    for legal in ("/mentions-legales/", "/donnees-personnelles/"):
        assert "contact@essai.example.fr" in page(built_site, legal), legal  # the legal pages say how, too


def test_cards_say_what_each_actor_does(built_site):
    cards = {re.search(r'href="/acteurs/([^/]+)/"', card)[1]: card
             for card in page(built_site, "/acteurs/").split('<li class="actor-card">')[1:]}
    summary = lambda slug: re.search(r'<p class="actor-card-summary">([^<]*)</p>', cards[slug])  # noqa: E731
    assert summary("1001-services")[1] == "Complémentaire santé et prévoyance pour les habitants de Rouvroy"  # its resume
    assert summary("jardin-complet")[1] == "Le Jardin Complet cultive des légumes biologiques."  # the first sentence, as text
    assert summary("cooperative-minimale") is None  # nothing said: no empty line


def test_actor_page_gathers_its_contacts_in_one_block(built_site):
    html = page(built_site, "/acteurs/jardin-complet/")
    block = html.split('<section class="actor-contact" aria-labelledby="contact" data-pagefind-ignore>')[1].split("</section>")[0]
    assert '<h2 id="contact">Contact</h2>' in block
    for link in ('href="tel:+33321123456"', 'href="mailto:accueil@jardin.example.org"', 'href="https://jardin.example.org/"'):
        assert link in block, link
    assert "12 rue des Serres" in block
    assert 'class="actor-contact"' not in page(built_site, "/acteurs/cooperative-minimale/")  # no contact given, no block


def test_actor_with_only_a_headcount_band(built_site):
    text = text_of(page(built_site, "/acteurs/1001-services/"))
    assert "20 à 49 salariés (tranche Insee)" in text


def test_minimal_actor_page_shows_no_empty_fields(built_site):
    html = page(built_site, "/acteurs/cooperative-minimale/").split("<main")[1].split("</main>")[0]
    for absent in ("Création", "Emplois", "Téléphone", "Courriel", "SIRET", "OpenStreetMap", "Thématiques"):
        assert absent not in text_of(html)
    assert "Cette structure n'a pas encore de présentation." in html.replace("&#39;", "'")


def test_breadcrumbs_lead_back_home(built_site):
    html = page(built_site, "/acteurs/jardin-complet/")
    crumbs = html.split('class="breadcrumbs')[1].split("</nav>")[0]
    assert re.findall(r'href="([^"]+)"', crumbs) == ["/", "/acteurs/"]
    assert '<span aria-current="page">Le Jardin Complet</span>' in crumbs


def test_directory_is_alphabetical_with_an_a_to_z_jump_list(built_site):
    html = page(built_site, "/acteurs/")
    names = re.findall(r'<h3 class="actor-card-title"><a href="/acteurs/([^/]+)/">', html)
    assert names == ["1001-services", "cooperative-minimale", "jardin-complet", "piege-html"]
    assert '<a href="#lettre-chiffres">0–9</a>' in html and '<a href="#lettre-C">C</a>' in html
    assert '<span class="az-empty" aria-hidden="true">B</span>' in html
    assert "4 acteurs" in text_of(html)


def test_browse_pages_count_their_actors(built_site):
    assert "2 acteurs" in text_of(page(built_site, "/communes/rouvroy/"))  # one named by its INSEE code
    index = text_of(page(built_site, "/communes/"))
    assert "Drocourt 1 acteur" in index and "Hénin-Beaumont 1 acteur" in index and "Rouvroy 2 acteurs" in index
    assert "Aucun acteur n'est encore référencé ici." in page(built_site, "/secteurs/sante/").replace("&#39;", "'")
    assert "Associations" in page(built_site, "/statuts/association/")


def test_home_page_presents_the_territory_and_its_entry_points(built_site):
    html = page(built_site, "/")
    assert "Un territoire <strong>d'essai</strong> pour les tests." in html
    assert 'href="/acteurs/"' in html and 'href="/communes/rouvroy/"' in html and 'href="/secteurs/agriculture/"' in html
    assert "4 acteurs dans toutes les communes du territoire" in text_of(html)


def test_footer_links_the_three_mandatory_pages(built_site):
    html = page(built_site, "/acteurs/")
    footer = html.split("<footer")[1]
    assert '<a href="/accessibilite/">Accessibilité\u00a0: non conforme</a>' in footer
    assert 'href="/mentions-legales/"' in footer and 'href="/donnees-personnelles/"' in footer


def test_accessibility_statement_has_the_required_parts(built_site):
    text = text_of(page(built_site, "/accessibilite/")).replace("&#39;", "'")
    for part in ["État de conformité", "non conforme", "Aucun audit", "Contenus non accessibles",
                 "établie le 1er novembre 2026", "Technologies utilisées", "Retour d'information et contact",
                 "contact@essai.example.fr", "Voies de recours", "Défenseur des droits"]:
        assert part in text, part


def test_french_spacing_on_pages(built_site):
    html = page(built_site, "/mentions-legales/")
    assert "SIREN\u00a0: 246 200 299" in html


# -- the command line ----------------------------------------------------------------


def test_build_command_replaces_the_previous_site(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "ancien.html").write_text("ancien site")
    result = run_cli("--content", str(FIXTURE_SITE), "--output", str(output))
    assert result.returncode == 0, result.stderr
    assert "4 acteurs publiés" in result.stdout
    assert not (output / "ancien.html").exists() and (output / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.lock", "output"]  # the lock, and no leftover temporary folder


def test_bad_content_reports_everything_and_leaves_the_site_untouched(content, tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("site précédent")
    (content / "actors" / "adds.md").write_text("---\nnom: ADDS\nstatut: asso\nsecteur: sante\ncommune: Rouvroy\n---\n", encoding="utf-8")
    (content / "actors" / "latin.md").write_bytes("---\nnom: Caf\xe9\n---\n".encode("latin-1"))
    result = run_cli("--content", str(content), "--output", str(output))
    assert result.returncode == 1
    assert f"{content}/actors/adds.md:3: statut « asso » inconnu ; voulez-vous dire « association » ? valeurs possibles : " in result.stderr
    assert f"{content}/actors/latin.md:2: le fichier n'est pas en UTF-8" in result.stderr
    assert "2 problèmes trouvés : corrigez-les puis relancez. Le site n'a pas été modifié." in result.stderr
    assert "Traceback" not in result.stderr
    assert (output / "index.html").read_text() == "site précédent"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.lock", "content", "output"]


def test_check_validates_without_writing(tmp_path):
    result = run_cli("check", "--content", str(FIXTURE_SITE), cwd=tmp_path)
    assert result.returncode == 0 and "Contenu valide : 4 acteurs publiés, 3 lettres." in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_missing_content_folder(tmp_path):
    result = run_cli("--content", str(tmp_path / "nulle-part"), "--output", str(tmp_path / "output"))
    assert result.returncode == 1 and "dossier de contenu introuvable" in result.stderr


def test_interrupted_write_leaves_the_previous_site(tmp_path, monkeypatch):
    from ess_site.output import writer

    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("site précédent")

    def interrupted(target, data):
        target.write_bytes(data)
        raise KeyboardInterrupt

    monkeypatch.setattr(writer, "write_file", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(Config(content=FIXTURE_SITE, output=output, build_day=TODAY, cache=tmp_path / "cache", pdf=False, search=False, jobs=1))
    assert (output / "index.html").read_text() == "site précédent"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.lock", "cache", "output"]  # no half-written folder left


def test_admin_publishes_the_form_and_its_configuration(built_site):
    import yaml

    config = yaml.safe_load((built_site / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"] == {"name": "git-gateway", "branch": "main"}
    assert [(c["name"], c["folder"]) for c in config["collections"]] == [("acteurs", "content/actors"), ("lettres", "content/lettres")]
    commune = next(f for f in config["collections"][0]["fields"] if f["name"] == "commune")
    assert commune["options"] == ["Drocourt", "Hénin-Beaumont", "Rouvroy"]  # in French order
    html = (built_site / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in html and '<script src="/assets/vendor/decap-cms/decap-cms.js"></script>' in html
    assert (built_site / "assets" / "vendor" / "decap-cms" / "decap-cms.js").is_file()
    assert list((built_site / "assets" / "vendor" / "decap-cms").glob("*.decap-cms.js"))  # its lazily loaded chunks
