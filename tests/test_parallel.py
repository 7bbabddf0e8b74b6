"""Rendering over several processes writes exactly the bytes a single process writes."""

import filecmp
import sys

from ess_site.pipeline import Config, build
from tests.conftest import ROOT, TODAY

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402


def tree(root) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_parallel_build_is_byte_identical_to_a_single_process_build(tmp_path):
    generate(400, tmp_path / "content")
    for jobs in (1, 2):
        build(Config(content=tmp_path / "content", output=tmp_path / f"out-{jobs}", today=TODAY, pdf=False, search=False, jobs=jobs))
    single, parallel = tree(tmp_path / "out-1"), tree(tmp_path / "out-2")
    assert len(single) > 400 and single.keys() == parallel.keys()
    assert [name for name in single if single[name] != parallel[name]] == []
    assert not filecmp.dircmp(tmp_path / "out-1", tmp_path / "out-2").diff_files
