"""Embeds for partners: a commune's, sector's, theme's (or département's) actors in light pages
that other sites frame, the /integrer/ page that gives the snippet, and what keeps them out of
search engines and the site's own search."""

import gzip
import html
import re
import shutil

import pytest

from ess_site import urls
from ess_site.config import Config
from ess_site.pipeline import build
from tests.conftest import FIXTURE_SITE, TODAY
from tests.test_build import page, text_of
from tests.test_levels import site_over

MAX_EMBED_BYTES = 150_000


def embed_pages(site) -> list:
    return sorted((site / "encart").rglob("index.html"))


def test_a_communes_embed_lists_its_actors_and_opens_their_pages_in_a_new_tab(built_site):
    embed = page(built_site, "/encart/communes/rouvroy/")
    assert re.search(r"<h1>Rouvroy</h1>", embed)
    names = re.findall(r'<h2><a href="(/acteurs/[a-z0-9-]+/)">', embed)
    assert len(names) == 2 and all((built_site / url.lstrip("/") / "index.html").is_file() for url in names)
    assert '<base target="_blank">' in embed and "s'ouvrent dans un nouvel onglet" in text_of(embed)
    assert 'href="/communes/rouvroy/">Voir tous les acteurs sur le site' in embed
    # Light: no site header, menu, footer, search form nor script.
    assert "site-header" not in embed and "main-nav" not in embed and "<script" not in embed and "<form" not in embed


@pytest.mark.parametrize("url", ["/encart/secteurs/agriculture/", "/encart/thematiques/alimentation-durable/"])
def test_sectors_and_themes_have_their_embed(built_site, url):
    assert "Le Jardin Complet" in text_of(page(built_site, url))


def test_embeds_stay_out_of_search_engines_the_sitemap_and_the_site_search(built_site):
    pages = embed_pages(built_site)
    assert len(pages) >= 3 + 12 + 3  # communes, secteurs, thématiques
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert '<meta name="robots" content="noindex">' in text and "data-pagefind-body" not in text
    assert "/encart/" not in (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/integrer/" in (built_site / "sitemap.xml").read_text(encoding="utf-8")  # the page for partners is a page like others
    indexed = [re.search(rb'"url":"([^"]+)"', gzip.decompress(f.read_bytes()))[1].decode()
               for f in built_site.rglob("*.pf_fragment")]
    assert indexed and "/acteurs/jardin-complet/" in indexed and not [url for url in indexed if "/encart/" in url]


def test_integrer_gives_a_titled_snippet_and_a_preview(built_site):
    help_page = page(built_site, "/integrer/")
    snippet = html.unescape(re.search(r'<textarea id="encart-code"[^>]*>([^<]*)</textarea>', help_page)[1])
    assert snippet == ('<iframe src="https://ess.essai.example.fr/encart/communes/drocourt/" '
                       'title="Acteurs de l\'économie sociale et solidaire\u00a0: Drocourt" width="100%" height="600" '
                       'style="border: 0;" loading="lazy"></iframe>')
    assert '<iframe id="encart-apercu" src="/encart/communes/drocourt/"' in help_page
    offered = re.findall(r'<option value="(/encart/[^"]+)"', help_page)
    assert "/encart/communes/rouvroy/" in offered and "/encart/thematiques/mobilite-inclusive/" in offered
    assert "/encart/secteurs/sante/" not in offered  # a list without actors is not offered
    assert all((built_site / url.lstrip("/") / "index.html").is_file() for url in offered)
    assert 'href="/integrer/">Intégrer l\'annuaire à votre site</a>' in page(built_site, "/")  # linked from every footer


@pytest.fixture(scope="module")
def crowded(tmp_path_factory):
    """The fixture territory with 600 more actors in Rouvroy, each with a one-line summary."""
    root = tmp_path_factory.mktemp("crowded")
    content = root / "content"
    shutil.copytree(FIXTURE_SITE, content)
    for number in range(600):
        (content / "actors" / f"acteur-{number:03}.md").write_text(
            f"---\nnom: Association d'essai numéro {number:03}\nstatut: association\nsecteur: action-sociale\n"
            f"commune: Rouvroy\nresume: Accompagne les habitants du quartier dans leurs démarches, prête du matériel "
            f"et anime un lieu de rencontre ouvert à tous.\n---\nTexte.\n", encoding="utf-8")
    build(Config(content=content, output=root / "output", build_day=TODAY, cache=root / "cache", search=False, pdf=False))
    return root / "output"


def test_hundreds_of_actors_make_light_pages_that_lead_to_each_other(crowded):
    pages = sorted(crowded.glob("encart/communes/rouvroy/**/index.html"))
    sizes = [path.stat().st_size for path in pages]
    assert len(pages) == 21 and max(sizes) <= MAX_EMBED_BYTES < sum(sizes)  # 602 actors, 30 a page; in one page, too heavy
    seen = []
    url = "/encart/communes/rouvroy/"
    while url:
        embed = page(crowded, url)
        seen += re.findall(r'<h2><a href="(/acteurs/[a-z0-9-]+/)">', embed)
        following = re.search(r'<a href="([^"]+)" target="_self" rel="next">Acteurs suivants</a>', embed)
        url = following[1] if following else None
    assert len(seen) == len(set(seen)) == 602
    last = page(crowded, urls.embed("communes", "rouvroy", 21))
    assert "Page 21 sur 21" in last and f'href="{urls.embed("communes", "rouvroy", 20)}" target="_self" rel="prev"' in last
    assert "(601 à 602 ci-dessous)" in text_of(last)
    assert max(path.stat().st_size for path in embed_pages(crowded)) <= MAX_EMBED_BYTES


def test_a_departement_has_its_embed_where_the_territory_spans_several(tmp_path):
    output, _ = site_over(tmp_path, '{departements: ["59", "62"]}', {"atelier-lille": ("Lille", 4), "regie-rouvroy": ("Rouvroy", 7)})
    nord = text_of(page(output, "/encart/departements/nord/"))
    assert "Atelier Lille" in nord and "Regie Rouvroy" not in nord and "Département · 1 acteur" in nord
    assert 'value="/encart/departements/nord/"' in page(output, "/integrer/")


def test_integrer_stays_light_when_communes_are_too_many_for_its_menu(tmp_path):
    from ess_site.geography import official_geography
    from ess_site.render.pages import EMBED_OFFERED

    communes = sorted(c.insee for c in official_geography().communes.values() if c.departement == "62")[:EMBED_OFFERED + 20]
    output, _ = site_over(tmp_path, '{departements: ["62"]}', {f"acteur-{code}": (f'"{code}"', 1) for code in communes})
    integrer = page(output, urls.EMBED_HELP)
    assert len(integrer.encode()) <= MAX_EMBED_BYTES
    assert not re.search(r'value="/encart/communes/', integrer) and "trop nombreuses pour ce menu" in text_of(integrer)
    commune = next((output / "communes").glob("*/index.html")).read_text(encoding="utf-8")
    assert 'href="/integrer/?liste=/encart/communes/' in commune  # each list leads there itself
