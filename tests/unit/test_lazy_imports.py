"""What a build's process imports before it knows what it will read: data·inclusion's package
(pydantic models, 0.25 s) only once a file uses its vocabularies."""

import subprocess
import sys

from tests.conftest import ROOT


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
