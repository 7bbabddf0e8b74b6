"""The cyclic garbage collector paused while a stage builds many objects that hold no cycles.

CPython runs a collection every 700 new containers and, every so often, one over everything
alive: while 20 000 actors are read or unpickled, or the site is assembled from them, those
full collections walk the actors again and again for nothing (unpickling the actor cache took
0.66 s with them and 0.18 s without, at 20 000 actors). Reference counting still frees
everything as usual; only cycles wait for the collector's return.
"""

import gc
from contextlib import contextmanager


@contextmanager
def collector_paused():
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


_owned = False  # within settling(), when no caller keeps frozen objects of its own
_frozen = False  # whether objects are frozen now: this project's code is the only one to freeze


def freeze() -> None:
    """gc.freeze(), remembered here: gc.get_freeze_count() walks every frozen object in CPython
    3.11 (31-81 ms per edit in the preview, whose last build stays frozen at 20 000 actors)."""
    global _frozen
    gc.freeze()
    _frozen = True


def unfreeze() -> None:
    global _frozen
    gc.unfreeze()
    _frozen = False


def frozen() -> bool:
    """Whether some objects are frozen (by freeze()), in constant time."""
    return _frozen


@contextmanager
def settling():
    """Within it, `settle()` moves every object alive out of the collector's reach (gc.freeze):
    a build's content, site and pages live until it ends, and each full collection walked them
    again (2.8 s of a cold build's CPU at 20 000 actors). On leaving, they are handed back. A
    caller that keeps frozen objects across builds (the preview's last build, tools/serve.py)
    keeps the process's objects: there, settle() freezes nothing, since what a build throws away
    would be frozen with the rest and its cycles never collected."""
    global _owned
    outer = _frozen
    before, _owned = _owned, not outer
    try:
        yield
    finally:
        _owned = before
        if not outer:
            unfreeze()


def settle() -> bool:
    """Freeze what is alive, in a build that owns the process's objects; whether it did."""
    if _owned:
        freeze()
    return _owned
