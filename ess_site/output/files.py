"""Write stage, the file operations: the only code that changes output/.

A whole new site is written into a fresh sibling folder, then swapped in place of output/ in
two renames, so a failed or interrupted build leaves the previous site as it was. A file
changed in place is written beside its target, then renamed over it, so a reader never sees
half a page.
"""

import fcntl
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path


def side_prefix(output: Path, kind: str) -> str:
    """Folders made beside output/ carry the id of the process that made them, so that a later
    build can tell those an interrupted build left (their process is gone) from those in use."""
    return f".{output.name}-{kind}-{os.getpid()}-"


LEFTOVER = re.compile(r"\.(?P<name>.+)-(new|old|pagefind)-(?P<pid>\d+)-[^/]*")


def remove_leftovers(output: Path) -> list[Path]:
    """Delete the folders that killed builds left beside output/; return them."""
    removed = []
    for path in output.parent.glob(f".{output.name}-*-*-*"):
        found = LEFTOVER.fullmatch(path.name)
        if found and found["name"] == output.name and path.is_dir() and not process_alive(int(found["pid"])):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


@contextmanager
def output_lock(output: Path, warn: Callable[[str], None]):
    """Held for a whole build: a second build (or the preview) into the same output/ waits for
    the first instead of interleaving with it. The lock is the kernel's (flock), so it is
    released when a killed build's process ends."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with open(output.parent / f".{output.name}.lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            warn(f"Une autre construction écrit dans {output.name}/ : celle-ci attend qu'elle se termine.")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def fresh_folder(output: Path) -> Path:
    """An empty folder beside `output`, to be swapped in once complete."""
    output.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=side_prefix(output, "new"), dir=output.parent))


def write_file(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def move_into(staged: Path, output: Path, moves: Iterable[tuple[str, str]]) -> None:
    """Move each (name in `staged`, path in `output`) into the live `output`: each rename
    replaces a file whole, so a reader never sees half a page."""
    for name, relative in moves:
        target = output / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged / name, target)


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
    old = Path(tempfile.mkdtemp(prefix=side_prefix(output, "old"), dir=output.parent))
    old.rmdir()
    output.rename(old)
    fresh.rename(output)
    shutil.rmtree(old, ignore_errors=True)
