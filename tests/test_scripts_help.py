"""Every script the README names answers --help with its usage, exit code 0, and does nothing else."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

SCRIPTS = sorted(set(re.findall(r"(?:bench|scripts)/[A-Za-z0-9_-]+\.(?:py|sh)", (ROOT / "README.md").read_text(encoding="utf-8"))))


def test_the_readme_names_the_scripts():
    assert {"bench/generate.py", "bench/run.py", "scripts/compare_builds.py", "scripts/site.sh", "scripts/tests.sh"} <= set(SCRIPTS)


def run_help(script: str, cwd: Path) -> subprocess.CompletedProcess:
    if script.endswith(".sh"):
        # Only `cat` on the PATH: a script that ignored --help could not install anything (apt-get,
        # pip, npm ci) and would fail at its first other command.
        tools = cwd.parent / "bin"
        tools.mkdir(exist_ok=True)
        if not (tools / "cat").exists():
            (tools / "cat").symlink_to("/bin/cat")
        command, env = ["/bin/bash", str(ROOT / script), "--help"], {"PATH": str(tools), "LANG": "C.UTF-8"}
    else:
        command, env = [sys.executable, str(ROOT / script), "--help"], {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("script", SCRIPTS)
def test_script_answers_help_with_its_usage(script, tmp_path):
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    result = run_help(script, workdir)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert re.match(r"(usage|utilisation) ?:", result.stdout, re.IGNORECASE), result.stdout
    assert "Traceback" not in result.stdout
    assert list(workdir.iterdir()) == []  # it wrote nothing (screenshots.py once made a folder named --help)
