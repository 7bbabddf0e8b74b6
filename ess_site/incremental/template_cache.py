"""Jinja's compiled templates, kept in the cache folder (jinja2's BytecodeCache), so that a build
in a new process, rendering two pages after one edit, does not parse and compile every template
it loads again (0.3-0.5 s at each edit). Jinja keys each one by the template's name and checks
it against the digest of its source: an edited template is compiled again. What the compiled
code also depends on (the environment's options, Jinja's version) is the generator's code: the
templates are kept in a folder of the generator's digest, and the other folders are removed.
Sealed like every cache file (cache_files.py): a damaged byte makes Jinja compile the template
again, never run other code.
"""

import shutil
from pathlib import Path

from jinja2.bccache import Bucket, BytecodeCache

from .cache_files import CacheFiles


class TemplateCache(BytecodeCache):
    def __init__(self, folder: Path, generator: str, files: CacheFiles):
        self.folder, self.files = folder / generator[:16], files
        if folder.is_dir():  # another generator's templates: never read again
            for other in folder.iterdir():
                if other != self.folder:
                    shutil.rmtree(other, ignore_errors=True)

    def path(self, bucket: Bucket) -> Path:
        return self.folder / f"{bucket.key}.cache"

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.files.read(self.path(bucket))
        if data is not None:
            bucket.bytecode_from_string(data)  # Jinja resets the bucket itself when the source changed since

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.files.write(self.path(bucket), bucket.bytecode_to_string())
