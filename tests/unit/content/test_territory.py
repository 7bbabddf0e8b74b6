"""Rules of content/territoire.yaml, each with its exact message and line."""

from tests.conftest import problems_of


def edit_territory(content, old: str, new: str) -> list[str]:
    path = content / "territoire.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return [p for p in problems_of(content) if p.startswith("territoire.yaml:")]


def line_of(content, needle: str) -> int:
    lines = (content / "territoire.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_fixture_territory_is_valid(content):
    assert problems_of(content) == []


def test_missing_territory_file(content):
    (content / "territoire.yaml").unlink()
    assert problems_of(content) == ["territoire.yaml:1: fichier manquant : il décrit le territoire et ses communes"]


def test_unknown_key_in_territory(content):
    line = line_of(content, "sigle: CCE")
    assert edit_territory(content, "sigle: CCE", "sigle: CCE\nsuperficie: 12") == [
        f"territoire.yaml:{line + 1}: champ « superficie » inconnu ; voulez-vous dire « superficie_km2 » ?"
    ]


def test_commune_needs_a_quoted_insee_code(content):
    line = line_of(content, '"62724"')
    assert edit_territory(content, 'insee: "62724"', "insee: 627") == [
        f"territoire.yaml:{line}: insee : « 627 » n'est pas un code INSEE (5 caractères, entre guillemets)"
    ]


def test_commune_population_must_be_an_integer(content):
    line = line_of(content, "population: 8552")
    assert edit_territory(content, "population: 8552", "population: beaucoup") == [
        f"territoire.yaml:{line}: population : « beaucoup » n'est pas un nombre entier (chiffres seuls, sans guillemets ni espace)"
    ]


def test_duplicate_commune(content):
    line = line_of(content, "Drocourt")
    problems = edit_territory(content, '{insee: "62277", nom: Drocourt', '{insee: "62724", nom: Rouvroy')
    assert f"territoire.yaml:{line}: commune « Rouvroy » en double (déjà ligne {line - 1})" in problems


def test_unknown_key_inside_a_commune(content):
    line = line_of(content, "Drocourt")
    assert edit_territory(content, "nom: Drocourt,", "nom: Drocourt, habitants: 3,") == [
        f"territoire.yaml:{line}: champ « habitants » inconnu ; champs possibles : insee, nom, codes_postaux, population, lat, lon"
    ]


def test_references_need_their_source(content):
    line = line_of(content, "source:")
    assert edit_territory(content, '  source: "Insee, Flores 2021"\n', "") == [
        f"territoire.yaml:{line - 1}: le champ obligatoire « source » manque"  # the block's first line
    ]


def test_accessibility_state_is_one_of_three(content):
    line = line_of(content, "etat:")
    assert edit_territory(content, "etat: non conforme", "etat: conforme") == [
        f"territoire.yaml:{line}: etat « conforme » inconnu ; voulez-vous dire « non conforme » ? "
        "valeurs possibles : non conforme, partiellement conforme, totalement conforme"
    ]


def test_legal_blocks_are_required(content):
    start = line_of(content, "hebergeur:")
    problems = edit_territory(content, "hebergeur:\n  nom: Hébergeur d'essai\n  site_web: https://hebergeur.example.net\n", "")
    assert problems == [
        "territoire.yaml:2: le bloc « hebergeur » manque : il sert aux pages obligatoires (mentions légales, accessibilité)"
    ]
    assert start > 2


def test_edit_url_must_be_a_web_address(content):
    line = line_of(content, "url_edition")
    assert edit_territory(content, "url_edition: https://", "url_edition: forge:") == [
        f"territoire.yaml:{line}: url_edition : « forge:forge.example.org/essai/site/edit/main/content/ » n'est pas une adresse web ; elle doit commencer par https:// (ou http://)"
    ]


def test_duplicate_theme(content):
    line = line_of(content, "- Mobilité inclusive")
    assert edit_territory(content, "  - Mobilité inclusive\n", "  - Mobilité inclusive\n  - Mobilite Inclusive\n") == [
        f"territoire.yaml:{line + 1}: thématique « Mobilite Inclusive » en double (déjà ligne {line})"
    ]


def test_invalid_territory_still_reports_actor_mistakes(content):
    (content / "actors" / "a.md").write_text("---\nnom: A\nstatut: asso\nsecteur: sante\ncommune: Rouvroy\n---\n", encoding="utf-8")
    problems = edit_territory(content, "sigle: CCE", "sigle:")
    assert problems == ["territoire.yaml:3: le champ obligatoire « sigle » est vide"]
    assert any(p.startswith("actors/a.md:3: statut « asso » inconnu") for p in problems_of(content))


def test_a_quoted_declaration_date_is_a_date_and_a_wrong_day_says_so(content):
    assert edit_territory(content, "date_declaration: 2026-11-01", 'date_declaration: "2026-01-15"') == []
    line = line_of(content, "date_declaration")
    assert edit_territory(content, 'date_declaration: "2026-01-15"', 'date_declaration: "2026-02-30"') == [
        f"territoire.yaml:{line}: date_declaration : « 2026-02-30 » : ce jour n'existe pas"]


def test_the_publisher_must_be_reachable_in_writing(content):
    line = line_of(content, "adresse: 1 place")
    problems = edit_territory(content, "  email: contact@essai.example.fr\n", "")
    assert problems == []  # the postal address is enough
    assert edit_territory(content, "adresse: 1 place de l'Essai, 62110 Hénin-Beaumont", "adresse: Hénin-Beaumont (Pas-de-Calais)") == [
        f"territoire.yaml:{line}: editeur : les pages légales doivent dire comment écrire à l'éditeur : donnez son « email » "
        "ou son « adresse » postale complète, avec le code postal"
    ]


def test_the_publishers_article_is_one_of_the_french_ones(content):
    line = line_of(content, "  nom: Communauté de communes d'Essai") + 1
    assert edit_territory(content, "  nom: Communauté de communes d'Essai\n", "  nom: Communauté de communes d'Essai\n  article: du\n") == [
        f"territoire.yaml:{line}: article « du » inconnu ; valeurs possibles : la, le, l', les, aucun"
    ]


CONTEXT = """  etablissements_total: 2613
  contexte:
    - libelle: de la population âgée de 15 à 64 ans se déclare au chômage
      valeur: 18
      unite: "%"
      source: Insee, recensement de la population
      millesime: 2020
    - libelle: de masse salariale de l'ESS
      valeur: 91300000
      unite: "€"
      part: 7.7
      part_de: de la masse salariale du Pas-de-Calais
      source: Insee, Flores 2021
      millesime: 2021
"""


def test_references_carry_sourced_context_figures(content):
    from ess_site.config import Config
    from ess_site.pipeline import check
    from tests.conftest import TODAY

    assert edit_territory(content, "  etablissements_total: 2613\n", CONTEXT) == []
    site = check(Config(content=content, output=content.parent / "output", build_day=TODAY))
    unemployment, payroll = site.territory.references.contexte
    assert (unemployment.valeur, unemployment.unite, unemployment.cited) == (18, "%", "Insee, recensement de la population (2020)")
    assert (payroll.part, payroll.part_de, payroll.total) == (7.7, "de la masse salariale du Pas-de-Calais", None)


def test_every_mistake_in_context_figures_is_said_at_its_line(content):
    wrong = CONTEXT.replace("      valeur: 18\n", "      valeur: dix-huit\n").replace(
        "      part: 7.7\n", "      part: 7.7\n      total: 1000000000\n") + """    - libelle: des habitants
      valeur: 126895
      part: 8.7
      millesime: 2020
      pourcentage: 3
    - libelle: de la population
      valeur: 8.7
      unite: "%"
      total: 50
      part_de: du département
      source: Insee
      millesime: 2020
    - 18
"""
    problems = edit_territory(content, "  etablissements_total: 2613\n", wrong)
    line = line_of(content, "valeur: dix-huit")
    assert problems == [
        f"territoire.yaml:{line}: valeur : « dix-huit » n'est pas un nombre (chiffres et point décimal : 62.5)",
        f"territoire.yaml:{line_of(content, 'part: 7.7')}: contexte : la part 7,7\u00a0% ne correspond pas à valeur / total (9,1\u00a0%) ; "
        "corrigez l'un des trois ou retirez « part »",
        f"territoire.yaml:{line_of(content, 'libelle: des habitants')}: le champ obligatoire « source » manque",
        f"territoire.yaml:{line_of(content, 'pourcentage')}: champ « pourcentage » inconnu ; champs possibles : "
        "libelle, valeur, unite, source, millesime, total, part, part_de",
        f"territoire.yaml:{line_of(content, 'total: 50')}: contexte : une valeur en % n'a ni « total » ni « part » ; "
        "donnez la part elle-même comme valeur",
        f"territoire.yaml:{line_of(content, '- 18')}: contexte : chaque chiffre est un bloc {{libelle, valeur, source, millesime}}",
    ]
