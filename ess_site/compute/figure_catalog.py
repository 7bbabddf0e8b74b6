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
    computed: str = ""  # for a share of a reference total: what the site divides by what

    def source_note(self, cited: str) -> str:
        """The share's note: the number is the site's own, only the total comes from the source."""
        return f"Calcul du site : {self.computed} selon {cited}."

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
                   "il faut des effectifs connus et le total des emplois du territoire",
                   computed="emplois de l'annuaire rapportés aux emplois salariés du territoire"),
        FigureInfo("part_etablissements_territoire", "Part des établissements du territoire", "des établissements employeurs du territoire", "share",
                   "Établissements employeurs de l'ESS rapportés à l'ensemble des établissements employeurs du territoire.",
                   "il faut le total des établissements du territoire",
                   computed="établissements employeurs de l'annuaire rapportés à ceux de tout le territoire"),
        FigureInfo("part_emplois_ess_region", "Part des emplois ESS de la région", "des emplois ESS régionaux", "share",
                   "Emplois ESS du territoire rapportés aux emplois ESS de la région.",
                   "il faut des effectifs connus et le total régional",
                   computed="emplois de l'annuaire rapportés aux emplois ESS de la région"),
        FigureInfo("part_emplois_ess_departement", "Part des emplois ESS du département", "des emplois ESS départementaux", "share",
                   "Emplois ESS du territoire rapportés aux emplois ESS du département.",
                   "il faut des effectifs connus et le total départemental",
                   computed="emplois de l'annuaire rapportés aux emplois ESS du département"),
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

# The three figures the home page shows, when they are known and rest on enough employers.
HEADLINE = ("emplois", "etablissements_employeurs", "part_emplois_territoire")


def headline_keys(figures) -> list[str]:
    """The headline figures worth putting forward: those computed and not withheld."""
    return [key for key in HEADLINE if getattr(figures, key) is not None]


# What the employers a withheld figure rests on give (figures.BASES), singular then plural.
BASIS_WORDS = {
    "employeurs_avec_effectif": ("indique son effectif exact", "indiquent leur effectif exact"),
    "employeurs_avec_etp": ("indique à la fois son effectif et ses équivalents temps plein",
                            "indiquent à la fois leur effectif et leurs équivalents temps plein"),
    "acteurs_avec_masse_salariale": ("indique sa masse salariale", "indiquent leur masse salariale"),
}


def withheld_reason(withheld, several: bool = False, what: str = "") -> str:
    """Why a figure (or several, resting on the same employers) is not published: 'Seul 1
    établissement employeur sur 215 indique son effectif exact ; il en faudrait au moins la
    moitié pour publier ce chiffre.'"""
    base, employers = withheld.base, formats.nombre(withheld.employers, 0)
    end = f"\u202f; il en faudrait au moins la moitié pour publier {what or ('ces chiffres' if several else 'ce chiffre')}."
    if withheld.basis == "etablissements_employeurs":  # the directory against the official count
        return (f"L'annuaire ne compte que {formats.nombre(base, 0)} des {employers} établissements employeurs de l'ESS "
                f"du territoire (chiffre officiel){end}")
    one, many = BASIS_WORDS[withheld.basis]
    verb, rest = one.split(" ", 1)
    if withheld.employers == 1:
        fact = f"Le seul établissement employeur n'{verb} pas {rest}"
    elif base == 0:
        fact = f"Aucun des {employers} établissements employeurs n'{one}"
    elif base == 1:
        fact = f"Seul 1 établissement employeur sur {employers} {one}"
    else:
        fact = f"Seuls {formats.nombre(base, 0)} établissements employeurs sur {employers} {many}"
    return fact + end


def withheld_notes(figures, keys) -> list[str]:
    """What the page says in place of the figures among `keys` that are withheld, one sentence
    per group of figures resting on the same employers: 'Non publiés : emplois ESS et … Seul…'."""
    groups: dict = {}
    for key in keys:
        if key in figures.withheld:
            groups.setdefault(figures.withheld[key], []).append(FIGURES[key].name[0].lower() + FIGURES[key].name[1:])
    return [f"Non publié{'s' if len(names) > 1 else ''}\u00a0: {and_list(names)}. {withheld_reason(withheld, len(names) > 1)}"
            for withheld, names in groups.items()]


def and_list(items: list[str]) -> str:
    """'a', 'a et b', 'a, b et c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]
