"""The web form for editors without git: Decap CMS's config.yml, built from the content contract.

The actor and lettre forms list the fields of schema.py in the same order, with their French
labels and descriptions, the same required flags and the same allowed values (statuts, secteurs,
tranches d'effectif, the territory's communes and thematiques), so the form cannot drift from
what the build accepts.
Every rule of the build that concerns one field holds in the form: a pattern (rules.py), a
number's bounds, a select, or, for the SIRET's key, a small widget of ours (assets/admin-widgets.js).
Rules across fields (a postal code of the chosen commune, both coordinates or none) are said in the
field's hint. The build still validates every file Decap writes; the form only catches mistakes earlier.
"""

from datetime import date

import yaml

from .. import urls
from ..content import rules
from ..content.model import Territory
from ..content.schema import (
    ACTOR_FIELDS,
    FRAIS,
    LATITUDE_RANGE,
    LETTRE_FIELDS,
    LONGITUDE_RANGE,
    MAX_LETTRE_NUMERO,
    MAX_SUMMARY_LENGTH,
    MAX_TEXT_LENGTH,
    MODES_ACCUEIL,
    OLDEST_CREATION_YEAR,
    PUBLICS,
    SECTEURS,
    STATUTS,
    THEMATIQUES_INCLUSION,
    TRANCHES_EFFECTIF,
    Field,
)

# The build's own rules (content/rules.py) as Decap's patterns: a JavaScript regular expression
# and the message shown under the field. An empty optional field is never checked.
RULES = {"code_postal": rules.POSTAL_CODE, "siret": rules.SIRET, "email": rules.EMAIL, "site_web": rules.URL,
         "telephone": rules.TELEPHONE, "accessibilite_lieu": rules.ACCESLIBRE}
PATTERNS = {key: [rule.form_pattern, rule.hint] for key, rule in RULES.items()}
# The one-line texts of the build (check.text): at most so many characters, on one line.
ONE_LINE = rules.single_line(MAX_TEXT_LENGTH)
TEXT_LINES = {"nom": ONE_LINE, "sigle": ONE_LINE, "adresse": ONE_LINE, "source": ONE_LINE, "horaires": ONE_LINE,
              "resume": rules.single_line(MAX_SUMMARY_LENGTH)}
LETTRE_TEXT_LINES = {"titre": ONE_LINE, "editeur": ONE_LINE}
# The custom widget (assets/admin-widgets.js) that checks a SIRET's key besides its pattern.
SIRET_WIDGET = {"widget": "siret", "key_hint": rules.SIRET_KEY_HINT}
# Beyond this many communes, the postal code's hint does not list them all.
POSTAL_CODES_LISTED = 30
DATE_WIDGET = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "DD/MM/YYYY", "time_format": False}


def options(choices: dict[str, str]) -> list[dict[str, str]]:
    """Select options: the French label shown, the key written to the file."""
    return [{"label": label, "value": key} for key, label in choices.items()]


MAX_COMMUNE_OPTIONS = 2000  # a département's communes fit a select; a région's are typed


def commune_widget(territory: Territory) -> dict:
    """A select of the communes in French order (a code where two share a name), or, past a
    département's size, a text field the build checks."""
    communes = sorted(territory.communes, key=lambda c: c.key)
    if len(communes) > MAX_COMMUNE_OPTIONS:
        return {"widget": "string", "hint": "nom officiel de la commune, ou son code INSEE si plusieurs communes portent ce nom"}
    shared = {c.nom for c in communes if len(territory.communes_named(c.nom)) > 1}
    return {"widget": "select", "options": [{"label": f"{c.nom} ({c.departement})", "value": c.insee} if c.nom in shared else c.nom
                                            for c in communes]}


def one_line(rule: rules.Rule) -> dict:
    return {"widget": "string", "pattern": [rule.form_pattern, rule.hint]}


def actor_widgets(territory: Territory, build_day: date) -> dict[str, dict]:
    """The widget of every actor field (string when not listed)."""
    number = lambda kind, **limits: {"widget": "number", "value_type": kind, **limits}  # noqa: E731
    return {
        "statut": {"widget": "select", "options": options({key: s.label for key, s in STATUTS.items()})},
        "secteur": {"widget": "select", "options": options(SECTEURS)},
        "commune": commune_widget(territory),
        "tranche_effectif": {"widget": "select",
                             "options": options({code: f"{code} : {label}" for code, (label, _, _) in TRANCHES_EFFECTIF.items()})},
        "lat": number("float", min=LATITUDE_RANGE[0], max=LATITUDE_RANGE[1]),
        "lon": number("float", min=LONGITUDE_RANGE[0], max=LONGITUDE_RANGE[1]),
        "creation": number("int", min=OLDEST_CREATION_YEAR, max=build_day.year),
        "effectif": number("int", min=0),
        "etp": number("float", min=0),
        "masse_salariale": number("float", min=0),
        "thematiques": {"widget": "select", "multiple": True, "options": [t.label for t in territory.thematiques]},
        "labels": {"widget": "list"},
        "brouillon": {"widget": "boolean", "default": False},
        "date_source": DATE_WIDGET,
        # data·inclusion's vocabularies: the French label shown, the code written to the file.
        "publics": {"widget": "select", "multiple": True, "options": options(PUBLICS)},
        "modes_accueil": {"widget": "select", "multiple": True, "options": options(MODES_ACCUEIL)},
        "frais": {"widget": "select", "options": options(FRAIS)},
        "thematiques_inclusion": {"widget": "select", "multiple": True, "options": options(THEMATIQUES_INCLUSION)},
        "benevoles": {"widget": "boolean", "default": False},
        "verifie_le": DATE_WIDGET,
        **{key: one_line(rule) for key, rule in TEXT_LINES.items()},
        **{key: {"widget": "string", "pattern": pattern} for key, pattern in PATTERNS.items()},
        "siret": {**SIRET_WIDGET, "pattern": PATTERNS["siret"]},
    }


def actor_hints(territory: Territory, build_day: date) -> dict[str, str]:
    """The hints that depend on the territory or the day; the others are the contract's (schema.py)."""
    codes = "" if len(territory.communes) > POSTAL_CODES_LISTED else " : " + " ; ".join(
        f"{c.nom} {' ou '.join(c.codes_postaux)}" for c in sorted(territory.communes, key=lambda c: c.key))
    return {"code_postal": f"5 chiffres, l'un des codes postaux de la commune choisie ci-dessus{codes}",
            "creation": f"année de création, à 4 chiffres, de {OLDEST_CREATION_YEAR} à {build_day.year}"}


def field(spec: Field, widget: dict | None = None, hint: str | None = None) -> dict:
    """One form field: the contract's key as name, its French label, its hint (Decap adds
    « (optionnel) » to the label of an optional field).
    An empty optional number is written as "" (or left out), which the build reads as absent."""
    return {"name": spec.key, "label": spec.label, "hint": hint or spec.hint, "required": spec.required,
            **(widget or {"widget": "string"})}


def lettre_widgets() -> dict[str, dict]:
    return {
        "numero": {"widget": "number", "value_type": "int", "min": 1, "max": MAX_LETTRE_NUMERO},
        **{key: one_line(rule) for key, rule in LETTRE_TEXT_LINES.items()},
        "date": DATE_WIDGET,
        "resume": {"widget": "text"},
    }


def decap_config(territory: Territory, build_day: date) -> dict:
    """Decap CMS's configuration for this territory's content/ on the build day (a pure function of
    the contract: the founding year's upper bound is the build's year)."""
    widgets = actor_widgets(territory, build_day)
    hints = actor_hints(territory, build_day)
    lettre = lettre_widgets()
    config = {
        # Netlify Identity + Git Gateway: editors log in with an e-mail address, without a GitHub
        # account (both must be enabled on the Netlify site). To log in with GitHub accounts
        # instead, use {"name": "github", "repo": "organisation/depot", "branch": "main"}.
        "backend": {"name": "git-gateway", "branch": "main"},
        # Every save opens a pull request; the site changes only once it is merged (and built).
        "publish_mode": "editorial_workflow",
        "locale": "fr",
        "logo_url": urls.asset("favicon.svg"),  # the site's mark on the login screen, not Decap's
        "media_folder": "assets/uploads",
        "public_folder": "/assets/uploads",
        # File names made from a new actor's name: lower-case ASCII without accents, as urls.is_slug wants.
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
    }
    if territory.url_site:
        config |= {"site_url": territory.url_site, "display_url": territory.url_site}
    config["collections"] = [
        {
            "name": "acteurs",
            "label": "Acteurs",
            "label_singular": "Acteur",
            "folder": "content/actors",
            "create": True,
            "extension": "md",
            "format": "frontmatter",
            "slug": "{{slug}}",
            "identifier_field": "nom",
            "summary": "{{nom}} ({{commune}})",
            "fields": [field(spec, widgets.get(key), hints.get(key)) for key, spec in ACTOR_FIELDS.items()]
                      + [{"name": "body", "label": "Présentation", "widget": "markdown", "required": False}],
        },
        {
            "name": "lettres",
            "label": "Lettres",
            "label_singular": "Lettre",
            "folder": "content/lettres",
            "create": True,
            "extension": "md",
            "format": "frontmatter",
            "slug": "lettre-{{numero}}",
            "identifier_field": "titre",
            "summary": "N°{{numero}} : {{titre}}",
            "fields": [field(spec, lettre.get(key)) for key, spec in LETTRE_FIELDS.items()]
                      + [{"name": "body", "label": "Texte", "widget": "markdown"}],
        },
    ]
    return config


def decap_config_yaml(territory: Territory, build_day: date) -> str:
    return yaml.safe_dump(decap_config(territory, build_day), allow_unicode=True, sort_keys=False)
