"""`build.py importer ban`: the BAN's address file -> `lat`/`lon` added to the actors whose address
it knows, in one run that writes every file or none.

Stages: the content as it is (valid, or the import is refused) -> the streets the actors name ->
the BAN file read in one streaming pass -> each actor matched (match.py) -> the edited files
checked as a build would check them, in a copy -> written into content/actors/ in one step
(tools/content_files.py) -> the report.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..content.load import ACTORS_DIR
from ..content.validate import read_content
from ..problems import ContentErrors, ImportRefused
from ..sirene.command import actor_files, check_result
from ..sirene.merge import ActorFile, edited_text
from ..tools.content_files import remove_leftovers, write_all_or_nothing
from .match import ALREADY, PLACED, Outcome, match_actor, wanted_streets
from .read import read_addresses
from .report import BanReport


@dataclass(frozen=True)
class BanRequest:
    content: Path
    adresses: Path
    build_day: date = field(default_factory=date.today)  # the day "future" dates are judged against, as in Config


def run_import(request: BanRequest, progress: Callable | None = None) -> BanReport:
    left = remove_leftovers(request.content / ACTORS_DIR)  # a killed import's: content/actors/ is whole, old or new
    try:
        content = read_content(request.content, request.build_day)
    except ContentErrors as errors:
        raise ImportRefused([str(problem) for problem in errors.problems]
                             + ["le contenu a des erreurs : corrigez-les avant d'importer"]) from None
    actors = sorted(content.actors, key=lambda actor: actor.path.name)
    communes = {c.insee for c in content.territory.communes}
    reading = (lambda fraction, rows: progress("adresses", fraction, rows)) if progress else None
    found = read_addresses(request.adresses, communes, wanted_streets(actors), reading)
    if not found.communes:
        raise ImportRefused([f"{request.adresses} : aucune adresse des communes du territoire dans ce fichier ; "
                              "il faut celui du département du territoire (adresses-<département>.csv.gz)"])
    files = actor_files(content)
    written = {file.actor.path for file in files if {"lat", "lon"} & set(file.lines)}  # even empty: never a second lat line
    outcomes = tuple(Outcome(actor, ALREADY) if actor.path in written else match_actor(actor, found) for actor in actors)
    files = placed_files(files, outcomes)
    check_result(request.content, files)
    write_all_or_nothing(request.content / ACTORS_DIR, files, progress)
    return BanReport(request.adresses, found.rows, outcomes, tuple(left))


def placed_files(files: list[ActorFile], outcomes: tuple[Outcome, ...]) -> dict[Path, str]:
    """Each placed actor's file with its `lat` and `lon` lines added; every other byte kept."""
    by_path = {file.actor.path: file for file in files}
    return {o.actor.path: edited_text(by_path[o.actor.path], {"lat": o.point.lat, "lon": o.point.lon}, {})
            for o in outcomes if o.status == PLACED}
