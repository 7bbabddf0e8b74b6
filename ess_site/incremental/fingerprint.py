"""Fingerprints: stable digests of what each output file is made from.

A page is a pure function of the generator's code, its templates and the values it is given
(its context and the frame every page shows), so two builds that give a page the same
fingerprint write the same bytes; an incremental build renders only pages whose fingerprint
changed. Digests follow values, never object identity, so they hold across processes.
"""

import dataclasses
import functools
import hashlib
import platform
import sys
from datetime import date
from importlib import metadata
from pathlib import Path

from jinja2 import Environment, meta

PACKAGE = Path(__file__).resolve().parent.parent
# Libraries whose version changes what a page holds (escaping, Markdown, sanitizing, French formats and order).
RENDERING_LIBRARIES = ("Jinja2", "MarkupSafe", "cmarkgfm", "nh3", "babel", "PyYAML", "natsort")


def hexdigest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Digests:
    """Digests of page contexts, memoized per object for one build: a card listed on five pages
    is digested once. The memo keeps its objects alive, so an id is never reused meanwhile."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[object, str, tuple[str, ...]]] = {}
        self._fields: dict[type, tuple[str, ...]] = {}  # dataclass -> its field names, looked up once
        self._found: list[str] = []  # keys of the objects made from one file met by the current walk

    def of(self, value: object, keys: set[str] | None = None) -> str:
        """`keys`: given, receives "actor:<slug>" for each actor the value holds whole
        (incremental/dependencies.py)."""
        parts: list[str] = []
        self._found = []
        self._feed(value, parts)
        if keys is not None:
            keys.update(self._found)
        return hexdigest("\x1f".join(parts).encode("utf-8", "surrogatepass"))

    def _feed(self, value: object, parts: list[str]) -> None:
        kind = type(value)
        if kind in PLAIN or value is None:
            parts.append(f"{kind.__name__}:{value!r}")  # repr is unambiguous: quotes, escapes, floats in full
        elif (known := self._memo.get(id(value))) is not None:
            parts.append(known[1])
            self._found += known[2]
        elif kind in (tuple, list):
            parts.append(f"[{len(value)}")
            for item in value:
                self._feed(item, parts)
        elif kind is dict:
            parts.append(f"{{{len(value)}")
            for key in sorted(value, key=repr):
                self._feed(key, parts)
                self._feed(value[key], parts)
        elif kind is bytes:
            parts.append("bytes:" + hexdigest(value))
        elif isinstance(value, (str, Path, date)):
            parts.append(f"{kind.__name__}:{value!r}")
        elif dataclasses.is_dataclass(value):
            parts.append(self._object(value, kind))
        else:
            raise TypeError(f"no stable digest for {kind.__name__}: give pages plain values or dataclasses")

    def _object(self, value: object, kind: type) -> str:
        start = len(self._found)
        if getattr(value, "file_digest", ""):
            digest = f"{kind.__qualname__}:{value.file_digest}"  # made from one file, digested when read
            self._found.append(f"{kind.__name__.lower()}:{value.slug}")
        else:
            names = self._fields.get(kind) or self._fields.setdefault(kind, tuple(f.name for f in dataclasses.fields(value)))
            parts = [kind.__qualname__]
            for name in names:
                parts.append(name)
                self._feed(getattr(value, name), parts)
            digest = "obj:" + hexdigest("\x1f".join(parts).encode("utf-8", "surrogatepass"))
        self._memo[id(value)] = (value, digest, tuple(self._found[start:]))
        return digest


PLAIN = frozenset({str, int, float, bool, date})


@functools.cache
def generator_digest() -> str:
    """The generator's own version: its code, Python's and the rendering libraries' versions.
    Once per process: the code that runs is the code the process started with (the preview
    read 100 files again at every edit, and an edit of them while it runs changes nothing it does)."""
    parts = [sys.version, platform.machine()]
    parts += [f"{name}=={metadata.version(name)}" for name in RENDERING_LIBRARIES]
    parts += [f"{path.relative_to(PACKAGE).as_posix()}:{path.read_text(encoding='utf-8')}" for path in sorted(PACKAGE.rglob("*.py"))]
    return hexdigest("\n".join(parts).encode())


REFERENCES: dict[str, frozenset] = {}  # template source -> the templates it names: parsing all costs 0.4 s a build


def referenced_templates(env: Environment, text: str) -> frozenset:
    """Memoized by the source's text (a value), so an edited template is parsed again."""
    if text not in REFERENCES:
        REFERENCES[text] = frozenset(meta.find_referenced_templates(env.parse(text)))
    return REFERENCES[text]


def template_digests(env: Environment, pasted: dict[str, set[str]] | None = None) -> dict[str, str]:
    """Template name -> digest of its source and of every template it extends, includes or
    imports, or that `pasted` says it pastes (rendered apart, see render/card_html.py), so
    editing base.html changes every page while editing carte.html changes one."""
    sources = {name: env.loader.get_source(env, name)[0] for name in sorted(env.loader.list_templates())}
    everything = hexdigest("\n".join(f"{name}\n{text}" for name, text in sources.items()).encode())
    uses: dict[str, set[str] | None] = {}
    for name, text in sources.items():
        referenced = referenced_templates(env, text)
        uses[name] = None if None in referenced else referenced | (pasted or {}).get(name, set())  # None: a computed name

    def closure(name: str) -> set[str] | None:
        seen, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            if current not in uses or uses[current] is None:
                return None
            todo += uses[current]
        return seen

    digests = {}
    for name in sources:
        names = closure(name)
        digests[name] = everything if names is None else hexdigest(
            "\n".join(f"{used}\n{sources[used]}" for used in sorted(names)).encode())
    return digests
