"""Write stage, the file operations: the only code that changes output/.

A whole new site is written into a fresh sibling folder, then exchanged with output/ in one
step (renameat2 with RENAME_EXCHANGE on Linux), so a failed or interrupted build leaves the
previous site as it was; where the exchange is not available, two renames, and a build killed
between them leaves the previous site beside output/, which the next build puts back
(recover_swap). A file changed in place is written beside its target, then renamed over it, so
a reader never sees half a page.
"""

import ctypes
import errno
import fcntl
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path


def side_prefix(output: Path, kind: str) -> str:
    """Folders made beside output/ carry the id of the process that made them, so that a later
    build can tell those an interrupted build left (their process is gone) from those in use."""
    return f".{output.name}-{kind}-{os.getpid()}-"


LEFTOVER = re.compile(r"\.(?P<name>.+)-(new|old|pagefind)-(?P<pid>\d+)-[^/]*")


def leftovers(output: Path, kind: str = "*") -> list[Path]:
    """The folders of this kind ("new", "old", "pagefind") that killed builds left beside output/."""
    found = []
    for path in output.parent.glob(f".{output.name}-{kind}-*-*"):
        match = LEFTOVER.fullmatch(path.name)
        if match and match["name"] == output.name and path.is_dir() and not process_alive(int(match["pid"])):
            found.append(path)
    return found


def remove_leftovers(output: Path, keep: Callable[[Path], bool] = lambda path: False) -> list[Path]:
    """Delete the folders that killed builds left beside output/, but those `keep` names; return them."""
    removed = [path for path in leftovers(output) if not keep(path)]
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
    return removed


def recover_swap(output: Path) -> bool:
    """Where a build was killed between the two renames of a swap (no RENAME_EXCHANGE), output/
    is missing and the previous site waits beside it: put it back. Returns whether it did."""
    if output.exists():
        return False
    previous = sorted(leftovers(output, "old"), key=lambda path: path.stat().st_mtime_ns)
    if not previous:
        return False
    previous[-1].rename(output)
    return True


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


WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


def write_file(target: Path, data: bytes) -> list[int]:
    """Write the file; return its stamp (stamp_of). Through the file descriptor alone: its folder
    is made only when missing, and the stamp comes from fstat, not a second lookup of the path
    (a cold build writes 30 000 files; creating them is most of its system time)."""
    try:
        fd = os.open(target, WRITE_FLAGS, 0o666)
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(target, WRITE_FLAGS, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        stat = os.fstat(fd)
    finally:
        os.close(fd)
    return [stat.st_size, stat.st_mtime_ns]


def move_into(staged: Path, output: Path, moves: Iterable[tuple[str, str]]) -> None:
    """Move each (name in `staged`, path in `output`) into the live `output`: each rename
    replaces a file whole, so a reader never sees half a page. A name no longer in `staged`
    was moved already (by a build killed meanwhile, journal.py)."""
    for name, relative in moves:
        source, target = staged / name, output / relative
        if os.path.lexists(source):
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)


def copy_file(source: Path, target: Path) -> None:
    """Copy with the source's time, so that the copy's stamp is the source's (plan.py checks it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    stat = source.stat()
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def link_file(source: Path, target: Path) -> None:
    """A file of the cache folder put in the site as a second name of the same file, not copied
    (the open data after an edit: 220 MB at 20 000 actors, 0.1-0.2 s); copied where the two
    folders are on different disks or the system refuses links. The cache never changes its
    files in place (a new set is a new folder), and checks a set's stamps (inode, time) before
    trusting it: a file of output/ changed by hand is hashed there and made again."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        copy_file(source, target)


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
    """Put the folder `fresh` where `output` is, in one step where the system can; the old one
    ends where `fresh` was (or beside), then is deleted."""
    fresh.chmod(0o755)  # mkdtemp makes it private; a web server must read it
    if not output.exists():
        fresh.rename(output)
        return
    if exchange(fresh, output):
        shutil.rmtree(fresh, ignore_errors=True)  # now the old folder
        return
    old = Path(tempfile.mkdtemp(prefix=side_prefix(output, "old"), dir=output.parent))
    old.rmdir()
    output.rename(old)
    fresh.rename(output)
    shutil.rmtree(old, ignore_errors=True)


AT_FDCWD, RENAME_EXCHANGE = -100, 2  # <fcntl.h>, <linux/fs.h>


def exchange(first: Path, second: Path) -> bool:
    """Exchange two paths atomically (Linux's renameat2, glibc 2.28 and later); False where the
    system or the file system cannot, so that the caller falls back to two renames."""
    call = getattr(LIBC, "renameat2", None) if LIBC is not None else None
    if call is None:
        return False
    if call(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def load_libc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    if hasattr(libc, "renameat2"):
        libc.renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        libc.renameat2.restype = ctypes.c_int
    return libc


LIBC = load_libc() if sys.platform.startswith("linux") else None
