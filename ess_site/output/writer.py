"""Write and index stages: carry out a Plan on output/, then record what output/ holds.

A full build writes every file into a fresh folder, indexes it and swaps it in place of
output/. An update renders the pages the plan names, writes the files whose bytes changed and
makes the search bundles whose pages changed, all beside output/, then moves them in together
and deletes the files no longer part of the site, through a journal (journal.py). Both leave a
manifest (incremental/manifest.py) that says exactly what output/ holds; it is deleted before
output/ changes and written once the change is complete.
"""

import os
import shutil
from dataclasses import dataclass, replace

from ..config import BuildHooks, Config
from ..incremental.manifest import Entry, Kept, Manifest, body
from ..incremental.plan import Plan
from ..render.renderer import Rendered, Renderer
from .files import copy_file, fresh_folder, link_file, remove_leftovers, swap, write_file
from .journal import Journal, commit, has_journal, index_change
from .search_index import EarlyBundles, index_shards, prepare_bundles, remove_index, stale
from .transaction import Transaction


@dataclass(frozen=True)
class WriteOutcome:
    rendered: int  # pages rendered
    written: int  # files of output/ written, copied or deleted
    indexed: bool  # the search index was made again
    index_stale: bool  # the index no longer matches the pages (the preview makes it later)
    saved: Kept | None = None  # the manifest saved, for the preview's next build


class SiteWriter:
    """Carries out one Plan. `store` may run in the worker processes that render the pages."""

    def __init__(self, plan: Plan, config: Config, hooks: BuildHooks = BuildHooks(), early: EarlyBundles | None = None):
        self.plan, self.config, self.hooks = plan, config, hooks
        self.early = early or EarlyBundles()  # bundles started before the plan (pipeline.start_early_bundles)
        self.say = hooks.reporter.say
        self.output = config.output.resolve()
        self.folder = self.output  # where files go: output/ itself, or a fresh folder for a full build
        previous = plan.previous
        self.manifest = Manifest(plan.generator, files=dict(previous.files) if previous else {},
                                 support=dict(plan.support_stats), search=previous.search if previous else None,
                                 graph=plan.graph, parts=previous.parts if previous else (),
                                 actor_parts=previous.actor_parts if previous else ())
        self.written = 0
        self.indexed = False
        self.staged: list[tuple[str, str]] = []  # an update's files: (name in the fresh folder, path in output/)

    def run(self, renderer: Renderer) -> WriteOutcome:
        """Every file is written into a fresh folder first, so a build stopped at any moment of
        rendering or indexing leaves output/ as it was. A full build then swaps that folder in
        whole; an update moves its few changed files and bundles into output/ and deletes the
        gone ones, a matter of milliseconds, through a journal that the next build follows to
        finish the moves if this one is killed meanwhile."""
        records = Transaction(self.config.cache, self.output)  # under the build's lock (pipeline.build)
        remove_leftovers(self.output, keep=has_journal)  # pipeline.build recovered those already
        self.folder = fresh_folder(self.output)
        try:
            self.fill(renderer)
            if self.plan.full:
                records.forget()  # output/ is about to change: no record until it is whole again
                self.index()
                swap(self.folder, self.output)
                records.save(self.manifest)
            else:
                search = self.index()
                made = body(self.manifest)
                self.say(f"mise en place de {len(self.staged)} fichiers dans {self.output.name}/")
                journal = Journal(self.staged, list(self.plan.delete), search, made.head, records.unheld(made))
                commit(self.folder, self.output, journal, records, (self.manifest, made))
        finally:
            if not has_journal(self.folder):  # else an unfinished update, for the next build to finish
                shutil.rmtree(self.folder, ignore_errors=True)  # what is left of it: nothing after a swap
        return WriteOutcome(len(self.plan.render), self.written, self.indexed,
                            self.config.search and bool(stale(self.manifest, self.config.search_shard_pages)[0]), records.saved)

    def fill(self, renderer: Renderer) -> None:
        outputs, plan = self.plan.outputs, self.plan
        self.say(f"rendu et écriture de {len(plan.render)} pages" if plan.full
                        else f"rendu de {len(plan.render)} pages modifiées sur {len(outputs.pages)}")
        self.copy_support()
        pages = [outputs.pages[index] for index in plan.render]
        marks = [outputs.marks[index] for index in plan.render]
        # A full build's pages are written by the workers that render them. An update's are
        # compared with output/ by this process while the workers render the next ones (measured
        # faster at 4000 changed pages: 2.0 s against 2.6 s).
        in_workers = self.plan.full
        for mark, rendered in zip(marks, renderer.pages(pages, then=self.store if in_workers else None)):
            done, stamp = rendered if in_workers else self.store(rendered)
            self.record(done.path, Entry(mark, done.content, done.indexed, stamp, done.place))
        for done in outputs.made:
            done, stamp = self.store(done)
            self.record(done.path, Entry(done.content, done.content, stamp=stamp))
        for path in plan.delete:
            self.manifest.files.pop(path, None)
        self.written += len(plan.delete)

    def record(self, path: str, entry: Entry) -> None:
        """`entry.stamp` None: the file was not written, output/ holds it as the manifest said."""
        if entry.stamp is None:
            entry = replace(entry, stamp=self.manifest.files[path].stamp)
        else:
            self.written += 1
        self.manifest.files[path] = entry

    def store(self, done: Rendered) -> tuple[Rendered, list[int] | None]:
        """Write a rendered file into the fresh folder unless output/ already holds these bytes
        (as the manifest recorded them: plan.damaged); return it without its bytes (they need
        not travel back from a worker) and the written file's stamp, None if not written."""
        if self.plan.full:
            return replace(done, data=b""), write_file(self.folder / done.path, done.data)
        old = self.plan.previous.files.get(done.path)
        if old is not None and old.content == done.content and done.path not in self.plan.damaged:
            return replace(done, data=b""), None
        return replace(done, data=b""), write_file(self.folder / self.stage(done.path), done.data)

    def stage(self, path: str) -> str:
        """An update's file is written flat in the fresh folder (creating thousands of folders
        there cost 1.7 s at 20 000 changed pages), under a number, then moved to `path`."""
        self.staged.append((f"{len(self.staged)}", path))
        return self.staged[-1][0]

    def copy_support(self) -> None:
        """Copy the assets and vendored files the plan names, and any missing from output/; the
        files made in the cache folder (the open data) are linked instead."""
        cache = os.fspath(self.config.cache) + os.sep
        for name, source in self.plan.outputs.support.items():
            if self.plan.full or name in self.plan.copy:
                target = self.folder / (name if self.plan.full else self.stage(name))
                (link_file if os.fspath(source).startswith(cache) else copy_file)(source, target)
                self.written += 1

    def index(self) -> dict | None:
        """Index the site when its indexed pages changed since the index was made (not in the
        preview, which indexes later); a site built without search carries no index. A full
        build indexes its fresh folder; an update makes its bundles into it, from its new pages
        and output/'s unchanged ones, and returns what the journal changes in the index."""
        if not self.config.search:
            self.manifest.search = None
            remove_index(self.folder)
            return None if self.plan.full else index_change({}, [], None, self.output)
        if self.hooks.index_later:
            return None
        todo, wanted = stale(self.manifest, self.config.search_shard_pages, None if self.plan.full else self.output)
        if not todo:
            return None
        self.say(f"index de recherche ({len(todo)} partie{'s' if len(todo) > 1 else ''} sur {len(wanted)})")
        self.manifest.search, self.indexed = wanted, True
        if self.plan.full:
            index_shards(self.folder, todo, list(wanted), in_place=False, output=self.output)
            return None
        staged = {path: self.folder / name for name, path in self.staged}

        def ready(name: str, pages: list[str]):
            return self.early.take(name, {path: (path in staged, self.manifest.files[path].content) for path in pages})

        bundles = prepare_bundles(todo, lambda path: staged.get(path, self.output / path), self.folder, self.output, ready)
        return index_change(bundles, [name for name, pages in todo.items() if not pages], list(wanted), self.output)


def write_site(plan: Plan, renderer: Renderer, config: Config, hooks: BuildHooks = BuildHooks(),
               early: EarlyBundles | None = None) -> WriteOutcome:
    return SiteWriter(plan, config, hooks, early).run(renderer)

