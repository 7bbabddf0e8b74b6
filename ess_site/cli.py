"""Command line: arguments, printing problems in French, exit codes.

Exit 0: everything valid (and built); 1: the content has mistakes (output/ untouched), or a
command was refused (one French line); 2: the generator itself failed (a bug: the message says
so, the traceback only with --debug); 3: a tool is missing: WeasyPrint, Pagefind or Leaflet
(the message says what to install).
"""

import argparse
import re
import sys
import time
import traceback
from pathlib import Path

from .config import ROOT, BuildHooks, Config, Reporter
from .formats import nombre, pluriel
from .heap import map_large_blocks
from .output.journal import UnfinishedUpdate
from .pipeline import build, check
from .problems import CommandRefused, ContentErrors, ImportRefused, MissingTool, NewRefused, Problem, UnusableCache
from .report import BuildReport, scheduled_notices, unchecked_notices
from .tools.scaffold import new_actor, new_lettre

ARGPARSE_MESSAGES = (
    (r"argument commande: invalid choice: '([^']*)'.*", r"commande « \1 » inconnue (build, check, serve, new ou importer)"),
    (r"invalid choice: '([^']*)'.*", r"valeur « \1 » inconnue"),
    (r"unrecognized arguments: (.*)", r"option inconnue : \1"),
    (r"the following arguments are required: (.*)", r"il manque : \1"),
    (r"argument (--\S+): invalid int value: '([^']*)'", r"\1 attend un nombre entier, pas « \2 »"),
)


class FrenchParser(argparse.ArgumentParser):
    def error(self, message: str):
        for pattern, french in ARGPARSE_MESSAGES:
            if re.fullmatch(pattern, message):
                message = re.sub(pattern, french, message)
                break
        self.exit(1, f"{self.prog} : {message}. Aide : python build.py --help\n")


class FrenchHelp(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix or "utilisation : ")


def french_parser(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser._positionals.title, parser._optionals.title = "arguments", "options"
    parser.add_argument("-h", "--help", action="help", help="afficher cette aide")
    return parser


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = french_parser(FrenchParser(prog="build.py", description="Construit le site de l'ESS à partir du dossier content/.",
                                                   formatter_class=FrenchHelp, add_help=False))
    commands = parser.add_subparsers(dest="command", metavar="commande", title="commandes (build par défaut)", parser_class=FrenchParser)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = french_parser(commands.add_parser(name, prog=f"build.py {name}", help=help_text, description=help_text,
                                                formatter_class=FrenchHelp, add_help=False))
        sub.add_argument("--content", type=Path, default=Path("content"), metavar="DOSSIER", help="dossier du contenu (content/ par défaut)")
        sub.add_argument("--debug", action="store_true", help="afficher la trace Python d'une erreur interne")
        return sub

    for name, help_text in (("build", "construire le site dans output/"), ("serve", "construire, afficher en local et mettre à jour à chaque modification")):
        sub = command(name, help_text)
        sub.add_argument("--output", type=Path, default=Path("output"), metavar="DOSSIER", help="dossier du site construit (output/ par défaut)")
        sub.add_argument("--sans-pdf", dest="pdf", action="store_false", help="ne pas produire les PDF des lettres et de l'annuaire imprimable")
        sub.add_argument("--sans-recherche", dest="search", action="store_false", help="ne pas construire l'index de recherche")
        sub.add_argument("--complet", dest="incremental", action="store_false",
                         help="tout reconstruire sans reprendre la construction précédente")
        sub.add_argument("--cache", type=Path, default=Config.cache, metavar="DOSSIER", help="dossier du cache des constructions (.cache/ du projet par défaut)")
        sub.add_argument("--format", choices=("texte", "github"), default="texte", help="github : erreurs en annotations GitHub Actions")
        sub.add_argument("--profil", action="store_true", help="afficher le temps de chaque étape de la construction")
        if name == "serve":
            sub.add_argument("--port", type=int, default=8000, metavar="NUMÉRO", help="port du serveur local (8000 par défaut)")
    sub = command("check", "vérifier tout le contenu sans rien construire")
    sub.add_argument("--format", choices=("texte", "github"), default="texte", help="github : erreurs en annotations GitHub Actions")
    sub = command("new", "créer le fichier d'un nouvel acteur ou d'une nouvelle lettre, à remplir")
    sub.add_argument("kind", metavar="acteur|lettre", help="acteur ou lettre")
    sub.add_argument("nom", nargs="?", default="", help="nom de la structure (pour un acteur)")
    sub = command("importer", "remplir et mettre à jour l'annuaire à partir du répertoire Sirene de l'Insee, ou placer les acteurs "
                              "sur la carte à partir de la Base Adresse Nationale")
    sub.add_argument("registre", choices=("sirene", "ban"), metavar="sirene|ban", help="le registre importé : sirene ou ban")
    sub.add_argument("--etablissements", type=Path, metavar="FICHIER", help="StockEtablissement de l'Insee (.csv, .zip ou .parquet), pour sirene")
    sub.add_argument("--unites-legales", type=Path, metavar="FICHIER", help="StockUniteLegale de l'Insee (.csv, .zip ou .parquet), pour sirene")
    sub.add_argument("--adresses", type=Path, metavar="FICHIER", help="adresses du département de la BAN (adresses-62.csv.gz), pour ban")
    sub.add_argument("--geolocalisation", type=Path, metavar="FICHIER", help="géolocalisation des établissements de l'Insee (.csv, .zip ou .parquet), facultatif")
    sub.add_argument("--mettre-a-jour", dest="update", action="store_true",
                     help="remplacer par les valeurs du registre celles qui en diffèrent (jamais le nom ni la présentation)")
    sub.add_argument("--rapport", type=Path, metavar="FICHIER",
                     help="fichier Markdown du rapport, à coller dans la demande de fusion (rapport-import-sirene.md ou rapport-import-ban.md par défaut)")
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv = ["build", *argv]  # `python build.py` builds
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    map_large_blocks()  # before the build allocates: ess_site/heap.py
    args = parse_arguments(argv)
    try:
        return run(args)
    except ContentErrors as errors:
        return print_problems(errors.problems, args.format)
    except MissingTool as error:
        print(f"{error}\nLe site n'a pas été modifié.", file=sys.stderr)
        return 3
    except UnusableCache as error:
        print(f"{error}.\nLe site n'a pas été modifié.", file=sys.stderr)
        return 1
    except UnfinishedUpdate as error:
        if args.debug:
            traceback.print_exc()
        print(f"Erreur pendant la mise en place des fichiers ({error}).\nLe site a été modifié en partie : "
              "la prochaine construction terminera la mise à jour. Signalez l'erreur à l'équipe technique.", file=sys.stderr)
        return 2
    except ImportRefused as refused:
        for message in refused.messages:
            print(message, file=sys.stderr)
        print(f"\nImport impossible : {args.content}/ n'a pas été modifié.", file=sys.stderr)
        return 1
    except CommandRefused as refused:  # `new`'s, or a command given what it cannot use
        print(f"Impossible : {refused}.", file=sys.stderr)
        return 1
    except Exception as error:  # a bug of ours, not the editor's mistake
        if args.debug:
            traceback.print_exc()
        print(f"Erreur interne du générateur ({type(error).__name__} : {error}).\n"
              "Le site n'a pas été modifié. Signalez-la à l'équipe technique (relancez avec --debug pour le détail).", file=sys.stderr)
        return 2


def run(args: argparse.Namespace) -> int:
    if args.command == "new":
        return scaffold(args)
    if not any((args.content / name).exists() for name in ("territoire.yaml", "actors", "lettres")):
        raise CommandRefused(f"{args.content} : dossier de contenu introuvable (il doit contenir territoire.yaml et actors/)")
    if args.command == "importer":
        return import_register(args)
    if args.command == "check":
        site = check(Config(content=args.content))
        print(f"Contenu valide : {len(site.actors)} acteurs publiés, {len(site.lettres)} lettres.")
        print_notices(scheduled_notices(site))
        print_notices(unchecked_notices(site))
        return 0
    reporter = Reporter(show_progress if sys.stderr.isatty() else None)
    config = Config(content=args.content, output=args.output, pdf=args.pdf, search=args.search,
                    incremental=args.incremental, cache=args.cache)
    if args.command == "serve":
        return preview(config, args.port, reporter)
    report = build(config, BuildHooks(reporter))
    print_report(report, config.output)
    if getattr(args, "profil", False):
        print_stages(report)
    return 0


def scaffold(args: argparse.Namespace) -> int:
    if args.kind == "acteur":
        path = new_actor(args.content, args.nom)
    elif args.kind == "lettre":
        path = new_lettre(args.content, Config().build_day)
    else:
        raise NewRefused(f"« {args.kind} » n'est pas un type de fichier ; écrivez « new acteur \"Nom\" » ou « new lettre »")
    print(f"Créé : {path}\nRemplissez ses champs, puis vérifiez avec : python build.py check")
    return 0


def import_register(args: argparse.Namespace) -> int:
    needed = ("--adresses",) if args.registre == "ban" else ("--etablissements", "--unites-legales")
    if missing := [option for option in needed if getattr(args, option[2:].replace("-", "_")) is None]:
        raise CommandRefused(f"il manque {', '.join(missing)} pour importer {args.registre} ; aide : python build.py importer --help")
    args.rapport = args.rapport or Path(f"rapport-import-{args.registre}.md")
    if args.registre == "ban":
        from .ban.command import BanRequest
        from .ban.command import run_import as run_ban

        report = run_ban(BanRequest(args.content, args.adresses), ReadingProgress() if sys.stderr.isatty() else None)
    else:
        from .sirene.command import ImportRequest, run_import  # pyarrow and pyproj are only needed here

        request = ImportRequest(args.content, args.etablissements, args.unites_legales, args.geolocalisation, args.update)
        report = run_import(request, ReadingProgress() if sys.stderr.isatty() else None)
    args.rapport.write_text(report.markdown(args.content), encoding="utf-8")
    print(report.terminal())
    print(f"Rapport détaillé : {args.rapport} (à coller dans la demande de fusion). Vérifiez ensuite avec : python build.py check")
    return 0


class ReadingProgress:
    """A progress line rewritten in place, at most five times a second:
    '… établissements : 45 % (12 345 678 lignes)'."""

    def __init__(self) -> None:
        self.shown = 0.0

    def __call__(self, label: str, fraction: float, count: int, units: tuple[str, str] = ("ligne lue", "lignes lues")) -> None:
        now = time.monotonic()
        if fraction < 1 and now - self.shown < 0.2:
            return
        self.shown = now
        end = "\n" if fraction >= 1 else ""
        print(f"\r… {label} : {int(fraction * 100)} % ({pluriel(count, *units)})", end=end, file=sys.stderr, flush=True)


def preview(config: Config, port: int, reporter: Reporter) -> int:
    from .tools.serve import serve  # the preview server is only needed here

    try:
        serve(config, port, [config.content, ROOT / "templates", ROOT / "assets"], reporter=reporter)
    except OSError as error:
        print(f"Impossible d'ouvrir l'aperçu sur le port {port} ({error.strerror}) : choisissez-en un autre avec --port.", file=sys.stderr)
        return 1
    return 0


def print_problems(problems: list[Problem], output_format: str = "texte") -> int:
    for problem in problems:
        print(annotation(problem) if output_format == "github" else problem, file=sys.stderr)
    count = len(problems)
    said = "problème trouvé : corrigez-le" if count == 1 else "problèmes trouvés : corrigez-les"
    print(f"\n{nombre(count, 0)} {said} puis relancez. Le site n'a pas été modifié.", file=sys.stderr)
    return 1


def annotation(problem: Problem) -> str:
    """GitHub Actions' workflow command, shown on the changed line of a pull request."""
    message = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    path = str(problem.path).replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
    return f"::error file={path},line={problem.line},title=Contenu invalide::{message}"


def print_report(report: BuildReport, output: Path) -> None:
    print(f"Site construit dans {output}/ : {pluriel(report.pages, 'page', 'pages')}, "
          f"{pluriel(report.actors, 'acteur publié', 'acteurs publiés')}, {pluriel(report.lettres, 'lettre', 'lettres')}.")
    if report.full:
        print(f"Construction complète ({report.why_full}).")
    else:
        index = ", index de recherche refait" if report.indexed else ""
        print(f"Mise à jour : {pluriel(report.rendered, 'page rendue', 'pages rendues')} "
              f"({pluriel(report.fingerprinted, 'empreinte recalculée', 'empreintes recalculées')}), "
              f"{pluriel(report.written, 'fichier écrit ou supprimé', 'fichiers écrits ou supprimés')}{index}.")
    if report.pdfs_made or report.pdfs_reused:
        print(f"PDF des lettres : {pluriel(report.pdfs_made, 'composé', 'composés')}, "
              f"{pluriel(report.pdfs_reused, 'inchangé repris du cache', 'inchangés repris du cache')}.")
    print_notices(report.scheduled)


def print_stages(report: BuildReport) -> None:
    """--profil: 'lecture 0,41 s · assemblage 0,52 s · …', then the total."""
    laps = " · ".join(f"{stage} {nombre(seconds, 2)} s" for stage, seconds in report.stages)
    print(f"Temps par étape : {laps} ; total {nombre(sum(seconds for _, seconds in report.stages), 2)} s.")


def print_notices(notices: tuple[str, ...]) -> None:
    """Lettres held back until their day: not an error, but the editor must know they are not online."""
    if notices:
        print("\n".join(notices))


def show_progress(message: str) -> None:
    print(f"… {message}", file=sys.stderr, flush=True)
