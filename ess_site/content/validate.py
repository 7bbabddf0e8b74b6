"""Load and validate stages together: content/ -> Content (Territory, Actors, Lettres).

Every file is checked, each failed check a Problem at the line of the field, then the checks
across files (a SIRET used twice, cited actors, the site address the lettres need). A file with
problems is left out, but its siblings are still checked, and all problems are raised at once.
"""

from collections.abc import Callable
from datetime import date
from pathlib import Path

from ..allocation import collector_paused
from ..geography import release
from ..problems import ContentErrors, Problem
from .actors import read_actors
from .lettres import validate_lettres
from .load import Documents, load_documents, load_markdown_file
from .model import Actor, Content, Territory
from .territory import validate_territory


def read_content(folder: Path, build_day: date, jobs: int = 1, reuse: Callable[[list[Path]], list[Path | Actor]] | None = None,
                 listed: Callable[[Path], list[Path] | None] | None = None, territory: Territory | None = None) -> Content:
    """The validated content of `folder`, or ContentErrors with every problem found. `reuse` may
    give, for the actor files, the actors unchanged files were read as by an earlier build, `listed` that build's
    listing of the actor files (incremental/actor_cache.py), `territory` the territory it
    validated from the same files (a région's communes: 30 ms at every edit)."""
    problems: list[Problem] = []
    with collector_paused():  # 20 000 actors made or reused: no cycles among them (allocation.py)
        documents = load_documents(folder, problems, reuse, listed, read_territory=territory is None)
        content = validate_documents(documents, problems, build_day, jobs, territory)
    release()  # the communes of France served to validate territoire.yaml only
    if problems or content is None:
        raise ContentErrors(problems)
    return content


def validate_documents(documents: Documents, problems: list[Problem], build_day: date, jobs: int = 1,
                       territory: Territory | None = None) -> Content | None:
    """Documents -> Content; each invalid document is left out (None without a valid territory).
    `territory`: already validated from the files documents.territory would be read from."""
    if territory is None:
        territory = validate_territory(documents.territory, problems, documents.centres) if documents.territory else None
    paths = [item for item in documents.actors if isinstance(item, Path)]
    read = dict(zip(paths, read_actors(paths, territory, problems, build_day, jobs)))
    by_slug = {item.stem if isinstance(item, Path) else item.slug: read[item] if isinstance(item, Path) else item
               for item in documents.actors}
    actors = [actor for actor in by_slug.values() if actor]
    check_unique_sirets(actors, problems)
    lettres = validate_lettres(documents.lettres, by_slug, problems)
    if territory and lettres and not territory.url_site and documents.territory:  # (a known territory has one: pipeline.py)
        problems.append(Problem(documents.territory.path, documents.territory.fields.line,
                                "le champ « url_site » manque : le flux Atom et les courriels des lettres en ont besoin"))
    return Content(territory, tuple(actors), tuple(lettres)) if territory else None


def check_unique_sirets(actors: list[Actor], problems: list[Problem]) -> None:
    """Two files with one SIRET describe the same establishment twice: each file is told."""
    sirets = [actor.siret for actor in actors if actor.siret]
    if len(set(sirets)) == len(sirets):  # the usual case: 3 ms at 20 000 actors, at each preview edit (grouping them all: 10-20 ms)
        return
    owners: dict[str, list[Actor]] = {}
    for actor in actors:
        if actor.siret:
            owners.setdefault(actor.siret, []).append(actor)
    for siret, group in owners.items():
        for actor in group if len(group) > 1 else ():
            others = ", ".join(str(other.path) for other in group if other is not actor)
            problems.append(Problem(actor.path, siret_line(actor.path), f"siret {siret} en double : aussi dans {others}"))


def siret_line(path) -> int:
    """The line of a file's siret field: read again, since its actor may come from the cache."""
    doc = load_markdown_file(path, [])
    return doc.fields.lines.get("siret", 1) if doc else 1
