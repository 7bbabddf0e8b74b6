"""render/data_files.py gives the open-data files' pieces without writing anything; joined as
incremental/data_cache.py joins them, they make valid files."""

import csv
import io
import json
from datetime import date

from ess_site.config import Config
from ess_site.pipeline import check
from ess_site.render.data_files import ACTOR_FILES, actor_lines, closings, openings, whole_files
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
