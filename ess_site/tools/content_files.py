"""Writing into content/ for a command (the SIRENE import): all the files or none of them.

Each file is first written beside its target, then every one is renamed into place; if any step
fails, the files already replaced get their previous text back and the new ones are removed,
so content/ is left as it was.
"""

import os
from pathlib import Path


def write_all_or_nothing(files: dict[Path, str]) -> None:
    staged: list[tuple[Path, Path]] = []
    previous: dict[Path, bytes | None] = {}
    try:
        for path, text in files.items():
            temporary = path.with_name(f".{path.name}.import")
            temporary.write_text(text, encoding="utf-8")
            staged.append((temporary, path))
        for temporary, path in staged:
            previous[path] = path.read_bytes() if path.exists() else None
            os.replace(temporary, path)
    except BaseException:
        for path, data in previous.items():
            if data is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(data)
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
