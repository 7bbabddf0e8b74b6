"""A build returns what it made (report.made), which the preview keeps, and takes how it is run
(progress, the preview's later index and printed directories) apart from what the user asked."""

import dataclasses

from ess_site.config import BuildHooks, Config, Reporter
from ess_site.pipeline import build
from tests.conftest import FIXTURE_SITE, TODAY


def test_a_build_returns_the_site_and_pages_it_made_and_tells_its_stages(tmp_path):
    said = []
    config = Config(content=FIXTURE_SITE, output=tmp_path / "output", cache=tmp_path / "cache", build_day=TODAY, pdf=False,
                    search=False, jobs=1)
    report = build(config, BuildHooks(Reporter(said.append)))
    made = report.made
    assert len(made.site.actors) == report.actors and len(made.pages) == report.pages
    assert {page.template for page in made.pages} <= made.templates.keys()
    assert said[0] == "lecture et vérification du contenu" and said[-1].startswith("rendu et écriture de ")
    assert (tmp_path / "output" / "index.html").is_file()


def test_config_holds_only_what_the_user_asks():
    names = {field.name for field in dataclasses.fields(Config)}
    assert not names & {"on_built", "progress", "index_later", "print_later", "today"}
