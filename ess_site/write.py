"""Write stage: the only code that touches output/.

The new site is written to a fresh sibling folder, then swapped in place of output/ in two
renames, so a failed or interrupted build leaves the previous site as it was.
"""

import os
import shutil
from collections.abc import Callable, Iterable
import tempfile
from pathlib import Path

from .problems import MissingTool


def write_output(write_files: Callable[[Path], None], support: dict[str, Path], output: Path, finish=()) -> None:
    """Copy the support files (assets, vendored libraries) into a fresh folder, let
    `write_files` write the pages there, run the `finish` steps on it (search index), then
    swap it in."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{output.name}-new-", dir=output.parent))
    try:
        for relative, source in support.items():
            copy_file(source, fresh / relative)
        write_files(fresh)
        for step in finish:
            step(fresh)
        fresh.chmod(0o755)  # mkdtemp makes it private; a web server must read it
        swap(fresh, output)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise


def update_output(files: Iterable[tuple[str, bytes]], removed: Iterable[str], output: Path) -> None:
    """Change output/ in place: each file replaced whole (written beside it, then renamed), so a
    reader never sees half a page; `removed` files deleted with the folders they leave empty."""
    for relative, data in files:
        target = output / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
    for relative in removed:
        target = output / relative
        target.unlink(missing_ok=True)
        for folder in target.parents:
            if folder == output or any(folder.iterdir()):
                break
            folder.rmdir()


def copy_file(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def swap(fresh: Path, output: Path) -> None:
    """Put the folder `fresh` where `output` is; the old one is moved aside, then deleted."""
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


def support_files(assets: Path, node_modules: Path) -> dict[str, Path]:
    """Path in output/ -> source, for the site's assets and the vendored libraries
    (<site>/assets/vendor/<name>/…). A library that npm has not installed stops the build."""
    files = {f"assets/{path.relative_to(assets).as_posix()}": path
             for path in sorted(assets.rglob("*")) if path.is_file()} if assets.is_dir() else {}
    for name, parts in VENDOR.items():
        for part in parts:
            sources = sorted((node_modules / name).glob(part))
            if not sources:
                raise MissingTool(f"{name} manque ({node_modules / name / part}) : lancez « npm ci » à la racine "
                                  "du projet (la commande d'installation du README le fait).")
            for source in sources:
                inside = sorted(p for p in source.rglob("*") if p.is_file()) if source.is_dir() else [source]
                files.update({f"assets/vendor/{name}/{p.relative_to(source.parent).as_posix()}": p for p in inside})
    return files
