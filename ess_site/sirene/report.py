"""What an import did, in French: a few lines for the terminal and a Markdown file the editor
pastes into the pull request."""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..formats import date_longue, nombre, pluriel
from .merge import ImportPlan

MISSING = ("Ces fiches de l'annuaire n'ont été trouvées dans le fichier importé ni par leur siret, ni par leur nom et leur "
           "commune : ce sont le plus souvent des fiches écrites à la main (une structure sans siret, un siret d'une autre "
           "commune, un nom écrit autrement qu'au registre). L'import ne les a pas modifiées et elles restent publiées. "
           "**Ne les supprimez pas** : une fiche ne quitte l'annuaire que si la structure a cessé son activité ; vérifiez "
           "seulement, pour celles qui ont un siret, qu'il est juste.")


@dataclass(frozen=True)
class ImportReport:
    rows_read: int  # rows of the establishments file
    selected: int  # active ESS establishments of the territory
    stock_date: date
    plan: ImportPlan = field(default_factory=ImportPlan)
    leftovers: tuple[Path, ...] = ()  # what an earlier, killed import had left, removed first

    def counts(self) -> list[tuple[int, str, str]]:
        """(count, singular, plural) of each line of the report."""
        plan = self.plan
        return [
            (self.rows_read, "établissement lu dans le fichier", "établissements lus dans le fichier"),
            (self.selected, "établissement de l'ESS actif sur le territoire", "établissements de l'ESS actifs sur le territoire"),
            (len(plan.new), "nouvel acteur (un fichier)", "nouveaux acteurs (un fichier chacun)"),
            (len(plan.completed), "acteur complété (champs absents ajoutés)", "acteurs complétés (champs absents ajoutés)"),
            (len(plan.updated), "acteur mis à jour (--mettre-a-jour)", "acteurs mis à jour (--mettre-a-jour)"),
            (len(plan.differences), "acteur dont le registre dit autre chose", "acteurs dont le registre dit autre chose"),
            (len(plan.closed), "acteur fermé au registre", "acteurs fermés au registre"),
            (len(plan.missing), "acteur de l'annuaire absent du registre", "acteurs de l'annuaire absents du registre"),
        ]

    def terminal(self) -> str:
        lines = [f"Import Sirene (données du {date_longue(self.stock_date)}) :"]
        lines += [f"  {pluriel(count, singular, plural)}" for count, singular, plural in self.counts()]
        if self.leftovers:
            lines.append(f"  reste d'un import interrompu retiré : {', '.join(str(path) for path in self.leftovers)}")
        return "\n".join(lines)

    def markdown(self, content: Path) -> str:
        plan = self.plan
        lines = [f"# Import du répertoire Sirene (données du {date_longue(self.stock_date)})", "",
                 "| | nombre |", "|---|---|", *(f"| {plural} | {nombre(count, 0)} |" for count, _, plural in self.counts())]

        def section(title: str, items: list[str], explanation: str = "") -> None:
            if items:
                lines.extend(["", f"## {title}", "", *([explanation, ""] if explanation else []), *(f"- {item}" for item in items)])

        name = lambda path: f"`{path.relative_to(content).as_posix()}`"  # noqa: E731
        section("Nouveaux acteurs", [name(path) for path in plan.new])
        section("Champs ajoutés", [f"{name(path)} : {', '.join(keys)}" for path, keys in plan.completed.items()])
        section("Champs mis à jour", [f"{name(path)} : {', '.join(keys)}" for path, keys in plan.updated.items()])
        section("Différences avec le registre (rien n'a été changé)", [f"{name(path)} : {' ; '.join(notes)}" for path, notes in plan.differences.items()])
        section("Absents du registre", [name(path) for path in plan.missing], MISSING)
        return "\n".join(lines) + "\n"
