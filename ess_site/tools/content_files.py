"""Writing into content/actors/ for a command (the SIRENE import): all the files or none, even
when the process is killed.

The new folder is made beside the old one, in content/.import-sirene/ (the same filesystem):
every unchanged file hard-linked, every new or changed one written and synced. One rename then
swaps the two folders (renameat2 RENAME_EXCHANGE), so content/actors/ is the old folder or the
new one, whole, never a mix. Whatever a killed import leaves in .import-sirene/ (the new folder
not yet swapped in, or the old one swapped out) is refused by check and the build, and removed
by the next import; content/actors/ is kept as it is.
"""

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from ..output.files import exchange
from ..problems import Problem

STAGING = ".import-sirene"  # in content/: on the same filesystem as content/actors/
EARLIER_TEMPORARY = ".md.import"  # the ending of the files an earlier version of the import wrote beside their target
WRITING, SWAPPING = "écriture des fiches", "mise en place"
UNITS = ("fiche", "fiches")
Progress = Callable[..., None]  # (label, fraction, count, units)


def write_all_or_nothing(folder: Path, files: dict[Path, str], progress: Progress | None = None) -> None:
    """Every file of `files` (paths inside `folder`) written, in one step."""
    progress = progress or (lambda *_: None)
    staging = folder.parent / STAGING
    remove_leftovers(folder)
    if not files:
        return
    new = staging / folder.name
    try:
        prepare(folder, new, files, progress)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    progress(SWAPPING, 0.0, len(files), UNITS)
    swap(new, folder)
    sync(folder.parent)
    progress(SWAPPING, 1.0, len(files), UNITS)
    shutil.rmtree(staging)


def write_one_file(path: Path, text: str) -> None:
    """One file of content/ replaced in one step: written and synced beside it, then renamed."""
    temporary = path.parent / STAGING / path.name
    temporary.parent.mkdir(exist_ok=True)
    with open(temporary, "w", encoding="utf-8", newline="") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)
    temporary.parent.rmdir()
    sync(path.parent)


def prepare(folder: Path, new: Path, files: dict[Path, str], progress: Progress) -> None:
    """`new`: a copy of `folder` (hard links) with `files` written in it, all on disk."""
    shutil.copytree(folder, new, symlinks=True, copy_function=link_or_copy)
    for index, (path, text) in enumerate(files.items(), 1):
        target = new / path.relative_to(folder)
        target.unlink(missing_ok=True)  # a hard link to the editor's file: never written through
        with open(target, "w", encoding="utf-8", newline="") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        progress(WRITING, index / len(files), index, UNITS)
    sync(new)
    sync(new.parent)


def link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def sync(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def swap(new: Path, folder: Path) -> None:
    """`new` becomes `folder` and `folder` is left at `new`'s place, in one rename when the
    filesystem can; else in two, which remove_leftovers completes if the process dies between."""
    if exchange(new, folder):  # the same atomic exchange the build's output uses
        return
    old = new.with_name(new.name + "-ancien")
    os.rename(folder, old)
    os.rename(new, folder)


def remove_leftovers(folder: Path) -> list[Path]:
    """What a killed import left, removed; `folder` put back first if it was between two renames."""
    staging, removed = folder.parent / STAGING, []
    if staging.exists():
        if not folder.exists() and (staging / folder.name).is_dir():
            os.rename(staging / folder.name, folder)  # the new folder, synced before the first rename: whole
        shutil.rmtree(staging)
        removed.append(staging)
    for path in sorted(folder.glob(f".*{EARLIER_TEMPORARY}")) if folder.is_dir() else []:
        path.unlink()
        removed.append(path)
    return removed


def interrupted_import(content: Path, folder_name: str, in_folder: bool = True) -> list[Problem]:
    """A problem for each thing a killed import left in `content`, saying what to do. `in_folder`
    False: the folder's files are known not to hold any (no need to list 20 000 names again)."""
    staging, folder = content / STAGING, content / folder_name
    problems = []
    if staging.exists():
        if not folder.exists():
            problems.append(Problem(staging, 1, f"reste d'un import Sirene interrompu, qui contient le dossier {folder_name}/ : "
                                                "relancez l'import, il le remet en place ; ne supprimez pas ce dossier"))
        else:
            problems.append(Problem(staging, 1, f"reste d'un import Sirene interrompu ; {folder_name}/ est entier (tel qu'avant "
                                                "l'import ou importé : « git status » le montre) : relancez l'import, qui retire "
                                                "ce dossier, ou supprimez-le"))
    for path in sorted(folder.glob(f".*{EARLIER_TEMPORARY}")) if in_folder and folder.is_dir() else []:
        problems.append(Problem(path, 1, "fichier laissé par un import Sirene interrompu : relancez l'import, qui le retire et "
                                         "termine l'écriture, ou supprimez-le et vérifiez les fiches avec « git status »"))
    return problems
