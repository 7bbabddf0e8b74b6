"""The lettres as PDF: WeasyPrint typesets A4 pages from the same HTML and print stylesheet."""

import subprocess
import sys

import pytest

from ess_site import cli
from ess_site.config import Config
from ess_site.pipeline import build
from tests.conftest import FIXTURE_SITE, TODAY
from tests.test_build import page


def pdf_info(path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


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


def test_unchanged_lettres_are_not_typeset_again(tmp_path):
    config = Config(content=FIXTURE_SITE, output=tmp_path / "output", today=TODAY, cache=tmp_path / "cache")
    first = build(config)
    second = build(config)
    assert (first.pdfs_made, first.pdfs_reused) == (3, 0)
    assert (second.pdfs_made, second.pdfs_reused) == (0, 3)
    assert (tmp_path / "output" / "lettres" / "1" / "lettre-1.pdf").is_file()


def test_changed_lettre_is_typeset_again(tmp_path, content):
    config = Config(content=content, output=tmp_path / "output", today=TODAY, cache=tmp_path / "cache")
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
    config = Config(content=FIXTURE_SITE, output=tmp_path / "output", today=TODAY, cache=tmp_path / "cache")
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
