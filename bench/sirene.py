"""Benchmark data for the SIRENE import: a StockEtablissement of a few million rows shaped like
INSEE's (the 54 columns of format 3.11), and the matching StockUniteLegale.

Most establishments are in made-up communes all over France; about 1 row in 2 000 is in one
of the 14 communes of the CA d'Hénin-Carvin, in legal units of every kind (associations,
coopératives, mutuelles, fondations, SAS with the ESS flag, companies and entrepreneurs
individuels outside the ESS). The units file holds only the units of those territory rows and a
few thousand others, as a pre-filtered extract would. SIRENs and SIRETs have right Luhn keys.
Deterministic for a given N and seed.

Usage: python bench/sirene.py generate [N] DEST [--seed S]     (N defaults to 3 000 000)
       python bench/sirene.py measure DEST

`measure` imports DEST's files into a copy of content/ (the 14 communes, no actor) with
`build.py importer sirene`, from the CSV and from a .zip of it, and prints the rows read per
second and the peak memory (RSS) summed over its processes. For comparison, it also times the same
filtering pass (the territory's rows, the import's columns) by DuckDB when it is installed
(it is not a dependency of the site).
"""

import argparse
import csv
import io
import random
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from memory import PeakMemory  # noqa: E402

from tests.fixtures.sirene_extract import (  # noqa: E402
    CAHC_COMMUNES,
    CENTRES,
    ETABLISSEMENT_COLUMNS,
    ETABLISSEMENTS_CSV,
    UNITE_LEGALE_COLUMNS,
    UNITES_LEGALES_CSV,
)

DEFAULT_ROWS = 3_000_000
TERRITORY_SHARE = 1 / 2000  # of legal units, hence roughly of rows
OTHER_UNITS = 3000  # units written besides the territory's
CHUNK = 50_000  # rows formatted before each write

# --- Luhn keys without a loop per digit --------------------------------------------------------

_DOUBLE = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9]  # digit sum of 2*d


def _block_sums(doubled_first: bool) -> list[int]:
    """Luhn partial sum of every 4-digit block, digits doubled alternately from the first or the second."""
    sums = []
    for block in range(10_000):
        digits = (block // 1000, block // 100 % 10, block // 10 % 10, block % 10)
        sums.append(sum(_DOUBLE[d] if (i % 2 == 0) == doubled_first else d for i, d in enumerate(digits)))
    return sums


_PLAIN_FIRST = _block_sums(doubled_first=False)  # digits plain, doubled, plain, doubled
_DOUBLED_FIRST = _block_sums(doubled_first=True)  # digits doubled, plain, doubled, plain


def siren_of(prefix: int) -> tuple[str, int]:
    """(SIREN, its part of a SIRET's Luhn sum) for an 8-digit prefix."""
    high, low = divmod(prefix, 10_000)
    key = -(_PLAIN_FIRST[high] + _PLAIN_FIRST[low]) % 10  # in a SIREN, the 2nd, 4th... digits are doubled
    return f"{prefix:08d}{key}", _DOUBLED_FIRST[high] + _DOUBLED_FIRST[low] + _DOUBLE[key]  # in a SIRET, the 1st, 3rd...


def nic_of(siren_sum: int, sequence: int) -> str:
    """The NIC whose first 4 digits are `sequence` and whose last makes the SIRET's Luhn key right."""
    return f"{sequence:04d}{-(siren_sum + _PLAIN_FIRST[sequence]) % 10}"


# --- Pools of pre-built, pre-quoted fields -------------------------------------------------------

def quoted(value: str) -> str:
    """A field as the csv module writes it (quoted only when needed)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([value])
    return buffer.getvalue()


STREET_TYPES = ("RUE",) * 6 + ("AV", "BD", "CHE", "PL", "RTE", "ALL", "IMP", "ZA", "ZI", "CITE")
STREETS = ("DE LA REPUBLIQUE", "JEAN JAURES", "VICTOR HUGO", "DU GENERAL DE GAULLE", "PASTEUR", "DE LA GARE", "DES ECOLES",
           "DU 8 MAI 1945", "ANATOLE FRANCE", "GAMBETTA", "DU MOULIN", "DES TILLEULS", "DE L'EGLISE", "NATIONALE",
           "DU STADE", "DES ACACIAS", "SADI CARNOT", "JULES FERRY", "ROGER SALENGRO", "DU CHATEAU", "DES LILAS")
ACTIVITIES = ("47.11F", "56.10A", "56.10C", "68.20B", "70.22Z", "43.21A", "86.21Z", "96.02A", "49.41A", "45.20A", "41.20A",
              "62.02A", "81.21Z", "85.59A", "93.12Z", "88.10A", "94.99Z", "01.11Z", "47.73Z", "10.71C", "74.10Z", "68.10Z",
              "69.20Z", "71.12B", "82.99Z", "90.01Z", "84.11Z", "94.91Z", "64.19Z", "65.12Z")
TRANCHES = (("NN", "", "N"),) * 6 + (("", "", ""),) * 6 + tuple(
    (code, "2023", "O") for code in ("00", "01", "01", "01", "02", "02", "03", "11", "12", "21", "22", "31", "32", "41"))
ENSEIGNES = ("",) * 12 + ("BOULANGERIE DU CENTRE", "LE RELAIS", 'CAFE "LE BALTO"', "GARAGE DE LA GARE", "AUTO-ECOLE, CODE ET CONDUITE")

# Legal units of the territory: (categorieJuridique, ESS flag, activity, name start, weight).
TERRITORY_UNITS = (
    ("9220", "O", "88.10A", "ASSOCIATION D'AIDE A DOMICILE", 8), ("9220", "", "93.12Z", "CLUB SPORTIF", 8),
    ("9220", "O", "94.99Z", "AMICALE", 5), ("9220", "N", "85.59A", "ASSOCIATION DE FORMATION", 3),
    ("9220", "O", "94.91Z", "ASSOCIATION CULTUELLE", 1), ("9230", "O", "87.30A", "FOYER", 2),
    ("9300", "O", "87.90A", "FONDATION", 1), ("8210", "O", "65.12Z", "MUTUELLE", 1), ("6411", "O", "65.12Z", "ASSURANCE MUTUELLE", 1),
    ("5458", "O", "43.99C", "SCOP", 1), ("5460", "", "01.13Z", "SCIC", 1), ("6317", "", "46.21Z", "COOPERATIVE AGRICOLE", 1),
    ("5710", "O", "81.21Z", "ENTREPRISE D'INSERTION", 1), ("5710", "O", "16.23Z", "ATELIERS SCOP", 1),
    ("5710", "", "47.11F", "DISTRIBUTION", 12), ("5499", "", "56.10A", "RESTAURANT", 15), ("5499", "N", "45.20A", "GARAGE", 10),
    ("1000", "", "96.02A", "", 20), ("6540", "", "68.20B", "SCI", 8), ("7361", "", "88.99B", "CENTRE COMMUNAL D'ACTION SOCIALE", 1),
)
OTHER_FORMS = (("5499", ""), ("5710", ""), ("5710", "N"), ("1000", ""), ("9220", "O"), ("6540", ""), ("5720", ""), ("5599", "N"))
ESS_FAMILIES = {"9210", "9220", "9221", "9222", "9223", "9230", "9240", "9260", "9300", "8210", "8250", "8290", "6411",
                "5458", "5460", "6317"}  # those used here
EXCLUDED = ("94.11Z", "94.12Z", "94.20Z", "94.91Z", "94.92Z")
FIRST_NAMES = ("MARIE", "JEAN", "NATHALIE", "PHILIPPE", "ISABELLE", "CHRISTOPHE", "SANDRINE", "DAVID")
LAST_NAMES = ("MARTIN", "LEFEBVRE", "DUBOIS", "LEROY", "DUPONT", "MOREL", "FONTAINE", "DELATTRE", "CARON", "LEGRAND")
PLACES = ("DU NORD", "DE L'ARTOIS", "DE LA GOHELLE", "DU BASSIN MINIER", "DES FLANDRES", "DU HAINAUT", "DE LA DEULE")

_DEPARTEMENTS = [f"{d:02d}" for d in range(1, 96) if d != 20] + ["2A", "2B"]
_CAHC = {code for code, _, _ in CAHC_COMMUNES}


def france_communes(rng: random.Random, count: int = 8000) -> list[tuple[str, str]]:
    """(fields 19-27 of a row, Lambert "x,y" around the commune) for made-up communes all over France."""
    communes, seen = [], set(_CAHC)
    syllables = ("SAINT", "VILLE", "MONT", "BOURG", "FONTAINE", "LA", "LE", "NEUF", "SUR", "BOIS", "MARAIS", "VAL", "COURT")
    while len(communes) < count:
        departement = rng.choice(_DEPARTEMENTS)
        code = f"{departement}{rng.randint(1, 700):03d}"
        if code in seen:
            continue
        seen.add(code)
        postal = f"{'20' if departement in ('2A', '2B') else departement}{rng.randint(0, 99) * 10:03d}"
        name = "-".join(rng.sample(syllables, rng.randint(1, 3)))
        block = f"{postal},{name},,,{code},,,,"
        x, y = rng.uniform(120_000, 1_080_000), rng.uniform(6_140_000, 7_100_000)
        communes.append((block, code, f"{x:.1f},{y:.1f}"))
    return communes


def territory_communes(rng: random.Random) -> list[tuple[str, str, str]]:
    """The same for the 14 CAHC communes, with Lambert 93 points around their centroids."""
    from pyproj import Transformer

    to_lambert = Transformer.from_crs(4326, 2154, always_xy=True)
    communes = []
    for code, nom, postal in CAHC_COMMUNES:
        lat, lon = CENTRES[code]
        cx, cy = to_lambert.transform(lon, lat)
        libelle = unicodedata.normalize("NFKD", nom).encode("ascii", "ignore").decode().upper()
        for _ in range(8):
            communes.append((f"{postal},{libelle},,,{code},,,,", code,
                             f"{cx + rng.uniform(-900, 900):.1f},{cy + rng.uniform(-900, 900):.1f}"))
    return communes


# --- Generation ---------------------------------------------------------------------------------

def generate(rows: int, dest: Path, seed: int = 1) -> dict:
    """Write StockEtablissement_utf8.csv (`rows` rows) and StockUniteLegale_utf8.csv into `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    rnd = rng.random
    started = time.perf_counter()

    france = france_communes(rng)
    territory = territory_communes(rng)
    dates = [f"{rng.randint(1950, 2025)}-{rng.randint(1, 12):02d}-{rng.choice((1, rng.randint(1, 28))):02d}" for _ in range(4000)]
    stamps = [f"{d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}" for d in dates if d >= "2015"]
    addresses = []  # fields 12-18
    for _ in range(20_000):
        complement = rng.choice(("",) * 15 + ("BATIMENT A", "RESIDENCE LES PINS", quoted("ZA NORD, LOT 3")))
        addresses.append(f"{complement},{rng.randint(1, 300)},{'B' if rnd() < 0.03 else ''},,,"
                         f"{rng.choice(STREET_TYPES)},{quoted(rng.choice(STREETS))}")
    enseignes = [quoted(e) for e in ENSEIGNES]
    territory_weights = [profile[4] for profile in TERRITORY_UNITS]
    masked_address = "[ND],[ND],,,,[ND],[ND]"
    empty_second = "," * 13

    units_kept = []  # (siren, nic_siege, profile tuple) of the units written to the units file
    other_every = max(1, rows // (OTHER_UNITS * 2))
    counts = {"rows": 0, "territory_rows": 0, "territory_selected": 0}
    prefix = rng.randint(10_000_000, 19_999_999)
    unit_number = 0
    path = dest / ETABLISSEMENTS_CSV
    with open(path, "w", encoding="utf-8", newline="", buffering=1 << 22) as stream:
        stream.write(",".join(ETABLISSEMENT_COLUMNS) + "\n")
        lines = []
        written = 0
        while written < rows:
            unit_number += 1
            prefix = 10_000_000 + (prefix - 10_000_000 + 7919) % 90_000_000
            siren, siren_sum = siren_of(prefix)
            size = 1 if rnd() < 0.62 else (2 if rnd() < 0.7 else (3 if rnd() < 0.7 else 6))
            size = min(size, rows - written)
            in_territory = rnd() < TERRITORY_SHARE
            if in_territory:
                cj, flag, activity, name, _ = profile = rng.choices(TERRITORY_UNITS, territory_weights)[0]
                ess = cj in ESS_FAMILIES or flag == "O"
            else:
                profile = None
                activity = ACTIVITIES[int(rnd() * len(ACTIVITIES))]
            sequence = 1 + int(rnd() * 30)
            nic_siege = ""
            for k in range(size):
                nic = nic_of(siren_sum, sequence)
                sequence += 1 + int(rnd() * 3)
                if k == 0:
                    nic_siege = nic
                if in_territory:
                    block, code, xy = territory[int(rnd() * len(territory))]
                else:
                    block, code, xy = france[int(rnd() * len(france))]
                active = rnd() < 0.45
                tranche, annee, employer = TRANCHES[int(rnd() * len(TRANCHES))]
                if not active:
                    employer = "N"
                partial = rnd() < 0.02
                if partial:
                    address, coordinates, address_id, status = masked_address, "[ND],[ND]", "[ND]", "P"
                else:
                    address = addresses[int(rnd() * 20_000)]
                    coordinates = xy if rnd() < 0.9 else ","
                    address_id = f"{code}_{int(rnd() * 9999):04d}_{int(rnd() * 300):05d}" if rnd() < 0.7 else ""
                    status = "O"
                row_activity = activity if rnd() < 0.9 else ACTIVITIES[int(rnd() * len(ACTIVITIES))]
                lines.append(
                    f"{siren},{nic},{siren}{nic},{status},{dates[int(rnd() * 4000)]},{tranche},{annee},,"
                    f"{stamps[int(rnd() * len(stamps))]},{'true' if k == 0 else 'false'},{1 + int(rnd() * 4)},{address},"
                    f"{block},{address_id},{coordinates},{empty_second},{dates[int(rnd() * 4000)]},"
                    f"{'A' if active else 'F'},{enseignes[int(rnd() * len(enseignes))]},,,,{row_activity},NAFRev2,{employer},\n")
                if in_territory:
                    counts["territory_rows"] += 1
                    if active and ess and not (row_activity.startswith("84") or row_activity in EXCLUDED):
                        counts["territory_selected"] += 1
            written += size
            if in_territory:
                units_kept.append((siren, nic_siege, profile, unit_number))
            elif unit_number % other_every == 0 and len(units_kept) < 10 * OTHER_UNITS:
                cj, flag = OTHER_FORMS[unit_number % len(OTHER_FORMS)]
                units_kept.append((siren, nic_siege, (cj, flag, activity, "SOCIETE", 0), unit_number))
            if len(lines) >= CHUNK:
                stream.write("".join(lines))
                lines.clear()
        stream.write("".join(lines))
    counts["rows"] = written
    counts["etablissements_seconds"] = time.perf_counter() - started

    # The units file: small, written with the csv module.
    unit_path = dest / UNITES_LEGALES_CSV
    with open(unit_path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(UNITE_LEGALE_COLUMNS)
        for siren, nic_siege, (cj, flag, activity, name, _), number in sorted(units_kept):
            row = dict.fromkeys(UNITE_LEGALE_COLUMNS, "")
            row.update({"siren": siren, "statutDiffusionUniteLegale": "O", "dateCreationUniteLegale": dates[number % 4000],
                        "dateDernierTraitementUniteLegale": stamps[number % len(stamps)], "nombrePeriodesUniteLegale": "1",
                        "dateDebut": dates[(number * 7) % 4000], "etatAdministratifUniteLegale": "A",
                        "categorieJuridiqueUniteLegale": cj, "activitePrincipaleUniteLegale": activity,
                        "nomenclatureActivitePrincipaleUniteLegale": "NAFRev2", "nicSiegeUniteLegale": nic_siege,
                        "economieSocialeSolidaireUniteLegale": flag, "caractereEmployeurUniteLegale": "N"})
            if cj == "1000":
                row.update({"sexeUniteLegale": "MF"[number % 2], "prenom1UniteLegale": FIRST_NAMES[number % len(FIRST_NAMES)],
                            "prenomUsuelUniteLegale": FIRST_NAMES[number % len(FIRST_NAMES)],
                            "nomUniteLegale": LAST_NAMES[number % len(LAST_NAMES)]})
            else:
                row["denominationUniteLegale"] = f"{name} {PLACES[number % len(PLACES)]} {number}".strip()
                row["sigleUniteLegale"] = f"S{number % 997}" if number % 5 == 0 else ""
            writer.writerow([row[column] for column in UNITE_LEGALE_COLUMNS])
    counts["units"] = len(units_kept)
    counts["seconds"] = time.perf_counter() - started
    counts["etablissements_path"], counts["unites_legales_path"] = path, unit_path
    return counts


# --- Command line -----------------------------------------------------------------------------

def command_generate(arguments: argparse.Namespace) -> None:
    counts = generate(arguments.rows, arguments.dest, arguments.seed)
    etab, units = counts["etablissements_path"], counts["unites_legales_path"]
    print(f"{etab} : {spaced(counts['rows'])} établissements, {etab.stat().st_size / 1e6:.1f} Mo, "
          f"écrits en {counts['etablissements_seconds']:.1f} s ; {counts['territory_rows']} dans les 14 communes "
          f"de la CAHC, dont {counts['territory_selected']} actifs de l'ESS hors activités exclues")
    print(f"{units} : {spaced(counts['units'])} unités légales, {units.stat().st_size / 1e6:.1f} Mo")
    print(f"total : {counts['seconds']:.1f} s")


def spaced(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


def timed(command: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (MiB) and standard output of one process."""
    import os
    import subprocess

    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    output = process.stdout.read()
    with PeakMemory(process.pid) as peak:
        _, status, _ = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read()}")
    return time.perf_counter() - start, peak.mib, output


DUCKDB_PASS = """
import duckdb, sys
communes = {communes!r}
columns = {columns!r}
query = "SELECT " + ", ".join(columns) + " FROM read_csv(?, all_varchar=true, header=true) WHERE codeCommuneEtablissement IN (" + ", ".join("?" * len(communes)) + ")"
print(len(duckdb.execute(query, [sys.argv[1], *communes]).fetchall()))
"""

PYARROW_PASS = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from ess_site.sirene import columns
from ess_site.sirene.read import read_rows
rows, read = read_rows(Path(sys.argv[1]), columns.ETABLISSEMENTS, {{"codeCommuneEtablissement": set({communes!r})}})
print(len(rows))
"""


def command_measure(arguments: argparse.Namespace) -> None:
    import shutil
    import tempfile
    import zipfile

    from ess_site.sirene import columns

    dest = arguments.dest
    establishments, units = dest / ETABLISSEMENTS_CSV, dest / UNITES_LEGALES_CSV
    rows = sum(1 for _ in establishments.open("rb")) - 1
    archive = dest / ETABLISSEMENTS_CSV.replace(".csv", ".zip")
    if not archive.exists():
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
            zipped.write(establishments, ETABLISSEMENTS_CSV)
    communes = [insee for insee, *_ in CAHC_COMMUNES]
    print(f"{spaced(rows)} lignes d'établissements ({establishments.stat().st_size / 1e6:.0f} Mo en CSV, "
          f"{archive.stat().st_size / 1e6:.0f} Mo en zip)")
    print("| lecture | durée | lignes par seconde | mémoire maximale |\n|---|---|---|---|")
    for label, source in (("import complet, CSV", establishments), ("import complet, zip", archive)):
        with tempfile.TemporaryDirectory() as temporary:
            content = Path(temporary) / "content"
            (content / "actors").mkdir(parents=True)
            shutil.copyfile(ROOT / "content" / "territoire.yaml", content / "territoire.yaml")
            seconds, mib, _ = timed([sys.executable, str(ROOT / "build.py"), "importer", "sirene", "--content", str(content),
                                     "--etablissements", str(source), "--unites-legales", str(units),
                                     "--rapport", str(Path(temporary) / "rapport.md")])
        print(f"| {label} | {seconds:.1f} s | {spaced(int(rows / seconds))} | {mib} Mio |", flush=True)
    passes = [("filtre seul, pyarrow (celui de l'import)", PYARROW_PASS.format(root=str(ROOT), communes=communes))]
    try:
        import duckdb  # noqa: F401
        passes.append(("filtre seul, DuckDB (comparaison)", DUCKDB_PASS.format(communes=communes, columns=list(columns.ETABLISSEMENTS.columns))))
    except ImportError:
        print("(DuckDB n'est pas installé : pas de comparaison)")
    for label, code in passes:
        seconds, mib, output = timed([sys.executable, "-c", code, str(establishments)])
        print(f"| {label} : {output.strip()} lignes gardées | {seconds:.1f} s | {spaced(int(rows / seconds))} | {mib} Mio |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    generate_parser = commands.add_parser("generate", help="write StockEtablissement and StockUniteLegale into DEST")
    generate_parser.add_argument("rows", metavar="N", type=int, nargs="?", default=DEFAULT_ROWS,
                                 help=f"establishment rows (default {DEFAULT_ROWS:,})".replace(",", " "))
    generate_parser.add_argument("dest", metavar="DEST", type=Path)
    generate_parser.add_argument("--seed", type=int, default=1)
    generate_parser.set_defaults(run=command_generate)
    measure_parser = commands.add_parser("measure", help="time the import of DEST's files")
    measure_parser.add_argument("dest", metavar="DEST", type=Path)
    measure_parser.set_defaults(run=command_measure)
    arguments = parser.parse_args()
    arguments.run(arguments)


if __name__ == "__main__":
    main()
