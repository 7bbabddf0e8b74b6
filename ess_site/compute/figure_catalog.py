"""The key figures as readers see them: label, display format, definition, and why a figure
may be unavailable. One place for these words; the page, the home page and lettres use it."""

from dataclasses import dataclass

from .. import formats


@dataclass(frozen=True)
class FigureInfo:
    key: str
    name: str  # what the figure is called in the definitions: "Part des emplois du territoire"
    label: str  # what follows the number: "3 761 emplois ESS"
    kind: str  # "count", "share", "ratio" or "euros": how the number is written
    definition: str
    unavailable: str  # said instead of the number when it cannot be computed
    singular: str | None = None  # French takes the singular below 2: "1,5 établissement"

    def display(self, value: float) -> str:
        return DISPLAY[self.kind](value)

    def label_for(self, value: float | None) -> str:
        return self.singular if self.singular and value is not None and value < 2 else self.label


DISPLAY = {
    "count": lambda value: formats.nombre(value, 0),
    "share": lambda value: formats.pourcent(value, 1),
    "ratio": formats.ratio,
    "euros": formats.euros,
}

FIGURES = {
    f.key: f
    for f in (
        FigureInfo("acteurs", "Acteurs", "acteurs de l'ESS dans l'annuaire", "count",
                   "Structures de l'ESS publiées dans l'annuaire, employeuses ou non.", "aucun acteur publié",
                   "acteur de l'ESS dans l'annuaire"),
        FigureInfo("etablissements_employeurs", "Établissements employeurs", "établissements employeurs", "count",
                   "Acteurs qui ont au moins un salarié : effectif supérieur à 0 ou, sans effectif, une tranche d'effectif Insee d'au moins 1 salarié.",
                   "aucun acteur publié", "établissement employeur"),
        FigureInfo("emplois", "Emplois ESS", "emplois ESS", "count",
                   "Somme des effectifs salariés indiqués par les acteurs.", "aucun acteur n'indique son effectif",
                   "emploi ESS"),
        FigureInfo("part_emplois_territoire", "Part des emplois du territoire", "des emplois du territoire", "share",
                   "Emplois ESS rapportés à l'ensemble des emplois salariés du territoire (total de référence).",
                   "il faut des effectifs connus et le total des emplois du territoire"),
        FigureInfo("part_etablissements_territoire", "Part des établissements du territoire", "des établissements employeurs du territoire", "share",
                   "Établissements employeurs de l'ESS rapportés à l'ensemble des établissements employeurs du territoire.",
                   "il faut le total des établissements du territoire"),
        FigureInfo("part_emplois_ess_region", "Part des emplois ESS de la région", "des emplois ESS régionaux", "share",
                   "Emplois ESS du territoire rapportés aux emplois ESS de la région.",
                   "il faut des effectifs connus et le total régional"),
        FigureInfo("part_emplois_ess_departement", "Part des emplois ESS du département", "des emplois ESS départementaux", "share",
                   "Emplois ESS du territoire rapportés aux emplois ESS du département.",
                   "il faut des effectifs connus et le total départemental"),
        FigureInfo("etablissements_pour_1000_habitants", "Établissements pour 1\u202f000 habitants", "établissements employeurs pour 1\u202f000 habitants", "ratio",
                   "Établissements employeurs rapportés à la population municipale, multipliés par 1\u202f000.",
                   "population inconnue", "établissement employeur pour 1\u202f000 habitants"),
        FigureInfo("salaries_par_etablissement", "Salariés par établissement", "salariés en moyenne par établissement", "ratio",
                   "Emplois divisés par le nombre d'établissements employeurs qui indiquent leur effectif.",
                   "aucun employeur n'indique son effectif", "salarié en moyenne par établissement"),
        FigureInfo("emplois_par_etp", "Emplois par équivalent temps plein", "emplois par équivalent temps plein", "ratio",
                   "Effectifs divisés par les équivalents temps plein, pour les employeurs qui donnent les deux.",
                   "aucun employeur n'indique à la fois son effectif et ses ETP", "emploi par équivalent temps plein"),
        FigureInfo("masse_salariale", "Masse salariale", "de masse salariale", "euros",
                   "Somme des masses salariales brutes annuelles indiquées par les acteurs.",
                   "aucun acteur n'indique sa masse salariale"),
    )
}

# The three figures the home page shows, when they rest on enough actors.
HEADLINE = ("emplois", "etablissements_employeurs", "part_emplois_territoire")
# Jobs are put forward only when at least this share of employer establishments give their
# exact headcount: below it, the sum says more about the directory than about the territory.
MIN_HEADCOUNT_SHARE = 0.5
RESTS_ON_HEADCOUNTS = ("emplois", "part_emplois_territoire")


def headline_keys(figures) -> list[str]:
    """The headline figures worth putting forward for these figures."""
    enough = figures.employeurs_avec_effectif >= MIN_HEADCOUNT_SHARE * figures.etablissements_employeurs > 0
    return [key for key in HEADLINE if enough or key not in RESTS_ON_HEADCOUNTS]
