"""Printing a lettre from Chromium gives an A4 letter without the site around it."""

import subprocess

import pytest

pytestmark = pytest.mark.browser


def test_printing_a_lettre_gives_a4_pages_without_site_navigation(page, base_url, tmp_path):
    page.goto(base_url + "/lettres/2/")
    pdf = tmp_path / "lettre-2.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "pts (A4)" in info  # Chromium rounds A4 to 594.96 x 841.92 pts; pdfinfo still names it A4
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "La lettre N°02" in text and "Des résultats encourageants" in text and "1er juin 2022" in text
    for site_chrome in ("Aller au contenu", "Annuaire", "Secteurs d'activité", "Mentions légales", "Fil d'Ariane",
                        "Tous les numéros", "Version imprimable"):
        assert site_chrome not in text, site_chrome
    assert "(https://example.org/page)" in "".join(text.split())  # link URLs written out on paper
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    assert f"1 / {pages}" in text  # page numbers in the margin
