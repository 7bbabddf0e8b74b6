"""Long lists cut into pages (ess_site/render/pagination.py)."""

from ess_site.render.pagination import Pager, cut, page_title


def test_the_first_page_keeps_the_list_address():
    pager = Pager("/acteurs/", 1, 3)
    assert [pager.link(n) for n in (1, 2, 3)] == ["/acteurs/", "/acteurs/page/2/", "/acteurs/page/3/"]
    assert (pager.previous, pager.next) == (None, 2)


def test_thousands_of_pages_make_a_dozen_links():
    assert Pager("/acteurs/", 2000, 4400).numbers == (1, None, 1998, 1999, 2000, 2001, 2002, None, 4400)
    assert Pager("/acteurs/", 4, 9).numbers == (1, 2, 3, 4, 5, 6, None, 9)  # a one-page gap shows its number


def test_slices_and_titles():
    assert cut(tuple(range(5)), 2) == [(0, 1), (2, 3), (4,)] and cut((), 50) == [()]
    assert page_title("Communes", 1, 7) == "Communes" and page_title("Communes", 2, 7) == "Communes, page 2 sur 7"
