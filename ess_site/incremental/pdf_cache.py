"""Lettre PDFs already typeset by an earlier build, kept by the key of what they are made from
(render/pdf.py pdf_key), so rebuilding an unchanged lettre does not typeset it again.

Each PDF is kept with a record of its page count and the digest of its bytes, written when it
was made. A PDF is reused only when its bytes still have that digest: a damaged, truncated or
replaced file, or a record that cannot be read, is ignored and the PDF typeset again.
"""

import json
import os
from pathlib import Path

from ..render.pdf import Pdf
from .fingerprint import hexdigest


class PdfCache:
    def __init__(self, folder: Path):
        self.folder = folder
        self.made = 0  # typeset by this build
        self.reused = 0  # taken from the cache

    def get(self, key: str) -> Pdf | None:
        try:
            record = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            data = (self.folder / f"{key}.pdf").read_bytes()
            pages = record["pages"]
            if not isinstance(pages, int) or record["digest"] != hexdigest(data):
                return None
        except (OSError, ValueError, KeyError, TypeError):  # missing, unreadable or damaged: typeset again
            return None
        self.reused += 1
        return Pdf(data, pages)

    def keep_only(self, keys: set[str]) -> None:
        """Forget every PDF but these: a folder whose PDFs are made again each day does not grow."""
        for path in sorted(self.folder.glob("*.pdf")) + sorted(self.folder.glob("*.json")):
            if path.stem not in keys:
                path.unlink(missing_ok=True)

    def put(self, key: str, pdf: Pdf) -> None:
        self.made += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        for name, data in ((f"{key}.pdf", pdf.data), (f"{key}.json", json.dumps({"pages": pdf.pages, "digest": hexdigest(pdf.data)}).encode())):
            temporary = self.folder / f".{name}.tmp"
            temporary.write_bytes(data)
            os.replace(temporary, self.folder / name)
