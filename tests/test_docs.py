"""CONTRIBUTING.md's field reference is the schema's: regenerate it and nothing may change."""

from ess_site.content.schema import ACTOR_FIELDS, LETTRE_FIELDS, SECTEURS, STATUTS
from ess_site.tools.docs import GUIDE, with_reference


def test_contributing_guide_matches_the_schema():
    guide = GUIDE.read_text(encoding="utf-8")
    assert guide == with_reference(guide), "CONTRIBUTING.md a dérivé du schéma : lancez python -m ess_site.tools.docs"


def test_reference_shows_every_field_rule_and_value():
    guide = GUIDE.read_text(encoding="utf-8")
    for field in [*ACTOR_FIELDS.values(), *LETTRE_FIELDS.values()]:
        assert f"| `{field.key}` | {'oui' if field.required else 'non'} | {field.doc} |" in guide
    assert all(f"`{key}`" in guide for key in [*STATUTS, *SECTEURS])
