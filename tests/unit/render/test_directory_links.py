"""Printed directories' links: only the pages given one are copied (render/directory.py). Before,
every /acteurs/ and commune page was copied at each build, PDFs or not (23-57 ms of the
preview's narrow build at 20 000 actors, with --sans-pdf)."""

from datetime import date

from ess_site import urls
from ess_site.config import Config
from ess_site.pipeline import check
from ess_site.render import pages
from ess_site.render.directory import LINKED_FROM, DirectoryPdf, attach_directories
from ess_site.render.pdf import Pdf
from tests.conftest import FIXTURE_SITE


def linking_pages():
    table = pages.page_table(check(Config(content=FIXTURE_SITE, build_day=date(2026, 11, 22))))
    return table, [page for page in table if page.template in LINKED_FROM]


def test_without_a_printed_directory_the_pages_are_the_table_s_own_and_say_none():
    table, linking = linking_pages()
    assert linking and all(page.context["directory_pdf"] is None for page in linking)
    attached = attach_directories(table, {})
    assert all(page is before for page, before in zip(attached, table, strict=True))


def test_only_the_pages_given_a_printed_directory_are_copies_and_they_link_it():
    table, _ = linking_pages()
    pdf = Pdf(b"%PDF-", 2)
    attached = attach_directories(table, {urls.directory_pdf(): pdf})
    copies = [page for page, before in zip(attached, table, strict=True) if page is not before]
    assert [page.url for page in copies] == [page.url for page in table if page.template == "actors.html"]
    assert all(page.context["directory_pdf"] == DirectoryPdf(urls.directory_pdf(), 5, 2) for page in copies)
