"""The official administrative geography (Insee's COG, the DGCL's EPCI), as Etalab publishes it
in @etalab/decoupage-administratif, vendored compactly in cog.json.gz by scripts/vendor_geography.py.

Reference data read once per process: régions, départements, current communes (code, name, postal
codes, population municipale), the communes of each EPCI, and the older codes the register may
still use. The validate stage turns a `perimetre` of territoire.yaml into communes with it.
"""

import gzip
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

COG = Path(__file__).with_name("cog.json.gz")
COUNTRY = "FR"


@dataclass(frozen=True)
class OfficialCommune:
    insee: str
    nom: str
    departement: str
    region: str
    codes_postaux: tuple[str, ...]
    population: int | None


DEPARTEMENT, REGION = 2, 3  # columns of a commune's row in cog.json.gz


class Communes(Mapping):
    """The communes of France by INSEE code, each made from its row of cog.json.gz when first
    looked up: a territory needs a few dozen or a few thousand of the 35 000, and making them all
    cost about 0.17 s of every cold build."""

    def __init__(self, rows: dict[str, list]):
        self.rows = rows  # INSEE code -> [code, name, département, région, postal codes, population]
        self.made: dict[str, OfficialCommune] = {}

    def __getitem__(self, code: str) -> OfficialCommune:
        commune = self.made.get(code)
        if commune is None:
            row = self.rows[code]
            commune = self.made[code] = OfficialCommune(row[0], row[1], row[2], row[3], tuple(row[4]), row[5])
        return commune

    def __iter__(self) -> Iterator[str]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __contains__(self, code) -> bool:
        return code in self.rows

    def where(self, column: int, wanted) -> list[OfficialCommune]:
        """The communes whose row holds one of `wanted` in `column`, in the file's order."""
        return [self[code] for code, row in self.rows.items() if row[column] in wanted]


@dataclass(frozen=True)
class Geography:
    source: str
    licence: str
    regions: dict[str, tuple[str, str]]  # code -> (name, article: "la", "l'", "aucun"…)
    departements: dict[str, tuple[str, str, str]]  # code -> (name, région code, article)
    communes: Communes  # INSEE code -> commune
    aliases: dict[str, str]  # municipal arrondissement or former code -> current INSEE code
    epci: dict[str, tuple[str, tuple[str, ...]]]  # SIREN -> (name, member INSEE codes)

    def current(self, code: str) -> str:
        """The current commune's code for any code the register may use."""
        return self.aliases.get(code, code)

    def communes_of_departements(self, codes: set[str]) -> list[OfficialCommune]:
        return self.communes.where(DEPARTEMENT, codes)

    def communes_of_region(self, code: str) -> list[OfficialCommune]:
        return self.communes.where(REGION, {code})

    def communes_of_epci(self, siren: str) -> list[OfficialCommune]:
        return [self.communes[code] for code in self.epci[siren][1] if code in self.communes]


@cache
def official_geography(path: Path = COG) -> Geography:
    data = json.loads(gzip.decompress(path.read_bytes()))
    communes = Communes({row[0]: row for row in data["communes"]})
    return Geography(
        source=data["source"], licence=data["licence"], regions={code: tuple(value) for code, value in data["regions"].items()},
        departements={code: tuple(value) for code, value in data["departements"].items()},
        communes=communes, aliases=data["aliases"],
        epci={siren: (name, tuple(members)) for siren, (name, members) in data["epci"].items()},
    )


@dataclass(frozen=True)
class AreaNames:
    regions: dict[str, tuple[str, str]]  # as Geography's
    departements: dict[str, tuple[str, str, str]]


@cache
def area_names() -> AreaNames:
    """The régions' and départements' names and articles, which pages show: kept when the
    communes are let go (release)."""
    geography = official_geography()
    return AreaNames(geography.regions, geography.departements)


def release() -> None:
    """Let go of the communes of France (about 20 MiB in a process, at any size of site): a
    build needs them only while it validates territoire.yaml, and every page's worker would
    carry them. The names of régions and départements stay (area_names); a later call of
    official_geography() reads the file again."""
    if official_geography.cache_info().currsize:
        area_names()
        official_geography.cache_clear()
