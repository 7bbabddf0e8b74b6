"""Validate stage, actors: content/actors/*.md -> Actor, every mistake recorded at its line.

Each validator reads like the contract in schema.py. Files are read and checked over the
machine's cores when there are many; the actors and the problems, in file order, do not depend
on how many processes did the work.
"""

from datetime import date
from pathlib import Path

from .. import parallel
from ..formats import date_longue
from ..problems import Problem
from ..tools.scaffold import placeholders_in
from ..urls import slugify
from . import horaires, rules
from .checks import MISSING, FieldChecker, check_position, closest, shown
from .frontmatter import Document
from .load import load_markdown_file
from .model import Actor, Commune, Secteur, Statut, Territory, Thematique
from .schema import (
    ACTOR_FIELDS,
    FRAIS,
    MAX_SUMMARY_LENGTH,
    MODES_ACCUEIL,
    OLDEST_CREATION_YEAR,
    PUBLICS,
    SECTEURS,
    STATUTS,
    THEMATIQUES_INCLUSION,
    TRANCHES_EFFECTIF,
    all_publics,
)
from .summary import card_summary

PARALLEL_FROM = 500  # files; below this, starting worker processes costs more than it saves


def read_actors(paths: list[Path], territory: Territory | None, problems: list[Problem], build_day: date,
                jobs: int = 1) -> list[Actor | None]:
    """Read and check each actor file, over `jobs` processes when there are many."""
    if jobs <= 1 or len(paths) < PARALLEL_FROM or not parallel.can_fork():
        return [read_actor(path, territory, problems, build_day) for path in paths]

    def read_range(part: list[Path]) -> tuple[list[Actor | None], list[Problem]]:
        found: list[Problem] = []
        return [read_actor(path, territory, found, build_day) for path in part], found

    # All read in workers (share=False): the actors they send back are unpickled here densely,
    # while those read here lie among the parsers' garbage (the main process held 23 MiB more
    # after reading 4 000 actors itself, for the whole build).
    step = max(50, len(paths) // (jobs * 8))
    actors = []
    for part_actors, part_problems in parallel.map_ranges(read_range, paths, ranges(len(paths), step), jobs, share=False):
        actors += part_actors
        problems += part_problems
    return actors


def ranges(count: int, step: int) -> list[tuple[int, int]]:
    return [(start, min(start + step, count)) for start in range(0, count, step)]


def read_actor(path: Path, territory: Territory | None, problems: list[Problem], build_day: date) -> Actor | None:
    doc = load_markdown_file(path, problems)
    return validate_actor(doc, territory, problems, build_day) if doc else None


def validate_actor(doc: Document, territory: Territory | None, problems: list[Problem], build_day: date) -> Actor | None:
    """Turn one content/actors/*.md document into an Actor, or record every reason it can't."""
    check = FieldChecker(doc.fields, doc.path, problems)
    check.no_unknown_keys(ACTOR_FIELDS)
    nom = check.text("nom", required=True)
    statut = check.one_of("statut", STATUTS, required=True)
    secteur = check.one_of("secteur", SECTEURS, required=True)
    commune = check_commune(check, territory)
    fields = dict(
        sigle=check.text("sigle"),
        resume=check_summary(check),
        adresse=check.text("adresse"),
        code_postal=check_postal_code(check, commune),
        siret=check_siret(check),
        creation=check.year("creation", OLDEST_CREATION_YEAR, build_day),
        effectif=check.integer("effectif", minimum=0),
        tranche_effectif=check_tranche(check),
        etp=check.number("etp", minimum=0),
        masse_salariale=check.number("masse_salariale", minimum=0),
        site_web=check.url("site_web"),
        email=check.email("email"),
        telephone=check.telephone("telephone"),
        thematiques=check_actor_themes(check, territory),
        labels=tuple(label for label, _ in check.text_list("labels")),
        horaires=check_horaires(check),
        publics=check_publics(check),
        modes_accueil=check_codes(check, "modes_accueil", MODES_ACCUEIL),
        frais=check.one_of("frais", FRAIS),
        thematiques_inclusion=check_codes(check, "thematiques_inclusion", THEMATIQUES_INCLUSION),
        accessibilite_lieu=check.matching("accessibilite_lieu", rules.ACCESLIBRE, "n'est pas l'adresse d'une fiche Acceslibre "
                                          "(https://acceslibre.beta.gouv.fr/app/…/a/…/erp/…/) ; copiez l'adresse de la page du lieu"),
        benevoles=check.boolean("benevoles"),
        verifie_le=check.date("verifie_le"),
        brouillon=check.boolean("brouillon"),
        source=check.text("source"),
        date_source=check.date("date_source"),
    )
    fields["lat"], fields["lon"] = check_position(check)
    check_headcount_band(check, fields["effectif"], fields["tranche_effectif"])
    check_date_source(check, fields["date_source"], build_day)
    check_verified(check, fields["verifie_le"], build_day)
    if not fields["brouillon"]:  # a draft may stay unfinished: it is not published
        for line, placeholder in placeholders_in(doc.body, doc.body_line):
            check.report(line, placeholder.problem)
    if check.failed or territory is None:
        return None
    return Actor(slug=doc.path.stem, path=doc.path, nom=nom, statut=Statut(statut), secteur=Secteur(secteur), commune=commune,
                 summary=card_summary(fields["resume"], doc.body.strip()), file_digest=doc.digest, **fields)


def check_commune(check: FieldChecker, territory: Territory | None) -> Commune | None:
    """A commune of the territory, named (accents and case forgiven) or given by INSEE code."""
    value = check.get("commune", required=True)
    if value is MISSING or territory is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return check.error("commune", f"commune : « {shown(value)} » n'est pas un nom de commune ; mettez le nom entre guillemets")
    wanted = str(value).strip()
    found = territory.communes_named(wanted)
    if len(found) == 1:
        return found[0]
    if found:
        return check.error("commune", f"commune « {wanted} » : plusieurs communes du territoire portent ce nom ; donnez son code INSEE : "
                                      + ", ".join(f"{c.insee} ({c.nom}, {c.departement or '?'})" for c in found))
    names = [c.nom for c in sorted(territory.communes, key=lambda c: c.key)]
    guess = closest(wanted, names)
    hint = f"voulez-vous dire « {guess} » ? " if guess else ""
    listed = "communes : " + ", ".join(names) if len(names) <= MAX_LISTED_COMMUNES else "écrivez son nom officiel ou son code INSEE"
    return check.error("commune", f"commune « {wanted} » inconnue sur ce territoire ; {hint}{listed}")


MAX_LISTED_COMMUNES = 60  # past this, a message lists no communes: a région has thousands


def check_summary(check: FieldChecker) -> str | None:
    summary = check.text("resume")
    if summary and len(summary) > MAX_SUMMARY_LENGTH:
        return check.error("resume", f"resume : {len(summary)} caractères, {MAX_SUMMARY_LENGTH} au plus : une phrase qui tient "
                                     "sur une ligne de la liste (la présentation dit le reste)")
    return summary


def check_postal_code(check: FieldChecker, commune: Commune | None) -> str | None:
    code = check.digits("code_postal", rules.POSTAL_CODE, "code postal")
    if code and commune and code not in commune.codes_postaux:
        expected = " ou ".join(commune.codes_postaux)
        return check.error("code_postal", f"code_postal : {code} n'est pas un code postal de {commune.nom} ({expected})")
    return code


def check_siret(check: FieldChecker) -> str | None:
    siret = check.digits("siret", rules.SIRET, "numéro SIRET")
    if siret and not siret_checksum_ok(siret):
        return check.error("siret", f"siret : {siret} a une clé de contrôle fausse ; vérifiez chaque chiffre")
    return siret


def siret_checksum_ok(siret: str) -> bool:
    """Luhn key of a SIRET; La Poste's establishments (SIREN 356000000) use a digit sum instead."""
    if siret.startswith("356000000"):
        return sum(int(d) for d in siret) % 5 == 0
    total = 0
    for index, digit in enumerate(reversed(siret)):
        value = int(digit) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def check_date_source(check: FieldChecker, day: date | None, build_day: date) -> None:
    if day and day > build_day:
        check.error("date_source", f"date_source : le {date_longue(day)} est après le jour de la construction ({date_longue(build_day)}) ; "
                                   "donnez la date à laquelle ces données ont été relevées")


def check_verified(check: FieldChecker, day: date | None, build_day: date) -> None:
    if day and day > build_day:
        check.error("verifie_le", f"verifie_le : le {date_longue(day)} est après le jour de la construction ({date_longue(build_day)}) ; "
                                  "donnez le jour où la fiche a été vérifiée")


def check_horaires(check: FieldChecker) -> str | None:
    text = check.text("horaires")
    if text is None:
        return None
    refused = horaires.refusal(text)
    return check.error("horaires", f"horaires : {refused}") if refused else text


def check_codes(check: FieldChecker, key: str, vocabulary: dict[str, str]) -> tuple[str, ...]:
    """A list of codes of a data·inclusion vocabulary, each refused at its line with the nearest code."""
    codes = []
    for code, line in check.text_list(key):
        if code in vocabulary:
            codes.append(code)
            continue
        guess = closest(code, vocabulary)
        hint = f"voulez-vous dire « {guess} » ({vocabulary[guess]}) ? " if guess else ""
        listed = ", ".join(vocabulary) if len(vocabulary) <= MAX_LISTED_CODES else "la liste est dans CONTRIBUTING.md et le formulaire des éditeurs"
        check.report(line, f"{key} : « {code} » n'est pas un code de data·inclusion ; {hint}codes possibles : {listed}")
    return tuple(dict.fromkeys(codes))


MAX_LISTED_CODES = 20  # the 69 thématiques d'inclusion are not listed in a message


def check_publics(check: FieldChecker) -> tuple[str, ...]:
    publics = check_codes(check, "publics", PUBLICS)
    if len(publics) > 1 and all_publics() in publics:
        check.error("publics", f"publics : « {all_publics()} » ne va pas avec d'autres publics ; gardez-le seul, ou retirez-le")
    return publics


def check_tranche(check: FieldChecker) -> str | None:
    value = check.get("tranche_effectif", False)
    if value is MISSING:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:02d}"  # YAML reads 01 or 12 as numbers
    code = value.strip().upper() if isinstance(value, str) else shown(value)
    if code not in TRANCHES_EFFECTIF:
        return check.error("tranche_effectif", f"tranche_effectif « {code} » inconnue ; codes possibles : " + ", ".join(TRANCHES_EFFECTIF))
    return code


def check_headcount_band(check: FieldChecker, effectif: int | None, tranche: str | None) -> None:
    if effectif is None or tranche is None:
        return
    label, low, high = TRANCHES_EFFECTIF[tranche]
    if low is None or effectif < low or (high is not None and effectif > high):
        check.error("tranche_effectif", f"tranche_effectif « {tranche} » ({label}) contredit effectif : {effectif}")


def check_actor_themes(check: FieldChecker, territory: Territory | None) -> tuple[Thematique, ...]:
    if territory is None:
        return ()
    known = {t.key: t for t in territory.thematiques}
    labels = [t.label for t in territory.thematiques]
    themes = []
    for label, line in check.text_list("thematiques"):
        theme = known.get(slugify(label))
        if theme:
            themes.append(theme)
            continue
        guess = closest(label, labels)
        hint = f"voulez-vous dire « {guess} » ? " if guess else ""
        allowed = ", ".join(labels) if labels else "(aucune : ajoutez la liste « thematiques » dans territoire.yaml)"
        check.report(line, f"thématique « {label} » inconnue ; {hint}thématiques de territoire.yaml : {allowed}")
    return tuple(dict.fromkeys(themes))
