"""Markdown sanitizing, French spacing and URL rules."""

from ess_site import urls
from ess_site.render.markdown_text import render_markdown
from ess_site.render.typography import french_spacing


def test_markdown_keeps_formatting_and_safe_links():
    html = render_markdown("Du **gras** et [un lien](https://example.org).")
    assert html == '<p>Du <strong>gras</strong> et <a href="https://example.org" rel="noopener noreferrer">un lien</a>.</p>'


def test_markdown_drops_scripts_handlers_and_javascript_links():
    html = render_markdown('<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n[x](javascript:alert(3)) <a href="JaVaScRiPt:alert(4)">y</a>')
    for needle in ("<script", "alert(1)", "onerror", "javascript:", "JaVaScRiPt", "<img"):
        assert needle not in html


def test_markdown_headings_move_under_the_page_headings():
    assert render_markdown("# Titre\n\n## Sous-titre") == "<h3>Titre</h3>\n<h4>Sous-titre</h4>"


def test_french_spacing_in_text_only():
    html = '<p title="a : b">Contact : « ici » ; vraiment ?</p><a href="https://x.org/?a=1">lien</a>'
    assert french_spacing(html) == '<p title="a : b">Contact\u00a0: «\u00a0ici\u00a0»\u202f; vraiment\u202f?</p><a href="https://x.org/?a=1">lien</a>'


def test_slugs():
    assert urls.slugify("Hénin-Beaumont") == "henin-beaumont"
    assert urls.slugify("Insertion par l'activité économique") == "insertion-par-l-activite-economique"
    assert urls.slugify("Café  Solidaire") == "cafe-solidaire"
    assert urls.is_slug("cafe-solidaire") and not urls.is_slug("Café") and not urls.is_slug("a--b")


def test_urls_are_folders_served_by_index_files():
    assert urls.output_path(urls.actor("adds")) == "acteurs/adds/index.html"
    assert urls.output_path(urls.HOME) == "index.html"
    assert urls.output_path(urls.NOT_FOUND) == "404.html"


def test_templates_escape_variables_and_refuse_undefined_ones(tmp_path):
    import pytest
    from jinja2 import UndefinedError

    from ess_site.render.environment import make_environment

    (tmp_path / "ok.html").write_text("<p>{{ name }}</p>")
    (tmp_path / "typo.html").write_text("<p>{{ nme }}</p>")
    env = make_environment(tmp_path)
    assert env.get_template("ok.html").render(name="<b>&</b>") == "<p>&lt;b&gt;&amp;&lt;/b&gt;</p>"
    with pytest.raises(UndefinedError):
        env.get_template("typo.html").render(name="x")


def test_lettre_sections_are_h2_with_ids_for_the_table_of_contents():
    from ess_site.render.markdown_text import sections

    html = render_markdown("# La gouvernance\n\ntexte\n\n## L'avis du vice-président\n\n### Détail", top=2)
    assert html == ('<h2 id="section-la-gouvernance">La gouvernance</h2>\n<p>texte</p>\n'
                    '<h2 id="section-l-avis-du-vice-president">L\'avis du vice-président</h2>\n<h3>Détail</h3>')
    assert sections(html) == [("section-la-gouvernance", "La gouvernance"),
                              ("section-l-avis-du-vice-president", "L'avis du vice-président")]
