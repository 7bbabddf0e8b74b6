"""Rendering over several processes writes exactly the bytes a single process writes."""

import filecmp
import sys

from ess_site.config import Config
from ess_site.pipeline import build
from tests.conftest import ROOT, TODAY

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402


def tree(root) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_parallel_build_is_byte_identical_to_a_single_process_build(tmp_path):
    generate(400, tmp_path / "content")
    for jobs in (1, 2):
        build(Config(content=tmp_path / "content", output=tmp_path / f"out-{jobs}", build_day=TODAY, pdf=False, search=False, jobs=jobs))
    single, parallel = tree(tmp_path / "out-1"), tree(tmp_path / "out-2")
    assert len(single) > 400 and single.keys() == parallel.keys()
    assert [name for name in single if single[name] != parallel[name]] == []
    assert not filecmp.dircmp(tmp_path / "out-1", tmp_path / "out-2").diff_files


def test_parallel_reading_reports_the_same_problems_in_the_same_order(tmp_path):
    import pytest

    from ess_site.pipeline import check
    from ess_site.problems import ContentErrors

    generate(600, tmp_path / "content")
    actors = tmp_path / "content" / "actors"
    for number, (old, new) in {3: ("statut: ", "statut: asso-"), 250: ("commune: ", "commune: Lille"),
                               599: ("---\n", "---\n\tnom: tabulation\n")}.items():
        path = actors / f"structure-{number:06d}.md"
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    siret = next(line for line in (actors / "structure-000010.md").read_text().splitlines() if line.startswith("siret:"))
    path = actors / "structure-000400.md"
    path.write_text("\n".join(siret if line.startswith("siret:") else line for line in path.read_text().splitlines()))
    reports = []
    for jobs in (1, 2):
        with pytest.raises(ContentErrors) as caught:
            check(Config(content=tmp_path / "content", build_day=TODAY, jobs=jobs))
        reports.append([str(problem) for problem in caught.value.problems])
    assert reports[0] == reports[1] and len(reports[0]) == 5
    assert [line.split(":")[0].rsplit("/", 1)[1] for line in reports[0] if "en double" in line] == ["structure-000010.md", "structure-000400.md"]
