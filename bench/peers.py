"""Cold build of the same synthetic content with two peer generators, Hugo and Eleventy, and ours.

The peers are installed at run time into a temporary folder, never into the repository: Hugo from
Debian's package (`apt-get download` + `dpkg-deb -x`, with the libsass it links against) and
Eleventy from npm. For each N, `bench/generate.py` writes the content; its actor files are copied as
they are into each peer's site, next to comparable templates written by this script: a base layout
(header, nav, breadcrumbs, footer), one page per actor (fields, rendered Markdown body), a directory
of all actors and one page per commune. No search index, no minification, no RSS or sitemap.
Each cell: median wall time of the generator's process and its peak memory (PSS), summed over its processes (bench/memory.py).

Usage: python bench/peers.py [--sizes 1000 4000 20000] [--runs 3] [--peers-only]
"""

import argparse
import glob
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))
from generate import generate  # noqa: E402
from memory import PeakMemory  # noqa: E402

from ess_site.content.schema import SECTEURS, STATUTS  # noqa: E402
from ess_site.formats import nombre  # noqa: E402

ELEVENTY_VERSION = "3.1.8"  # checked with `npm view @11ty/eleventy version`
HUGO_DEBS = ("hugo", "libsass1")  # Debian's hugo is the extended build and needs libsass.so.1

# Shared pieces of markup, so both peers' pages carry the same weight.
HEAD = ('<!doctype html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title} · L\'ESS en {sigle}</title>\n'
        '<meta name="description" content="Annuaire des acteurs de l\'économie sociale et solidaire : {nom}.">\n'
        '<link rel="stylesheet" href="/style.css">\n</head>\n<body>\n<a class="skip-link" href="#contenu">Aller au contenu</a>\n'
        '<header class="site-header"><div class="wrap header-inner">\n<a class="brand" href="/"><span class="brand-mark" aria-hidden="true"></span>'
        '<span class="brand-text"><strong>L\'ESS en {sigle}</strong><span>Économie sociale et solidaire · {nom}</span></span></a>\n'
        '<form class="header-search" role="search" action="/recherche/" method="get"><label for="q" class="visually-hidden">Rechercher</label>'
        '<input type="search" id="q" name="q" placeholder="Rechercher…"><button type="submit">Rechercher</button></form>\n'
        '<nav class="main-nav" aria-label="Menu principal"><ul><li><a href="/actors/">Annuaire</a></li><li><a href="/commune/">Communes</a></li>'
        '<li><a href="/carte/">Carte</a></li><li><a href="/chiffres-cles/">Chiffres clés</a></li></ul></nav>\n</div></header>\n'
        '<nav class="breadcrumbs wrap" aria-label="Fil d\'Ariane"><ol><li><a href="/">Accueil</a></li><li><span aria-current="page">{title}</span></li></ol></nav>\n'
        '<main id="contenu" class="wrap" tabindex="-1">\n')
FOOT = ('\n</main>\n<footer class="site-footer"><div class="wrap footer-inner">\n<p class="footer-about"><strong>{nom}</strong><br>'
        'Annuaire public des acteurs de l\'économie sociale et solidaire du territoire.</p>\n<ul class="footer-links">'
        '<li><a href="/accessibilite/">Accessibilité</a></li><li><a href="/mentions-legales/">Mentions légales</a></li>'
        '<li><a href="/donnees-personnelles/">Données personnelles</a></li></ul>\n</div></footer>\n</body>\n</html>\n')
ACTOR = ('<article class="actor">\n<header class="actor-header">\n<p class="kicker">{statut} · {secteur}</p>\n'
         '<h1>{{{{ {p}nom }}}} <span class="sigle">({{{{ {p}sigle }}}})</span></h1>\n<p class="actor-place"><a href="{commune_url}">{{{{ {p}commune }}}}</a></p>\n</header>\n'
         '<div class="actor-layout">\n<section class="actor-description prose"><h2 id="presentation">Présentation</h2>\n{body}\n</section>\n'
         '<aside class="actor-facts"><h2 id="fiche">En bref</h2>\n<dl>\n<dt>Statut</dt><dd>{statut}</dd>\n<dt>Secteur</dt><dd>{secteur}</dd>\n'
         '<dt>Création</dt><dd>Créée en {{{{ {p}creation }}}}</dd>\n<dt>Emplois</dt><dd>{{{{ {p}effectif }}}} salariés, {{{{ {p}etp }}}} ETP</dd>\n'
         '<dt>Masse salariale</dt><dd>{masse} € par an</dd>\n<dt>Adresse</dt><dd><address>{{{{ {p}adresse }}}}<br>{{{{ {p}code_postal }}}} {{{{ {p}commune }}}}</address>'
         '<a href="https://www.openstreetmap.org/?mlat={{{{ {p}lat }}}}&amp;mlon={{{{ {p}lon }}}}">Voir sur OpenStreetMap</a></dd>\n'
         '<dt>Téléphone</dt><dd>{{{{ {p}telephone }}}}</dd>\n<dt>Courriel</dt><dd><a href="mailto:{{{{ {p}email }}}}">{{{{ {p}email }}}}</a></dd>\n'
         '<dt>Site web</dt><dd><a href="{{{{ {p}site_web }}}}">{{{{ {p}site_web }}}}</a></dd>\n<dt>SIRET</dt><dd>{{{{ {p}siret }}}}</dd>\n'
         '<dt>Thématiques</dt><dd><ul class="inline-list">{themes}</ul></dd>\n<dt>Labels et agréments</dt><dd><ul class="inline-list">{labels}</ul></dd>\n'
         '</dl>\n</aside>\n</div>\n</article>')
CARD = ('<li class="actor-card"><h3 class="actor-card-title"><a href="{url}">{nom}</a> <span class="sigle">({sigle})</span></h3>'
        '<p class="tags"><span class="tag tag-statut">{statut}</span> <span class="tag">{secteur}</span> <span class="tag tag-commune">{commune}</span></p></li>')
LIST = '<h1>{title}</h1>\n<p class="lead">{count} acteurs, par ordre alphabétique.</p>\n<ul class="actor-list">\n{loop}\n</ul>'

# Hugo (Go templates). None of the actor keys is reserved by Hugo; `commune` is declared as a taxonomy
# (singular and plural alike) so that Hugo itself makes the per-commune pages.
H_PAGE = {"p": ".Params.", "statut": "{{ index site.Data.libelles.statuts .Params.statut }}",
          "secteur": "{{ index site.Data.libelles.secteurs .Params.secteur }}",
          "commune_url": '{{ range .GetTerms "commune" }}{{ .RelPermalink }}{{ end }}', "body": "{{ .Content }}",
          "masse": "{{ lang.FormatNumber 0 .Params.masse_salariale }}",
          "themes": "{{ range .Params.thematiques }}<li>{{ . }}</li>{{ end }}", "labels": "{{ range .Params.labels }}<li>{{ . }}</li>{{ end }}"}
H_CARD = "{{ range sort .Pages \"Params.nom\" }}" + CARD.format(
    url="{{ .RelPermalink }}", nom="{{ .Params.nom }}", sigle="{{ .Params.sigle }}", commune="{{ .Params.commune }}",
    statut="{{ index site.Data.libelles.statuts .Params.statut }}", secteur="{{ index site.Data.libelles.secteurs .Params.secteur }}") + "{{ end }}"
HUGO_LAYOUTS = {
    "_default/baseof.html": HEAD.format(title="{{ or .Title .Params.nom }}", sigle="{{ site.Data.territoire.sigle }}",
                                        nom="{{ site.Data.territoire.nom }}") + '{{ block "main" . }}{{ end }}' + FOOT.format(nom="{{ site.Data.territoire.nom }}"),
    "_default/single.html": '{{ define "main" }}' + ACTOR.format(**H_PAGE) + "{{ end }}",
    "_default/list.html": '{{ define "main" }}' + LIST.format(title="{{ .Title }}", count="{{ len .Pages }}", loop=H_CARD) + "{{ end }}",
    "_default/terms.html": '{{ define "main" }}<h1>Communes</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .Pages }})</li>{{ end }}</ul>{{ end }}',
    "index.html": '{{ define "main" }}<h1>{{ site.Data.territoire.nom }}</h1><p><a href="/actors/">Annuaire</a></p>{{ end }}',
}
HUGO_CONFIG = {"baseURL": "https://example.org/", "languageCode": "fr", "defaultContentLanguage": "fr", "title": "Accueil",
               "disableKinds": ["RSS", "sitemap", "robotsTXT", "404"], "taxonomies": {"commune": "commune"}}

# Eleventy (Nunjucks layouts, markdown-it for the body, defaults otherwise). No actor key is reserved by Eleventy either.
E_PAGE = {"p": "", "statut": "{{ libelles.statuts[statut] }}", "secteur": "{{ libelles.secteurs[secteur] }}", "commune_url": "/commune/{{ commune | slugify }}/",
          "body": "{{ content | safe }}", "masse": "{{ masse_salariale | nombre }}",
          "themes": "{% for t in thematiques %}<li>{{ t }}</li>{% endfor %}", "labels": "{% for l in labels %}<li>{{ l }}</li>{% endfor %}"}
E_CARD = "{% for a in actors %}" + CARD.format(
    url="{{ a.url }}", nom="{{ a.data.nom }}", sigle="{{ a.data.sigle }}", commune="{{ a.data.commune }}",
    statut="{{ libelles.statuts[a.data.statut] }}", secteur="{{ libelles.secteurs[a.data.secteur] }}") + "{% endfor %}"
ELEVENTY_FILES = {
    "_includes/base.njk": HEAD.format(title="{{ title or nom }}", sigle="{{ territoire.sigle }}", nom="{{ territoire.nom }}")
                          + "{{ content | safe }}" + FOOT.format(nom="{{ territoire.nom }}"),
    "_includes/actor.njk": "---\nlayout: base.njk\n---\n" + ACTOR.format(**E_PAGE),
    "actors/actors.11tydata.json": json.dumps({"layout": "actor.njk", "tags": "actor", "permalink": "/actors/{{ page.fileSlug }}/"}),
    "annuaire.njk": "---\nlayout: base.njk\ntitle: Annuaire\npermalink: /actors/\n---\n{% set actors = collections.actorsByName %}"
                    + LIST.format(title="Annuaire", count="{{ actors | length }}", loop=E_CARD),
    "commune.njk": "---\nlayout: base.njk\npagination: {data: collections.communes, size: 1, alias: c}\npermalink: \"/commune/{{ c.nom | slugify }}/\"\n"
                   "eleventyComputed: {title: \"{{ c.nom }}\"}\n---\n{% set actors = c.actors %}" + LIST.format(title="{{ c.nom }}", count="{{ actors | length }}", loop=E_CARD),
    "communes.njk": "---\nlayout: base.njk\ntitle: Communes\npermalink: /commune/\n---\n<h1>Communes</h1><ul>{% for c in collections.communes %}"
                    "<li><a href=\"/commune/{{ c.nom | slugify }}/\">{{ c.nom }}</a> ({{ c.actors | length }})</li>{% endfor %}</ul>",
    "index.njk": "---\nlayout: base.njk\ntitle: Accueil\n---\n<h1>{{ territoire.nom }}</h1><p><a href=\"/actors/\">Annuaire</a></p>",
}
ELEVENTY_CONFIG = """const number = new Intl.NumberFormat("fr-FR", {maximumFractionDigits: 0});
const byName = (a, b) => a.data.nom.localeCompare(b.data.nom, "fr");
module.exports = function (config) {
  config.addFilter("nombre", (value) => number.format(value));
  config.addCollection("actorsByName", (api) => api.getFilteredByTag("actor").sort(byName));
  config.addCollection("communes", (api) => {
    const groups = new Map();
    for (const page of api.getFilteredByTag("actor").sort(byName)) {
      if (!groups.has(page.data.commune)) groups.set(page.data.commune, []);
      groups.get(page.data.commune).push(page);
    }
    return [...groups].sort(([a], [b]) => a.localeCompare(b, "fr")).map(([nom, actors]) => ({nom, actors}));
  });
  return {dir: {input: "src", output: "_site"}};
};
"""


def timed(command: list[str], cwd: Path | None = None, env: dict | None = None) -> tuple[float, int]:
    """Wall seconds and peak resident memory (MiB) of one process; its output goes to a file, not a pipe."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        with PeakMemory(process.pid) as peak:
            _, status, _ = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            log.seek(0)
            raise SystemExit(f"{command[0]} failed:\n{log.read().decode(errors='replace')[-3000:]}")
    return elapsed, peak.mib


def install_hugo(tools: Path) -> tuple[list[str], dict, str]:
    debs = tools / "debs"
    debs.mkdir(parents=True)
    if subprocess.run(["apt-get", "download", *HUGO_DEBS], cwd=debs, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "download", *HUGO_DEBS], cwd=debs, check=True, capture_output=True)
    for deb in sorted(debs.glob("*.deb")):
        subprocess.run(["dpkg-deb", "-x", str(deb), str(tools / "root")], check=True)
    env = dict(os.environ, LD_LIBRARY_PATH=":".join(glob.glob(str(tools / "root/usr/lib/*-linux-gnu"))))
    command = [str(tools / "root/usr/bin/hugo")]
    version = subprocess.run([*command, "version"], env=env, check=True, capture_output=True, text=True).stdout.split()[1]
    return command, env, version


def install_eleventy(tools: Path) -> tuple[list[str], str]:
    prefix = tools / "eleventy"
    subprocess.run(["npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "--loglevel=error",
                    f"@11ty/eleventy@{ELEVENTY_VERSION}"], check=True, capture_output=True)
    package = prefix / "node_modules/@11ty/eleventy"
    command = ["node", str(package / json.loads((package / "package.json").read_text())["bin"]["eleventy"])]
    version = subprocess.run([*command, "--version"], check=True, capture_output=True, text=True).stdout.strip()
    return command, version


def lay_out(content: Path, hugo: Path, eleventy: Path) -> None:
    """Both peers' sites: the same actor files, the shared data as JSON, each peer's templates."""
    import yaml
    territory = yaml.safe_load((content / "territoire.yaml").read_text(encoding="utf-8"))
    data = {"territoire": {"nom": territory["nom"], "sigle": territory["sigle"]},
            "libelles": {"statuts": {k: s.label for k, s in STATUTS.items()}, "secteurs": dict(SECTEURS)}}
    shutil.copytree(content / "actors", hugo / "content/actors")
    shutil.copytree(content / "actors", eleventy / "src/actors")
    (hugo / "content/actors/_index.md").write_text("---\ntitle: Annuaire\n---\n", encoding="utf-8")
    (hugo / "content/commune").mkdir()
    (hugo / "content/commune/_index.md").write_text("---\ntitle: Communes\n---\n", encoding="utf-8")
    (hugo / "hugo.yaml").write_text(json.dumps(HUGO_CONFIG), encoding="utf-8")  # JSON is YAML
    (eleventy / "eleventy.config.cjs").write_text(ELEVENTY_CONFIG, encoding="utf-8")
    files = {**{f"layouts/{name}": text for name, text in HUGO_LAYOUTS.items()},
             **{f"data/{name}.json": json.dumps(value) for name, value in data.items()}}
    for name, text in files.items():
        (hugo / name).parent.mkdir(parents=True, exist_ok=True)
        (hugo / name).write_text(text, encoding="utf-8")
    files = {**ELEVENTY_FILES, **{f"_data/{name}.json": json.dumps(value) for name, value in data.items()}}
    for name, text in files.items():
        (eleventy / "src" / name).parent.mkdir(parents=True, exist_ok=True)
        (eleventy / "src" / name).write_text(text, encoding="utf-8")


def check(output: Path, size: int, peer: str) -> None:
    """Catch a silently broken layout: N actor pages, a directory listing N cards, commune pages."""
    pages = len(list(output.glob("actors/*/index.html")))
    cards = (output / "actors/index.html").read_text(encoding="utf-8").count('class="actor-card"')
    communes = len(list(output.glob("commune/*/index.html")))
    if pages != size or cards != size or communes == 0:
        raise SystemExit(f"{peer}: {pages} actor pages, {cards} cards in the directory, {communes} commune pages; expected {size}")


def measure(size: int, runs: int, work: Path, hugo: tuple, eleventy: list[str], ours) -> dict[str, tuple[float, int]]:
    content, hugo_site, eleventy_site = work / "content", work / "hugo", work / "eleventy"
    generate(size, content)
    lay_out(content, hugo_site, eleventy_site)
    hugo_command, hugo_env = hugo
    builds = {
        "Hugo": (lambda: timed([*hugo_command, "--quiet", "--source", str(hugo_site), "--cacheDir", str(hugo_site / "cache")], env=hugo_env),
                 [hugo_site / "public", hugo_site / "resources", hugo_site / "cache"]),
        "Eleventy": (lambda: timed([*eleventy, "--quiet", "--config=eleventy.config.cjs"], cwd=eleventy_site), [eleventy_site / "_site"]),
    }
    if ours:
        # Three arguments only: run.py's timed_build builds with an empty cache when given none (cold).
        builds["ess_site"] = (lambda: ours(content, work / "output", False), [work / "output"])
    samples = {name: [] for name in builds}
    for _ in range(runs):  # interleaved, so a slow spell of the machine does not fall on one generator only
        for name, (build, outputs) in builds.items():
            for folder in outputs:
                shutil.rmtree(folder, ignore_errors=True)
            samples[name].append(build())
    check(hugo_site / "public", size, "Hugo")
    check(eleventy_site / "_site", size, "Eleventy")
    return {name: (statistics.median(s for s, _ in runs_), max(m for _, m in runs_)) for name, runs_ in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 20000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--peers-only", action="store_true", help="skip our own build")
    parser.add_argument("--keep", type=Path, help="work in this folder and leave it there, to look at the pages")
    args = parser.parse_args()
    ours = None
    if not args.peers_only:
        from run import timed_build as ours  # bench/run.py: timed_build(content, output, search) -> (seconds, MiB)
    with tempfile.TemporaryDirectory(prefix="peers-") as tools:
        hugo_command, hugo_env, hugo_version = install_hugo(Path(tools))
        eleventy, eleventy_version = install_eleventy(Path(tools))
        node = subprocess.run(["node", "--version"], check=True, capture_output=True, text=True).stdout.strip()
        columns = ["Hugo", "Eleventy"] + ([] if args.peers_only else ["ess_site"])
        rows = ["| acteurs | " + " | ".join(columns) + " |", "|---|" + "---|" * len(columns)]
        for size in args.sizes:
            work = args.keep / str(size) if args.keep else Path(tools) / "work"
            shutil.rmtree(work, ignore_errors=True)
            results = measure(size, args.runs, work, (hugo_command, hugo_env), eleventy, ours)
            rows.append(f"| {nombre(size, 0)} | " + " | ".join(f"{nombre(seconds, 2)} s · {nombre(mib, 0)} Mio" for seconds, mib in results.values()) + " |")
            print(rows[-1], flush=True)
            if not args.keep:
                shutil.rmtree(work)
    machine = f"{platform.machine()}, {os.cpu_count()} cœurs, Python {platform.python_version()}, Node {node}"
    print(f"\nConstruction à froid, médiane de {args.runs} constructions, mémoire : pic de la somme des processus (PSS) ; {machine}\n"
          f"Hugo {hugo_version} (paquet Debian), Eleventy {eleventy_version} (npm)\n\n" + "\n".join(rows))


if __name__ == "__main__":
    main()
