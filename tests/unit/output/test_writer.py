"""The writer carrying out a Plan (output/writer.py): it renders what the plan names, writes only
bytes that changed, deletes what is gone, and leaves a manifest that says what output/ holds."""

from ess_site import urls
from ess_site.config import Config
from ess_site.incremental.manifest import ManifestFile
from ess_site.incremental.plan import Outputs, plan_build
from ess_site.output.writer import write_site
from ess_site.render.pages import Page
from ess_site.render.renderer import Rendered

GENERATOR = "générateur"


class FakeRenderer:
    """Renders a page as its title, and remembers which pages it was asked for."""

    def __init__(self):
        self.asked: list[str] = []

    def pages(self, pages, then=None):
        for page in pages:
            self.asked.append(page.url)
            done = Rendered.of(urls.output_path(page.url), f"<h1>{page.title}</h1>".encode())
            yield then(done) if then else done


def build(tmp_path, titles: dict[str, str], marks: list[str], previous=None):
    config = Config(content=tmp_path / "content", output=tmp_path / "output", cache=tmp_path / "cache", search=False, jobs=1)
    style = tmp_path / "style.css"
    if not style.exists():
        style.write_text("body {}")
    pages = [Page(url, "actor.html", title) for url, title in titles.items()]
    plan = plan_build(Outputs(pages, marks, [], {"assets/style.css": style}), GENERATOR, previous, "pas de site précédent",
                      output=config.output)
    renderer = FakeRenderer()
    outcome = write_site(plan, renderer, config)
    manifest, why = ManifestFile(config.cache, config.output).load(GENERATOR)
    return config.output, renderer.asked, outcome, manifest


def test_a_full_plan_writes_every_page_and_copy_and_records_them(tmp_path):
    output, asked, outcome, manifest = build(tmp_path, {"/": "Accueil", "/acteurs/garage/": "Garage"}, ["m1", "m2"])
    assert asked == ["/", "/acteurs/garage/"]
    assert (output / "index.html").read_text() == "<h1>Accueil</h1>"
    assert (output / "acteurs/garage/index.html").read_text() == "<h1>Garage</h1>"
    assert (output / "assets/style.css").read_text() == "body {}"
    assert (outcome.rendered, outcome.written) == (2, 3)
    assert {path: entry.fingerprint for path, entry in manifest.files.items()} == {
        "index.html": "m1", "acteurs/garage/index.html": "m2"}


def test_an_update_renders_the_planned_pages_writes_changed_bytes_and_deletes_the_gone(tmp_path):
    output, _, _, first = build(tmp_path, {"/": "Accueil", "/acteurs/garage/": "Garage", "/acteurs/vieux/": "Vieux"},
                                ["m1", "m2", "m3"])
    home = (output / "index.html").stat().st_mtime_ns
    # The home page's fingerprint changed but not its bytes; the garage's bytes changed; "vieux" is gone.
    output, asked, outcome, manifest = build(tmp_path, {"/": "Accueil", "/acteurs/garage/": "Garage solidaire"},
                                             ["m1-bis", "m2-bis"], first)
    assert asked == ["/", "/acteurs/garage/"]
    assert (output / "acteurs/garage/index.html").read_text() == "<h1>Garage solidaire</h1>"
    assert not (output / "acteurs/vieux").exists()
    assert (output / "index.html").stat().st_mtime_ns == home  # same bytes: not written again
    assert (outcome.rendered, outcome.written) == (2, 2)  # the garage written, "vieux" deleted
    assert {path: entry.fingerprint for path, entry in manifest.files.items()} == {
        "index.html": "m1-bis", "acteurs/garage/index.html": "m2-bis"}


def test_an_update_with_nothing_planned_renders_nothing(tmp_path):
    _, _, _, first = build(tmp_path, {"/": "Accueil"}, ["m1"])
    output, asked, outcome, manifest = build(tmp_path, {"/": "Accueil"}, ["m1"], first)
    assert (asked, outcome.rendered, outcome.written) == ([], 0, 0)
    assert manifest.files.keys() == {"index.html"}
