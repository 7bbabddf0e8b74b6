"""Validate stage: Documents -> Territory and Actors, recording every problem on the way.

Each validator reads like the contract in schema.py; each failed check is a Problem at the
line of the field. A document with problems yields None, but its siblings are still checked.
"""

import re
from datetime import date

from .checks import MISSING, FieldChecker, closest, shown
from .frontmatter import Document, YamlList, YamlMap
from .load import Documents
from .model import (
    Accessibilite,
    Actor,
    Commune,
    Editeur,
    Hebergeur,
    References,
    Secteur,
    StatutRef,
    Territory,
    Thematique,
)
from .problems import Problem
from .schema import (
    ACCESSIBILITE_ETATS,
    ACCESSIBILITE_FIELDS,
    ACTOR_FIELDS,
    COMMUNE_FIELDS,
    EDITEUR_FIELDS,
    HEBERGEUR_FIELDS,
    LATITUDE_RANGE,
    LONGITUDE_RANGE,
    OLDEST_CREATION_YEAR,
    REFERENCES_FIELDS,
    SECTEURS,
    STATUTS,
    TERRITORY_FIELDS,
    TRANCHES_EFFECTIF,
)
from .urls import slugify
from .validate_lettres import validate_lettres


def validate_documents(documents: Documents, problems: list[Problem], today: date):
    """Documents -> (territory, actors, lettres); each invalid document is left out."""
    territory = validate_territory(documents.territory, problems) if documents.territory else None
    by_slug = {doc.path.stem: validate_actor(doc, territory, problems, today) for doc in documents.actors}
    actors = [actor for actor in by_slug.values() if actor]
    check_unique_sirets(documents.actors, actors, problems)
    lettres = validate_lettres(documents.lettres, by_slug, problems)
    if territory and lettres and not territory.url_site:
        problems.append(Problem(documents.territory.path, documents.territory.fields.line,
                                "le champ « url_site » manque : le flux Atom et les courriels des lettres en ont besoin"))
    return territory, actors, lettres


# -- territory ------------------------------------------------------------------------


def validate_territory(doc: Document, problems: list[Problem]) -> Territory | None:
    check = FieldChecker(doc.fields, doc.path, problems)
    check.no_unknown_keys(TERRITORY_FIELDS)
    nom = check.text("nom", required=True)
    sigle = check.text("sigle", required=True)
    communes = validate_communes(check)
    references = sub_block(check, "references", REFERENCES_FIELDS, validate_references)
    editeur = sub_block(check, "editeur", EDITEUR_FIELDS, validate_editeur)
    hebergeur = sub_block(check, "hebergeur", HEBERGEUR_FIELDS, validate_hebergeur)
    accessibilite = sub_block(check, "accessibilite", ACCESSIBILITE_FIELDS, validate_accessibilite)
    for key in ("editeur", "hebergeur", "accessibilite"):
        if key not in doc.fields:
            check.error(key, f"le bloc « {key} » manque : il sert aux pages obligatoires (mentions légales, accessibilité)")
    territory = dict(
        superficie_km2=check.number("superficie_km2", minimum=0.01),
        site_web=check.url("site_web"),
        url_edition=check.url("url_edition"),
        url_site=check.url("url_site"),
        presentation=check.text("presentation", multiline=True) or "",
        thematiques=validate_theme_list(check),
    )
    if check.failed:
        return None
    return Territory(nom=nom, sigle=sigle, communes=communes, references=references, editeur=editeur,
                     hebergeur=hebergeur, accessibilite=accessibilite, **territory)


def sub_block(check: FieldChecker, key: str, fields, validator):
    """Validate a nested block of territoire.yaml with its own checker (same file, same problems)."""
    block = check.mapping(key)
    if block is None:
        return None
    sub = FieldChecker(block, check.path, check.problems)
    sub.no_unknown_keys(fields)
    value = validator(sub)
    return None if sub.failed else value


def validate_communes(check: FieldChecker) -> tuple[Commune, ...]:
    value = check.get("communes", required=True)
    if value is MISSING:
        return ()
    if not isinstance(value, YamlList) or not value:
        check.error("communes", "communes : une liste d'au moins une commune est attendue (une ligne « - {insee: …, nom: …} » par commune)")
        return ()
    communes = []
    for item, line in zip(value, value.lines):
        if not isinstance(item, YamlMap):
            check.report(line, "communes : chaque commune est un bloc {insee, nom, codes_postaux, population}")
            continue
        sub = FieldChecker(item, check.path, check.problems)
        sub.no_unknown_keys(COMMUNE_FIELDS)
        if commune := validate_commune(sub):
            communes.append((commune, line))
    check_unique_communes(check, communes)
    return tuple(c for c, _ in communes)


def validate_commune(check: FieldChecker) -> Commune | None:
    insee = check.text("insee", required=True)
    if insee is not None and not re.fullmatch(r"\d[0-9AB]\d{3}", insee):
        check.error("insee", f"insee : « {insee} » n'est pas un code INSEE (5 caractères, entre guillemets)")
    nom = check.text("nom", required=True)
    codes = [code for code, line in check.text_list("codes_postaux") if valid_postal_code(check, code, line)]
    if not codes and "codes_postaux" not in check.fields:
        check.error("codes_postaux", "le champ obligatoire « codes_postaux » manque")
    population = check.integer("population", minimum=0, required=True)
    if check.failed:
        return None
    return Commune(insee=insee, nom=nom, codes_postaux=tuple(codes), population=population)


def valid_postal_code(check: FieldChecker, code: str, line: int) -> bool:
    if re.fullmatch(r"\d{5}", code):
        return True
    check.report(line, f"codes_postaux : « {code} » n'est pas un code postal (5 chiffres, entre guillemets)")
    return False


def check_unique_communes(check: FieldChecker, communes: list[tuple[Commune, int]]) -> None:
    seen: dict[str, int] = {}
    for commune, line in communes:
        for key in (commune.insee, commune.key):
            if key in seen:
                check.report(line, f"commune « {commune.nom} » en double (déjà ligne {seen[key]})")
            seen[key] = line


def validate_references(check: FieldChecker) -> References:
    return References(
        millesime=check.integer("millesime", minimum=1900, required=True),
        source=check.text("source", required=True),
        **{key: check.integer(key, minimum=1) for key in ("emplois_total", "etablissements_total", "emplois_ess_region", "emplois_ess_departement")},
    )


def validate_editeur(check: FieldChecker) -> Editeur:
    siren = check.digits("siren", 9, "numéro SIREN")
    return Editeur(
        nom=check.text("nom", required=True),
        forme_juridique=check.text("forme_juridique"),
        siren=siren,
        adresse=check.text("adresse"),
        telephone=check.telephone("telephone"),
        email=check.email("email"),
        directeur_publication=check.text("directeur_publication"),
        dpo=check.text("dpo"),
    )


def validate_hebergeur(check: FieldChecker) -> Hebergeur:
    return Hebergeur(nom=check.text("nom", required=True), adresse=check.text("adresse"), site_web=check.url("site_web"))


def validate_accessibilite(check: FieldChecker) -> Accessibilite:
    return Accessibilite(
        etat=check.one_of("etat", ACCESSIBILITE_ETATS, required=True),
        date_declaration=check.date("date_declaration", required=True),
        date_audit=check.date("date_audit"),
        taux=check.number("taux", minimum=0, maximum=100),
    )


def validate_theme_list(check: FieldChecker) -> tuple[Thematique, ...]:
    themes, seen = [], {}
    for label, line in check.text_list("thematiques"):
        theme = Thematique(label)
        if theme.key in seen:
            check.report(line, f"thématique « {label} » en double (déjà ligne {seen[theme.key]})")
        seen[theme.key] = line
        themes.append(theme)
    return tuple(themes)


# -- actors ---------------------------------------------------------------------------


def validate_actor(doc: Document, territory: Territory | None, problems: list[Problem], today: date) -> Actor | None:
    """Turn one content/actors/*.md document into an Actor, or record every reason it can't."""
    check = FieldChecker(doc.fields, doc.path, problems)
    check.no_unknown_keys(ACTOR_FIELDS)
    nom = check.text("nom", required=True)
    statut = check.one_of("statut", STATUTS, required=True)
    secteur = check.one_of("secteur", SECTEURS, required=True)
    commune = check_commune(check, territory)
    fields = dict(
        sigle=check.text("sigle"),
        adresse=check.text("adresse"),
        code_postal=check_postal_code(check, commune),
        siret=check_siret(check),
        creation=check.year("creation", OLDEST_CREATION_YEAR, today),
        effectif=check.integer("effectif", minimum=0),
        tranche_effectif=check_tranche(check),
        etp=check.number("etp", minimum=0),
        masse_salariale=check.number("masse_salariale", minimum=0),
        site_web=check.url("site_web"),
        email=check.email("email"),
        telephone=check.telephone("telephone"),
        thematiques=check_actor_themes(check, territory),
        labels=tuple(label for label, _ in check.text_list("labels")),
        brouillon=check.boolean("brouillon"),
    )
    fields["lat"], fields["lon"] = check_position(check)
    check_headcount_band(check, fields["effectif"], fields["tranche_effectif"])
    if check.failed or territory is None:
        return None
    return Actor(slug=doc.path.stem, path=doc.path, nom=nom, statut=StatutRef(statut), secteur=Secteur(secteur),
                 commune=commune, description=doc.body.strip(), **fields)


def check_commune(check: FieldChecker, territory: Territory | None) -> Commune | None:
    """A commune of the territory, named (accents and case forgiven) or given by INSEE code."""
    value = check.get("commune", required=True)
    if value is MISSING or territory is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return check.error("commune", f"commune : « {shown(value)} » n'est pas un nom de commune ; mettez le nom entre guillemets")
    wanted = str(value).strip()
    for commune in territory.communes:
        if wanted in (commune.insee, commune.nom) or slugify(wanted) == commune.key:
            return commune
    names = sorted(c.nom for c in territory.communes)
    guess = closest(wanted, names)
    hint = f"voulez-vous dire « {guess} » ? " if guess else ""
    return check.error("commune", f"commune « {wanted} » inconnue sur ce territoire ; {hint}communes : " + ", ".join(names))


def check_postal_code(check: FieldChecker, commune: Commune | None) -> str | None:
    code = check.digits("code_postal", 5, "code postal")
    if code and commune and code not in commune.codes_postaux:
        expected = " ou ".join(commune.codes_postaux)
        return check.error("code_postal", f"code_postal : {code} n'est pas un code postal de {commune.nom} ({expected})")
    return code


def check_siret(check: FieldChecker) -> str | None:
    siret = check.digits("siret", 14, "numéro SIRET")
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


def check_position(check: FieldChecker) -> tuple[float | None, float | None]:
    lat = check.number("lat", minimum=LATITUDE_RANGE[0], maximum=LATITUDE_RANGE[1])
    lon = check.number("lon", minimum=LONGITUDE_RANGE[0], maximum=LONGITUDE_RANGE[1])
    for key, value, other in (("lat", lat, "lon"), ("lon", lon, "lat")):
        if value is not None and other not in check.fields:
            check.error(key, f"{key} donné sans {other} : indiquez les deux ou aucun")
    return lat, lon


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


def check_unique_sirets(documents: list[Document], actors: list[Actor], problems: list[Problem]) -> None:
    """Two files with one SIRET describe the same establishment twice."""
    owners = {actor.siret: actor for actor in reversed(actors) if actor.siret}
    by_path = {actor.path: actor for actor in actors}
    for doc in documents:
        actor = by_path.get(doc.path)
        if actor and actor.siret and owners[actor.siret] is not actor:
            problems.append(Problem(doc.path, doc.fields.lines["siret"], f"siret {actor.siret} déjà utilisé par {owners[actor.siret].path}"))
