"""Render stage: long lists cut into pages of a fixed size, with numbered links.

Each page of a list is a Page of its own holding only its slice, so a list page weighs the same
at 100 actors or 200 000 (issue 23: ≤ 150 KB, ≤ 1 500 DOM nodes) and an edited card re-renders
only the pages that show it (incremental/fingerprint.py digests each page's context).
"""

from dataclasses import dataclass

from .. import urls

PAGE_SIZE = 50  # actor cards per page: about 30 KB of HTML and 500 elements
INDEX_PAGE_SIZE = 200  # entries per page of an index (communes, secteurs…): one line each
AROUND = 2  # numbered links shown on each side of the current page


@dataclass(frozen=True)
class Pager:
    """Where one page sits in its list: what its numbered links need, nothing of the items."""

    url: str  # the list's first page
    number: int
    count: int  # pages in the list

    def link(self, number: int) -> str:
        return urls.paged(self.url, number)

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.count else None

    @property
    def numbers(self) -> tuple[int | None, ...]:
        """The page numbers to link: the first, the last and those around this one; None
        where numbers are left out (shown as …), so 4 000 pages make a dozen links."""
        shown = sorted({1, self.count} | set(range(max(1, self.number - AROUND), min(self.count, self.number + AROUND) + 1)))
        numbers: list[int | None] = []
        for number in shown:
            if numbers and number - numbers[-1] == 2:
                numbers.append(number - 1)  # a gap of one page: its number takes no more room than "…"
            elif numbers and number - numbers[-1] > 2:
                numbers.append(None)
            numbers.append(number)
        return tuple(numbers)


def cut(items: tuple, size: int) -> list[tuple]:
    """The items in slices of `size`; an empty list still has its (empty) first page."""
    return [items[start:start + size] for start in range(0, len(items), size)] or [()]


def page_title(title: str, number: int, count: int) -> str:
    """Each page of a list has its own title: 'Communes, page 2 sur 7' (the first keeps its own)."""
    return title if number == 1 else f"{title}, page {number} sur {count}"
