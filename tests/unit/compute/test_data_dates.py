"""The date of the data: from the dates the actors' files give, never the build day."""

from datetime import date

from ess_site.compute.data_dates import DataDates, data_dates
from ess_site.compute.directory import directories
from tests.unit.compute.test_directory import CARVIN, DAY, actor, site


def test_the_dates_the_files_give_their_span_and_how_many_give_one():
    found = data_dates([actor("Un", "commerce", date_source=date(2025, 3, 1)), actor("Deux", "commerce"),
                        actor("Trois", "sante", date_source=date(2026, 10, 31))])
    assert found == DataDates(date(2025, 3, 1), date(2026, 10, 31), 2, 3)
    assert found.as_json() == {"plus_ancienne": "2025-03-01", "plus_recente": "2026-10-31", "acteurs_dates": 2, "acteurs": 3}


def test_no_date_given_is_no_date_not_the_build_day():
    found = data_dates([actor("Un", "commerce")])
    assert (found.latest, found.as_json()) == (None, None)
    assert site(actor("Un", "commerce")).data_dates.latest is None  # the site is built on DAY, the data has no date


def test_each_printed_directory_says_the_dates_of_its_own_actors():
    whole, carvin, henin = directories(site(actor("Abeille", "commerce", CARVIN), actor("Zèbre", "commerce", date_source=date(2026, 9, 1))))
    assert [(d.place, d.data_dates.latest, d.build_day) for d in (whole, carvin, henin)] == [
        ("Communauté d'essai", date(2026, 9, 1), DAY), ("Carvin", None, DAY), ("Hénin-Beaumont", date(2026, 9, 1), DAY)]
