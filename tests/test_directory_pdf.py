"""The directory on paper: an A4 PDF of the whole directory and one per commune, read the way a
reader holding the printed pages would (pdftotext, pdfinfo)."""

import re
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta

import pytest

from ess_site.compute import directory as compute_directory
from ess_site.config import Config
from ess_site.content.schema import SECTEURS
from ess_site.formats import date_longue, telephone
from ess_site.pipeline import build, check
from ess_site.render import directory as render_directory
from tests.conftest import FIXTURE_SITE, ROOT, TODAY
from tests.test_build import page
from tests.test_pdf import pdf_info

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402

SAMPLE = ROOT / "content"
TITLE = "Annuaire de l'économie sociale et solidaire"
# « Action sociale (2 acteurs) ........ 2 » on the cover, as pdftotext -layout reads it
TOC_LINE = re.compile(r"^\s*(?P<title>\S.*?) \((?P<count>\d+) acteurs?\) ?\.{3,}\s*(?P<page>\d+)\s*$")


def pages_of(pdf) -> list[str]:
    """Each page's text in the order it is printed (left column, then right)."""
    out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")[:-1]


def flat(text: str) -> str:
    """Words joined by single spaces: lines wrapped by the layout read as one."""
    return " ".join(text.split())


def toc(pdf) -> list[tuple[str, int, int]]:
    """(sector, number of actors, page) from the table of contents on the cover."""
    cover = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    return [(m["title"], int(m["count"]), int(m["page"])) for m in map(TOC_LINE.match, cover.splitlines()) if m]


def heading(actor) -> str:
    """An actor's name as the directory prints it."""
    return f"{actor.nom} ({actor.sigle})" if actor.sigle and actor.sigle != actor.nom else actor.nom


def sections(actors) -> list[tuple[str, list]]:
    """(sector label, its actors in alphabetical order), sectors in the contract's order."""
    return [(label, [a for a in actors if a.secteur.key == key]) for key, label in SECTEURS.items()
            if any(a.secteur.key == key for a in actors)]


def build_into(tmp, content, **changes):
    config = Config(content=content, output=tmp / "output", cache=tmp / "cache", build_day=TODAY, search=False, jobs=1)
    return build(replace(config, **changes))


@pytest.fixture
def own_style(tmp_path):
    """Builds that compare two builds use their own copy of the templates and stylesheets (a PDF is
    made from them), so an edit elsewhere in the checkout meanwhile changes nothing."""
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    shutil.copytree(ROOT / "assets", tmp_path / "assets")
    return {"templates": tmp_path / "templates", "assets": tmp_path / "assets"}


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    """The sample content/ built with its PDFs."""
    root = tmp_path_factory.mktemp("annuaire")
    build_into(root, SAMPLE)
    return root / "output"


@pytest.fixture(scope="module")
def generated_site(tmp_path_factory):
    """150 generated actors: a directory of a dozen pages whose sectors start on different pages."""
    root = tmp_path_factory.mktemp("annuaire-150")
    generate(150, root / "content")
    build_into(root, root / "content", jobs=2)
    return root


def test_a_commune_directory_has_a_cover_with_the_date_and_a_table_of_contents(sample_site):
    pdf = sample_site / "communes" / "henin-beaumont" / "annuaire.pdf"
    info = pdf_info(pdf)
    assert "A4" in info["Page size"]
    cover = flat(pages_of(pdf)[0])
    actors = [a for a in check(Config(content=SAMPLE, build_day=TODAY)).actors if a.commune.nom == "Hénin-Beaumont"]
    assert TITLE in cover and "Hénin-Beaumont" in cover and "Sommaire" in cover
    assert f"{len(actors)} acteurs · édité le {date_longue(TODAY)}" in cover  # 22 novembre 2026: no actor says its date
    assert [(title, count) for title, count, _ in toc(pdf)] == [(label, len(found)) for label, found in sections(actors)]


def test_a_commune_directory_lists_each_of_its_actors_by_sector_with_address_and_contact(sample_site):
    pdf = sample_site / "communes" / "henin-beaumont" / "annuaire.pdf"
    body = flat(" ".join(pages_of(pdf)[1:]))
    site = check(Config(content=SAMPLE, build_day=TODAY))
    mine = [a for a in site.actors if a.commune.nom == "Hénin-Beaumont"]
    starts = sorted(body.index(heading(actor)) for actor in mine) + [len(body)]
    for label, actors in sections(mine):
        for actor in actors:
            start = body.index(heading(actor))
            entry = body[start:starts[starts.index(start) + 1]]
            assert body.index(label) < start  # under its sector's heading
            assert flat(actor.adresse_complete) in entry
            for contact in (actor.telephone and telephone(actor.telephone), actor.email,
                            actor.site_web and actor.site_web.split("://")[1].rstrip("/")):
                if contact:
                    assert flat(contact) in entry
    others = [a for a in site.actors if a.commune.nom != "Hénin-Beaumont"]
    assert others and not any(heading(a) in body for a in others)


def test_every_page_but_the_cover_says_its_number_and_the_title(sample_site):
    pdf = sample_site / "communes" / "henin-beaumont" / "annuaire.pdf"
    pages = pages_of(pdf)
    assert len(pages) == int(pdf_info(pdf)["Pages"]) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"{number} / {len(pages)}" in flat(text)
    for text in pages[1:]:
        assert f"{TITLE} · Hénin-Beaumont" in flat(text)


def test_the_table_of_contents_gives_the_page_each_sector_starts_on(generated_site):
    pdf = generated_site / "output" / "acteurs" / "annuaire.pdf"
    pages = [flat(text) for text in pages_of(pdf)]
    entries = toc(pdf)
    actors = check(Config(content=generated_site / "content", build_day=TODAY)).actors
    assert [(title, count) for title, count, _ in entries] == [(label, len(found)) for label, found in sections(actors)]
    assert len({number for _, _, number in entries}) > 5  # sectors start on different pages
    for (title, _, number), (_, found) in zip(entries, sections(actors)):
        first = heading(found[0])
        assert title in pages[number - 1] and first in pages[number - 1], (title, number)
        assert pages[number - 1].index(title) < pages[number - 1].index(first)
        assert first not in pages[number - 2]


def test_the_whole_directory_lists_every_published_actor_and_no_draft(built_site):
    body = flat(" ".join(pages_of(built_site / "acteurs" / "annuaire.pdf")))
    for name in ("Le Jardin Complet (LJC)", "Coopérative Minimale", "<script>alert('nom')</script> Piège & Cie", "1001 Services"):
        assert name in body
    assert "Fiche En Brouillon" not in body
    drocourt = flat(" ".join(pages_of(built_site / "communes" / "drocourt" / "annuaire.pdf")))
    assert "Piège & Cie" in drocourt and "Fiche En Brouillon" not in drocourt


def test_the_directory_page_and_each_commune_page_link_their_pdf_with_size_and_pages(built_site):
    for url, pdf in (("/acteurs/", built_site / "acteurs" / "annuaire.pdf"),
                     ("/communes/henin-beaumont/", built_site / "communes" / "henin-beaumont" / "annuaire.pdf")):
        pages = int(pdf_info(pdf)["Pages"])
        size = f"{round(pdf.stat().st_size / 1024)}\u00a0Ko"
        link = (f'<a href="{url}annuaire.pdf" type="application/pdf">Télécharger l\'annuaire imprimable '
                f"(PDF, {size}, {pages} pages)</a>")
        assert link in page(built_site, url)
    assert "annuaire.pdf" not in page(built_site, "/secteurs/agriculture/")


def test_a_commune_without_actors_has_no_printed_directory(sample_site):
    assert "annuaire imprimable" not in page(sample_site, "/communes/rouvroy/")
    assert not (sample_site / "communes" / "rouvroy" / "annuaire.pdf").exists()
    assert (sample_site / "communes" / "carvin" / "annuaire.pdf").exists()


def test_without_pdfs_there_is_no_printed_directory_and_no_link(tmp_path):
    build_into(tmp_path, FIXTURE_SITE, pdf=False)
    assert not list((tmp_path / "output").rglob("annuaire.pdf"))
    assert "annuaire imprimable" not in page(tmp_path / "output", "/acteurs/")
    assert "annuaire imprimable" not in page(tmp_path / "output", "/communes/henin-beaumont/")


def test_above_the_limit_a_directory_is_not_typeset(tmp_path, monkeypatch):
    monkeypatch.setattr(compute_directory, "PRINT_LIMIT", 5)  # the sample has 13 actors, 6 in Hénin-Beaumont
    build_into(tmp_path, SAMPLE)
    output = tmp_path / "output"
    assert not (output / "acteurs" / "annuaire.pdf").exists()
    assert "annuaire imprimable" not in page(output, "/acteurs/")
    assert not (output / "communes" / "henin-beaumont" / "annuaire.pdf").exists()
    assert "annuaire imprimable" in page(output, "/communes/carvin/")


@pytest.fixture
def typesetting(monkeypatch):
    """Counts the directories typeset (builds run with jobs=1, in this process)."""
    made = []
    real = render_directory.typeset
    monkeypatch.setattr(render_directory, "typeset", lambda html, assets: made.append(html) or real(html, assets))
    return made


def stamps(output) -> dict[str, tuple[int, bytes]]:
    return {str(p.relative_to(output)): (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(output.rglob("annuaire.pdf"))}


def test_an_unchanged_directory_is_neither_typeset_nor_written_again(tmp_path, typesetting, own_style):
    build_into(tmp_path, SAMPLE, **own_style)
    first, typeset_first = stamps(tmp_path / "output"), len(typesetting)
    report = build_into(tmp_path, SAMPLE, **own_style)
    assert typeset_first == len(first) == 7  # the whole directory and 6 communes
    assert len(typesetting) == typeset_first  # nothing typeset again
    assert report.written == 0 and stamps(tmp_path / "output") == first


def test_a_changed_actor_changes_its_commune_and_the_whole_directory_only(tmp_path, typesetting, own_style):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    build_into(tmp_path, content, **own_style)
    before = stamps(tmp_path / "output")
    actor = content / "actors" / "mille-et-un-commerce.md"  # Carvin
    actor.write_text(actor.read_text(encoding="utf-8").replace("commune: Carvin\n", 'commune: Carvin\ntelephone: "03 21 99 88 77"\n'),
                     encoding="utf-8")
    typesetting.clear()
    build_into(tmp_path, content, **own_style)
    after = stamps(tmp_path / "output")
    assert sorted(path for path in after if after[path] != before[path]) == ["acteurs/annuaire.pdf", "communes/carvin/annuaire.pdf"]
    assert len(typesetting) == 2
    assert "Tél. 03 21 99 88 77" in flat(" ".join(pages_of(tmp_path / "output" / "communes" / "carvin" / "annuaire.pdf")))
    # byte for byte what a clean build writes
    clean = tmp_path / "clean"
    build_into(clean, content, **own_style)
    assert {path: data for path, (_, data) in after.items()} == {path: data for path, (_, data) in stamps(clean / "output").items()}


def test_the_next_day_the_directories_say_the_new_date_and_yesterdays_are_not_kept(tmp_path, own_style):
    build_into(tmp_path, SAMPLE, **own_style)
    build_into(tmp_path, SAMPLE, build_day=TODAY + timedelta(days=1), **own_style)
    cover = flat(pages_of(tmp_path / "output" / "acteurs" / "annuaire.pdf")[0])
    assert f"édité le {date_longue(TODAY + timedelta(days=1))}" in cover
    assert len(list((tmp_path / "cache" / "pdf-annuaire").glob("*.pdf"))) == 7


def dated(content, dates: dict[str, str]) -> None:
    """Gives these actors (file stem -> YYYY-MM-DD) a date_source, as an editor or the Sirene import does."""
    for stem, day in dates.items():
        path = content / "actors" / f"{stem}.md"
        path.write_text(path.read_text(encoding="utf-8").replace("\n---\n", f"\ndate_source: {day}\n---\n", 1), encoding="utf-8")


HENIN_DATES = {"ahnac": "2026-03-15", "apei-henin-carvin": "2026-10-31", "compagnons-batisseurs-hauts-de-france": "2026-10-31",
               "identites-mutuelle": "2026-10-31", "impulsion": "2026-10-31", "jardins-insertion-artois": "2026-10-31"}


def test_the_cover_says_the_date_of_the_data_and_the_build_day_only_as_the_day_it_was_made(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    dated(content, HENIN_DATES)  # the 6 actors of Hénin-Beaumont; the other 7 say no date
    build_into(tmp_path, content)
    cover = {place: flat(pages_of(tmp_path / "output" / folder / "annuaire.pdf")[0])
             for place, folder in (("henin", "communes/henin-beaumont"), ("carvin", "communes/carvin"), ("all", "acteurs"))}
    made = f"édité le {date_longue(TODAY)}"  # 22 novembre 2026
    assert f"6 acteurs · données du 15 mars 2026 au 31 octobre 2026 · {made}" in cover["henin"]
    assert f"13 acteurs · données du 15 mars 2026 au 31 octobre 2026 pour 6 acteurs sur 13 · {made}" in cover["all"]
    assert f"1 acteur · {made}" in cover["carvin"] and "données" not in cover["carvin"]  # no date given: none claimed
    assert not any(f"données au {date_longue(TODAY)}" in text or f"du {date_longue(TODAY)}" in text for text in cover.values())
