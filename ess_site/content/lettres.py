"""Validate stage, lettres: content/lettres/*.md -> Lettre, and the checks across files
(unique numbers, cited actors that exist and are published)."""


from ..compute.figure_catalog import FIGURES
from ..problems import Problem
from ..tools.scaffold import placeholders_in
from .checks import FieldChecker, closest
from .citations import find_citations, find_figures, find_raw_html
from .frontmatter import Document
from .model import Actor, Lettre
from .schema import LETTRE_FIELDS, MAX_LETTRE_NUMERO


def validate_lettres(docs: list[Document], actors: dict[str, Actor | None], problems: list[Problem]) -> list[Lettre]:
    """`actors` maps every actor file's slug to its Actor (None when that file is invalid)."""
    lettres = [lettre for doc in docs if (lettre := validate_lettre(doc, actors, problems))]
    check_unique_numbers(docs, problems)
    return lettres


def validate_lettre(doc: Document, actors: dict[str, Actor | None], problems: list[Problem]) -> Lettre | None:
    check = FieldChecker(doc.fields, doc.path, problems)
    check.no_unknown_keys(LETTRE_FIELDS)
    numero = check.integer("numero", minimum=1, required=True, maximum=MAX_LETTRE_NUMERO)
    titre = check.text("titre", required=True)
    day = check.date("date", required=True)
    resume = check.text("resume", multiline=True)
    editeur = check.text("editeur")
    model_lines = set()
    for line, placeholder in placeholders_in(doc.body, doc.body_line):
        model_lines.add(line)
        check.report(line, placeholder.problem)
    flagged: set[int] = set()  # one message per line is enough
    for tag, line in find_raw_html(doc.body, doc.body_line):
        if line not in flagged:
            flagged.add(line)
            check.report(line, f"HTML brut « {tag[:40]} » interdit dans une lettre ; écrivez en Markdown")
    cited = check_citations(check, doc, actors, model_lines)
    check_figures(check, doc)
    if check.failed:
        return None
    return Lettre(numero=numero, titre=titre, date=day, path=doc.path, body=doc.body.strip(),
                  resume=resume, editeur=editeur, cited=cited)


def check_citations(check: FieldChecker, doc: Document, actors: dict[str, Actor | None], model_lines: set[int]) -> tuple[str, ...]:
    """The actors a lettre cites; the model's example citation ([[slug-de-l-acteur]]) is told once, as model text."""
    cited = []
    for slug, line in find_citations(doc.body, doc.body_line):
        if line in model_lines:
            continue
        if slug not in actors:
            guess = closest(slug, actors)
            hint = f" ; voulez-vous dire « {guess} » ?" if guess else " ; le slug est le nom du fichier dans content/actors/, sans .md"
            check.report(line, f"acteur « {slug} » introuvable{hint}")
        elif actors[slug] is not None and actors[slug].brouillon:
            check.report(line, f"l'acteur « {slug} » est en brouillon : sa page n'est pas publiée")
        elif slug not in cited:
            cited.append(slug)
    return tuple(cited)


def check_figures(check: FieldChecker, doc: Document) -> None:
    for name, line in find_figures(doc.body, doc.body_line):
        if name not in FIGURES:
            guess = closest(name, FIGURES)
            hint = f"voulez-vous dire « {guess} » ? " if guess else ""
            check.report(line, f"chiffre « {name} » inconnu ; {hint}chiffres possibles : " + ", ".join(FIGURES))


def check_unique_numbers(docs: list[Document], problems: list[Problem]) -> None:
    """A number taken twice is told on every file that has it, each at its own line, so that a
    pull request's annotation lands on the file the editor touched."""
    owners: dict[int, list[Document]] = {}
    for doc in docs:
        numero = doc.fields.get("numero")
        if isinstance(numero, int) and not isinstance(numero, bool):
            owners.setdefault(numero, []).append(doc)
    for numero, group in owners.items():
        for doc in group if len(group) > 1 else ():
            others = ", ".join(str(other.path) for other in group if other is not doc)
            problems.append(Problem(doc.path, doc.fields.lines["numero"],
                                    f"numero {numero} en double : aussi dans {others} ; chaque lettre a son propre numéro"))
