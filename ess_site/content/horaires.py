"""Opening hours: OpenStreetMap's `opening_hours` syntax (the one data·inclusion asks for), read
by opening-hours-py, a maintained parser, and turned into a French week table.

The build does not know the hour a citizen reads the page: the table carries each day's open
intervals, and assets/horaires.js says « Ouvert maintenant » or « Fermé » in the browser. Rules
that change over the year (months, weeks, dates) have no single week: the page then shows the
expression as written, without a table.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import opening_hours

DAY_NAMES = ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche")
# The year whose weeks are compared to tell a weekly rule from a seasonal one (Mondays of 2024).
FIRST_MONDAY = date(2024, 1, 1)
WEEKS_COMPARED = 52
MINUTES_PER_DAY = 24 * 60
OSM_EXAMPLE = "Mo-Fr 09:00-12:00,14:00-17:30; Sa 10:00-12:00"

# What French editors type instead of OSM's syntax, for the proposal in the message.
FRENCH_DAYS = {"lu": "Mo", "ma": "Tu", "me": "We", "je": "Th", "ve": "Fr", "sa": "Sa", "di": "Su"}
FRENCH_DAY = re.compile(r"\b(lun|mar|mer|jeu|ven|sam|dim)[a-z.]*|\b(lu|ma|me|je|ve|sa|di)\b", re.IGNORECASE)
FRENCH_TIME = re.compile(r"\b([0-9]{1,2}) ?h ?([0-9]{2})?\b")
BARE_HOURS = re.compile(r"(?<![0-9:])([0-9]{1,2}) ?- ?([0-9]{1,2})(?![0-9:])")  # "9-12"


@dataclass(frozen=True)
class Interval:
    start: int  # minutes since midnight
    end: int  # up to 1440 (midnight, the day's end)
    comment: str = ""  # the expression's quoted comment ("sur rendez-vous")


@dataclass(frozen=True)
class Day:
    name: str  # "Lundi"
    weekday: int  # as JavaScript's Date.getDay() counts: 0 is Sunday
    intervals: tuple[Interval, ...]

    @property
    def data(self) -> str:
        """The open intervals for assets/horaires.js: "540-720 840-1050"."""
        return " ".join(f"{i.start}-{i.end}" for i in self.intervals)


@dataclass(frozen=True)
class Week:
    days: tuple[Day, ...]  # Monday first
    regular: bool  # the same every week of the year: the table says it all


def refusal(text: str) -> str | None:
    """Why the parser refuses `text` (in French), or None when it reads it."""
    try:
        opening_hours.OpeningHours(text)
    except opening_hours.ParserError as error:
        found = re.search(r"--> *[0-9]+:([0-9]+)", str(error))
        where = f" (erreur au caractère {found[1]})" if found else ""
        meant = osm_form(text)
        hint = f"voulez-vous dire « {meant} » ? " if meant else ""
        return f"« {text} » n'est pas au format opening_hours d'OpenStreetMap{where} ; {hint}par exemple « {OSM_EXAMPLE} »"
    return None


def osm_form(text: str) -> str | None:
    """The OSM form of hours written the French way ("Lu-Ve 9h-12h"), if the parser reads it."""
    meant = FRENCH_DAY.sub(lambda m: FRENCH_DAYS[(m[1] or m[2])[:2].lower()], text)
    meant = FRENCH_TIME.sub(lambda m: f"{int(m[1]):02d}:{m[2] or '00'}", meant)
    meant = BARE_HOURS.sub(lambda m: f"{int(m[1]):02d}:00-{int(m[2]):02d}:00", meant)
    meant = re.sub(r" ?/ ?", ",", re.sub(r" (?:à|a) ", "-", meant))
    meant = re.sub(r" ?- ?", "-", meant)
    if meant == text:
        return None
    try:
        opening_hours.OpeningHours(meant)
    except opening_hours.ParserError:
        return None
    return meant


@lru_cache(maxsize=1024)
def week_of(text: str) -> Week:
    """The week table of a valid expression (public holidays aside: no country is given)."""
    parsed = opening_hours.OpeningHours(text)
    weeks = [week_intervals(parsed, FIRST_MONDAY + timedelta(weeks=n)) for n in range(WEEKS_COMPARED)]
    days = tuple(Day(name, (index + 1) % 7, weeks[1][index]) for index, name in enumerate(DAY_NAMES))
    return Week(days, all(week == weeks[0] for week in weeks))


def week_intervals(parsed, monday: date) -> tuple[tuple[Interval, ...], ...]:
    """The open intervals of the week starting `monday`, cut at each midnight."""
    start = datetime.combine(monday, datetime.min.time())
    days: list[list[Interval]] = [[] for _ in DAY_NAMES]
    # From the day before: Sunday night's hours that run past midnight open Monday.
    for begin, end, state, comment in parsed.intervals(start - timedelta(days=1), start + timedelta(days=7)):
        if str(state) != "open":
            continue
        begin, end = max(begin, start), min(end, start + timedelta(days=7))
        while begin < end:
            index = (begin - start).days
            midnight = start + timedelta(days=index + 1)
            stop = min(end, midnight)
            days[index].append(Interval(minutes(begin - start - timedelta(days=index)),
                                        minutes(stop - start - timedelta(days=index)), comment))
            begin = stop
    return tuple(tuple(day) for day in days)


def minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)
