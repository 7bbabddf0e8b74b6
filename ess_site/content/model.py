"""The validated content: frozen dataclasses the rest of the pipeline reads."""

from dataclasses import dataclass, field, fields
from datetime import date
from functools import cached_property
from pathlib import Path

from .. import collation, urls
from . import horaires as opening
from . import rules
from .frontmatter import read_text, split_front_matter
from .schema import FRAIS, MODES_ACCUEIL, PUBLICS, SECTEURS, STALE_AFTER_DAYS, STATUTS, THEMATIQUES_INCLUSION, TRANCHES_EFFECTIF
from .summary import card_summary


@dataclass(frozen=True)
class Commune:
    insee: str
    nom: str
    codes_postaux: tuple[str, ...]
    population: int
    lat: float | None = None  # centre of the commune: where the map puts actors without coordinates
    lon: float | None = None
    departement: str | None = None  # official codes, from the geography (None: a commune unknown to it)
    region: str | None = None
    slug: str = ""  # set by the territory where two communes share a name ("beaumont-63")

    @property
    def key(self) -> str:
        return self.slug or urls.slugify(self.nom)

    @property
    def label(self) -> str:
        return self.nom

    @property
    def url(self) -> str:
        return urls.browse("communes", self.key)


@dataclass(frozen=True, slots=True)  # one per actor: without a __dict__ each
class Secteur:
    """An actor's activity sector, by its key in schema.SECTEURS."""

    key: str

    def __reduce__(self):  # a call, not dataclasses' slotted __setstate__ (see Actor)
        return Secteur, (self.key,)

    @property
    def label(self) -> str:
        return SECTEURS[self.key]

    @property
    def url(self) -> str:
        return urls.browse("secteurs", self.key)


@dataclass(frozen=True, slots=True)
class Statut:
    """An actor's legal family, by its key in schema.STATUTS."""

    key: str

    def __reduce__(self):  # a call, not dataclasses' slotted __setstate__ (see Actor)
        return Statut, (self.key,)

    @property
    def label(self) -> str:
        return STATUTS[self.key].label

    @property
    def url(self) -> str:
        return urls.browse("statuts", self.key)


@dataclass(frozen=True)
class Thematique:
    label: str

    @property
    def key(self) -> str:
        return urls.slugify(self.label)

    @property
    def url(self) -> str:
        return urls.browse("thematiques", self.key)


@dataclass(frozen=True)
class ContextFigure:
    """A sourced figure about the territory (population, unemployment, payroll…), shown as the
    source gives it: "18 %" "de la population âgée de 15 à 64 ans se déclare au chômage"."""

    libelle: str  # the words after the number
    valeur: float
    source: str
    millesime: int
    unite: str | None = None  # "%", "€", or None for a count
    total: float | None = None  # the whole the value is part of: the share is computed
    part: float | None = None  # the share the source gives, in %, when the whole is not known
    part_de: str | None = None  # what the share is of: "de la masse salariale du Pas-de-Calais"

    @property
    def cited(self) -> str:
        return self.source if str(self.millesime) in self.source else f"{self.source} ({self.millesime})"


@dataclass(frozen=True)
class References:
    millesime: int
    source: str
    emplois_total: int | None = None
    etablissements_total: int | None = None
    emplois_ess_region: int | None = None
    emplois_ess_departement: int | None = None
    emplois_ess: int | None = None  # the official count of the same figures, shown beside ours
    etablissements_ess: int | None = None
    contexte: tuple[ContextFigure, ...] = ()  # sourced context figures, in the file's order

    @property
    def cited(self) -> str:
        """'Insee, Flores 2021': the source with its year, once ('… 2021 (2021)' otherwise)."""
        return self.source if str(self.millesime) in self.source else f"{self.source} ({self.millesime})"


@dataclass(frozen=True)
class Editeur:
    nom: str
    article: str | None = None  # "la", "le", "l'", "les", "aucun"; guessed from the name when absent
    forme_juridique: str | None = None
    siren: str | None = None
    adresse: str | None = None
    telephone: str | None = None
    email: str | None = None
    directeur_publication: str | None = None
    dpo: str | None = None  # an e-mail or a postal address

    @property
    def dpo_email(self) -> str | None:
        return self.dpo if self.dpo and rules.EMAIL.accepts(self.dpo) else None


@dataclass(frozen=True)
class Hebergeur:
    nom: str
    adresse: str | None = None
    site_web: str | None = None


@dataclass(frozen=True)
class Accessibilite:
    etat: str
    date_declaration: date
    date_audit: date | None = None
    taux: float | None = None


@dataclass(frozen=True)
class Perimetre:
    """The territory given by its official code: an EPCI, départements, a région or the country."""
    kind: str  # "epci", "departements", "region" or "pays"
    codes: tuple[str, ...]
    nom: str  # the official name(s): "CA d'Hénin-Carvin", "Nord, Pas-de-Calais", "France"
    source: str = ""  # the geography its communes come from (name and version of the data)


@dataclass(frozen=True)
class Territory:
    nom: str
    sigle: str
    communes: tuple[Commune, ...]
    editeur: Editeur
    hebergeur: Hebergeur
    accessibilite: Accessibilite
    references: References | None = None
    superficie_km2: float | None = None
    site_web: str | None = None
    url_edition: str | None = None
    url_site: str | None = None
    presentation: str = ""
    thematiques: tuple[Thematique, ...] = ()
    perimetre: Perimetre | None = None

    @property
    def population(self) -> int:
        return sum(c.population for c in self.communes)

    @property
    def population_source(self) -> str:
        """Where the communes' populations come from, as the key figures say it."""
        if self.perimetre:
            return f"populations municipales de l'Insee, d'après {self.perimetre.source}"
        return "populations municipales données dans territoire.yaml"

    def commune(self, insee: str) -> Commune | None:
        return self.commune_index.get(insee)

    def communes_named(self, wanted: str) -> list[Commune]:
        """The communes an editor may mean by a code or a name (accents and case forgiven)."""
        if found := self.commune_index.get(wanted):
            return [found]
        return list(self.commune_names.get(urls.slugify(wanted), ()))

    def name_of(self, commune: Commune) -> str:
        """How a content file names this commune: its name, or its code where others share the name."""
        return commune.nom if len(self.commune_names.get(urls.slugify(commune.nom), ())) <= 1 else commune.insee

    @cached_property
    def commune_index(self) -> dict[str, Commune]:
        return {c.insee: c for c in self.communes} | {c.key: c for c in self.communes}

    @cached_property
    def commune_names(self) -> dict[str, tuple[Commune, ...]]:
        names: dict[str, list[Commune]] = {}
        for commune in self.communes:
            names.setdefault(urls.slugify(commune.nom), []).append(commune)
        return {name: tuple(found) for name, found in names.items()}


# Slotted: an actor's __dict__ of 40 fields weighed 1.6 kB, 31 MiB at 20 000 actors that the
# build holds while it renders and that each rendering worker inherits.
@dataclass(frozen=True, slots=True)
class Actor:
    slug: str
    path: Path  # the content file, as the editor knows it
    nom: str
    statut: Statut
    secteur: Secteur
    commune: Commune
    sigle: str | None = None
    resume: str | None = None  # the card's line; else the description's first sentence
    adresse: str | None = None
    code_postal: str | None = None
    lat: float | None = None
    lon: float | None = None
    siret: str | None = None
    creation: int | None = None
    effectif: int | None = None
    tranche_effectif: str | None = None
    etp: float | None = None
    masse_salariale: float | None = None
    site_web: str | None = None
    email: str | None = None
    telephone: str | None = None
    thematiques: tuple[Thematique, ...] = ()
    labels: tuple[str, ...] = ()
    horaires: str | None = None  # OpenStreetMap's opening_hours syntax, valid
    publics: tuple[str, ...] = ()  # codes of data·inclusion's vocabularies (schema.py)
    modes_accueil: tuple[str, ...] = ()
    frais: str | None = None
    thematiques_inclusion: tuple[str, ...] = ()
    accessibilite_lieu: str | None = None  # the place's Acceslibre page
    benevoles: bool = False  # welcomes volunteers
    verifie_le: date | None = None  # the day someone last checked the listing
    brouillon: bool = False
    source: str | None = None  # where the data came from (an import), and when
    date_source: date | None = None
    # Digest of the file the actor was read from: with the territory and the generator's code,
    # it determines every field above, so page fingerprints use it instead of the fields.
    file_digest: str = field(default="", compare=False)
    # The card's line (content/summary.py): made once when the file is read (from `resume`, else
    # the description), and kept with the actor by the actor cache, so an unchanged file costs no
    # Markdown parsing.
    summary: str = field(default="", compare=False)

    def __post_init__(self):
        if not self.summary and self.resume:
            object.__setattr__(self, "summary", card_summary(self.resume, ""))

    def __reduce__(self):
        # unpickled as a call with its fields: dataclasses' slotted __setstate__ (fields() at each
        # actor) cost 0.2 s of loading the kept build at 20 000 actors (incremental/last_build.py)
        return Actor, tuple([getattr(self, name) for name in ACTOR_FIELDS])

    @property
    def description(self) -> str:
        """The Markdown body of the actor's file, read again from the file each time: the
        descriptions weigh about 40 % of an actor (at 20 000 generated actors of 300 words), and
        only its page and the open-data files need them, one at a time. A file changed since the
        build read it gives its new text; the watcher's next build redoes what else it changes."""
        ignored: list = []  # the build reported this file's problems when it read it
        text = read_text(self.path, ignored)
        parts = split_front_matter(text, self.path, ignored) if text is not None else None
        return parts[1].strip() if parts else ""

    @property
    def url(self) -> str:
        return urls.actor(self.slug)

    @property
    def content_path(self) -> str:
        """Where the file sits inside content/, for the "Proposer une modification" link."""
        return f"{self.path.parent.name}/{self.path.name}"

    @property
    def adresse_complete(self) -> str:
        """'35 rue …, 62220 Carvin': what a letter or a map search needs."""
        town = " ".join(part for part in (self.code_postal, self.commune.nom) if part)
        return ", ".join(part for part in (self.adresse, town) if part)

    @property
    def position(self) -> tuple[float, float, bool] | None:
        """(lat, lon, exact) for the map: the actor's own point, else its commune's centre."""
        if self.lat is not None and self.lon is not None:
            return self.lat, self.lon, True
        if self.commune.lat is not None and self.commune.lon is not None:
            return self.commune.lat, self.commune.lon, False
        return None

    @property
    def map_url(self) -> str | None:
        if self.lat is None and not self.adresse:
            return None  # the commune alone says nothing a map would add
        return urls.openstreetmap(self.lat, self.lon, self.adresse_complete)

    @property
    def semaine(self) -> opening.Week | None:
        """The week table of the opening hours."""
        return opening.week_of(self.horaires) if self.horaires else None

    @property
    def publics_labels(self) -> list[str]:
        return [PUBLICS[code] for code in self.publics]

    @property
    def modes_accueil_labels(self) -> list[str]:
        return [MODES_ACCUEIL[code] for code in self.modes_accueil]

    @property
    def frais_label(self) -> str | None:
        return FRAIS[self.frais] if self.frais else None

    @property
    def thematiques_inclusion_labels(self) -> list[str]:
        return [THEMATIQUES_INCLUSION[code] for code in self.thematiques_inclusion]

    def unchecked_on(self, day: date) -> bool:
        """True when the listing was last checked more than STALE_AFTER_DAYS before `day`."""
        return self.verifie_le is not None and (day - self.verifie_le).days > STALE_AFTER_DAYS

    @property
    def tranche_label(self) -> str | None:
        return TRANCHES_EFFECTIF[self.tranche_effectif][0] if self.tranche_effectif else None

    @property
    def sort_key(self) -> tuple:
        """Its place in French alphabetical order (ess_site/collation.py)."""
        return collation.sort_key(self.nom)

    @property
    def initial(self) -> str:
        """The letter of the A–Z jump list this actor sits under ('#' for digits)."""
        return collation.initial(self.nom)


ACTOR_FIELDS = tuple(item.name for item in fields(Actor))


@dataclass(frozen=True)
class Lettre:
    """One issue of the newsletter (content/lettres/*.md)."""

    numero: int
    titre: str
    date: date
    path: Path
    body: str = ""
    resume: str | None = None
    editeur: str | None = None
    cited: tuple[str, ...] = ()  # slugs of the actors it cites, in order of first citation

    @property
    def url(self) -> str:
        return urls.lettre(self.numero)

    @property
    def pdf_url(self) -> str:
        return urls.lettre_pdf(self.numero)

    @property
    def email_url(self) -> str:
        return urls.lettre_email(self.numero)

    @property
    def number_label(self) -> str:
        """'N°02', the way the PTCE numbers its issues."""
        return f"N°{self.numero:02d}"

    @property
    def label(self) -> str:
        return f"La lettre {self.number_label}"


@dataclass(frozen=True)
class Content:
    """Everything content/ holds, validated: what the compute stage starts from."""

    territory: Territory
    actors: tuple[Actor, ...]  # every valid actor file, drafts included, in file order
    lettres: tuple[Lettre, ...]
