"""The register's establishments merged into the directory, never over what an editor wrote. Pure.

An actor of content/actors/ is matched by its siret, else by its name and commune. It keeps
every field and its whole description: the import only adds the fields it lacks, and lists the
differences it finds, unless asked to update (then the register's values replace the editor's,
but never the name or the description). An establishment of the territory that no actor
matches gets a new file, with where its data came from and when, and no invented description.
"""

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..content.model import Actor, Territory
from ..content.schema import ACTOR_FIELDS
from ..urls import slugify
from .select import Establishment

SOURCE = "Insee, répertoire Sirene"
# Fields the register knows, in the contract's order; coordinates are added, never compared.
REGISTER_FIELDS = ("statut", "secteur", "commune", "sigle", "adresse", "code_postal", "siret", "creation", "tranche_effectif")


@dataclass(frozen=True)
class ActorFile:
    actor: Actor
    text: str  # the file as the editor wrote it
    lines: dict[str, int]  # front-matter key -> its line in the file


@dataclass
class ImportPlan:
    files: dict[Path, str] = field(default_factory=dict)  # path -> its new text (new files and edited ones)
    new: list[Path] = field(default_factory=list)
    completed: dict[Path, list[str]] = field(default_factory=dict)  # actor file -> fields added
    updated: dict[Path, list[str]] = field(default_factory=dict)  # actor file -> fields replaced (--mettre-a-jour)
    differences: dict[Path, list[str]] = field(default_factory=dict)  # actor file -> what the register says otherwise
    closed: list[Path] = field(default_factory=list)  # actors whose establishment is closed in the register
    missing: list[Path] = field(default_factory=list)  # actors the register does not know


@dataclass(frozen=True)
class Merge:
    territory: Territory
    actors_folder: Path
    stock_date: date
    update: bool = False


def plan_import(files: list[ActorFile], register: dict[str, Establishment], merge: Merge) -> ImportPlan:
    plan = ImportPlan()
    matched: set[str] = set()
    by_name = {(slugify(e.nom), e.commune): e for e in register.values() if e.in_ess and e.active}
    for file in files:
        actor = file.actor
        found = register.get(actor.siret or "") or by_name.get((slugify(actor.nom), actor.commune.insee))
        if found is None:
            plan.missing.append(actor.path)
            continue
        matched.add(found.siret)
        if not found.active:
            plan.closed.append(actor.path)
        merge_actor(file, found, merge, plan)
    communes = {c.insee for c in merge.territory.communes}
    taken = {f.actor.slug for f in files}
    for siret in sorted(register):
        establishment = register[siret]
        if siret not in matched and establishment.listed_in(communes):
            slug = free_slug(establishment, merge.territory, taken)
            path = merge.actors_folder / f"{slug}.md"
            plan.files[path] = new_actor_text(establishment, merge)
            plan.new.append(path)
    return plan


def register_values(establishment: Establishment, territory: Territory) -> dict[str, object]:
    """The contract's fields the register gives for this establishment (absent ones left out)."""
    commune = territory.commune(establishment.commune)
    values = {
        "statut": establishment.statut, "secteur": establishment.secteur, "commune": territory.name_of(commune) if commune else None,
        "sigle": establishment.sigle, "adresse": establishment.adresse,
        "code_postal": establishment.code_postal if commune and establishment.code_postal in commune.codes_postaux else None,
        "siret": establishment.siret, "creation": establishment.creation, "tranche_effectif": establishment.tranche_effectif,
        "lat": establishment.lat, "lon": establishment.lon,
    }
    return {key: value for key, value in values.items() if value is not None}


def current_values(actor: Actor, territory: Territory) -> dict[str, object]:
    return {"statut": actor.statut.key, "secteur": actor.secteur.key, "commune": territory.name_of(actor.commune), "sigle": actor.sigle,
            "adresse": actor.adresse, "code_postal": actor.code_postal, "siret": actor.siret, "creation": actor.creation,
            "tranche_effectif": actor.tranche_effectif, "lat": actor.lat, "lon": actor.lon}


def merge_actor(file: ActorFile, establishment: Establishment, merge: Merge, plan: ImportPlan) -> None:
    actor, path = file.actor, file.actor.path
    wanted, current = register_values(establishment, merge.territory), current_values(actor, merge.territory)
    if actor.effectif is not None:
        wanted.pop("tranche_effectif", None)  # the editor's exact headcount says more than a band
    if current["lat"] is not None or current["lon"] is not None:
        wanted.pop("lat", None), wanted.pop("lon", None)
    add = {key: value for key, value in wanted.items() if key not in file.lines}
    differ = {key: value for key, value in wanted.items()
              if key in file.lines and key in REGISTER_FIELDS and current[key] is not None and current[key] != value}
    replace = replaceable(file, differ) if merge.update and establishment.in_ess and establishment.active else {}
    notes = (["établissement fermé au registre"] if not establishment.active else
             ["hors du champ de l'ESS au registre (catégorie juridique ou activité)"] if not establishment.in_ess else [])
    notes += [f"{key} : « {current[key]} » ici, « {value} » au registre" for key, value in differ.items() if key not in replace]
    for table, entries in ((plan.differences, notes), (plan.completed, list(add)), (plan.updated, list(replace))):
        if entries:
            table[path] = entries
    if add or replace:
        plan.files[path] = edited_text(file, add, replace)


def replaceable(file: ActorFile, differ: dict[str, object]) -> dict[str, object]:
    """What --mettre-a-jour rewrites: not a move to another commune (its address and postal code
    go with it: the editor checks that by hand), nor a value written over several lines."""
    if "commune" in differ:
        differ = {key: value for key, value in differ.items() if key not in ("commune", "adresse", "code_postal")}
    lines = file.text.splitlines()
    return {key: value for key, value in differ.items() if not continued(lines, file.lines[key])}


def continued(lines: list[str], line: int) -> bool:
    """Whether the value on `line` (1-based) goes on over the next line: indented, or a list item,
    but not the closing --- of the front matter."""
    following = lines[line] if line < len(lines) else ""
    return following.startswith((" ", "\t", "-")) and following.rstrip() not in ("---", "...")


def edited_text(file: ActorFile, add: dict[str, object], replace: dict[str, object]) -> str:
    """The file with `replace`'s fields rewritten on their line and `add`'s inserted before the
    closing ---, in the contract's order; every other byte as the editor wrote it."""
    newline = "\r\n" if "\r\n" in file.text else "\n"  # the editor's line endings are kept
    lines = file.text.split(newline)
    for key, value in replace.items():
        lines[file.lines[key] - 1] = field_line(key, value)
    closing = next(index for index in range(1, len(lines)) if lines[index].rstrip() in ("---", "..."))
    added = [field_line(key, add[key]) for key in ACTOR_FIELDS if key in add]
    return newline.join(lines[:closing] + added + lines[closing:])


def new_actor_text(establishment: Establishment, merge: Merge) -> str:
    values = {"nom": establishment.nom, **register_values(establishment, merge.territory)}
    values |= {"source": SOURCE, "date_source": merge.stock_date}
    return "\n".join(["---", *(field_line(key, values[key]) for key in ACTOR_FIELDS if key in values), "---", ""])


def field_line(key: str, value: object) -> str:
    """One YAML line; texts and codes in double quotes (JSON's escapes are YAML's)."""
    if isinstance(value, (str,)):
        return f"{key}: {json.dumps(value, ensure_ascii=False)}"
    if isinstance(value, date):
        return f"{key}: {value.isoformat()}"
    return f"{key}: {value}"


def free_slug(establishment: Establishment, territory: Territory, taken: set[str]) -> str:
    """The name's slug, else with the commune's, else with the siret's end: never an existing file."""
    commune = territory.commune(establishment.commune)
    commune = commune.key if commune else ""
    base = slugify(establishment.nom)[:60].strip("-") or "acteur"
    for slug in (base, f"{base}-{commune}", f"{base}-{establishment.siret[-5:]}", f"{base}-{establishment.siret}"):
        if slug not in taken:
            taken.add(slug)
            return slug
    raise AssertionError("a siret is unique")
