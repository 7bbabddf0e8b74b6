"""A build's large blocks (pages' text) are given back to the system when freed (ess_site/heap.py)."""

import subprocess
import sys

import pytest

PROBE = """
import sys
from ess_site.heap import map_large_blocks
if sys.argv[1] == "set":
    map_large_blocks()
def resident():
    return int(open("/proc/self/statm").read().split()[1]) * 4096
held = []
for round in range(2):  # a first block freed raises glibc's default threshold: the next ones come from its heap
    pages = []
    for n in range(300):
        pages.append(bytes(100_000) + bytes([n % 250]))  # a page's text
        held.append(bytes(1000))  # what lives on meanwhile (too large for Python's own allocator), between the pages
    before = resident()
    del pages
print((before - resident()) >> 20)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator, measured through /proc")
def test_freed_page_texts_leave_the_process():
    given_back = int(subprocess.run([sys.executable, "-c", PROBE, "set"], capture_output=True, text=True, check=True).stdout)
    assert given_back >= 25  # MiB of the 30 freed
