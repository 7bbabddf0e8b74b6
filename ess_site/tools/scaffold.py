"""`build.py new`: a new actor or lettre file holding every field of the contract, each with
its French comment from schema.py, so an editor only fills in values.

An unfilled file is not valid on purpose: `check` then names each required field to fill, and
each line of model text left in the body (PLACEHOLDERS, the only place these texts are written).
"""

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..content.citations import prose_lines
from ..content.frontmatter import read_text, split_front_matter
from ..content.load import ACTORS_DIR, LETTRES_DIR
from ..content.schema import ACTOR_FIELDS, LETTRE_FIELDS, Field
from ..problems import NewRefused
from ..urls import slugify

LIST_FIELDS = {"thematiques", "labels", "publics", "modes_accueil", "thematiques_inclusion"}
BOOLEAN_FIELDS = {"brouillon", "benevoles"}


@dataclass(frozen=True)
class Placeholder:
    """A line of model text that `new` writes in a body, and what the editor is to put instead."""

    text: str
    advice: str
    whole_line: bool = False  # a title: only the line alone is the model's (a sentence is found anywhere in its line)

    @property
    def problem(self) -> str:
        words = self.text.split()
        short = " ".join(words[:5]) + ("…" if len(words) > 5 else "")
        return f"texte du modèle « {short} » encore là : {self.advice}"

    def found_in(self, line: str) -> bool:
        return line.strip() == self.text if self.whole_line else self.text in line


ACTOR_BODY = Placeholder("Présentez ici la structure en quelques phrases : ce qu'elle fait, pour qui, où.",
                         "remplacez cette phrase par la présentation de la structure (ce qu'elle fait, pour qui, où), "
                         "ou mettez « brouillon: true » tant que la fiche n'est pas prête")
LETTRE_HEADING = Placeholder("## Première rubrique", "donnez à cette rubrique son vrai titre", whole_line=True)
LETTRE_BODY = Placeholder("Écrivez ici. Citez un acteur avec [[slug-de-l-acteur]], un chiffre clé avec [[chiffre:emplois]].",
                          "remplacez cette phrase par le texte de la rubrique")
PLACEHOLDERS = (ACTOR_BODY, LETTRE_HEADING, LETTRE_BODY)


def placeholders_in(body: str, first_line: int) -> list[tuple[int, Placeholder]]:
    """(line, placeholder) for each line of the body that still holds model text (code blocks aside)."""
    return [(number, found) for number, line in prose_lines(body, first_line) for found in PLACEHOLDERS if found.found_in(line)]


def field_line(field: Field, value: str = "") -> str:
    need = "obligatoire" if field.required else "facultatif"
    return f"{field.key}: {value}".rstrip() + f"  # {need} : {field.doc}"


def actor_text(nom: str) -> str:
    lines = ["---"]
    for field in ACTOR_FIELDS.values():
        value = yaml_string(nom) if field.key == "nom" else "[]" if field.key in LIST_FIELDS else "false" if field.key in BOOLEAN_FIELDS else ""
        lines.append(field_line(field, value))
    lines += ["---", ACTOR_BODY.text, ""]
    return "\n".join(lines)


def lettre_text(numero: int, build_day: date) -> str:
    values = {"numero": str(numero), "date": build_day.isoformat()}
    lines = ["---", *(field_line(f, values.get(f.key, "")) for f in LETTRE_FIELDS.values()), "---"]
    lines += [LETTRE_HEADING.text, "", LETTRE_BODY.text, ""]
    return "\n".join(lines)


def yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def new_actor(content: Path, nom: str) -> Path:
    nom = nom.strip()
    slug = slugify(nom)
    if not nom or not slug:
        raise NewRefused("donnez le nom de la structure, par exemple : python build.py new acteur \"Garage solidaire\"")
    path = content / ACTORS_DIR / f"{slug}.md"
    if path.exists():
        raise NewRefused(f"{path} existe déjà : modifiez ce fichier, ou choisissez un autre nom")
    return write_new(path, actor_text(nom))


def new_lettre(content: Path, build_day: date) -> Path:
    numero = next_numero(content / LETTRES_DIR)
    path = content / LETTRES_DIR / f"lettre-{numero:02d}.md"
    if path.exists():
        raise NewRefused(f"{path} existe déjà : modifiez ce fichier")
    return write_new(path, lettre_text(numero, build_day))


def next_numero(folder: Path) -> int:
    """One more than the highest numero found in the existing lettres (1 when there are none)."""
    numbers = [0]
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        text = read_text(path, [])
        parts = split_front_matter(text, path, []) if text else None
        found = re.search(r"^numero:\s*(\d+)", parts[0], flags=re.M) if parts else None
        if found:
            numbers.append(int(found[1]))
    return max(numbers) + 1


def write_new(path: Path, text: str) -> Path:
    if not path.parent.parent.is_dir() or not (path.parent.parent / "territoire.yaml").is_file():
        raise NewRefused(f"{path.parent.parent} n'est pas un dossier de contenu (territoire.yaml introuvable)")
    path.parent.mkdir(exist_ok=True)
    with path.open("x", encoding="utf-8") as file:  # "x": never overwrite, even in a race
        file.write(text)
    return path
