"""Write stage: the only code that touches output/.

The new site is written to a fresh sibling folder, then swapped in place of output/ in two
renames, so a failed or interrupted build leaves the previous site as it was.
"""

import shutil
import tempfile
from pathlib import Path


def write_output(files: list[tuple[str, str | bytes]], assets: Path, output: Path) -> None:
    """Write every (path, text or bytes) and the assets into a fresh folder, then swap it in."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{output.name}-new-", dir=output.parent))
    try:
        if assets.is_dir():
            shutil.copytree(assets, fresh / "assets")
        for relative, data in files:
            target = fresh / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                target.write_bytes(data)
            else:
                target.write_text(data, encoding="utf-8")
        fresh.chmod(0o755)  # mkdtemp makes it private; a web server must read it
        swap(fresh, output)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise


def swap(fresh: Path, output: Path) -> None:
    """Put `fresh` where `output` is; the old site is moved aside, then deleted."""
    if not output.exists():
        fresh.rename(output)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{output.name}-old-", dir=output.parent))
    old.rmdir()
    output.rename(old)
    fresh.rename(output)
    shutil.rmtree(old, ignore_errors=True)
