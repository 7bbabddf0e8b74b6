"""GitHub-flavoured Markdown -> HTML through cmark-gfm, GitHub's own renderer, freeing what it makes.

cmarkgfm's Python functions never free the syntax tree nor the HTML string cmark-gfm returns
(its binding declares no cmark_node_free): about 13 KB lost per actor description, 260 MB at
20 000 actors, in every worker that renders pages. This module calls the same compiled library,
the one cmarkgfm loaded, the same way cmarkgfm.markdown_to_html_with_extensions does, and frees
the tree and the string once the HTML is copied into Python. The HTML is the same
(tests/unit/test_gfm.py compares them); bench/RESULTS.md has the memory it saves.
"""

import ctypes
import threading

import cmarkgfm
from cmarkgfm.cmark import _cmark

_lib = ctypes.CDLL(_cmark.__file__)  # already loaded by cmarkgfm: the same code and extension registry
_libc = ctypes.CDLL(None)  # cmark-gfm's default allocator is the C library's calloc and free

_signatures = {
    "cmark_gfm_core_extensions_ensure_registered": ([], None),
    "cmark_find_syntax_extension": ([ctypes.c_char_p], ctypes.c_void_p),
    "cmark_parser_new": ([ctypes.c_int], ctypes.c_void_p),
    "cmark_parser_attach_syntax_extension": ([ctypes.c_void_p, ctypes.c_void_p], ctypes.c_int),
    "cmark_parser_feed": ([ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t], None),
    "cmark_parser_finish": ([ctypes.c_void_p], ctypes.c_void_p),
    "cmark_parser_get_syntax_extensions": ([ctypes.c_void_p], ctypes.c_void_p),
    "cmark_render_html": ([ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p], ctypes.c_void_p),
    "cmark_node_free": ([ctypes.c_void_p], None),
    "cmark_parser_free": ([ctypes.c_void_p], None),
}
for _name, (_arguments, _result) in _signatures.items():
    getattr(_lib, _name).argtypes, getattr(_lib, _name).restype = _arguments, _result
_libc.free.argtypes, _libc.free.restype = [ctypes.c_void_p], None

UNSAFE = cmarkgfm.Options.CMARK_OPT_UNSAFE
_extensions: dict[str, int] = {}
_lock = threading.Lock()  # the registry is filled once; the preview renders from threads


def _extension(name: str) -> int:
    with _lock:
        if name not in _extensions:
            _lib.cmark_gfm_core_extensions_ensure_registered()
            found = _lib.cmark_find_syntax_extension(name.encode())
            if not found:
                raise ValueError(f"unknown cmark-gfm extension: {name}")
            _extensions[name] = found
    return _extensions[name]


def to_html(text: str, options: int = 0, extensions: tuple[str, ...] = ()) -> str:
    """Markdown -> HTML, as cmarkgfm.markdown_to_html_with_extensions(text, options, extensions)."""
    data = text.encode("utf-8")
    parser = _lib.cmark_parser_new(options)
    try:
        for name in extensions:
            _lib.cmark_parser_attach_syntax_extension(parser, _extension(name))
        _lib.cmark_parser_feed(parser, data, len(data))
        root = _lib.cmark_parser_finish(parser)
        try:
            html = _lib.cmark_render_html(root, options, _lib.cmark_parser_get_syntax_extensions(parser))
            try:
                return ctypes.string_at(html).decode("utf-8")
            finally:
                _libc.free(html)
        finally:
            _lib.cmark_node_free(root)
    finally:
        _lib.cmark_parser_free(parser)


GITHUB_OPTIONS = cmarkgfm.Options.CMARK_OPT_GITHUB_PRE_LANG
GITHUB_EXTENSIONS = ("table", "autolink", "tagfilter", "strikethrough", "tasklist")


def github_to_html(text: str) -> str:
    """Markdown -> HTML as GitHub shows it, as cmarkgfm.github_flavored_markdown_to_html(text)."""
    return to_html(text, GITHUB_OPTIONS, GITHUB_EXTENSIONS)
