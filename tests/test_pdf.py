"""The lettres as PDF: WeasyPrint typesets A4 pages from the same HTML and print stylesheet."""

import shutil
import subprocess
import sys
from pathlib import Path

import pdfua
import pikepdf
import pytest
from PIL import Image

from ess_site import cli
from ess_site.config import Config
from ess_site.pipeline import build
from ess_site.render import pdf as pdf_module
from tests.conftest import FIXTURE_SITE, TODAY
from tests.test_build import page


def pdf_info(path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def structure(pdf) -> list[tuple[str, str]]:
    """(tag, text) of each element of the PDF's structure tree, in the tree's order, the order a
    screen reader reads in (pdfinfo -struct-text; no tree, no element)."""
    out = subprocess.run(["pdfinfo", "-struct-text", str(pdf)], capture_output=True, text=True, check=True).stdout
    elements: list[list[str]] = []
    open_ones: list[tuple[int, int]] = []  # (indent, index in elements) of the elements the next line may be inside
    for line in out.splitlines():
        indent, item = len(line) - len(line.lstrip()), line.strip()
        while open_ones and open_ones[-1][0] >= indent:
            open_ones.pop()
        if item.startswith('"'):
            for _, index in open_ones:
                elements[index].append(item[1:-1])
        elif item and not item.startswith("Object "):
            elements.append([item.split(" ")[0]])
            open_ones.append((indent, len(elements) - 1))
    return [(tag, " ".join(" ".join(texts).split())) for tag, *texts in elements]


def reading(pdf) -> str:
    """The text of the whole structure tree, in reading order."""
    return structure(pdf)[0][1]


def test_each_lettre_has_an_a4_pdf_with_its_text(built_site):
    pdf = built_site / "lettres" / "2" / "lettre-2.pdf"
    info = pdf_info(pdf)
    assert "A4" in info["Page size"]
    pages = int(info["Pages"])
    assert pages >= 1
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "La lettre N°02" in text and "Des résultats encourageants" in text and "1er juin 2022" in text
    assert "Annuaire" not in text and "Mentions légales" not in text  # no site navigation or footer
    assert "(https://example.org/page)" in "".join(text.split())  # link URLs written out on paper


def test_issue_page_links_its_pdf_with_pages_and_size(built_site):
    pdf = built_site / "lettres" / "2" / "lettre-2.pdf"
    pages = int(pdf_info(pdf)["Pages"])
    size_ko = round(pdf.stat().st_size / 1024)
    html = page(built_site, "/lettres/2/")
    noun = "page" if pages == 1 else "pages"
    assert f'<a href="/lettres/2/lettre-2.pdf" type="application/pdf">Version imprimable, PDF, {pages} {noun}, {size_ko}\u00a0Ko</a>' in html


def test_the_pdfs_are_tagged_pdf_ua_with_their_title_their_language_and_a_reading_order(built_site):
    lettre, annuaire = built_site / "lettres" / "2" / "lettre-2.pdf", built_site / "acteurs" / "annuaire.pdf"
    for pdf, title in ((lettre, "La lettre N°02\u00a0: Des résultats encourageants"),
                       (annuaire, "Annuaire de l'économie sociale et solidaire · Communauté de communes d'Essai")):
        info = pdf_info(pdf)
        assert info["Tagged"].strip() == "yes" and info["Title"].strip().startswith(title), pdf
        with pikepdf.open(pdf) as document:
            assert str(document.Root.Lang) == "fr" and document.Root.ViewerPreferences.DisplayDocTitle  # readers show the title
        assert 'pdfuaid:part="1"' in subprocess.run(["pdfinfo", "-meta", str(pdf)], capture_output=True, text=True, check=True).stdout
        report = pdfua.validate(str(pdf))  # the machine-checkable part of PDF/UA-1 that runs without a JVM
        assert report.findings == (), [finding.message for finding in report.findings]
    # the lettre: its title as the heading, then its sections in order, link text included
    headings = [(tag, text) for tag, text in structure(lettre) if tag in ("H1", "H2")]
    assert headings == [("H1", "Des résultats encourageants"), ("H2", "La gouvernance"), ("H2", "Les actions"),
                        ("H2", "L'avis du vice-président")]
    # the directory: the cover, the table of contents, then each sector and its actors, in print order;
    # the running title and page numbers are page furniture, not read
    text = reading(annuaire)
    order = ["Annuaire de l'économie sociale et solidaire", "Sommaire", "Le Jardin Complet (LJC)"]
    assert [text.index(words) for words in order] == sorted(text.index(words) for words in order)
    assert "1 / " not in text and text.count("Communauté de communes d'Essai ·") == 0
    assert [tag for tag, _ in structure(annuaire)].count("H1") == 1


def test_an_untagged_pdf_fails_the_checks_the_tagged_ones_pass(built_site, tmp_path, monkeypatch):
    """The checks above can fail: the same lettre typeset without the PDF/UA variant does."""
    monkeypatch.setattr(pdf_module, "PDF_VARIANT", None)
    build(Config(content=FIXTURE_SITE, output=tmp_path / "output", build_day=TODAY, cache=tmp_path / "cache", search=False))
    untagged = tmp_path / "output" / "lettres" / "2" / "lettre-2.pdf"
    assert pdf_info(untagged)["Tagged"].strip() == "no"
    assert {finding.rule_id for finding in pdfua.validate(str(untagged)).findings} >= {"UA-01-005", "UA-01-002", "UA-28-004"}  # no tree, not marked, no PDF/UA claim


def test_a_change_of_pdf_variant_typesets_the_cached_pdfs_again(tmp_path, monkeypatch):
    config = Config(content=FIXTURE_SITE, output=tmp_path / "output", build_day=TODAY, cache=tmp_path / "cache", search=False)
    with monkeypatch.context() as before:
        before.setattr(pdf_module, "PDF_VARIANT", None)  # as an earlier version of the generator typeset them
        build(config)
    report = build(config)
    assert (report.pdfs_made, report.pdfs_reused) == (3, 0)
    for pdf in [*(tmp_path / "output" / "lettres").rglob("*.pdf"), *(tmp_path / "output").rglob("annuaire.pdf")]:
        assert pdf_info(pdf)["Tagged"].strip() == "yes", pdf


def test_unchanged_lettres_are_not_typeset_again(tmp_path):
    config = Config(content=FIXTURE_SITE, output=tmp_path / "output", build_day=TODAY, cache=tmp_path / "cache")
    first = build(config)
    second = build(config)
    assert (first.pdfs_made, first.pdfs_reused) == (3, 0)
    assert (second.pdfs_made, second.pdfs_reused) == (0, 3)
    assert (tmp_path / "output" / "lettres" / "1" / "lettre-1.pdf").is_file()


def test_changed_lettre_is_typeset_again(tmp_path, content):
    config = Config(content=content, output=tmp_path / "output", build_day=TODAY, cache=tmp_path / "cache")
    build(config)
    lettre = content / "lettres" / "lettre-01.md"
    lettre.write_text(lettre.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")
    report = build(config)
    assert (report.pdfs_made, report.pdfs_reused) == (1, 2)


def test_missing_weasyprint_gets_a_french_explanation_and_no_crash(tmp_path, monkeypatch, capsys):
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("site précédent")
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if the package or its libraries were missing
    code = cli.main(["--content", str(FIXTURE_SITE), "--output", str(output)])
    err = capsys.readouterr().err
    assert code == 3
    assert "WeasyPrint ne peut pas produire les PDF des lettres" in err and "--sans-pdf" in err and "apt-get install" in err
    assert "Traceback" not in err
    assert (output / "index.html").read_text() == "site précédent"
    assert cli.main(["--content", str(FIXTURE_SITE), "--output", str(output), "--sans-pdf"]) == 0
    assert not (output / "lettres" / "2" / "lettre-2.pdf").exists()
    assert "Version imprimable" not in (output / "lettres" / "2" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("damage", ["PDF tronqué", "PDF remplacé", "fiche illisible", "fiche incomplète"])
def test_a_damaged_cached_pdf_is_typeset_again_and_never_published(tmp_path, damage):
    config = Config(content=FIXTURE_SITE, output=tmp_path / "output", build_day=TODAY, cache=tmp_path / "cache")
    build(config)
    cached = sorted((tmp_path / "cache" / "pdf").glob("*.pdf"))[0]
    record = cached.with_suffix(".json")
    if damage == "PDF tronqué":
        cached.write_bytes(cached.read_bytes()[: cached.stat().st_size // 2])
    elif damage == "PDF remplacé":
        cached.write_bytes(b"%PDF-1.7 pas un vrai document")
    elif damage == "fiche illisible":
        record.write_bytes(b"\xff\xfe\x00garbage")
    else:
        record.write_text('{"pages": "3"}')
    report = build(config)
    assert (report.pdfs_made, report.pdfs_reused) == (1, 2)
    for pdf in (tmp_path / "output" / "lettres").rglob("*.pdf"):
        assert int(pdf_info(pdf)["Pages"]) >= 1, pdf
    assert build(config).pdfs_made == 0  # made again, it is kept again


# ---------- What a printed lettre looks like ----------

A4_POINTS = (595.276, 841.89)
BAND = (0x08, 0x43, 0x3E)  # --primary-deep, the colour of « La lettre » on the web page


def pdf_text(pdf: Path, page: int, top: float = 0.0, height: float = 1.0) -> str:
    """The words of a horizontal strip of one page (fractions of the page's height), on one line."""
    width, full = A4_POINTS
    crop = ["-x", "0", "-y", str(int(full * top)), "-W", str(int(width)), "-H", str(int(full * height))]
    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), *crop, str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def pdf_image(pdf: Path, page: int, tmp: Path, dpi: int = 30, gray: bool = False) -> Image.Image:
    """One page as pixels, the way a reader's screen or printer shows it."""
    out = tmp / f"page-{page}-{dpi}-{'gray' if gray else 'rgb'}"
    subprocess.run(["pdftoppm", "-r", str(dpi), *(["-gray"] if gray else []), "-png", "-singlefile",
                    "-f", str(page), "-l", str(page), str(pdf), str(out)], check=True)
    return Image.open(f"{out}.png").convert("L" if gray else "RGB")


def luminance(grey: int) -> float:
    """WCAG relative luminance of a grey level."""
    c = grey / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def contrast(a: int, b: int) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def band_rows(image: Image.Image) -> list[int]:
    """Rows where most of the text width is the masthead's colour."""
    px = image.load()
    left, right = int(image.width * 0.1), int(image.width * 0.9)

    def is_band(x, y):
        return all(abs(c - b) < 24 for c, b in zip(px[x, y], BAND))

    return [y for y in range(image.height) if sum(is_band(x, y) for x in range(left, right)) > 0.8 * (right - left)]


def test_a_printed_lettre_opens_with_the_site_s_masthead(built_site):
    pdf = built_site / "lettres" / "2" / "lettre-2.pdf"
    top = pdf_text(pdf, page=1, height=0.3)
    for words in ("L'ESS en CCE", "Communauté de communes d'Essai", "La lettre N°02", "1er juin 2022", "Des résultats encourageants"):
        assert words in top, words


def test_the_masthead_is_a_band_in_the_site_colours_that_stays_legible_in_black_and_white(built_site, tmp_path):
    pdf = built_site / "lettres" / "2" / "lettre-2.pdf"
    image = pdf_image(pdf, 1, tmp_path)
    rows, page_height = band_rows(image), image.height
    assert rows and rows[0] < 0.1 * page_height, "pas de bandeau de couleur en haut de la page 1"
    assert 0.06 * page_height < rows[-1] - rows[0] < 0.2 * page_height
    # Printed in black and white: the band turns dark grey, its text stays light enough to read
    grey = pdf_image(pdf, 1, tmp_path, dpi=60, gray=True)
    band = grey.crop((int(grey.width * 0.1), rows[0] * 2, int(grey.width * 0.9), rows[-1] * 2))
    histogram = band.histogram()
    counts = [sum(histogram[: level + 1]) for level in range(256)]
    background = next(level for level, count in enumerate(counts) if count >= counts[-1] / 2)  # median
    text = max(level for level, count in enumerate(histogram) if count)  # lightest: the band's text
    assert background < 100 and contrast(background, text) >= 4.5, (background, text)


LONG_LETTRE = """---
numero: 4
titre: Un numéro de deux pages
date: 2023-03-15
resume: Assez de texte pour remplir une page et demie.
---
""" + "\n".join(
    f"""## Chantier numéro {n}

Le collectif a réuni ses membres pour faire le point sur ce chantier. Les associations ont présenté
leurs projets, les partenaires ont dit ce qu'ils pouvaient apporter, et chacun est reparti avec une
liste de choses à faire avant la prochaine rencontre, prévue au printemps dans une autre commune.

Les habitants peuvent suivre l'avancement du chantier sur le site et participer aux ateliers ouverts.
Plusieurs emplois ont déjà été créés, d'autres suivront si les financements demandés sont accordés
par la Région et le Département, comme les élus l'ont laissé entendre lors de la dernière réunion.
"""
    for n in range(1, 10)
)


@pytest.fixture(scope="module")
def long_lettre(tmp_path_factory) -> Path:
    """The PDF of a lettre that runs over to a second page."""
    root = tmp_path_factory.mktemp("long")
    shutil.copytree(FIXTURE_SITE, root / "content")
    (root / "content" / "lettres" / "lettre-04.md").write_text(LONG_LETTRE, encoding="utf-8")
    build(Config(content=root / "content", output=root / "output", build_day=TODAY, cache=root / "cache"))
    return root / "output" / "lettres" / "4" / "lettre-4.pdf"


def test_pages_after_the_first_say_which_lettre_they_belong_to(long_lettre):
    assert int(pdf_info(long_lettre)["Pages"]) == 2
    header = pdf_text(long_lettre, page=2, height=0.05)  # the top margin
    assert "L'ESS en CCE" in header and "La lettre N°04" in header and "15 mars 2023" in header
    assert pdf_text(long_lettre, page=1, height=0.05) == ""  # page 1 has the masthead instead
    assert "1 / 2" in pdf_text(long_lettre, page=1, top=0.95, height=0.05)  # page numbers
    assert "2 / 2" in pdf_text(long_lettre, page=2, top=0.95, height=0.05)


def column_bottoms(image: Image.Image) -> tuple[int | None, int | None]:
    """Lowest inked row of the left and right halves of the text area (page number left out)."""
    px = image.load()
    margin, middle, bottom = int(image.width * 16 / 210), image.width // 2, int(image.height * (1 - 18 / 297))

    def lowest(x0, x1):
        return next((y for y in range(bottom, -1, -1) if any(px[x, y] < 128 for x in range(x0, x1))), None)

    return lowest(margin, middle - 2), lowest(middle + 2, image.width - margin)


def test_the_last_page_s_two_columns_end_level(long_lettre, tmp_path):
    image = pdf_image(long_lettre, int(pdf_info(long_lettre)["Pages"]), tmp_path, dpi=40, gray=True)
    left, right = column_bottoms(image)
    assert left and right, "une colonne vide sur la dernière page"
    assert abs(left - right) < 0.08 * image.height, (left, right)

