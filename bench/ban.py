"""Benchmark of `build.py importer ban`: a BAN address file of N rows (1 000 000 by default; the
Pas-de-Calais has about 700 000) shaped like adresses-62.csv.gz, 10 % of them in the test
territory's three communes, and a copy of the test site with 500 actors whose addresses are in
it (a few written with abbreviations, a few with no match).

Usage: python bench/ban.py [N] [--dossier DIR]

Prints the generation time, then the import's wall time, the rows read per second and the peak
memory (PSS of the process, sampled by bench/memory.py). Deterministic for a given N.
"""

import argparse
import gzip
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from memory import PeakMemory  # noqa: E402

from tests.fixtures.ban_file import COMMUNES, HEADER, filler, row  # noqa: E402

TERRITORY_SHARE = 0.10
ACTORS = 500
TYPES = ("Rue", "Avenue", "Boulevard", "Place", "Chemin", "Impasse", "Allée", "Rue du Général", "Rue Saint")
NAMES = ("Victor Hugo", "Jean Jaurès", "Émile Zola", "Pasteur", "de Gaulle", "Lamartine", "Voltaire", "Gambetta", "Carnot",
         "Curie", "Jules Ferry", "Éloi", "Roger Salengro", "Léon Blum", "Anatole France", "Denis Papin", "des Écoles",
         "de l'Église", "du Moulin", "des Près", "de la Gare", "Basly", "Arthur Lamendin")
ABBREVIATED = {"Avenue": "av.", "Boulevard": "bd", "Rue Saint": "r. St", "Rue du Général": "rue du Gal", "Place": "pl."}


def territory_rows(count: int, rng: random.Random) -> tuple[list[str], list[tuple[str, str, str]]]:
    """`count` distinct addresses in the territory's communes, and (insee, number, street) of each."""
    streets = [f"{kind} {name}" for kind in TYPES for name in NAMES]
    rows, addresses = [], []
    per_street = max(count // (len(COMMUNES) * len(streets)), 1)
    for insee in COMMUNES:
        for street in streets:
            for number in range(1, per_street + 1):
                if len(rows) < count:
                    rows.append(row(insee, str(number), "", street, 50.35 + rng.random() * 0.1, 2.85 + rng.random() * 0.15))
                    addresses.append((insee, str(number), street))
    return rows, addresses


def generate(path: Path, count: int) -> list[tuple[str, str, str]]:
    rng = random.Random(count)
    own, addresses = territory_rows(int(count * TERRITORY_SHARE), rng)
    rng.shuffle(own)
    others = count - len(own)
    with gzip.open(path, "wt", encoding="utf-8", newline="", compresslevel=6) as file:
        file.write(HEADER + "\n")
        done, chunk = 0, 100_000
        while done < others:
            rows = filler(min(chunk, others - done), seed=done)
            share = own[done * len(own) // others:(done + len(rows)) * len(own) // others]  # spread through the file
            file.write("\n".join(rows + share) + "\n")
            done += len(rows)
    return addresses


def make_content(folder: Path, addresses: list[tuple[str, str, str]]) -> None:
    shutil.copytree(ROOT / "tests" / "fixtures" / "site", folder)
    names = {insee: name for insee, (name, _) in COMMUNES.items()}
    rng = random.Random(ACTORS)
    for index, (insee, number, street) in enumerate(rng.sample(addresses, ACTORS)):
        for full, short in ABBREVIATED.items():
            if index % 3 == 0 and street.startswith(full + " "):
                street = short + street[len(full):]
        if index % 25 == 0:
            number = str(int(number) + 10_000)  # no such number: reported, not placed
        (folder / "actors" / f"banc-{index:04d}.md").write_text(
            f"---\nnom: Acteur {index}\nstatut: association\nsecteur: autres\ncommune: {names[insee]}\n"
            f"adresse: \"{number} {street}\"\n---\nPrésentation.\n", encoding="utf-8")


def measure(command: list[str]) -> tuple[float, float, int, str]:
    """Wall seconds, CPU seconds (user + system), peak PSS in MiB and standard output of `command`."""
    start, used = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    with PeakMemory(process.pid) as peak:
        output, _ = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{output}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime
    return time.perf_counter() - start, cpu, peak.mib, output


def reading_pass(path: Path, content: Path) -> tuple[float, float, int]:
    """The streaming read alone, in this process: wall and CPU seconds, rows read."""
    from ess_site.ban.match import wanted_streets
    from ess_site.ban.read import read_addresses
    from ess_site.content.validate import read_content

    site = read_content(content, date.today())
    communes, wanted = {c.insee for c in site.territory.communes}, wanted_streets(list(site.actors))
    wall, cpu = time.perf_counter(), time.process_time()
    found = read_addresses(path, communes, wanted)
    return time.perf_counter() - wall, time.process_time() - cpu, found.rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--dossier", type=Path, help="where to write the file and content (a temporary folder by default)")
    args = parser.parse_args()
    folder = args.dossier or Path(tempfile.mkdtemp(prefix="bench-ban-"))
    folder.mkdir(parents=True, exist_ok=True)
    path, content = folder / "adresses-62.csv.gz", folder / "content"
    start = time.perf_counter()
    addresses = generate(path, args.rows)
    shutil.rmtree(content, ignore_errors=True)
    make_content(content, addresses)
    print(f"generated {args.rows:,} rows ({path.stat().st_size / 2**20:.1f} MiB gzip) and {ACTORS} actors "
          f"in {time.perf_counter() - start:.1f} s")
    seconds, cpu, mib, output = measure([sys.executable, str(ROOT / "build.py"), "importer", "ban", "--content", str(content),
                                    "--adresses", str(path), "--rapport", str(folder / "rapport-ban.md")])
    print(output.strip())
    print(f"whole import: {seconds:.1f} s wall, {cpu:.1f} s CPU, {args.rows / seconds:,.0f} rows/s (wall), "
          f"{args.rows / cpu:,.0f} rows/s (CPU), peak memory {mib} MiB (PSS)")
    wall, cpu, rows = reading_pass(path, content)
    print(f"reading pass alone: {wall:.1f} s wall, {cpu:.1f} s CPU, {rows / wall:,.0f} rows/s (wall), {rows / cpu:,.0f} rows/s (CPU)")
    if not args.dossier:
        shutil.rmtree(folder)
    os.sync()


if __name__ == "__main__":
    main()
