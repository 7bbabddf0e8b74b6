"""Lettre PDFs already typeset by an earlier build, kept by the key of what they are made from
(render/pdf.py pdf_key), so rebuilding an unchanged lettre does not typeset it again."""

import json
from pathlib import Path

from ..render.pdf import Pdf


class PdfCache:
    def __init__(self, folder: Path):
        self.folder = folder
        self.made = 0  # typeset by this build
        self.reused = 0  # taken from the cache

    def get(self, key: str) -> Pdf | None:
        cached, meta = self.folder / f"{key}.pdf", self.folder / f"{key}.json"
        if not (cached.is_file() and meta.is_file()):
            return None
        self.reused += 1
        return Pdf(cached.read_bytes(), json.loads(meta.read_text())["pages"])

    def put(self, key: str, pdf: Pdf) -> None:
        self.made += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / f"{key}.pdf").write_bytes(pdf.data)
        (self.folder / f"{key}.json").write_text(json.dumps({"pages": pdf.pages}))
