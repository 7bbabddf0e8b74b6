"""The C allocator's setting for a build: large blocks mapped apart and given back when freed.

A page's text (tens of kB, several copies while it is rendered, spaced and encoded) is too large
for Python's own allocator and goes to glibc's malloc. By default glibc raises its threshold for
mapping such blocks apart after the first ones are freed, then serves them from its heap, whose
freed holes are neither given back nor, in a forked worker, fresh: the worker writes into pages
it shares with the main process, which get copied. A fixed threshold keeps every large block in
a mapping of its own, returned whole when freed. At 20 000 actors the peak memory summed over the
processes went from 251-263 MiB (cards in one buffer alone) to 242-250 MiB (bench/RESULTS.md, "large
blocks mapped apart").
"""

import ctypes

M_TRIM_THRESHOLD = -1  # mallopt's parameters (malloc.h)
M_MMAP_THRESHOLD = -3
LARGE = 64 * 1024  # bytes: a block this large is mapped apart; the heap's free top beyond it is given back


def map_large_blocks() -> None:
    """Set it for this process and the workers it forks; nothing where the C library is not glibc."""
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the interpreter is linked with: no search for it at each start
    except (OSError, AttributeError):
        return
    mallopt(M_MMAP_THRESHOLD, LARGE)
    mallopt(M_TRIM_THRESHOLD, LARGE)
