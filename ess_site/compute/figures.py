"""Compute stage, key figures: published actors + territory -> KeyFigures. PURE.

Nothing here reads files, the clock or global state, and nothing is rounded: rounding belongs
to display (formats.py). A figure whose inputs are missing is None ("not available"), never 0,
and each figure knows how many actors it rests on. A figure that rests on less than half of the
employer establishments is withheld (None, with the reason in `withheld`): one rule for the
key-figures page, the home page, the commune pages, the lettres and chiffres.json.
"""

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

from ..content.model import Actor, Commune, ContextFigure, References, Territory
from ..content.schema import SECTEURS, STATUTS, TRANCHES_EFFECTIF
from .figure_catalog import withheld_reason
from .levels import Area, area_code, territory_areas


def is_employer(actor: Actor) -> bool:
    """An employer establishment: effectif > 0, or no effectif but a headcount band of 01 or more."""
    if actor.effectif is not None:
        return actor.effectif > 0
    return actor.tranche_effectif is not None and actor.tranche_effectif not in ("NN", "00")


@dataclass(frozen=True)
class KeyFigures:
    """The figures of PRODUCT.md for one area (the territory or one commune)."""

    acteurs: int
    etablissements_employeurs: int
    emplois: int | None
    etablissements_pour_1000_habitants: float | None
    salaries_par_etablissement: float | None
    emplois_par_etp: float | None
    masse_salariale: float | None
    repartition_statut: dict[str, float] | None
    repartition_secteur: dict[str, float] | None
    # The range of jobs the headcount bands allow: exact headcounts as they are, each other
    # employer from the bottom to the top of its INSEE band (no top for "10 000 and more": None).
    emplois_min: int | None = None
    emplois_max: int | None = None
    # How many actors each figure rests on (shown next to it, published in the JSON).
    employeurs_par_tranche: int = 0  # employers counted in the range by their band only
    employeurs_avec_effectif: int = 0
    employeurs_avec_etp: int = 0
    acteurs_avec_masse_salariale: int = 0
    # Shares of the territory's totals: only for the whole territory, when references exist.
    part_emplois_territoire: float | None = None
    part_etablissements_territoire: float | None = None
    part_emplois_ess_region: float | None = None
    part_emplois_ess_departement: float | None = None
    population: int = 0
    par_commune: dict[str, "CommuneFigures"] = field(default_factory=dict)
    par_departement: dict[str, "AreaFigures"] = field(default_factory=dict)  # where the territory spans several
    par_region: dict[str, "AreaFigures"] = field(default_factory=dict)
    # Figures held back because they would rest on too few employers: key -> why.
    withheld: dict[str, "Withheld"] = field(default_factory=dict)


@dataclass(frozen=True)
class Withheld:
    """A figure not published: it would rest on `base` of the `employers` employer establishments,
    those that give `basis` (a KeyFigures count: "employeurs_avec_effectif"…)."""

    basis: str
    base: int
    employers: int


@dataclass(frozen=True)
class CommuneFigures:
    commune: Commune
    figures: KeyFigures


@dataclass(frozen=True)
class AreaFigures:
    area: Area
    figures: KeyFigures


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def shares(employers: list[Actor], key, order) -> dict[str, float] | None:
    """Share of employer establishments per value of `key`, in the contract's order."""
    if not employers:
        return None
    counts = Counter(key(a) for a in employers)
    return {value: counts[value] / len(employers) for value in order if counts[value]}


def compute_area(actors: list[Actor], population: int) -> KeyFigures:
    """The figures that make sense for any area, from its published actors."""
    employers = [a for a in actors if is_employer(a)]
    with_effectif = [a for a in employers if a.effectif is not None]
    with_etp = [a for a in with_effectif if a.etp is not None]
    with_payroll = [a for a in actors if a.masse_salariale is not None]
    emplois = sum(a.effectif for a in actors if a.effectif is not None) if any(a.effectif is not None for a in actors) else None
    low, high, by_band = job_range(employers)
    return KeyFigures(
        emplois_min=low,
        emplois_max=high,
        employeurs_par_tranche=by_band,
        acteurs=len(actors),
        etablissements_employeurs=len(employers),
        emplois=emplois,
        etablissements_pour_1000_habitants=ratio(len(employers) * 1000, population),
        salaries_par_etablissement=ratio(sum(a.effectif for a in with_effectif), len(with_effectif)),
        emplois_par_etp=ratio(sum(a.effectif for a in with_etp), sum(a.etp for a in with_etp)) if with_etp else None,
        masse_salariale=sum(a.masse_salariale for a in with_payroll) if with_payroll else None,
        repartition_statut=shares(employers, lambda a: a.statut.key, STATUTS),
        repartition_secteur=shares(employers, lambda a: a.secteur.key, SECTEURS),
        employeurs_avec_effectif=len(with_effectif),
        employeurs_avec_etp=len(with_etp),
        acteurs_avec_masse_salariale=len(with_payroll),
        population=population,
    )


def job_range(employers: list[Actor]) -> tuple[int | None, int | None, int]:
    """(lowest, highest, employers counted by band) number of jobs the employers' headcounts and
    bands allow; None when no employer gives either, and no highest when a band has no top."""
    low, high, by_band, known = 0, 0, 0, False
    for actor in employers:
        if actor.effectif is not None:
            low, high, known = low + actor.effectif, (high + actor.effectif) if high is not None else None, True
        elif actor.tranche_effectif:
            _, bottom, top = TRANCHES_EFFECTIF[actor.tranche_effectif]
            low, by_band, known = low + bottom, by_band + 1, True
            high = high + top if high is not None and top is not None else None
    return (low, high, by_band) if known else (None, None, 0)


# Below this share of the employer establishments, a figure says more about the directory than
# about the territory (a sum of one headcount among 215 employers): it is withheld.
MIN_BASE_SHARE = 0.5
# Each figure computed from part of the employers -> the count of the employers it rests on.
# Shares and averages follow the figure they are computed from.
BASES = {
    "emplois": "employeurs_avec_effectif",
    "part_emplois_territoire": "employeurs_avec_effectif",
    "part_emplois_ess_region": "employeurs_avec_effectif",
    "part_emplois_ess_departement": "employeurs_avec_effectif",
    "salaries_par_etablissement": "employeurs_avec_effectif",
    "emplois_par_etp": "employeurs_avec_etp",
    "masse_salariale": "acteurs_avec_masse_salariale",
}


# Figures that describe the territory from the directory's employers: when the directory holds
# less than half of the territory's employers (its official count, references.etablissements_ess),
# they describe the directory. The count itself stays, shown beside the official one.
ON_DIRECTORY_EMPLOYERS = ("part_etablissements_territoire", "etablissements_pour_1000_habitants",
                          "repartition_statut", "repartition_secteur")


def hold_back(figures: KeyFigures, official_employers: int | None = None) -> KeyFigures:
    """These figures, with those that rest on less than half of the employers replaced by None
    and recorded in `withheld` (a figure already unavailable stays so). The employers are those
    of the directory, or the official count when it is larger."""
    employers = max(figures.etablissements_employeurs, official_employers or 0)
    withheld = {key: Withheld(basis, getattr(figures, basis), employers) for key, basis in BASES.items()
                if getattr(figures, key) is not None and getattr(figures, basis) < MIN_BASE_SHARE * employers}
    if official_employers and figures.etablissements_employeurs < MIN_BASE_SHARE * official_employers:
        thin = Withheld("etablissements_employeurs", figures.etablissements_employeurs, official_employers)
        withheld |= {key: thin for key in ON_DIRECTORY_EMPLOYERS if getattr(figures, key) is not None}
    return replace(figures, withheld=withheld, **dict.fromkeys(withheld)) if withheld else figures


def compute_key_figures(actors: list[Actor], territory: Territory) -> KeyFigures:
    """The territory's figures, its shares of the reference totals, and each commune's figures."""
    published = [a for a in actors if not a.brouillon]
    area = compute_area(published, territory.population)
    references = territory.references or References(millesime=0, source="")
    by_commune: dict[str, list[Actor]] = {}
    for actor in published:
        by_commune.setdefault(actor.commune.insee, []).append(actor)
    areas = territory_areas(territory)
    # Past one département, a commune without actors has no figures of its own (nor a page).
    per_commune = {c.insee: CommuneFigures(c, hold_back(compute_area(by_commune.get(c.insee, []), c.population)))
                   for c in sorted(territory.communes, key=lambda c: c.insee) if not areas or c.insee in by_commune}
    return hold_back(replace(
        area,
        par_commune=per_commune,
        par_departement=area_figures(areas.get("departements", ()), published),
        par_region=area_figures(areas.get("regions", ()), published),
        part_emplois_territoire=ratio(area.emplois, references.emplois_total),
        part_etablissements_territoire=ratio(area.etablissements_employeurs, references.etablissements_total),
        part_emplois_ess_region=ratio(area.emplois, references.emplois_ess_region),
        part_emplois_ess_departement=ratio(area.emplois, references.emplois_ess_departement),
    ), references.etablissements_ess)


def area_figures(areas: tuple[Area, ...], actors: list[Actor]) -> dict[str, AreaFigures]:
    """Each région's or département's figures, from its actors and all its communes' population."""
    members: dict[str, list[Actor]] = {}
    for actor in actors:
        for found in areas[:1]:
            members.setdefault(area_code(actor.commune, found.kind), []).append(actor)
    return {a.code: AreaFigures(a, hold_back(compute_area(members.get(a.code, []), a.population))) for a in areas}


SHARE_KEYS = ("part_emplois_territoire", "part_etablissements_territoire", "part_emplois_ess_region", "part_emplois_ess_departement")
AREA_KEYS = ("acteurs", "etablissements_employeurs", "emplois", "emplois_min", "emplois_max", "etablissements_pour_1000_habitants",
             "salaries_par_etablissement", "emplois_par_etp", "masse_salariale", "repartition_statut", "repartition_secteur")


def band_of(actor: Actor) -> str | None:
    """The INSEE headcount band an employer falls in: its own, or the one its effectif gives."""
    if actor.tranche_effectif:
        return actor.tranche_effectif
    for code, (_, low, high) in TRANCHES_EFFECTIF.items():
        if low is not None and actor.effectif is not None and low <= actor.effectif and (high is None or actor.effectif <= high):
            return code
    return None


def employer_examples(actors: list[Actor], per_band: int = 3) -> list[tuple[str, list[Actor]]]:
    """The largest employers of each headcount band, largest bands first."""
    bands: dict[str, list[Actor]] = {}
    for actor in actors:
        if is_employer(actor) and (band := band_of(actor)):
            bands.setdefault(band, []).append(actor)
    order = list(TRANCHES_EFFECTIF)
    return [
        (band, sorted(members, key=lambda a: (-(a.effectif or 0), a.sort_key))[:per_band])
        for band, members in sorted(bands.items(), key=lambda item: -order.index(item[0]))
    ]


@dataclass(frozen=True)
class ContextLine:
    """A sourced context figure (references.contexte) and its share when one is known."""

    figure: ContextFigure
    share: float | None  # a fraction: valeur / total, or the source's own part
    computed: bool  # True when the site divided valeur by total


def context_lines(territory: Territory) -> tuple[ContextLine, ...]:
    """The territory's context figures, each with its share computed where both sides are known."""
    figures = territory.references.contexte if territory.references else ()
    return tuple(
        ContextLine(f, f.valeur / f.total, True) if f.total else ContextLine(f, f.part / 100 if f.part is not None else None, False)
        for f in figures
    )


def context_as_json(line: ContextLine) -> dict:
    f = line.figure
    shown = {"libelle": f.libelle, "valeur": f.valeur, "unite": f.unite, "source": f.source, "millesime": f.millesime}
    if line.share is not None:
        shown |= {"part": line.share, "part_de": f.part_de, "part_calculee": line.computed}
        if f.total:
            shown["total"] = f.total
    return shown


def figures_as_json(figures: KeyFigures, territory: Territory, build_day: date) -> dict:
    """The numbers of /chiffres-cles/, unrounded, keyed as in PRODUCT.md; absent when unavailable."""

    def area(f: KeyFigures, keys) -> dict:
        """The figures known (a withheld one is null, with its reason in non_publies)."""
        shown = {key: getattr(f, key) for key in keys if getattr(f, key) is not None or key in f.withheld}
        withheld = {key: {"repose_sur": w.base, "etablissements_employeurs": w.employers, "seuil": MIN_BASE_SHARE,
                          "raison": withheld_reason(w)} for key, w in f.withheld.items() if key in keys}
        return {**shown, "non_publies": withheld} if withheld else shown

    references = territory.references
    return {
        "territoire": territory.nom,
        "population": figures.population,
        **area(figures, AREA_KEYS + SHARE_KEYS),
        "bases": {
            "employeurs_avec_effectif": figures.employeurs_avec_effectif,
            "employeurs_par_tranche": figures.employeurs_par_tranche,
            "employeurs_avec_etp": figures.employeurs_avec_etp,
            "acteurs_avec_masse_salariale": figures.acteurs_avec_masse_salariale,
        },
        "par_commune": {
            insee: {"nom": cf.commune.nom, "population": cf.figures.population, **area(cf.figures, AREA_KEYS)}
            for insee, cf in figures.par_commune.items()
        },
        **{key: {code: {"nom": af.area.nom, "population": af.figures.population, **area(af.figures, AREA_KEYS)}
                 for code, af in per_area.items()}
           for key, per_area in (("par_region", figures.par_region), ("par_departement", figures.par_departement)) if per_area},
        **({"contexte": [context_as_json(line) for line in context]} if (context := context_lines(territory)) else {}),
        "sources": {
            "acteurs": "fiches publiées de l'annuaire (content/actors)",
            "population": f"somme des {territory.population_source}",
            **({"references": {"source": references.source, "millesime": references.millesime}} if references else {}),
        },
        "date": build_day.isoformat(),
    }
