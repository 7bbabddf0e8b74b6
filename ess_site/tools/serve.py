"""`build.py serve`: the editors' preview. Builds, serves output/ on 127.0.0.1, watches
content/, templates/ and assets/, rebuilds on change and reloads the open page by itself.

Each rebuild is pipeline.build, as `build` runs it, given what the last build made (its site,
pages, actors and manifest). Pages are updated first (only those an edit changes), then, in the
background, the open data, the printed directories an edit changed (typesetting takes seconds)
and the search index, so a preview never waits for them. While the content has mistakes, every
page shows them (file, line, message) instead of a stale site, and the server keeps running
until they are fixed. The reload script is added
to pages only as they are served: output/ stays exactly what `build` writes. It holds one
Server-Sent Events stream per open page, and the server pushes the digest of the page as it would
serve it whenever a rebuild changes it: the page reloads once, when what it shows has changed.

The watcher takes the kernel's file events (watchfiles, inotify on Linux), and compares with the
files as they were before the first build, so a save made while it runs or as the page first
answers is seen. Any request gets an HTTP answer in French (the
site's 404 page, or a short page for an address no file can bear), never a traceback.
"""

import functools
import html
import http.server
import itertools
import os
import select
import socket
import sys
import threading
import time
import urllib.parse
from dataclasses import replace
from pathlib import Path

import watchfiles
from watchfiles import Change, DefaultFilter

from .. import allocation
from ..allocation import collector_paused
from ..config import BuildHooks, Config, Reporter
from ..formats import nombre, pluriel
from ..incremental.actor_cache import RACY_SECONDS, file_stamp
from ..incremental.fingerprint import hexdigest
from ..output.search_index import refresh_index
from ..pipeline import build
from ..problems import ContentErrors, MissingTool
from ..report import Made
from .content_files import EARLIER_TEMPORARY

RELOAD_SCRIPT = """// Preview only: reload the page once what it shows has changed. The server pushes the digest
// of the page as it would serve it (Server-Sent Events); this page knows the digest it was served
// with. A hidden tab lets its stream go (browsers keep few connections per server) and compares
// again when shown; EventSource reconnects by itself after a server restart.
(function () {
  const shown = document.currentScript.dataset.vu;
  const address = "/__apercu/evenements?page=" + encodeURIComponent(location.pathname);
  let source = null;
  function open() {
    if (source || document.hidden) return;
    source = new EventSource(address);
    source.onmessage = (event) => {
      if (event.data !== shown) { close(); location.reload(); }
    };
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) { close(); setTimeout(open, 1000); }  // refused: try again
    };
  }
  function close() {
    if (source) source.close();
    source = null;
  }
  document.addEventListener("visibilitychange", () => (document.hidden ? close() : open()));
  open();
})();
"""
RELOAD_TAG = '<script src="/__apercu/recharger.js" data-vu="{}"></script>'
EVENTS = "/__apercu/evenements"
# A batch of events ends STEP_MS after the last new one: an editor's save (truncate and write, or a
# temporary file renamed over the saved one) comes within microseconds, so a short step costs no
# second build. A saved file found missing or empty is the middle of a save (vim renames the file
# away before writing it anew; a slow write truncates first): it is looked at again every STEP_MS,
# up to SETTLE_MS, before the rebuild, which then reads the final bytes.
STEP_MS = 5
SETTLE_MS = 300
GROUP_MS = 500  # the longest a burst of saves is gathered into one rebuild
WAKE_MS = 100  # how often the watcher looks whether the preview stopped (an empty batch)
# The background build after an edit waits this long: it holds the interpreter (a thread of this
# process) while the open pages are told of the edit and load it again from this server.
FINISH_AFTER = 0.3


class Preview:
    """The state shared by the watcher and the request handler."""

    def __init__(self, config: Config, watched: list[Path], log=print, reporter: Reporter = Reporter()):
        # Pages first; the printed directories and the index follow in the background. What the
        # last build made stays in memory and is given to the next one (pipeline.build's `last`).
        self.config = config
        self.hooks = BuildHooks(reporter, index_later=True, print_later=True, data_later=True, remember=False)
        self.watched, self.log = watched, log
        # Guards the fields below; a condition, so that the open pages' streams wake on a new version.
        self.lock = threading.Condition()
        self.version = 0
        self.problems: list[str] = []
        self.last: Made | None = None
        # The files seen changed since `last` was made (None: unknown, the next build stats them all)
        self.unbuilt: set[Path] | None = None
        self.building = threading.Lock()  # held while output/ and its manifest change
        self.indexing = self.index_again = False
        self.finishing = self.finish_again = False
        self.stopped = threading.Event()

    def start(self, interval: float = 0.4) -> None:
        """The first build, then the watcher, comparing with the files as they were before that
        build: a save made meanwhile, or as the page first answers, is not taken for the start."""
        seen = self.snapshot()
        self.rebuild()
        threading.Thread(target=self.watch, args=(seen, interval), daemon=True).start()

    def stop(self) -> None:
        self.stopped.set()
        with self.lock:
            self.lock.notify_all()

    @property
    def version(self) -> int:
        return self._version

    @version.setter
    def version(self, value: int) -> None:
        """A new version wakes the open pages' streams (callers hold `lock`, as for every field)."""
        self._version = value
        if value:
            self.lock.notify_all()

    def state(self) -> tuple[int, list[str]]:
        """The version and the problems, read together for a request."""
        with self.lock:
            return self.version, self.problems

    def next_version(self, known: int | None, timeout: float) -> int | None:
        """The version once it differs from `known` (at once if `known` is None), or `known` after
        `timeout` seconds without a rebuild; None once the preview stops."""
        with self.lock:
            self.lock.wait_for(lambda: self.version != known or self.stopped.is_set(), timeout)
            return None if self.stopped.is_set() else self.version

    def keep(self, made: Made | None) -> None:
        """Keep what the build made, for the next one (called holding `building`). What is kept
        is frozen out of the garbage collector's reach: a full collection would walk the whole
        site at each edit (0.3 to 0.7 s at 20 000 actors); the previous one is released first."""
        if made is not None:
            allocation.unfreeze()
            self.last = made
            allocation.freeze()

    def snapshot(self, known: dict[Path, tuple] | None = None) -> dict[Path, tuple]:
        """Each watched file's state (see `file_state`, comparable with `known`'s); a file gone
        between listing and reading is left out."""
        racy = time.time_ns() - RACY_SECONDS * 1_000_000_000
        known = known or {}
        seen = {}
        for folder in self.watched:
            for root, _, names in os.walk(folder):
                for name in names:
                    path = Path(root, name)
                    if watched(path, folder) and (state := file_state(path, racy, known.get(path))) is not None:
                        seen[path] = state
        return seen

    def rebuild(self, changed: set[Path] | None = None) -> None:
        """Build again through the one path (`changed`: what the watcher saw; the build finds
        the edited files by their stamps and digests, and what depends on them by its graph;
        `changed`, gathered since the last build that succeeded, spares it a stat of every other
        file: the background build that follows stats them all)."""
        start = time.perf_counter()
        try:
            with self.building, collector_paused():
                if changed is None:
                    self.unbuilt = None
                elif self.unbuilt is not None:
                    self.unbuilt |= changed
                hint = frozenset(self.unbuilt) if self.unbuilt is not None else None
                report = build(self.config, replace(self.hooks, changed=hint), self.last)
                self.keep(report.made)
                self.unbuilt = set()
            problems = []
            pages = pluriel(report.pages, "page", "pages") if report.full else f"{pluriel(report.rendered, 'page rendue', 'pages rendues')} sur {nombre(report.pages, 0)}"
            self.log(f"Site reconstruit en {nombre(time.perf_counter() - start, 2)} s : {pages}.")
            for notice in report.scheduled:
                self.log(notice)
        except ContentErrors as errors:
            problems = [str(problem) for problem in errors.problems]
            noun = "problème" if len(problems) == 1 else "problèmes"
            self.log(f"{len(problems)} {noun} dans le contenu (détail dans l'aperçu).")
        except MissingTool as error:
            problems = [str(error)]
        with self.lock:
            self.problems = problems
            self.version += 1
        if not problems and (report.prints_waiting or report.data_waiting):
            self.finish_soon()
        elif self.config.search and not problems:
            self.index_soon()

    def finish_soon(self) -> None:
        """What the pages did not wait for, in the background: the index of the shards whose
        pages changed, then a build like `build`'s (open data, printed directories, holding the
        builds' lock), then the index again if that build changed indexed pages."""
        with self.lock:
            if self.finishing:
                self.finish_again = True  # an edit came meanwhile: once more after this round
                return
            self.finishing = True
        threading.Thread(target=self.finish_loop, daemon=True).start()

    def finish_loop(self) -> None:
        while True:
            self.stopped.wait(FINISH_AFTER)  # the edited page reloads first
            if self.config.search:
                self.index_now()  # the edited pages' shard first: search finds an edit within seconds
            try:
                start = time.perf_counter()
                with self.building, collector_paused():
                    report = build(self.config, replace(self.hooks, print_later=False, data_later=False, remember=True), self.last)
                    self.keep(report.made)
                if report.rendered or report.written:
                    self.log(f"Reste du site à jour en {nombre(time.perf_counter() - start, 1)} s "
                             "(données ouvertes, annuaire imprimable).")
                    with self.lock:
                        self.version += 1
            except (ContentErrors, MissingTool):
                pass  # the rebuild that follows the edit reports them
            with self.lock:
                if not self.finish_again:
                    self.finishing = False
                    break
                self.finish_again = False
        if self.config.search:
            self.index_soon()

    def index_soon(self) -> None:
        """Bring the search index up to date in the background; pages never wait for it."""
        with self.lock:
            if self.indexing:
                self.index_again = True
                return
            self.indexing = True
        threading.Thread(target=self.index_loop, daemon=True).start()

    def index_now(self) -> None:
        """Refresh the index in this thread, unless the index thread is already at it."""
        with self.lock:
            if self.indexing:
                self.index_again = True  # it may have read the manifest before this edit
                return
            self.indexing = True
        try:
            self.refresh()
        finally:
            with self.lock:
                self.indexing = False

    def index_loop(self) -> None:
        while True:
            self.refresh()
            with self.lock:
                if not self.index_again:
                    self.indexing = False
                    return
                self.index_again = False

    def refresh(self) -> None:
        try:
            start = time.perf_counter()
            saved = refresh_index(self.config, self.building, self.hooks.reporter, self.last.saved if self.last else None)
            if saved:
                with self.building:
                    if self.last and self.last.saved and self.last.saved.manifest.files == saved.manifest.files:
                        self.last = replace(self.last, saved=saved)
                self.log(f"Index de recherche à jour ({nombre(time.perf_counter() - start, 1)} s).")
        except MissingTool as error:
            self.log(str(error))

    def watch(self, seen: dict[Path, tuple], interval: float = 0.4) -> None:
        """Rebuild on the kernel's file events, with the paths whose stamp changed. The watcher is
        set up (the generator's first answer, within WAKE_MS) before the files are compared with
        `seen`: a save made meanwhile is either in that comparison or in the events that follow
        (and then found unchanged since)."""
        events = watch_events(self.watched, self.stopped)
        try:
            first = next(events, None)
        except (OSError, RuntimeError):  # e.g. too many folders watched already (inotify's limit)
            self.log(f"Le système ne signale pas ici les modifications de fichiers : l'aperçu regarde les dossiers "
                     f"toutes les {nombre(interval, 2)} s.")
            return self.poll(seen, interval)
        self.catch_up(seen)
        for batch in itertools.chain([first or set()], events):
            paths = {self.as_watched(Path(path)) for change, path in batch}
            paths = {path for path in paths if watched(path, *self.watched)}
            settle(paths, seen)
            if changed := compare(seen, paths, self.watched):
                self.rebuild(changed)

    def as_watched(self, path: Path) -> Path:
        """An event's path (absolute) written as the watched folders are (perhaps relative), as the rebuild knows files."""
        for folder in self.watched:
            for absolute in (Path(os.path.abspath(folder)), folder.resolve()):
                if path.is_relative_to(absolute):
                    return folder / path.relative_to(absolute)
        return path

    def catch_up(self, seen: dict[Path, tuple]) -> None:
        current = self.snapshot(seen)
        if changed := {path for path in current.keys() | seen.keys() if current.get(path) != seen.get(path)}:
            seen.clear()
            seen.update(current)
            self.rebuild(changed)

    def poll(self, seen: dict[Path, tuple], interval: float) -> None:
        """Where the system cannot report file changes: walk the folders every `interval` seconds."""
        while not self.stopped.wait(interval):
            self.catch_up(seen)


def watch_events(folders: list[Path], stopped: threading.Event):
    """Batches of (change, path) from the kernel's events under `folders` (watchfiles); an empty
    batch every WAKE_MS without events, and the end once `stopped` is set. Every path is given:
    `watched` decides what is news, relative to the watched folders."""
    return watchfiles.watch(*folders, watch_filter=None, debounce=GROUP_MS, step=STEP_MS, stop_event=stopped,
                            rust_timeout=WAKE_MS, yield_on_timeout=True, raise_interrupt=False)


def settle(paths: set[Path], seen: dict[Path, tuple]) -> None:
    """Wait, up to SETTLE_MS, while a known file among `paths` is missing or empty: a save in
    progress (an actor file is never empty; a file really removed costs this wait once)."""
    unsettled = [path for path in paths if path in seen]
    deadline = time.monotonic() + SETTLE_MS / 1000
    while any(not_saved_yet(path) for path in unsettled) and time.monotonic() < deadline:
        time.sleep(STEP_MS / 1000)


def not_saved_yet(path: Path) -> bool:
    try:
        return os.stat(path).st_size == 0
    except OSError:
        return True


IGNORED = DefaultFilter()  # editors' swap and backup files, .git, __pycache__…


def watched(path: Path, *folders: Path) -> bool:
    """Whether a file's change, inside one of the watched `folders`, is news for the build. Names
    that begin with a dot are not: the content's loader skips them, and editors that save by
    renaming write them first (gedit's .goutputstream-…), sometimes with a pause; an interrupted
    import's leftovers are news. Only the path inside the folder counts (the project may itself
    be in a folder the filter ignores)."""
    inside = next((path.relative_to(folder) for folder in folders if path.is_relative_to(folder)), path)
    return IGNORED(Change.modified, str(inside)) and (not path.name.startswith(".") or path.name.endswith(EARLIER_TEMPORARY))


def file_state(path: Path, racy: int, known: tuple | None = None) -> tuple | None:
    """A file's stamp (size, times, inode, as the actor cache keeps), with its digest while its
    times are recent (two same-size saves in one tick of a coarse clock leave the same stamp), or
    while they are those of a `known` state that had one; None for a file that is not there."""
    try:
        stamp = file_stamp(path)
        if max(stamp[1:3]) >= racy or (known is not None and known[:4] == stamp and len(known) > 4):
            return stamp + (hexdigest(path.read_bytes()),)
        return stamp
    except OSError:
        return None


def compare(seen: dict[Path, tuple], paths: set[Path], folders: list[Path]) -> set[Path]:
    """The files among the events' paths whose state differs from `seen`, which is brought up to
    date. A folder's event stands for the files under it, as they are and as they were: a
    temporary file written then renamed over the saved one is neither, and is left out."""
    racy = time.time_ns() - RACY_SECONDS * 1_000_000_000
    files = set()
    for path in paths:
        if path.is_dir():
            files.update(Path(root, name) for root, _, names in os.walk(path) for name in names)
        if path in seen or path.is_file():
            files.add(path)
        else:
            inside = str(path) + os.sep
            files.update(known for known in seen if str(known).startswith(inside))
    changed = set()
    for path in files:
        state = file_state(path, racy, seen.get(path)) if watched(path, *folders) else None
        if state != seen.get(path):
            changed.add(path)
            if state is None:
                del seen[path]
            else:
                seen[path] = state
    return changed


def problems_page(problems: list[str]) -> bytes:
    items = "".join(f"<li><code>{html.escape(p)}</code></li>" for p in problems)
    count = len(problems)
    title = f"Le contenu a {count} problème{'s' if count > 1 else ''}"
    fix = "Corrigez-les" if count > 1 else "Corrigez-le"
    return short_page(title, f"<p>{fix} : l'aperçu se met à jour dès que le fichier est enregistré.</p><ul>{items}</ul>")


def short_page(title: str, main: str, after: str = "") -> bytes:
    return (f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title>'
            f'<link rel="stylesheet" href="/assets/style.css"></head><body><main class="wrap">'
            f"<h1>{title}</h1>{main}</main>{after}</body></html>").encode()


# What the preview answers to a request it cannot serve; the site's own 404 page comes first.
ERRORS = {
    400: ("Adresse invalide", "Cette adresse contient des caractères qu'aucune page du site ne peut porter."),
    404: ("Page introuvable", "Aucune page du site ne porte cette adresse."),
    414: ("Adresse trop longue", "Aucune page du site ne porte une adresse aussi longue."),
    501: ("Requête non prise en charge", "L'aperçu ne fait que montrer les pages du site."),
}
OTHER_ERROR = ("Requête refusée", "L'aperçu ne peut pas répondre à cette requête.")


def bearable(target: str) -> bool:
    """Whether a file could bear the path of this request target: ASCII as HTTP wants it, and,
    once decoded, UTF-8 without NUL nor control characters (the file system refuses them)."""
    path = target.split("?", 1)[0].split("#", 1)[0]
    if not path.isascii():
        return False
    try:
        decoded = urllib.parse.unquote(path, errors="strict")
    except UnicodeDecodeError:
        return False
    return not any(ord(char) < 32 or ord(char) == 127 for char in decoded)


class Handler(http.server.SimpleHTTPRequestHandler):
    preview: Preview

    def log_message(self, *args) -> None:
        pass  # editors watch the rebuild messages, not every request

    def do_GET(self) -> None:
        if not bearable(self.path):
            return self.send_error(400)
        path, _, query = self.path.partition("?")
        if path == EVENTS:
            return self.stream(urllib.parse.parse_qs(query).get("page", [""])[0])
        if path == "/__apercu/recharger.js":
            return self.send(RELOAD_SCRIPT.encode(), "text/javascript")
        body = self.page(path)
        if body is None:
            return super().do_GET()
        tag = RELOAD_TAG.format(hexdigest(body)).encode()
        return self.send(body.replace(b"</body>", tag + b"</body>", 1), "text/html; charset=utf-8")

    def page(self, path: str) -> bytes | None:
        """The page at this path as it is served, before the reload script: the content's problems
        while it has some; None where no page is."""
        if not (path.endswith("/") or path.endswith(".html")):
            return None
        _, problems = self.preview.state()
        if problems:
            return problems_page(problems)
        file = self.translate_path(path)
        try:
            return Path(file if os.path.isfile(file) else os.path.join(file, "index.html")).read_bytes()
        except OSError:
            return None

    def stream(self, page: str) -> None:
        """An open page's Server-Sent Events: the digest of the page as served, at once and after each
        rebuild that changes it, until the page goes (checked every second) or the preview stops."""
        if not page.startswith("/") or not bearable(page):
            return self.send_error(400)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        version = sent = None
        try:
            self.wfile.write(b"retry: 500\n\n")  # reconnect quickly after a server restart
            while (latest := self.preview.next_version(version, 1.0)) is not None:
                if latest != version:
                    version, digest = latest, hexdigest(self.page(page) or b"")
                    if digest != sent:
                        self.wfile.write(f"data: {digest}\n\n".encode())
                        sent = digest
                elif gone(self.connection):
                    return
        except ConnectionError:
            return  # the page went while written to

    def do_HEAD(self) -> None:
        if not bearable(self.path):
            return self.send_error(400)
        return super().do_HEAD()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Every error in French: the site's own page for a missing one, as the host serves it."""
        title, text = ERRORS.get(code, OTHER_ERROR)
        try:
            body = Path(self.directory, "404.html").read_bytes() if code == 404 else None
        except OSError:
            body = None
        body = body or short_page(title, f"<p>{text}</p>")
        self.send_response(code)
        self.send_header("Connection", "close")
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def list_directory(self, path):
        self.send_error(404)  # as the host does: a folder without index.html is not a page

    def send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def gone(connection: socket.socket) -> bool:
    """Whether the browser closed this stream's connection (it sends nothing once the stream is open)."""
    try:
        return bool(select.select([connection], [], [], 0)[0]) and not connection.recv(1, socket.MSG_PEEK)
    except OSError:
        return True


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A browser that leaves mid-answer is no news; anything else is said in one French line."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            print(f"Erreur interne de l'aperçu en répondant à une requête ({type(error).__name__} : {error}).", file=sys.stderr)


def serve(config: Config, port: int, watched: list[Path], log=print, reporter: Reporter = Reporter()) -> None:
    """Build, then serve and rebuild on change until interrupted. Raises OSError on a busy port."""
    preview = Preview(config, watched, log, reporter)
    handler = functools.partial(type("PreviewHandler", (Handler,), {"preview": preview}), directory=str(config.output))
    server = Server(("127.0.0.1", port), handler)
    preview.start()
    log(f"Aperçu : http://localhost:{server.server_port}/ (mis à jour à chaque modification ; Ctrl+C pour arrêter)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        log("Aperçu arrêté.")
    finally:
        preview.stop()  # the open pages' streams end, so the server closes without waiting for them
        server.server_close()
