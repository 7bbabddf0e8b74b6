"""The plan of a build: what to render, delete and copy, from the previous build's manifest."""

import os

from ess_site import urls
from ess_site.incremental.manifest import Entry, Manifest
from ess_site.incremental.plan import LastPlan, Outputs, plan_build, stat_of
from ess_site.render.pages import Page
from ess_site.render.renderer import Rendered


def pages(*urls: str) -> list[Page]:
    return [Page(url, "actor.html", url) for url in urls]


def test_without_a_previous_build_everything_is_made(tmp_path):
    style = tmp_path / "style.css"
    style.write_text("body {}")
    outputs = Outputs(pages("/", "/acteurs/adds/"), ["a", "b"], [], {"assets/style.css": style})
    plan = plan_build(outputs, "générateur", None, "pas de site précédent")
    assert (plan.full, plan.why_full) == (True, "pas de site précédent")
    assert (plan.render, plan.delete, plan.copy) == ((0, 1), (), ("assets/style.css",))
    assert plan.support_stats == {"assets/style.css": [7, style.stat().st_mtime_ns]}


def test_an_update_renders_what_changed_and_deletes_what_is_gone(tmp_path):
    style, script = tmp_path / "style.css", tmp_path / "search.js"
    style.write_text("body {}")
    script.write_text("// v1")
    previous = Manifest("générateur", files={
        "index.html": Entry("a", "x1"),
        "acteurs/adds/index.html": Entry("ancienne", "x2", indexed=True),
        "acteurs/retire/index.html": Entry("c", "x3", indexed=True),
        "lettres/1/lettre-1.pdf": Entry("p", "p"),
    }, support={"assets/style.css": stat_of(style), "assets/search.js": stat_of(script), "assets/ancien.js": [3, 1]})
    os.utime(script, ns=(0, 1_000_000_000))  # edited since the previous build
    pdf = Rendered("lettres/1/lettre-1.pdf", b"%PDF", "p")
    outputs = Outputs(pages("/", "/acteurs/adds/", "/acteurs/nouveau/"), ["a", "b", "d"], [pdf],
                      {"assets/style.css": style, "assets/search.js": script})
    plan = plan_build(outputs, "générateur", previous)
    assert (plan.full, plan.why_full) == (False, "")
    assert plan.render == (1, 2)  # the edited page and the new one; the home page is unchanged
    assert plan.delete == ("acteurs/retire/index.html", "assets/ancien.js")
    assert plan.copy == ("assets/search.js",)


def test_nothing_changed_plans_nothing(tmp_path):
    style = tmp_path / "style.css"
    style.write_text("body {}")
    previous = Manifest("générateur", files={"index.html": Entry("a", "x1")}, support={"assets/style.css": stat_of(style)})
    plan = plan_build(Outputs(pages("/"), ["a"], [], {"assets/style.css": style}), "générateur", previous)
    assert (plan.render, plan.delete, plan.copy) == ((), (), ())


def test_after_the_last_plan_only_the_pages_whose_fingerprint_changed_are_looked_up(tmp_path, monkeypatch):
    """A preview's edit on the last build's pages: their files are the last plan's, and a page
    keeping its fingerprint (the same object) is not looked up among 20 000 again."""
    previous = Manifest("générateur", files={"index.html": Entry("a", "x1"), "acteurs/adds/index.html": Entry("b", "x2"),
                                             "donnees/index.html": Entry("c", "x3"), "lettres/1/lettre-1.pdf": Entry("p", "p")})
    then = ["a", "b", "c"]
    asked: list[str] = []
    monkeypatch.setattr(urls, "output_path", lambda url: asked.append(url) or url)
    outputs = Outputs(pages("/", "/acteurs/adds/", "/donnees/"), [then[0], "b2", then[2]], [], {})
    plan = plan_build(outputs, "générateur", previous, last=LastPlan(then, ("index.html", "acteurs/adds/index.html", "donnees/index.html")))
    assert asked == []
    assert plan.render == (1,)
    assert plan.delete == ("lettres/1/lettre-1.pdf",)  # the last build's PDF, no longer made
    assert plan.paths == ("index.html", "acteurs/adds/index.html", "donnees/index.html")
