"""Validate stage, territory: content/territoire.yaml -> Territory (communes, references,
the publisher's legal information), every mistake recorded at its line."""

import re

from .. import formats
from ..articles import ARTICLES
from ..problems import Problem
from . import rules
from .checks import MISSING, FieldChecker, check_position
from .frontmatter import Document, YamlList, YamlMap
from .model import Accessibilite, Commune, ContextFigure, Editeur, Hebergeur, References, Territory, Thematique
from .schema import (
    ACCESSIBILITE_ETATS,
    ACCESSIBILITE_FIELDS,
    COMMUNE_FIELDS,
    CONTEXT_FIELDS,
    CONTEXT_UNITS,
    EDITEUR_FIELDS,
    HEBERGEUR_FIELDS,
    REFERENCES_FIELDS,
    TERRITORY_FIELDS,
)


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
    codes = [valid for code, line in check.text_list("codes_postaux") if (valid := valid_postal_code(check, code, line))]
    if not codes and "codes_postaux" not in check.fields:
        check.error("codes_postaux", "le champ obligatoire « codes_postaux » manque")
    population = check.integer("population", minimum=0, required=True)
    lat, lon = check_position(check)
    if check.failed:
        return None
    return Commune(insee=insee, nom=nom, codes_postaux=tuple(codes), population=population, lat=lat, lon=lon)


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
    for item, line in zip(value, value.lines):
        if not isinstance(item, YamlMap):
            check.report(line, "contexte : chaque chiffre est un bloc {libelle, valeur, source, millesime}")
            continue
        sub = FieldChecker(item, check.path, check.problems)
        sub.no_unknown_keys(CONTEXT_FIELDS)
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
