"""PDFs already typeset by an earlier build (lettres, printed directories), kept by the key of
what they are made from (render/pdf.py pdf_key), so rebuilding an unchanged one does not
typeset it again.

Each PDF is kept with a sealed record (cache_files.py) of its page count and the digest of its
bytes, written when it was made. A PDF is reused only when its bytes still have that digest: a
damaged, truncated or replaced file, or a record that cannot be read, is ignored and the PDF
typeset again. A build asked to redo everything (`--complet`) reads none of them.
"""

import json
from pathlib import Path

from ..render.pdf import Pdf
from .cache_files import CacheFiles
from .fingerprint import hexdigest


class PdfCache:
    def __init__(self, folder: Path, files: CacheFiles, read: bool = True):
        self.folder = folder
        self.files = files
        self.read = read  # False: typeset everything again (the new PDFs are still kept)
        self.made = 0  # typeset by this build
        self.reused = 0  # taken from the cache

    def get(self, key: str) -> Pdf | None:
        if not self.read:
            return None
        try:
            record = json.loads(self.files.read(self.folder / f"{key}.json") or b"null")
            data = self.files.read(self.folder / f"{key}.pdf", seal=False) if record else None
            if data is None or not isinstance(record["pages"], int) or record["digest"] != hexdigest(data):
                return None
        except (ValueError, KeyError, TypeError):  # damaged or another version's: typeset again
            return None
        self.reused += 1
        return Pdf(data, record["pages"])

    def keep_only(self, keys: set[str]) -> None:
        """Forget every PDF but these: a folder whose PDFs are made again each day does not grow."""
        try:
            for path in sorted(self.folder.glob("*.pdf")) + sorted(self.folder.glob("*.json")):
                if path.stem not in keys:
                    path.unlink(missing_ok=True)
        except OSError as error:  # only a bigger cache folder
            self.files.unwritable(self.folder, error)

    def put(self, key: str, pdf: Pdf) -> None:
        self.made += 1
        record = json.dumps({"pages": pdf.pages, "digest": hexdigest(pdf.data)}).encode()
        if self.files.write(self.folder / f"{key}.pdf", pdf.data, seal=False):
            self.files.write(self.folder / f"{key}.json", record)
