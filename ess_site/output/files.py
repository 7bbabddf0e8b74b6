"""Write stage, the file operations: the only code that changes output/.

A whole new site is written into a fresh sibling folder, then swapped in place of output/ in
two renames, so a failed or interrupted build leaves the previous site as it was. A file
changed in place is written beside its target, then renamed over it, so a reader never sees
half a page.
"""

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path


def fresh_folder(output: Path) -> Path:
    """An empty folder beside `output`, to be swapped in once complete."""
    output.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{output.name}-new-", dir=output.parent))


def write_file(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def replace_file(target: Path, data: bytes) -> None:
    """Replace a file of a live site whole: written beside it, then renamed over it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)


def copy_file(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def delete_files(folder: Path, relatives: Iterable[str]) -> None:
    """Delete files of `folder` with the folders they leave empty."""
    for relative in relatives:
        target = folder / relative
        target.unlink(missing_ok=True)
        for parent in target.parents:
            if parent == folder or any(parent.iterdir()):
                break
            parent.rmdir()


def swap(fresh: Path, output: Path) -> None:
    """Put the folder `fresh` where `output` is; the old one is moved aside, then deleted."""
    fresh.chmod(0o755)  # mkdtemp makes it private; a web server must read it
    if not output.exists():
        fresh.rename(output)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{output.name}-old-", dir=output.parent))
    old.rmdir()
    output.rename(old)
    fresh.rename(output)
    shutil.rmtree(old, ignore_errors=True)
