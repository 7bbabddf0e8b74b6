"""Compute stage: how old the data of some actors is, from the dates their files give
(`date_source`: the day the editor checked them, or the stock date of the Sirene register the
import wrote). Pure. The printed directory, /donnees/ and the open data files say these dates,
and the build day only as the day they were made: a file rebuilt today holds data of an older day.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..content.model import Actor


@dataclass(frozen=True)
class DataDates:
    earliest: date | None  # None when no actor gives its date
    latest: date | None
    dated: int  # actors that give their date
    total: int

    @property
    def all_dated(self) -> bool:
        return self.dated == self.total

    def as_json(self) -> dict | None:
        """For the open data files: null when no actor gives its date (never the build day instead)."""
        if self.latest is None:
            return None
        return {"plus_ancienne": self.earliest.isoformat(), "plus_recente": self.latest.isoformat(),
                "acteurs_dates": self.dated, "acteurs": self.total}


def data_dates(actors: Iterable[Actor]) -> DataDates:
    days, total = [], 0
    for actor in actors:
        total += 1
        if actor.date_source is not None:
            days.append(actor.date_source)
    return DataDates(min(days, default=None), max(days, default=None), len(days), total)
