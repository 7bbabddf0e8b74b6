"""What the BAN import did, in French: a few lines for the terminal and a Markdown file the editor
pastes into the pull request (which actors were placed, which were not and why)."""

from dataclasses import dataclass
from pathlib import Path

from ..formats import nombre, pluriel
from .match import ALREADY, NO_ADDRESS, PLACED, UNMATCHED, Outcome

LINES = (  # status -> (singular, plural) of its line in the report
    (PLACED, "acteur placé sur la carte (lat et lon ajoutés)", "acteurs placés sur la carte (lat et lon ajoutés)"),
    (UNMATCHED, "acteur dont l'adresse n'a pas été trouvée", "acteurs dont l'adresse n'a pas été trouvée"),
    (NO_ADDRESS, "acteur sans adresse (placé au centre de sa commune)", "acteurs sans adresse (placés au centre de leur commune)"),
    (ALREADY, "acteur déjà placé (coordonnées gardées telles quelles)", "acteurs déjà placés (coordonnées gardées telles quelles)"),
)
SHOWN = 10  # unplaced actors named in the terminal; the Markdown report names them all
UNMATCHED_HELP = ("Ces fiches gardent leur place au centre de leur commune. Corrigez l'adresse (numéro, nom de la voie "
                  "tel que l'écrit la BAN) puis relancez l'import, ou indiquez vous-même `lat` et `lon`.")


@dataclass(frozen=True)
class BanReport:
    source: Path
    rows_read: int
    outcomes: tuple[Outcome, ...]
    leftovers: tuple[Path, ...] = ()  # what an earlier, killed import had left, removed first

    def of(self, status: str) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.status == status]

    def terminal(self) -> str:
        lines = [f"Import des adresses de la BAN ({self.source.name}, {pluriel(self.rows_read, 'adresse lue', 'adresses lues')}) :"]
        lines += [f"  {pluriel(len(self.of(status)), singular, plural)}" for status, singular, plural in LINES]
        unmatched = self.of(UNMATCHED)
        lines += [f"  non trouvé : {o.actor.path.name} : {o.reason}" for o in unmatched[:SHOWN]]
        if len(unmatched) > SHOWN:
            lines.append(f"  … et {nombre(len(unmatched) - SHOWN, 0)} autres : voir le rapport détaillé")
        if self.leftovers:
            lines.append(f"  reste d'un import interrompu retiré : {', '.join(str(path) for path in self.leftovers)}")
        return "\n".join(lines)

    def markdown(self, content: Path) -> str:
        name = lambda actor: f"`{actor.path.relative_to(content).as_posix()}`"  # noqa: E731
        lines = [f"# Import des adresses de la Base Adresse Nationale ({self.source.name})", "",
                 f"{pluriel(self.rows_read, 'adresse lue', 'adresses lues')} dans le fichier.", "",
                 "| | nombre |", "|---|---|", *(f"| {plural} | {nombre(len(self.of(status)), 0)} |" for status, _, plural in LINES)]

        def section(title: str, items: list[str], explanation: str = "") -> None:
            if items:
                lines.extend(["", f"## {title}", "", *([explanation, ""] if explanation else []), *(f"- {item}" for item in items)])

        section("Placés sur la carte", [f"{name(o.actor)} : {o.actor.adresse} ({o.point.lat}, {o.point.lon})" for o in self.of(PLACED)])
        section("Adresses non trouvées", [f"{name(o.actor)} : {o.reason}" for o in self.of(UNMATCHED)], UNMATCHED_HELP)
        section("Sans adresse", [name(o.actor) for o in self.of(NO_ADDRESS)])
        return "\n".join(lines) + "\n"
