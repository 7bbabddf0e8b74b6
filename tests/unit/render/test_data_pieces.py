"""render/data_files.py gives the open-data files' pieces without writing anything; joined as
incremental/data_cache.py joins them, they make valid files."""

import csv
import io
import json
from datetime import date

from ess_site.config import Config
from ess_site.pipeline import check
from ess_site.render import data_files
from ess_site.render.data_files import ACTOR_FILES, actor_lines, closings, lines_of, openings, whole_files
from tests.conftest import FIXTURE_SITE


def joined(site, name: str) -> str:
    index = ACTOR_FILES.index(name)
    lines = [actor_lines(actor, card, site)[index].decode("utf-8") for actor, card in zip(site.actors, site.cards)]
    separator = "" if name.endswith(".csv") else ",\n"
    return openings(site)[name] + separator.join(line for line in lines if line) + closings({name: len(lines)} | dict.fromkeys(
        ACTOR_FILES, 1))[name]


def test_the_pieces_make_valid_files_with_one_record_per_published_actor():
    site = check(Config(content=FIXTURE_SITE, build_day=date(2026, 11, 22)))
    assert [row["nom"] for row in csv.DictReader(io.StringIO(joined(site, "acteurs.csv")))] == [a.nom for a in site.actors]
    assert [a["nom"] for a in json.loads(joined(site, "acteurs.json"))["acteurs"]] == [a.nom for a in site.actors]
    assert len(json.loads(joined(site, "acteurs.geojson"))["features"]) == len(site.actors)
    assert json.loads(whole_files(site)["chiffres.json"])["date"] == "2026-11-22"


def test_lines_made_over_several_processes_come_back_in_the_order_asked(monkeypatch):
    """A cold build makes the actors' lines in forked workers: each actor keeps its own lines."""
    site = check(Config(content=FIXTURE_SITE, build_day=date(2026, 11, 22)))
    monkeypatch.setattr(data_files, "PARALLEL_FROM", 2)
    monkeypatch.setattr(data_files, "STEP", 1)  # one task per actor, so that order across workers matters
    wanted = [index for index in reversed(range(len(site.actors))) if index != 1]
    expected = [actor_lines(site.actors[index], site.cards[index], site) for index in wanted]
    assert list(lines_of(site, wanted, jobs=2)) == expected
    assert list(lines_of(site, wanted, jobs=1)) == expected
