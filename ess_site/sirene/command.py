"""`build.py importer sirene`: the register's files -> content/actors/, in one run that writes
every file or none.

Stages: the content as it is (valid, or the import is refused) -> the establishments of the
territory (and of the directory's sirets), their legal units and points, each file read in one
streaming pass -> Establishments -> the merge plan -> the new content checked as a build would
check it, in a copy -> written into content/actors/ in one step (tools/content_files.py) -> the report.
"""

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..content.frontmatter import normalized
from ..content.load import ACTORS_DIR, markdown_document
from ..content.model import Content, Territory
from ..content.validate import read_content
from ..geography import official_geography
from ..problems import ContentErrors, ImportRefused
from ..tools.content_files import remove_leftovers, write_all_or_nothing, write_one_file
from . import columns
from .centres import CENTRES_FILE, centres_file, commune_centres
from .merge import ActorFile, Merge, plan_import
from .names import place_names
from .read import Progress, read_rows
from .report import ImportReport
from .select import Establishment, establishment, public_point


@dataclass(frozen=True)
class ImportRequest:
    content: Path
    etablissements: Path
    unites_legales: Path
    geolocalisation: Path | None = None
    update: bool = False  # --mettre-a-jour: the register's values replace the editor's
    build_day: date = field(default_factory=date.today)  # the day "future" dates are judged against, as in Config


def run_import(request: ImportRequest, progress: Callable | None = None) -> ImportReport:
    left = remove_leftovers(request.content / ACTORS_DIR)  # a killed import's: content/actors/ is whole, old or new
    content = current_content(request)
    rows, read = read_establishments(request, content, progress)
    register, located = establishments(request, content, rows, progress)
    stock_date = max((date.fromisoformat(row["dateDernierTraitementEtablissement"][:10]) for row in rows
                      if row.get("dateDernierTraitementEtablissement")), default=request.build_day)
    merge = Merge(content.territory, request.content / ACTORS_DIR, stock_date, request.update)
    plan = plan_import(actor_files(content), register, merge)
    centres = centres_change(request.content, commune_centres(located, content.territory), stock_date)
    check_result(request.content, plan.files | centres)
    # The centres first, in one rename of their own: a kill before the actors' swap leaves new
    # centres with the old actors, which is valid content, and the next import completes it.
    for path, text in centres.items():
        write_one_file(path, text)
    write_all_or_nothing(request.content / ACTORS_DIR, plan.files, progress)
    communes = {c.insee for c in content.territory.communes}
    selected = sum(1 for e in register.values() if e.listed_in(communes))
    return ImportReport(read, selected, stock_date, plan, tuple(left))


def current_content(request: ImportRequest) -> Content:
    try:
        return read_content(request.content, request.build_day)
    except ContentErrors as errors:
        raise ImportRefused([str(problem) for problem in errors.problems]
                            + ["le contenu a des erreurs : corrigez-les avant d'importer"]) from None


def read_establishments(request: ImportRequest, content: Content, progress) -> tuple[list[dict], int]:
    """The establishments of the territory's communes, and those the directory names by siret."""
    territory = content.territory
    codes = {c.insee for c in territory.communes}
    codes |= {old for old, current in official_geography().aliases.items() if current in codes}  # as the register may write them
    rows, read = read_rows(request.etablissements, columns.ETABLISSEMENTS,
                           {"codeCommuneEtablissement": codes, "siret": listed_sirets(content)}, step(progress, "établissements"))
    present = {official_geography().current(row["codeCommuneEtablissement"]) for row in rows}
    if absent := uncovered(territory, present):
        raise ImportRefused([f"{request.etablissements} : aucun établissement pour {', '.join(absent)} ; vérifiez "
                             + ("que le fichier couvre ces départements" if territory.perimetre else
                                "le code INSEE de ces communes dans territoire.yaml, et que le fichier couvre leur département")])
    return rows, read


def uncovered(territory: Territory, present: set[str]) -> list[str]:
    """What the file seems not to cover: communes typed by hand (a wrong code), or whole départements
    of a perimeter (a file of another département): small communes may have no establishment."""
    if territory.perimetre is None:
        return [f"{c.nom} ({c.insee})" for c in territory.communes if c.insee not in present]
    covered = {c.departement for c in territory.communes if c.insee in present}
    names = official_geography().departements
    return [f"le département {names[code][0]} ({code})" for code in sorted({c.departement for c in territory.communes} - covered)]


def establishments(request: ImportRequest, content: Content, rows: list[dict], progress
                   ) -> tuple[dict[str, Establishment], list[tuple[str, float, float]]]:
    """siret -> Establishment, for the ESS establishments read and those the directory names; and
    the (commune, lat, lon) of every establishment read that has a public point (commune centres)."""
    units, _ = read_rows(request.unites_legales, columns.UNITES_LEGALES, {"siren": {row["siren"] for row in rows}},
                         step(progress, "unités légales"))
    by_siren = {unit["siren"]: unit for unit in units}
    points = geolocation(request, {row["siret"] for row in rows}, progress) if request.geolocalisation else {}
    places = place_names([c.nom for c in content.territory.communes])
    known = listed_sirets(content)
    register, located = {}, []
    for row in rows:
        if (point := public_point(row, points.get(row["siret"]))) is not None:
            located.append((official_geography().current(row["codeCommuneEtablissement"]), *point))
        unit = by_siren.get(row["siren"])
        if unit is not None:
            found = establishment(row, unit, points.get(row["siret"]), places)
            if found.in_ess or found.siret in known:
                register[found.siret] = found
    return register, located


def centres_change(folder: Path, centres: dict, stock_date: date) -> dict[Path, str]:
    """content/centres-communes.yaml and its new text, when it changes."""
    path = folder / CENTRES_FILE
    text = centres_file(centres, stock_date) if centres else None
    return {path: text} if text and (not path.exists() or path.read_text(encoding="utf-8") != text) else {}


def listed_sirets(content: Content) -> set[str]:
    return {actor.siret for actor in content.actors if actor.siret}


def geolocation(request: ImportRequest, sirets: set[str], progress) -> dict[str, tuple[float, float]]:
    rows, _ = read_rows(request.geolocalisation, columns.GEOLOCALISATION, {"siret": sirets}, step(progress, "géolocalisation"))
    points = {}
    for row in rows:
        try:
            points[row["siret"]] = (float(row["y_latitude"]), float(row["x_longitude"]))
        except (TypeError, ValueError):
            continue  # no point for this establishment: Lambert 93 or the commune's centre
    return points


def actor_files(content: Content) -> list[ActorFile]:
    files = []
    for actor in content.actors:
        text = actor.path.read_bytes().decode("utf-8")  # as it is: a BOM and CRLF line endings are kept
        document = markdown_document(actor.path, normalized(text), [])
        files.append(ActorFile(actor, text, dict(document.fields.lines)))
    return files


def check_result(folder: Path, files: dict[Path, str]) -> None:
    """The content as the import would leave it must pass the build's checks: tried in a copy."""
    with tempfile.TemporaryDirectory() as temporary:
        copy = Path(temporary) / "content"
        shutil.copytree(folder, copy)
        for path, text in files.items():
            (copy / path.relative_to(folder)).write_text(text, encoding="utf-8")
        try:
            read_content(copy, date.today())
        except ContentErrors as errors:
            raise ImportRefused([f"{problem.path.relative_to(copy)}:{problem.line}: {problem.message}" for problem in errors.problems]
                                + ["l'import produirait ces erreurs : rien n'a été écrit ; signalez-le à l'équipe technique"]) from None


def step(progress, label: str) -> Progress | None:
    return (lambda fraction, rows: progress(label, fraction, rows)) if progress else None
