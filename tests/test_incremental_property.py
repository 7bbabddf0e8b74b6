"""Random sequences of edits, followed both by `build()` as build.py runs it (a new build each time,
reading what the last one left on disk) and by the preview (the same path, given its last build
in memory): after each sequence, both output folders are byte for byte a clean build's.

Seeded, so a failure names its seed and its edits; SEQUENCES x EDITS edits in all."""

import random
import re
import shutil
import sys
import time

import pytest

from ess_site.content.schema import SECTEURS
from ess_site.incremental import actor_cache
from ess_site.pipeline import build
from ess_site.tools.serve import Preview
from tests.conftest import ROOT
from tests.test_incremental import config, set_field, tree

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402

SEQUENCES = 20
EDITS = 5


@pytest.fixture(autouse=True)
def files_age_at_once(monkeypatch):
    monkeypatch.setattr(actor_cache, "RACY_SECONDS", 0)


@pytest.fixture
def project(tmp_path):
    """A small corpus (30 actors, 6 lettres) with its own templates and assets."""
    generate(30, tmp_path / "content")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    shutil.copytree(ROOT / "assets", tmp_path / "assets")
    return tmp_path


def actors(project) -> list:
    return sorted((project / "content" / "actors").glob("*.md"))


def cited(project) -> set[str]:
    text = "".join(path.read_text(encoding="utf-8") for path in (project / "content" / "lettres").glob("*.md"))
    return set(re.findall(r"\[\[([^\]|]+)", text))


def pick(rng, project):
    return rng.choice(actors(project))


def description(rng, project):
    path = pick(rng, project)
    path.write_text(path.read_text(encoding="utf-8") + f"\nUne phrase ajoutée n° {rng.randrange(10**6)}.\n", encoding="utf-8")
    return {path}


def line(path, key: str) -> str | None:
    return next((text for text in path.read_text(encoding="utf-8").splitlines() if text.startswith(f"{key}:")), None)


def commune(rng, project):
    """The place of another actor: its commune, postcode, address and position together."""
    path, other = pick(rng, project), pick(rng, project)
    for key in ("commune", "code_postal", "adresse", "lat", "lon"):
        if (value := line(other, key)) is not None and line(path, key) is not None:
            set_field(path, key, value.split(":", 1)[1].strip())
    return {path}


def sector(rng, project):
    path = pick(rng, project)
    set_field(path, "secteur", rng.choice(sorted(SECTEURS)))
    return {path}


def name(rng, project):
    path = pick(rng, project)
    set_field(path, "nom", f"{rng.choice('ABMZ')}{rng.choice('aeiou')} structure {rng.randrange(1000)}")
    return {path}


def new_actor(rng, project):
    source = pick(rng, project)
    path = source.with_name(f"nouvelle-{rng.randrange(10**6)}.md")
    path.write_text("\n".join(text for text in source.read_text(encoding="utf-8").splitlines() if not text.startswith("siret:")) + "\n",
                    encoding="utf-8")
    return {path}


def deleted_actor(rng, project):
    free = [path for path in actors(project) if path.stem not in cited(project)]
    path = rng.choice(free)
    path.unlink()
    return {path}


def lettre(rng, project):
    path = rng.choice(sorted((project / "content" / "lettres").glob("*.md")))
    path.write_text(path.read_text(encoding="utf-8") + f"\nUn paragraphe de plus ({rng.randrange(1000)}).\n", encoding="utf-8")
    return {path}


def template(rng, project):
    path = project / "templates" / rng.choice(["actor.html", "base.html", "partials/cards.html", "browse.html"])
    path.write_text(path.read_text(encoding="utf-8") + f"\n{{# édition {rng.randrange(1000)} #}}<!-- {rng.randrange(1000)} -->\n",
                    encoding="utf-8")
    return {path}


def territory(rng, project):
    path = project / "content" / "territoire.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^nom: (.*)$", lambda found: f"nom: {found[1].split(' · ')[0]} · {rng.randrange(1000)}", text,
                           count=1, flags=re.M), encoding="utf-8")
    return {path}


KINDS = [description, description, commune, sector, name, new_actor, deleted_actor, lettre, template, territory]


def settled(preview: Preview) -> None:
    deadline = time.monotonic() + 120
    while (preview.finishing or preview.indexing) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not preview.finishing


def test_random_edits_end_as_a_clean_build_through_build_and_through_the_preview(project, record_property):
    rng = random.Random(2026)
    by_build = config(project, "par-build", jobs=1)  # a small site: no worker processes to start
    preview = Preview(config(project, "par-apercu", jobs=1), [project / "content", project / "templates"], lambda line: None)
    build(by_build)
    preview.rebuild()
    done, narrow = 0, 0
    for sequence in range(SEQUENCES):
        edits = []
        for _ in range(EDITS):
            kind = rng.choice(KINDS)
            changed = kind(rng, project)
            edits.append(kind.__name__)
            report = build(by_build)
            narrow += report.fingerprinted < report.pages
            preview.rebuild(changed)
            done += 1
        settled(preview)
        build(config(project, "propre", incremental=False, jobs=1))
        clean = tree(project / "propre")
        where = f"suite {sequence} : {', '.join(edits)}"
        assert not preview.problems, (where, preview.problems)
        assert tree(project / "par-build") == clean, where
        assert tree(project / "par-apercu") == clean, where
    record_property("sequences", SEQUENCES)
    record_property("edits", done)
    record_property("narrow_builds", narrow)
    print(f"{SEQUENCES} suites de {EDITS} modifications, {done} en tout, suivies par build() et par l'aperçu "
          f"({narrow} constructions n'ont recalculé que les empreintes des pages concernées)")
    assert done == SEQUENCES * EDITS and narrow > 0
