"""What a build's process imports before it knows what it will read: data·inclusion's package
(pydantic models, 0.25 s) only once a file uses its vocabularies."""

import shutil
import subprocess
import sys

from tests.conftest import FIXTURE_SITE, ROOT


def imported_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", f"import sys\n{code}\nprint(' '.join(sys.modules))"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_starting_the_build_command_does_not_import_data_inclusion():
    modules = imported_after("import ess_site.cli, ess_site.pipeline, ess_site.render.data_files, ess_site.compute.inclusion")
    assert "ess_site.pipeline" in modules
    assert "data_inclusion.schema" not in modules


def test_the_vocabularies_read_data_inclusion_once_asked():
    modules = imported_after("from ess_site.content.schema import FRAIS\nassert 'gratuit' in FRAIS, list(FRAIS)")
    assert "data_inclusion.schema" in modules


def test_a_build_after_an_edited_description_does_not_import_data_inclusion(tmp_path):
    """The data package made again after an edit takes the table schema from acteurs.schema.json
    as the last build wrote it: making it again reads every vocabulary (0.3 s at each edit)."""
    shutil.copytree(FIXTURE_SITE, tmp_path / "content")
    folders = [str(tmp_path / "content"), str(tmp_path / "out"), str(tmp_path / "cache")]
    argv = ["build", "--content", folders[0], "--output", folders[1], "--cache", folders[2], "--sans-pdf", "--sans-recherche"]
    edited = tmp_path / "content" / "actors" / "cooperative-minimale.md"
    for build in range(3):  # the first makes the site, the second keeps the build that the third starts from
        if build:
            edited.write_text(edited.read_text(encoding="utf-8") + f"\nPhrase ajoutée {build}.\n", encoding="utf-8")
        # files written less than 2 s ago count as changed (actor_cache.RACY_SECONDS), the territory's
        # too, which would make the edit wide: the other tests make them age at once likewise
        modules = imported_after("from ess_site.incremental import actor_cache\nactor_cache.RACY_SECONDS = 0\n"
                                 f"from ess_site.cli import main\nassert main({argv!r}) == 0")
    assert "data_inclusion.schema" not in modules
