"""Validate stage, territory: content/territoire.yaml -> Territory (communes, references,
the publisher's legal information), every mistake recorded at its line."""

import re
from collections.abc import Iterator
from dataclasses import replace

from .. import formats
from ..articles import ARTICLES
from ..geography import Geography, official_geography
from ..problems import Problem
from . import rules
from .checks import MISSING, FieldChecker, check_position
from .frontmatter import Document, YamlList, YamlMap
from .model import Accessibilite, Commune, ContextFigure, Editeur, Hebergeur, Perimetre, References, Territory, Thematique
from .perimeter import as_commune, distinct_slugs, perimeter_communes, validate_perimetre, with_levels
from .schema import (
    ACCESSIBILITE_ETATS,
    ACCESSIBILITE_FIELDS,
    CENTRES_FIELDS,
    COMMUNE_FIELDS,
    CONTEXT_FIELDS,
    CONTEXT_UNITS,
    EDITEUR_FIELDS,
    HEBERGEUR_FIELDS,
    LATITUDE_RANGE,
    LONGITUDE_RANGE,
    REFERENCES_FIELDS,
    TERRITORY_FIELDS,
)


def validate_territory(doc: Document, problems: list[Problem], centres: Document | None = None) -> Territory | None:
    check = FieldChecker(doc.fields, doc.path, problems)
    check.no_unknown_keys(TERRITORY_FIELDS)
    nom = check.text("nom", required=TERRITORY_FIELDS["nom"].required)
    sigle = check.text("sigle", required=TERRITORY_FIELDS["sigle"].required)
    geography = official_geography()
    perimetre = validate_perimetre(check, geography)
    communes = with_centres(validate_communes(check, perimetre, geography), centres, problems)
    references = sub_block(check, "references", REFERENCES_FIELDS, validate_references)
    editeur = sub_block(check, "editeur", EDITEUR_FIELDS, validate_editeur)
    hebergeur = sub_block(check, "hebergeur", HEBERGEUR_FIELDS, validate_hebergeur)
    accessibilite = sub_block(check, "accessibilite", ACCESSIBILITE_FIELDS, validate_accessibilite)
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
                     hebergeur=hebergeur, accessibilite=accessibilite, perimetre=perimetre, **territory)


def sub_block(check: FieldChecker, key: str, fields, validator):
    """Validate a nested block of territoire.yaml with its own checker (same file, same problems);
    whether the block is required is schema.py's word, as the editors' guide says it."""
    required = TERRITORY_FIELDS[key].required
    if key not in check.fields:
        if required:
            check.error(key, f"le bloc « {key} » manque : il sert aux pages obligatoires (mentions légales, accessibilité)")
        return None
    block = check.mapping(key, required=required)  # an empty required block is told as such
    if block is None:
        return None
    sub = FieldChecker(block, check.path, check.problems)
    sub.no_unknown_keys(fields)
    value = validator(sub)
    return None if sub.failed else value


def validate_communes(check: FieldChecker, perimetre: Perimetre | None, geography: Geography) -> tuple[Commune, ...]:
    """The perimeter's official communes completed by the hand list, or the hand list alone."""
    if "perimetre" in check.fields:
        if perimetre is None:  # already reported
            return ()
        official = {c.insee: as_commune(c) for c in perimeter_communes(perimetre, geography)}
        for insee, given in hand_communes(check, official, required=False).items():
            official[insee] = given
        return tuple(distinct_slugs(sorted(official.values(), key=lambda c: c.insee)))
    if check.get("communes", required=False) is MISSING:
        check.error("communes", "le territoire n'a pas de communes : donnez son « perimetre » (par exemple "
                                "perimetre: {epci: \"246200299\"}) ou la liste de ses « communes »")
        return ()
    return tuple(distinct_slugs([with_levels(c, geography) for c in hand_communes(check, None, required=True).values()]))


def hand_communes(check: FieldChecker, official: dict[str, Commune] | None, required: bool) -> dict[str, Commune]:
    """The communes listed by hand: whole ones without a perimeter, corrections of official ones with one."""
    value = check.get("communes", required=False)
    if value is MISSING:
        return {}
    if not isinstance(value, YamlList) or not value:
        check.error("communes", "communes : une liste d'au moins une commune est attendue (une ligne « - {insee: …, nom: …} » par commune)")
        return {}
    communes = []
    for sub, line in blocks(check, value, COMMUNE_FIELDS, "communes : chaque commune est un bloc {insee, nom, codes_postaux, population}"):
        base = official_base(sub, official, line)
        if (official is None or base is not None) and (commune := validate_commune(sub, base)):
            communes.append((commune, line))
    check_unique_communes(check, communes)
    return {c.insee: c for c, _ in communes}


def blocks(check: FieldChecker, items: YamlList, fields: dict, not_a_block: str) -> Iterator[tuple[FieldChecker, int]]:
    """Each mapping of a YAML list with its own checker (same file, same problems) and its line;
    an item that is not a mapping is reported with `not_a_block`."""
    for item, line in zip(items, items.lines):
        if not isinstance(item, YamlMap):
            check.report(line, not_a_block)
            continue
        sub = FieldChecker(item, check.path, check.problems)
        sub.no_unknown_keys(fields)
        yield sub, line


def official_base(check: FieldChecker, official: dict[str, Commune] | None, line: int) -> Commune | None:
    """With a perimeter, the official commune a hand-listed one completes (it must be inside)."""
    if official is None:
        return None
    insee = str(check.fields.get("insee") or "").strip()
    if not insee:
        check.error("insee", "le champ obligatoire « insee » manque : il dit quelle commune du périmètre ce bloc complète")
    elif insee not in official:
        check.error("insee", f"commune « {insee} » hors du périmètre du territoire : retirez-la, ou corrigez son code INSEE")
    return official.get(insee)


def validate_commune(check: FieldChecker, base: Commune | None = None) -> Commune | None:
    """One commune typed by hand; with an official base, only the fields given replace its own."""
    required = base is None
    insee = check.text("insee", required=True)
    if insee is not None and not re.fullmatch(r"\d[0-9AB]\d{3}", insee):
        check.error("insee", f"insee : « {insee} » n'est pas un code INSEE (5 caractères, entre guillemets)")
    nom = check.text("nom", required=required)
    codes = [valid for code, line in check.text_list("codes_postaux") if (valid := valid_postal_code(check, code, line))]
    if not codes and "codes_postaux" not in check.fields and required:
        check.error("codes_postaux", "le champ obligatoire « codes_postaux » manque")
    population = check.integer("population", minimum=0, required=required)
    lat, lon = check_position(check)
    if check.failed:
        return None
    if base is not None:
        given = dict(nom=nom, codes_postaux=tuple(codes) or None, population=population, lat=lat, lon=lon)
        return replace(base, **{key: value for key, value in given.items() if value is not None})
    return Commune(insee=insee, nom=nom, codes_postaux=tuple(codes), population=population, lat=lat, lon=lon)


def with_centres(communes: tuple[Commune, ...], centres: Document | None, problems: list[Problem]) -> tuple[Commune, ...]:
    """Communes without a centre typed by hand take the one content/centres-communes.yaml gives."""
    if centres is None:
        return communes
    check = FieldChecker(centres.fields, centres.path, problems)
    check.no_unknown_keys(CENTRES_FIELDS)
    check.text("source", required=True)
    block = check.mapping("centres", required=True)
    known = {c.insee for c in communes}
    points: dict[str, tuple[float, float]] = {}
    for code, value in (block or {}).items():
        line = block.lines.get(code, block.line)
        if str(code) not in known:
            check.report(line, f"centres : la commune « {code} » n'est pas sur le territoire ; relancez l'import Sirene")
        elif (point := centre_point(value)) is None:
            check.report(line, f"centres : « {code} » attend [latitude, longitude] en France, par exemple [50.4895, 2.9486]")
        else:
            points[str(code)] = point
    return tuple(replace(c, lat=points[c.insee][0], lon=points[c.insee][1]) if c.lat is None and c.insee in points else c
                 for c in communes)


def centre_point(value) -> tuple[float, float] | None:
    if not isinstance(value, list) or len(value) != 2 or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
        return None
    lat, lon = value
    inside = LATITUDE_RANGE[0] <= lat <= LATITUDE_RANGE[1] and LONGITUDE_RANGE[0] <= lon <= LONGITUDE_RANGE[1]
    return (float(lat), float(lon)) if inside else None


def valid_postal_code(check: FieldChecker, code: str, line: int) -> str | None:
    if rules.POSTAL_CODE.accepts(code):
        return rules.POSTAL_CODE.compact(code)
    check.report(line, f"codes_postaux : « {code} » n'est pas un code postal (5 chiffres, entre guillemets)")
    return None


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
        **{key: check.integer(key, minimum=1) for key in ("emplois_total", "etablissements_total", "emplois_ess_region", "emplois_ess_departement",
                                                                  "emplois_ess", "etablissements_ess")},
        contexte=validate_context(check),
    )


def validate_context(check: FieldChecker) -> tuple[ContextFigure, ...]:
    """references.contexte: a list of sourced figures, each checked at its own lines."""
    value = check.get("contexte", False)
    if value is MISSING:
        return ()
    if not isinstance(value, YamlList):
        check.error("contexte", "contexte : une liste est attendue, un chiffre par élément (« - libelle: … »)")
        return ()
    figures = []
    for sub, _ in blocks(check, value, CONTEXT_FIELDS, "contexte : chaque chiffre est un bloc {libelle, valeur, source, millesime}"):
        if (figure := validate_context_figure(sub)) is not None:
            figures.append(figure)
    return tuple(figures)


def validate_context_figure(check: FieldChecker) -> ContextFigure | None:
    figure = ContextFigure(
        libelle=check.text("libelle", required=True),
        valeur=check.number("valeur", required=True),
        source=check.text("source", required=True),
        millesime=check.integer("millesime", minimum=1900, required=True),
        unite=check.one_of("unite", CONTEXT_UNITS),
        total=check.number("total", minimum=0.000001),
        part=check.number("part", minimum=0, maximum=100),
        part_de=check.text("part_de"),
    )
    if check.failed:
        return None
    check_context_share(check, figure)
    return None if check.failed else figure


def check_context_share(check: FieldChecker, figure: ContextFigure) -> None:
    """A share needs to say what it is a share of, cannot be one of a percentage, and must agree
    with its total when the source gives both."""
    share = figure.total is not None or figure.part is not None
    if share and figure.unite == "%":
        check.error("total" if figure.total is not None else "part",
                    "contexte : une valeur en % n'a ni « total » ni « part » ; donnez la part elle-même comme valeur")
    elif share and not figure.part_de:
        check.error("total" if figure.total is not None else "part",
                    "contexte : dites de quoi c'est la part avec « part_de » (« de la population du département »)")
    elif figure.part_de and not share:
        check.error("part_de", "contexte : « part_de » sans « total » ni « part » : donnez l'un des deux")
    elif figure.total is not None and figure.valeur > figure.total:
        check.error("total", f"contexte : le total ({formats.nombre(figure.total)}) est plus petit que la valeur ({formats.nombre(figure.valeur)})")
    elif figure.total is not None and figure.part is not None and abs(figure.valeur / figure.total * 100 - figure.part) > 0.05:
        check.error("part", f"contexte : la part {formats.nombre(figure.part)}\u00a0% ne correspond pas à valeur / total "
                            f"({formats.pourcent(figure.valeur / figure.total)}) ; corrigez l'un des trois ou retirez « part »")


def validate_editeur(check: FieldChecker) -> Editeur:
    editeur = Editeur(
        nom=check.text("nom", required=True),
        article=check.one_of("article", ARTICLES),
        forme_juridique=check.text("forme_juridique"),
        siren=check.digits("siren", rules.SIREN, "numéro SIREN"),
        adresse=check.text("adresse"),
        telephone=check.telephone("telephone"),
        email=check.email("email"),
        directeur_publication=check.text("directeur_publication"),
        dpo=check.text("dpo"),
    )
    if not check.failed and not editeur.email and not is_postal(editeur.adresse):
        # The legal pages must say how to write to the publisher (rights, accessibility, corrections).
        check.error("adresse" if editeur.adresse else "nom",
                    "editeur : les pages légales doivent dire comment écrire à l'éditeur : donnez son « email » "
                    "ou son « adresse » postale complète, avec le code postal")
    return editeur


POSTAL_CODE_IN = re.compile(r"(?<!\d)\d{5}(?!\d)")


def is_postal(address: str | None) -> bool:
    """An address one can post a letter to carries a 5-digit postal code."""
    return bool(address and POSTAL_CODE_IN.search(address))


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
