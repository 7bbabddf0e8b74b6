"""The build, stage by stage, each in its own folder of the package:

  content/      load and validate content/        -> Content (territory, actors, lettres)
  compute/      assemble the site, key figures    -> Site (pure)
  render/       the site map and its pages        -> Page, Rendered (pure: nothing is written)
  incremental/  what earlier builds left, and the Plan of what this build changes
  output/       carry out the plan on output/, index it for search (the only writes to output/)
"""

from pathlib import Path

from jinja2 import Environment

from . import collation
from .allocation import settle, settling
from .compute.site import Site, assemble_site
from .config import BuildHooks, Config
from .content.validate import read_content
from .incremental.build_cache import BuildCache
from .incremental.cache_files import CacheFiles
from .incremental.data_cache import Unchanged
from .incremental.dependencies import actor_reads
from .incremental.fingerprint import generator_digest, template_digests
from .incremental.last_build import LastBuild, content_stamps
from .incremental.plan import LastPlan, Outputs, plan_build
from .incremental.template_cache import TemplateCache
from .output.files import output_lock
from .output.journal import recover
from .output.search_index import EarlyBundles, start_early
from .output.support import support_files
from .output.writer import write_site
from .render.card_html import PASTED_INTO
from .render.directory import attach_directories, directory_files, typeset_directories
from .render.environment import make_environment
from .render.pages import Page, attach_pdfs, page_table
from .render.pdf import Pdf, pdf_files, typeset_lettres
from .render.renderer import Renderer
from .report import BuildReport, Made, Stopwatch


def build(config: Config, hooks: BuildHooks = BuildHooks(), last: Made | None = None) -> BuildReport:
    """Build the site into config.output; raise ContentErrors before writing anything. The
    report says what the build did and keeps what it made the site from (report.made), which a
    caller building again (the preview) gives back as `last`: the same path, with less to read."""
    with output_lock(config.output, hooks.reporter.warn):  # one build at a time into this output/
        for done in recover(config.output, config.cache):  # what a killed build left unfinished
            hooks.reporter.warn(done)
        with settling():  # what the stages make lives till the build ends: out of the collector's passes
            early = EarlyBundles()  # search bundles started before the plan, stopped if the build fails
            try:
                return build_stages(config, hooks, last, early)
            finally:
                early.close()


def build_stages(config: Config, hooks: BuildHooks, last: Made | None, early: EarlyBundles) -> BuildReport:
    """load and validate -> compute -> render -> plan what changes -> write and index. Edits
    that only their actors' own pages show make the build narrow (incremental/dependencies.py):
    only those pages are fingerprinted, and a build given the `last` one starts from its site
    and pages instead of making them again."""
    say = hooks.reporter.say
    clock = Stopwatch()
    say("lecture et vérification du contenu")
    generator = generator_digest()
    kept = LastBuild(config.cache, config.output, generator, CacheFiles("de la dernière construction", hooks.reporter.warn))
    stamps = content_stamps(config.content) if hooks.remember else None  # before any file is read
    if last is None and config.incremental:  # a new process: the last build, as it left it in the cache folder
        last, hooks = kept.resume(hooks, config.content, stamps)
    # what earlier builds left; the watcher's changes say which of the last build's files to stat
    cache = BuildCache(config, hooks.reporter.warn, last.actors if last else None, hooks.changed if last else None, generator)
    content = read_content(config.content, config.build_day, config.jobs, cache.reuse_actors, cache.listed_actors,
                           cache.known_territory(last.site.territory if last else None))  # load, validate
    actors = cache.keep_actors(content.actors)
    settle()
    clock.lap("lecture")
    env, templates = compiled_templates(config, last, generator, hooks.reporter.warn)
    previous, why_full = cache.previous_build(last.saved if last else None)
    narrow = cache.narrow(previous, templates, content)
    if not (last and last.saved and previous and previous.graph is last.saved.manifest.graph):
        last = None  # another build changed output/ since: its memory no longer describes it
    clock.lap("dépendances")
    with actor_reads(watch=narrow is None) as read:  # what pages other than an actor's own show of it
        site = (last and narrow and narrow.site_from(last.site, content)) or assemble_site(content, config.build_day)  # compute
    renderer = Renderer(site, env, config.jobs)  # render
    start_early_bundles(early, config, hooks, narrow, last, previous, renderer)
    clock.lap("assemblage")
    later = bool(hooks.data_later and narrow and last and last.data)  # the open data follows in the background
    data = last.data if later else cache.open_data(site, Unchanged.since(last.site if last else None, narrow))
    clock.lap("données ouvertes")
    with actor_reads(watch=narrow is None) as also:
        table = last and narrow and narrow.pages_from(last.pages, data)
        marks_then = last.marks if table else None  # the last build's pages, in its order: its fingerprints hold
        table = table or page_table(site, data.published)
    read |= also
    if settle():  # a build that owns the process (build.py): nothing sorts names after the page table
        collation.forget()
    clock.lap("table des pages")
    pdfs = lettre_pdfs(renderer, table, cache, config, say) if config.pdf else {}
    printed, waiting = directory_pdfs(renderer, cache, config, hooks) if config.pdf else ({}, 0)
    # the PDFs' links are attached to copies: the table kept for the next build has none, as a
    # lettre's printed page, from which its PDF is made, has none
    pages = attach_directories(attach_pdfs(table, pdfs), printed)
    made = pdf_files(pdfs) + directory_files(printed)
    found = listed_support(config, hooks, last if later else None)
    support = found | data.support
    clock.lap("PDF")
    marks, graph, fingerprinted = cache.fingerprints(pages, renderer, templates, previous, narrow, content, read, marks_then, table)
    outputs = Outputs(pages, marks, made, support, dict(vars(graph)))  # shallow: its lists are not copied
    clock.lap("empreintes")
    # what changes; output/ is checked file by file against the manifest, except by a preview's
    # narrow build told what changed: the background build that follows it (`later`) checks it
    trusted = later and hooks.changed is not None
    then = LastPlan(marks_then, last.paths) if marks_then is not None and last.paths else None  # its pages, in its order
    plan = plan_build(outputs, cache.generator, previous, why_full, output=None if trusted else config.output, last=then)
    clock.lap("plan")
    outcome = write_site(plan, renderer, config, hooks, early)  # write, index
    clock.lap("rendu et écriture")
    result = Made(site, renderer, table, cache.generator, templates, outcome.saved, data, actors, marks, plan.paths, found)
    if hooks.remember:  # not after a full build: pickling the site whole costs a cold build 1 s and 60 MiB at 20 000 actors
        kept.save(result if not plan.full else None, stamps, narrow=marks_then is not None)
        clock.lap("mémoire")
    return BuildReport.of(result, plan, outcome, cache, waiting, clock.laps, fingerprinted, later)


def compiled_templates(config: Config, last: Made | None, generator: str, warn) -> tuple[Environment, dict[str, str]]:
    """The templates' environment and digests: the last build's, already compiled, while its
    templates are unchanged (a build kept in the cache folder has none: last_build.py; its
    templates are compiled once, then kept in the cache folder, unless the build redoes everything)."""
    if last and last.renderer and last.renderer.env.loader.searchpath == [str(config.templates)]:
        digests = template_digests(last.renderer.env, PASTED_INTO)
        if digests == last.templates:
            return last.renderer.env, digests
    compiled = TemplateCache(config.cache / "templates", generator, CacheFiles("des gabarits compilés", warn)) if config.incremental else None
    env = make_environment(config.templates, compiled)
    return env, template_digests(env, PASTED_INTO)


def listed_support(config: Config, hooks: BuildHooks, last: Made | None) -> dict[str, Path]:
    """The assets and scripts the site copies. A preview's narrow build (given `last`) told that
    nothing under assets/ changed takes the last build's list; the background build that follows
    lists them again, node_modules/ included."""
    if last and last.support and hooks.changed is not None and not any(path.is_relative_to(config.assets) for path in hooks.changed):
        return last.support
    return support_files(config.assets, config.node_modules)


def start_early_bundles(early: EarlyBundles, config: Config, hooks: BuildHooks, narrow, last: Made | None, previous,
                        renderer: Renderer) -> None:
    """A narrow build's search bundles, started into `early` from its edited actors' pages before
    the open data and the plan: Pagefind indexes on the other core while this process goes on. The
    writer takes them only if the pages it indexes turn out the same (output/search_index.py EarlyBundles)."""
    if not (config.search and not hooks.index_later and narrow and last and last.pages and previous):
        return
    volatile = set(narrow.graph.volatile)
    redo = {url for slug in narrow.edited for url in narrow.graph.holding(slug)} - volatile
    pages = narrow.pages_from([page for page in last.pages if page.url in redo], None)  # not volatile: no data read
    if pages:
        start_early(early, previous, [renderer.render(page) for page in pages], config.output.resolve(), config.search_shard_pages)


def check(config: Config) -> Site:
    """Load, validate and compute, writing nothing; raise ContentErrors with every problem found."""
    return assemble_site(read_content(config.content, config.build_day, config.jobs), config.build_day)


def lettre_pdfs(renderer: Renderer, pages: list[Page], cache: BuildCache, config: Config, say) -> dict[int, Pdf]:
    if renderer.site.lettres:
        say(f"PDF de {len(renderer.site.lettres)} lettre(s)")
    return typeset_lettres(renderer.for_print(pages), config.assets, cache.pdfs)


def directory_pdfs(renderer: Renderer, cache: BuildCache, config: Config, hooks: BuildHooks) -> tuple[dict[str, Pdf], int]:
    """The directory on paper, whole and per commune: URL -> PDF, and how many are left for a
    later build (with print_later, only those already typeset are given)."""
    hooks.reporter.say("PDF de l'annuaire imprimable")
    return typeset_directories(renderer, config.assets, cache.directory_pdfs, hooks.print_later)
