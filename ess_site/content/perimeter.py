"""Validate stage, the territory's perimeter: `perimetre` of territoire.yaml -> Perimetre, and the
communes of the official geography it covers (ess_site/geography), completed by the hand list."""

import difflib
from dataclasses import replace

from .. import urls
from ..geography import COUNTRY, Geography, OfficialCommune
from .checks import FieldChecker, shown
from .frontmatter import YamlList
from .model import Commune, Perimetre
from .schema import PERIMETRE_FIELDS


def validate_perimetre(check: FieldChecker, geography: Geography) -> Perimetre | None:
    block = check.mapping("perimetre")
    if block is None:
        return None
    sub = FieldChecker(block, check.path, check.problems)
    sub.no_unknown_keys(PERIMETRE_FIELDS)
    given = [key for key in PERIMETRE_FIELDS if key in block]
    if len(given) != 1:
        check.error("perimetre", "perimetre : donnez une seule de ces clés : epci (numéro SIREN), departements (liste de codes), "
                                 "region (code) ou pays (FR)" + (f" ; ici : {', '.join(given)}" if given else ""))
        return None
    perimetre = PERIMETERS[given[0]](sub, geography)
    return replace(perimetre, source=geography.source) if perimetre else None


def epci(check: FieldChecker, geography: Geography) -> Perimetre | None:
    code = official_code(check, "epci", {siren: name for siren, (name, _) in geography.epci.items()}, "EPCI", width=9)
    return code and Perimetre("epci", (code,), geography.epci[code][0])


def departements(check: FieldChecker, geography: Geography) -> Perimetre | None:
    value = check.fields["departements"]
    names = {code: name for code, (name, *_) in geography.departements.items()}
    if not isinstance(value, YamlList) or not value:
        return check.error("departements", "departements : une liste de codes est attendue, par exemple [\"59\", \"62\"]")
    codes = [known_code(check, item, line, names, "département", width=2) for item, line in zip(value, value.lines)]
    if check.failed:
        return None
    codes = sorted(set(codes))
    return Perimetre("departements", tuple(codes), ", ".join(names[c] for c in codes))


def region(check: FieldChecker, geography: Geography) -> Perimetre | None:
    code = official_code(check, "region", {code: name for code, (name, _) in geography.regions.items()}, "région", width=2)
    return code and Perimetre("region", (code,), geography.regions[code][0])


def pays(check: FieldChecker, geography: Geography) -> Perimetre | None:
    value = check.fields["pays"]
    if str(value).strip().upper() != COUNTRY:
        return check.error("pays", f"pays : « {shown(value)} » inconnu ; seule la France est décrite : pays: FR")
    return Perimetre("pays", (COUNTRY,), "France")


PERIMETERS = {"epci": epci, "departements": departements, "region": region, "pays": pays}


def official_code(check: FieldChecker, key: str, names: dict[str, str], what: str, width: int) -> str | None:
    return known_code(check, check.fields[key], check.line(key), names, what, width)


def known_code(check: FieldChecker, value, line: int, names: dict[str, str], what: str, width: int) -> str | None:
    """An official code as the editor typed it (YAML may have made 62 an integer), or a message with the nearest codes."""
    code = str(value).strip().upper() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    if isinstance(value, int) and not isinstance(value, bool):
        code = code.zfill(width)
    if code in names:
        return code
    near = nearest(code or shown(value), names)
    hint = " ; codes proches : " + ", ".join(f"{c} ({names[c]})" for c in near) if near else ""
    check.report(line, f"{what} « {shown(value)} » inconnu dans la géographie officielle{hint}")
    return None


def nearest(wanted: str, names: dict[str, str]) -> list[str]:
    """The codes an editor may have meant: those whose name they typed, then near spellings of the code."""
    by_name = [code for code, name in names.items() if urls.slugify(name) == urls.slugify(wanted)]
    return by_name or difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.5)


def perimeter_communes(perimetre: Perimetre, geography: Geography) -> list[OfficialCommune]:
    if perimetre.kind == "epci":
        return geography.communes_of_epci(perimetre.codes[0])
    if perimetre.kind == "departements":
        return geography.communes_of_departements(set(perimetre.codes))
    if perimetre.kind == "region":
        return geography.communes_of_region(perimetre.codes[0])
    return list(geography.communes.values())


def as_commune(official: OfficialCommune) -> Commune:
    return Commune(insee=official.insee, nom=official.nom, codes_postaux=official.codes_postaux,
                   population=official.population or 0, departement=official.departement, region=official.region)


def with_levels(commune: Commune, geography: Geography) -> Commune:
    """A commune typed by hand, placed in its département and région when the geography knows it."""
    official = geography.communes.get(commune.insee)
    return replace(commune, departement=official.departement, region=official.region) if official else commune


def distinct_slugs(communes: list[Commune]) -> list[Commune]:
    """Communes that share a name get their département in their address ("beaumont-63"), then their code."""
    counts: dict[str, int] = {}
    for commune in communes:
        counts[commune.key] = counts.get(commune.key, 0) + 1
    named = [replace(c, slug=f"{c.key}-{(c.departement or c.insee).lower()}") if counts[c.key] > 1 else c for c in communes]
    counts = {}
    for commune in named:
        counts[commune.key] = counts.get(commune.key, 0) + 1
    return [replace(c, slug=f"{urls.slugify(c.nom)}-{c.insee.lower()}") if counts[c.key] > 1 else c for c in named]
