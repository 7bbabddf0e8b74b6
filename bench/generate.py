"""Write a synthetic content/ folder of N realistic actors (every contract field, French text of
about 300 words) and a few lettres citing them, for the benchmark. Deterministic for a given N.

Usage: python bench/generate.py N DEST [--perimetre cahc|region|pays]

With --perimetre region (Hauts-de-France) or pays (France), the territory is given by its code and
the actors are spread over its real communes in proportion to their population (Insee, through
ess_site/geography). The geography has no commune centres: each actor's point is drawn around a
made-up centre of its département inside mainland France, so maps have a national spread, not
true places.
"""

import argparse
import bisect
import hashlib
import itertools
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ess_site.content.schema import SECTEURS, STATUTS  # noqa: E402

WORDS = ("association coopérative insertion emploi solidaire territoire habitants accompagnement jardin épicerie "
         "mobilité garage réemploi atelier formation bénévoles salariés projet quartier commune alimentation durable "
         "circuits courts rénovation logement énergie handicap santé culture sport jeunesse familles seniors "
         "numérique tiers-lieu économie circulaire recyclage transport restauration collective marché local").split()
THEMES = ["Insertion par l'activité économique", "Alimentation durable", "Mobilité inclusive", "Économie circulaire",
          "Rénovation de l'habitat", "Citoyenneté et vie sociale", "Handicap", "Santé", "Commerce de proximité",
          "Accompagnement de projets", "Patrimoine et aménagement"]
COMMUNES = [("Carvin", "62220", 50.4895, 2.9486), ("Courrières", "62710", 50.4532, 2.9463), ("Hénin-Beaumont", "62110", 50.4092, 2.9590),
            ("Oignies", "62590", 50.4644, 2.9931), ("Rouvroy", "62320", 50.3992, 2.9049), ("Libercourt", "62820", 50.4820, 2.9997)]


def siret(rng: random.Random) -> str:
    """A 14-digit number whose Luhn key is right."""
    digits = [rng.randrange(10) for _ in range(13)]
    for last in range(10):
        candidate = digits + [last]
        total = sum((d * 2 - 9 if d * 2 > 9 else d * 2) if i % 2 else d for i, d in enumerate(reversed(candidate)))
        if total % 10 == 0:
            return "".join(map(str, candidate))
    raise AssertionError


def paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


PERIMETERS = {"region": '{region: "32"}', "pays": "{pays: FR}"}


class Places:
    """The communes actors are drawn from: the sample's six, or a perimeter's, weighted by population."""

    def __init__(self, perimetre: str | None):
        self.communes = COMMUNES
        self.cumulative: list[int] = []
        if perimetre:
            from ess_site.content.model import Perimetre
            from ess_site.content.perimeter import perimeter_communes
            from ess_site.geography import official_geography
            kind, code = ("region", "32") if perimetre == "region" else ("pays", "FR")
            chosen = [c for c in perimeter_communes(Perimetre(kind, (code,), ""), official_geography()) if c.population and c.codes_postaux]
            self.communes = [(c.insee, c.codes_postaux[0], *centre(c.departement)) for c in chosen]
            self.cumulative = list(itertools.accumulate(c.population for c in chosen))

    def draw(self, rng: random.Random) -> tuple[str, str, float, float]:
        if not self.cumulative:
            return rng.choice(self.communes)
        return self.communes[bisect.bisect(self.cumulative, rng.randrange(self.cumulative[-1]))]


def centre(departement: str) -> tuple[float, float]:
    """A made-up but stable point of mainland France for a département (see the module's docstring)."""
    digest = hashlib.sha256(departement.encode()).digest()
    return 43.0 + digest[0] / 255 * 7.5, -1.0 + digest[1] / 255 * 8.0


def actor(rng: random.Random, index: int, places: Places) -> str:
    commune, postal, lat, lon = places.draw(rng)
    lat, lon = (lat, lon) if places.cumulative == [] else (lat + rng.uniform(-0.3, 0.3), lon + rng.uniform(-0.3, 0.3))
    effectif = rng.randrange(1, 120)
    return "\n".join([
        "---",
        f"nom: Structure solidaire numéro {index}",
        f"sigle: SS{index}",
        f"statut: {rng.choice(list(STATUTS))}",
        f"secteur: {rng.choice(list(SECTEURS))}",
        f'commune: "{commune}"',
        f"adresse: {rng.randrange(1, 200)} rue de l'Économie",
        f'code_postal: "{postal}"',
        f"lat: {lat + rng.uniform(-0.01, 0.01):.5f}",
        f"lon: {lon + rng.uniform(-0.01, 0.01):.5f}",
        f'siret: "{siret(rng)}"',
        f"creation: {rng.randrange(1950, 2025)}",
        f"effectif: {effectif}",
        f"etp: {round(effectif * rng.uniform(0.6, 0.95), 1)}",
        f"masse_salariale: {effectif * rng.randrange(22000, 32000)}",
        f"site_web: https://structure-{index}.example.org",
        f"email: contact@structure-{index}.example.org",
        f'telephone: "03 21 {rng.randrange(10, 99)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}"',
        "thematiques:", *(f"  - {theme}" for theme in rng.sample(THEMES, 2)),
        "labels:", "  - ESUS",
        "---",
        *(paragraph(rng, 60) + "\n" for _ in range(5)),
    ])


def generate(count: int, dest: Path, perimetre: str | None = None) -> None:
    rng = random.Random(count)
    places = Places(perimetre)
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(ROOT / "content", dest, ignore=shutil.ignore_patterns("*.md"))
    if perimetre:
        territory = dest / "territoire.yaml"
        text = territory.read_text(encoding="utf-8")
        territory.write_text(text.replace('perimetre: {epci: "246200299"}', f"perimetre: {PERIMETERS[perimetre]}"), encoding="utf-8")
    (dest / "actors").mkdir(exist_ok=True)
    (dest / "lettres").mkdir(exist_ok=True)
    for index in range(count):
        (dest / "actors" / f"structure-{index:06d}.md").write_text(actor(rng, index, places), encoding="utf-8")
    for numero in range(1, 7):
        cited = " ".join(f"[[structure-{rng.randrange(count):06d}]]" for _ in range(5))
        body = "\n\n".join(f"## Rubrique {n}\n\n{paragraph(rng, 80)} {cited}" for n in range(1, 5))
        text = f"---\nnumero: {numero}\ntitre: Lettre {numero}\ndate: 2024-0{numero}-15\n---\n{body}\n"
        (dest / "lettres" / f"lettre-{numero:02d}.md").write_text(text, encoding="utf-8")


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Écrit un dossier content/ fictif de N acteurs (tous les champs, 300 mots de présentation) "
                    "et quelques lettres qui les citent, pour les mesures de vitesse. Le même N donne le même dossier.")
    parser.add_argument("count", metavar="N", type=int, help="nombre d'acteurs")
    parser.add_argument("dest", metavar="DOSSIER", type=Path, help="dossier à écrire (remplacé s'il existe)")
    parser.add_argument("--perimetre", choices=("cahc", "region", "pays"), default="cahc",
                        help="cahc : six communes de l'agglomération (par défaut) ; region : les Hauts-de-France ; "
                             "pays : la France, les acteurs répartis sur les communes selon leur population")
    return parser.parse_args(argv)


if __name__ == "__main__":
    args = arguments()
    generate(args.count, args.dest, None if args.perimetre == "cahc" else args.perimetre)
