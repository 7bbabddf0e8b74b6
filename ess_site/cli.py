"""Command line: arguments, printing problems in French, exit codes.

Exit 0: everything valid (and built); 1: the content has mistakes (output/ untouched);
2: the generator itself failed (a bug: the message says so, the traceback only with --debug);
3: a tool is missing: WeasyPrint, Pagefind or Leaflet (the message says what to install).
"""

import argparse
import functools
import http.server
import sys
import traceback
from pathlib import Path

from .pipeline import BuildReport, Config, build, check
from .problems import ContentErrors, MissingTool


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="build.py", description="Construit le site de l'ESS à partir du dossier content/.")
    parser.add_argument("command", nargs="?", default="build", choices=("build", "check", "serve"),
                        help="build : construire (par défaut) ; check : vérifier seulement ; serve : construire puis afficher en local")
    parser.add_argument("--content", type=Path, default=Path("content"), help="dossier du contenu (content/ par défaut)")
    parser.add_argument("--output", type=Path, default=Path("output"), help="dossier du site construit (output/ par défaut)")
    parser.add_argument("--sans-pdf", dest="pdf", action="store_false",
                        help="ne pas produire les PDF des lettres (quand WeasyPrint n'est pas installable)")
    parser.add_argument("--sans-recherche", dest="search", action="store_false",
                        help="ne pas construire l'index de recherche (la page de recherche le dira)")
    parser.add_argument("--port", type=int, default=8000, help="port du serveur local de « serve » (8000 par défaut)")
    parser.add_argument("--debug", action="store_true", help="afficher la trace Python d'une erreur interne")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_arguments(argv)
    config = Config(content=args.content, output=args.output, pdf=args.pdf, search=args.search)
    try:
        if args.command == "check":
            site = check(config)
            print(f"Contenu valide : {len(site.actors)} acteurs publiés.")
            return 0
        report = build(config)
    except ContentErrors as errors:
        return print_problems(errors)
    except MissingTool as error:
        print(f"{error}\nLe site n'a pas été modifié.", file=sys.stderr)
        return 3
    except Exception as error:  # a bug of ours, not the editor's mistake
        if args.debug:
            traceback.print_exc()
        print(f"Erreur interne du générateur ({type(error).__name__} : {error}).\n"
              "Le site n'a pas été modifié. Signalez-la à l'équipe technique (relancez avec --debug pour le détail).", file=sys.stderr)
        return 2
    print_report(report, config.output)
    if args.command == "serve":
        serve(config.output, args.port)
    return 0


def print_problems(errors: ContentErrors) -> int:
    for problem in errors.problems:
        print(problem, file=sys.stderr)
    count = len(errors.problems)
    noun = "problème trouvé" if count == 1 else "problèmes trouvés"
    print(f"\n{count} {noun} : corrigez-les puis relancez. Le site n'a pas été modifié.", file=sys.stderr)
    return 1


def print_report(report: BuildReport, output: Path) -> None:
    print(f"Site construit dans {output}/ : {report.pages} pages, {report.actors} acteurs publiés, {report.lettres} lettres.")
    if report.pdfs_made or report.pdfs_reused:
        print(f"PDF des lettres : {report.pdfs_made} composés, {report.pdfs_reused} inchangés repris du cache.")


def serve(output: Path, port: int) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(output))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"Aperçu : http://localhost:{port}/ (Ctrl+C pour arrêter)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("\nAperçu arrêté.")
