"""The files copied into the site as they are: assets/ and the front-end libraries npm installs."""

from pathlib import Path

from ..problems import MissingTool

# Front-end libraries installed from the npm registry (package.json), copied into the site:
# files or folders of node_modules/<name>/, glob patterns allowed. Decap CMS (/admin/) loads its
# chunks and WebAssembly files lazily from the folder of decap-cms.js: they travel with it. Netlify
# Identity's widget is the editors' login, invitations and password recovery (/admin/ and the home page).
VENDOR = {
    "leaflet": ("dist/leaflet.js", "dist/leaflet.css", "dist/images"),
    "supercluster": ("dist/supercluster.min.js", "LICENSE"),  # the clusters of /carte/ (assets/map.js)
    "decap-cms": ("dist/decap-cms.js", "dist/decap-cms.js.LICENSE.txt", "dist/*.decap-cms.js", "dist/*.wasm"),
    "netlify-identity-widget": ("build/netlify-identity-widget.js", "LICENSE"),
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
