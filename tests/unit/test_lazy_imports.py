"""What a build's process imports: never data·inclusion's package (pydantic models, 0.15-0.25 s)
while the kept copy of its vocabularies is of the installed version."""

import json
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


def test_the_vocabularies_are_read_without_importing_data_inclusion():
    modules = imported_after("from ess_site.content.schema import FRAIS, PUBLICS, all_publics\n"
                             "assert FRAIS['gratuit'] == 'Gratuit' and all_publics() == 'tous-publics' in PUBLICS")
    assert "ess_site.content.schema" in modules
    assert "data_inclusion.schema" not in modules


def test_the_kept_vocabularies_are_those_of_the_installed_package():
    """Fails after a change of the pinned version until `python3 scripts/vendor_inclusion.py` is run."""
    from ess_site.content.schema import KEPT_VOCABULARIES, vocabularies_from_package
    assert json.loads(KEPT_VOCABULARIES.read_text(encoding="utf-8")) == vocabularies_from_package()


def test_a_kept_copy_of_another_version_is_not_used(tmp_path, monkeypatch):
    from ess_site.content import schema
    stale = json.loads(schema.KEPT_VOCABULARIES.read_text(encoding="utf-8"))
    stale["version"], stale["vocabularies"]["Frais"] = "0.0.1", {"gratuit": "Ancien libellé"}
    (tmp_path / "kept.json").write_text(json.dumps(stale), encoding="utf-8")
    monkeypatch.setattr(schema, "KEPT_VOCABULARIES", tmp_path / "kept.json")
    schema.inclusion_vocabularies.cache_clear()
    try:
        assert schema.inclusion_vocabularies()["vocabularies"]["Frais"]["gratuit"] == "Gratuit"
    finally:
        schema.inclusion_vocabularies.cache_clear()


def test_a_cold_build_does_not_import_data_inclusion(tmp_path):
    """The fixture site's actors use the vocabularies (publics, frais…) and the open data lists them."""
    folders = [str(FIXTURE_SITE), str(tmp_path / "out"), str(tmp_path / "cache")]
    argv = ["build", "--content", folders[0], "--output", folders[1], "--cache", folders[2], "--sans-pdf", "--sans-recherche"]
    modules = imported_after(f"from ess_site.cli import main\nassert main({argv!r}) == 0")
    assert "data_inclusion.schema" not in modules
    assert "data·inclusion : gratuit, payant" in (tmp_path / "out" / "donnees" / "acteurs.schema.json").read_text(encoding="utf-8")


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
