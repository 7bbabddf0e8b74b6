"""Write stage: the only code that touches output/.

The new site is written to a fresh sibling folder, then swapped in place of output/ in two
renames, so a failed or interrupted build leaves the previous site as it was.
"""

import shutil
from collections.abc import Iterable
import tempfile
from pathlib import Path

from .problems import MissingTool


def write_output(files: Iterable[tuple[str, str | bytes]], assets: Path, output: Path, finish=()) -> None:
    """Write every (path, text or bytes) and the assets into a fresh folder, run the `finish`
    steps on it (vendor files, search index), then swap it in."""
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
        for step in finish:
            step(fresh)
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


# Front-end libraries installed from the npm registry (package.json), copied into the site:
# files or folders of node_modules/<name>/, glob patterns allowed. Decap CMS (/admin/) loads its
# chunks and WebAssembly files lazily from the folder of decap-cms.js: they travel with it.
VENDOR = {
    "leaflet": ("dist/leaflet.js", "dist/leaflet.css", "dist/images"),
    "decap-cms": ("dist/decap-cms.js", "dist/decap-cms.js.LICENSE.txt", "dist/*.decap-cms.js", "dist/*.wasm"),
}


def copy_vendor(node_modules: Path):
    """A finish step: copy the vendored libraries into <site>/assets/vendor/<name>/."""

    def copy(site: Path) -> None:
        for name, parts in VENDOR.items():
            for part in parts:
                sources = sorted((node_modules / name).glob(part))
                if not sources:
                    raise MissingTool(f"{name} manque ({node_modules / name / part}) : lancez « npm ci » à la racine "
                                      "du projet (la commande d'installation du README le fait).")
                for source in sources:
                    target = site / "assets" / "vendor" / name / source.name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    (shutil.copytree if source.is_dir() else shutil.copyfile)(source, target)

    return copy
