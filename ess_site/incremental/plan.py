"""What this build changes in output/, decided in one place before any page is rendered.

From what the site must hold (the pages with their fingerprints, the files made beforehand, the
files copied as they are) and the manifest of the previous build, a Plan says which pages to
render, which files to delete, which to copy, and why everything is rebuilt when it is. A file
the manifest records but that output/ no longer holds as recorded (removed or changed by hand:
its size or time differ; one stat each) is made again. output/writer.py carries it out.
"""

import os
from dataclasses import dataclass
from itertools import compress
from operator import is_not
from pathlib import Path

from .. import urls
from ..render.pages import Page
from ..render.renderer import Rendered
from .manifest import Manifest, stamp_matches, stamp_of


@dataclass(frozen=True)
class Outputs:
    """Everything output/ must hold once this build is done."""

    pages: list[Page]
    marks: list[str]  # each page's fingerprint (fingerprint.py), in the same order
    made: list[Rendered]  # files made before rendering: the lettres' PDFs
    support: dict[str, Path]  # path in output/ -> source, copied as is (assets, vendored libraries)
    graph: dict | None = None  # what the pages depend on (dependencies.py), recorded in the manifest


@dataclass(frozen=True)
class Plan:
    outputs: Outputs
    generator: str  # the generator's digest, recorded in the next manifest
    previous: Manifest | None  # what output/ holds; None: write everything into a fresh folder
    why_full: str  # why the previous build cannot be updated ("" when it can)
    render: tuple[int, ...]  # indexes in outputs.pages of the pages to render
    delete: tuple[str, ...]  # files of output/ that are no longer part of the site
    copy: tuple[str, ...]  # support files to copy: new or changed since the previous build
    support_stats: dict[str, list[int]]  # each support file's source [size, mtime_ns], as recorded
    damaged: frozenset[str] = frozenset()  # files of output/ not as the manifest records them: made again
    paths: tuple[str, ...] = ()  # each page's file in output/, in the order of outputs.pages

    @property
    def graph(self) -> dict | None:
        return self.outputs.graph

    @property
    def full(self) -> bool:
        return self.previous is None


@dataclass(frozen=True)
class LastPlan:
    """The build before, when this one's pages are its pages in its order (a narrow build on the
    last build's pages: dependencies.kept_marks) and `previous` is the manifest it saved: every
    page's file is that build's, recorded with that build's fingerprint."""

    marks: list[str]  # its fingerprints; an unchanged one is the same object in this build's marks
    paths: tuple[str, ...]  # its Plan.paths


def plan_build(outputs: Outputs, generator: str, previous: Manifest | None, why_full: str = "", output: Path | None = None,
               last: LastPlan | None = None) -> Plan:
    """`output`: the folder the manifest describes, checked against it (None: trusted). `last`:
    the plan before, when it applies; then only the pages whose fingerprint changed are looked up."""
    stats = {name: stat_of(source) for name, source in outputs.support.items()}
    if previous is None:
        paths = tuple(urls.output_path(page.url) for page in outputs.pages)
        return Plan(outputs, generator, None, why_full, tuple(range(len(outputs.pages))), (), tuple(outputs.support), stats,
                    paths=paths)
    damaged = damaged_files(output, previous, stats) if output is not None else frozenset()
    if last is not None and len(last.paths) == len(outputs.pages) == len(last.marks) and not damaged:
        paths = last.paths
        # in C: 30 000 fingerprints compared at each preview edit (a comprehension: 4 ms)
        changed = list(compress(range(len(paths)), map(is_not, outputs.marks, last.marks)))
    else:
        paths = tuple(urls.output_path(page.url) for page in outputs.pages)
        changed = range(len(paths))
    stale = tuple(index for index in changed if (entry := previous.files.get(paths[index])) is None
                  or entry.fingerprint != outputs.marks[index] or paths[index] in damaged)
    kept = set(paths) | {done.path for done in outputs.made}
    delete = sorted(previous.files.keys() - kept) + [name for name in previous.support if name not in stats]
    copy = tuple(name for name, stat in stats.items() if previous.support.get(name) != stat or name in damaged)
    return Plan(outputs, generator, previous, "", stale, tuple(delete), copy, stats, damaged, paths)


def damaged_files(output: Path, previous: Manifest, stats: dict[str, list[int]]) -> frozenset[str]:
    """The files of output/ the manifest records that are missing or not as written: a page by
    its own stamp, a copied file by its source's (copies keep the source's size and time)."""
    base = os.fspath(output)  # one stat per file, on strings (a few microseconds each)
    pages = [path for path, entry in previous.files.items() if not stamp_matches(os.path.join(base, path), entry.stamp)]
    copies = [name for name, stat in previous.support.items()
              if stats.get(name) == stat and not stamp_matches(os.path.join(base, name), stat)]
    return frozenset(pages + copies)


def stat_of(path: Path) -> list[int]:
    return stamp_of(path)
