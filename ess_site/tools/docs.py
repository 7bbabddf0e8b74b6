"""The field reference of CONTRIBUTING.md, generated from schema.py (the validator's own
tables), so the editors' guide can never drift from what `check` accepts.

Run `python -m ess_site.tools.docs` after changing schema.py; tests/test_docs.py fails until then.
"""

import re

from ..config import ROOT
from ..content.schema import (
    ACCESSIBILITE_FIELDS,
    ACTOR_FIELDS,
    COMMUNE_FIELDS,
    EDITEUR_FIELDS,
    HEBERGEUR_FIELDS,
    LETTRE_FIELDS,
    REFERENCES_FIELDS,
    SECTEURS,
    STATUTS,
    TERRITORY_FIELDS,
    TRANCHES_EFFECTIF,
    VOCABULARIES,
    Field,
)

START, END = "<!-- champs:début (généré par python -m ess_site.tools.docs, ne pas modifier à la main) -->", "<!-- champs:fin -->"
GUIDE = ROOT / "CONTRIBUTING.md"


def required_cell(field: Field) -> str:
    return "oui" if field.required else field.required_if or "non"


def field_table(fields: dict[str, Field]) -> list[str]:
    rows = ["| champ | obligatoire | à écrire |", "|---|---|---|"]
    rows += [f"| `{f.key}` | {required_cell(f)} | {f.doc} |" for f in fields.values()]
    return rows


# The blocks nested in territoire.yaml, each with the sentence that introduces its table.
BLOCKS = (
    ("Chaque commune de `communes` :", COMMUNE_FIELDS),
    ("Le bloc `references` :", REFERENCES_FIELDS),
    ("Le bloc `editeur` :", EDITEUR_FIELDS),
    ("Le bloc `hebergeur` :", HEBERGEUR_FIELDS),
    ("Le bloc `accessibilite` :", ACCESSIBILITE_FIELDS),
)


def block_tables() -> list[str]:
    rows: list[str] = []
    for title, fields in BLOCKS:
        rows += ["", title, "", *field_table(fields)] if rows else [title, "", *field_table(fields)]
    return rows


def vocabulary_tables() -> list[str]:
    """data·inclusion's codes, as its package (data-inclusion-schema) gives them."""
    rows: list[str] = []
    for key, vocabulary in VOCABULARIES.items():
        rows += [f"Codes de `{key}` (référentiel data·inclusion) :", "", "| code | affiché sur le site |", "|---|---|",
                 *(f"| `{code}` | {label} |" for code, label in vocabulary.items()), ""]
    return rows


def fields_reference() -> str:
    lines = ["### Fiche d'un acteur (`content/actors/<nom-du-fichier>.md`)", "", *field_table(ACTOR_FIELDS), "",
             "Valeurs de `statut` :", "", "| valeur | affiché sur le site |", "|---|---|",
             *(f"| `{s.key}` | {s.label} |" for s in STATUTS.values()), "",
             "Valeurs de `secteur` :", "", "| valeur | affiché sur le site |", "|---|---|",
             *(f"| `{key}` | {label} |" for key, label in SECTEURS.items()), "",
             "Codes de `tranche_effectif` (Insee) :", "", "| code | signification |", "|---|---|",
             *(f'| `"{code}"` | {label} |' for code, (label, _, _) in TRANCHES_EFFECTIF.items()), "",
             *vocabulary_tables(),
             "### Numéro de la lettre (`content/lettres/<nom-du-fichier>.md`)", "", *field_table(LETTRE_FIELDS), "",
             "### Territoire (`content/territoire.yaml`)", "", *field_table(TERRITORY_FIELDS), "",
             *block_tables()]
    return "\n".join(lines)


def with_reference(guide: str) -> str:
    """The guide with its generated section replaced by the current reference."""
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), flags=re.S)
    return pattern.sub(lambda _: f"{START}\n\n{fields_reference()}\n\n{END}", guide)


if __name__ == "__main__":
    GUIDE.write_text(with_reference(GUIDE.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"{GUIDE.name} : référence des champs régénérée depuis schema.py")
