"""Load stage: content/ -> Documents (YAML values with their lines) + problems.

Nothing here judges the fields; it only reads files and their front matter, and reports
what cannot be read at all (encoding, broken YAML, misplaced or misnamed files).
"""

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..incremental.fingerprint import hexdigest
from ..problems import Problem
from ..tools.content_files import interrupted_import
from ..urls import is_slug, slugify
from .frontmatter import Document, parse_yaml, read_text, split_front_matter
from .model import Actor

TERRITORY_FILE = "territoire.yaml"
CENTRES_FILE = "centres-communes.yaml"  # written by the SIRENE import (sirene/centres.py)
ACTORS_DIR = "actors"
LETTRES_DIR = "lettres"


@dataclass
class Documents:
    territory: Document | None
    actors: list[Path | Actor]  # files to read and check, or the Actor an earlier build read from an unchanged one
    lettres: list[Document]
    centres: Document | None = None  # commune centres the import computed, when it wrote them


def load_documents(content: Path, problems: list[Problem], reuse: Callable[[list[Path]], list[Path | Actor]] | None = None,
                   listed: Callable[[Path], list[Path] | None] | None = None, read_territory: bool = True) -> Documents:
    """Read content/territoire.yaml and every content/lettres/*.md, and list content/actors/*.md
    (read with the territory at hand, see actors.py); `reuse` may give, for the files listed, instead of a
    file to read again the actor an unchanged file was read as, and `listed` the folder's listing as an
    earlier build made it, while no file was added or removed since, an interrupted import's
    leftover included (None: list it).
    `read_territory` False: the territory is known already, its files are not read."""
    if not content.is_dir():
        problems.append(Problem(content, 1, "dossier de contenu introuvable"))
        return Documents(None, [], [])
    known = listed(content / ACTORS_DIR) if listed else None  # as listed before: no file added since, no leftover either
    problems += interrupted_import(content, ACTORS_DIR, in_folder=known is None)
    root = content.resolve()
    territory = load_yaml_file(content / TERRITORY_FILE, problems) if read_territory and inside(content / TERRITORY_FILE, root, problems) \
        else None
    files = known or list_markdown(content / ACTORS_DIR, root, problems)
    actors = reuse(files) if reuse else list(files)
    centres_path = content / CENTRES_FILE
    centres = load_yaml_file(centres_path, problems) if read_territory and centres_path.exists() and inside(centres_path, root, problems) \
        else None
    return Documents(territory, actors, load_folder(content / LETTRES_DIR, root, problems), centres)


def load_folder(folder: Path, root: Path, problems: list[Problem]) -> list[Document]:
    return [doc for path in list_markdown(folder, root, problems) if (doc := load_markdown_file(path, problems))]


def inside(path: Path, root: Path, problems: list[Problem]) -> bool:
    """Content is read only from inside content/: a symbolic link that leads elsewhere (on a
    deploy preview, to a file of the build machine) is refused."""
    if not path.is_symlink() or path.resolve().is_relative_to(root):
        return True
    problems.append(Problem(path, 1, "lien symbolique vers un fichier hors du dossier de contenu : refusé ; "
                                     "copiez le fichier dans le dossier au lieu de le lier"))
    return False


def list_markdown(folder: Path, root: Path, problems: list[Problem]) -> list[Path]:
    """The .md files of a folder whose names are clean slugs; every other entry is reported."""
    if not folder.is_dir() or not inside(folder, root, problems):
        return []
    found = []
    with os.scandir(folder) as entries:  # scandir knows each entry's type without a stat call
        listing = sorted((entry.name, entry.is_dir(), entry.is_symlink()) for entry in entries)
    for name, is_dir, is_link in listing:
        if name.startswith("."):
            continue  # .gitkeep and editors' swap files
        path = folder / name
        if is_link and not inside(path, root, problems):
            continue
        if is_dir or not name.endswith(".md"):
            problems.append(Problem(path, 1, "seuls les fichiers .md sont lus dans ce dossier ; renommez ou déplacez ce fichier"))
        elif not is_slug(path.stem):
            proposal = slugify(path.stem) or "nom-de-la-structure"
            problems.append(Problem(path, 1, f"nom de fichier invalide : minuscules sans accents, chiffres et tirets seulement ; renommez-le « {proposal}.md »"))
        else:
            found.append(path)
    return found


def load_yaml_file(path: Path, problems: list[Problem]) -> Document | None:
    if not path.is_file():
        problems.append(Problem(path, 1, "fichier manquant : il décrit le territoire et ses communes"))
        return None
    text = read_text(path, problems)
    fields = parse_yaml(text, path, 1, problems) if text is not None else None
    return Document(path, fields) if fields is not None else None


def load_markdown_file(path: Path, problems: list[Problem]) -> Document | None:
    text = read_text(path, problems)
    return markdown_document(path, text, problems) if text is not None else None


def markdown_document(path: Path, text: str, problems: list[Problem]) -> Document | None:
    """The front matter and body of a file's text, already read and normalized."""
    parts = split_front_matter(text, path, problems)
    if parts is None:
        return None
    yaml_text, body, body_line = parts
    fields = parse_yaml(yaml_text, path, 2, problems)
    return Document(path, fields, body, body_line, hexdigest(f"{path.name}\0{text}".encode())) if fields is not None else None
