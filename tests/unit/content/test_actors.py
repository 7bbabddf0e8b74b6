"""Each validation rule of content/actors/*.md: the exact French message, at the right line."""

import pytest

BASE = "nom: Essai\nstatut: association\nsecteur: sante\ncommune: Rouvroy\n"  # lines 2 to 5


def test_a_valid_actor_has_no_problem(actor_problems):
    assert actor_problems(BASE) == []


def test_unknown_statut_lists_the_allowed_values(actor_problems):
    assert actor_problems(BASE.replace("statut: association", "statut: xyz")) == [
        "actors/essai.md:3: statut « xyz » inconnu ; valeurs possibles : association, cooperative, mutuelle, fondation, societe-ess"
    ]


def test_abbreviated_statut_gets_the_full_value_suggested(actor_problems):
    assert actor_problems(BASE.replace("statut: association", "statut: asso")) == [
        "actors/essai.md:3: statut « asso » inconnu ; voulez-vous dire « association » ? "
        "valeurs possibles : association, cooperative, mutuelle, fondation, societe-ess"
    ]


def test_close_statut_gets_a_suggestion(actor_problems):
    assert actor_problems(BASE.replace("statut: association", "statut: cooperativ")) == [
        "actors/essai.md:3: statut « cooperativ » inconnu ; voulez-vous dire « cooperative » ? "
        "valeurs possibles : association, cooperative, mutuelle, fondation, societe-ess"
    ]


def test_unknown_secteur(actor_problems):
    [message] = actor_problems(BASE.replace("secteur: sante", "secteur: social"))
    assert message.startswith(
        "actors/essai.md:4: secteur « social » inconnu ; voulez-vous dire « action-sociale » ? valeurs possibles : action-sociale, sante,"
    )


@pytest.mark.parametrize("missing", ["nom", "statut", "secteur", "commune"])
def test_required_field_missing(actor_problems, missing):
    front = "\n".join(line for line in BASE.splitlines() if not line.startswith(missing + ":"))
    assert actor_problems(front) == [f"actors/essai.md:2: le champ obligatoire « {missing} » manque"]


def test_required_field_empty(actor_problems):
    assert actor_problems(BASE.replace("nom: Essai", "nom:")) == ["actors/essai.md:2: le champ obligatoire « nom » est vide"]


def test_unknown_key_suggests_the_closest(actor_problems):
    assert actor_problems(BASE + "efectif: 3\n") == ["actors/essai.md:6: champ « efectif » inconnu ; voulez-vous dire « effectif » ?"]


def test_unknown_key_without_close_match_lists_fields(actor_problems):
    [message] = actor_problems(BASE + "couleur: vert\n")
    assert message.startswith("actors/essai.md:6: champ « couleur » inconnu ; champs possibles : nom, statut, secteur, commune,")


def test_commune_by_insee_code_or_unaccented_name(actor_problems):
    assert actor_problems(BASE.replace("commune: Rouvroy", 'commune: "62427"')) == []
    assert actor_problems(BASE.replace("commune: Rouvroy", "commune: henin-beaumont")) == []
    assert actor_problems(BASE.replace("commune: Rouvroy", "commune: 62427")) == []


def test_unknown_commune_suggests_a_close_name(actor_problems):
    assert actor_problems(BASE.replace("commune: Rouvroy", "commune: Rouvroi")) == [
        "actors/essai.md:5: commune « Rouvroi » inconnue sur ce territoire ; voulez-vous dire « Rouvroy » ? "
        "communes : Drocourt, Hénin-Beaumont, Rouvroy"
    ]


def test_commune_read_as_boolean(actor_problems):
    assert actor_problems(BASE.replace("commune: Rouvroy", "commune: no")) == [
        "actors/essai.md:5: commune : « false » n'est pas un nom de commune ; mettez le nom entre guillemets"
    ]


def test_postal_code_must_belong_to_the_commune(actor_problems):
    assert actor_problems(BASE + 'code_postal: "62110"\n') == [
        "actors/essai.md:6: code_postal : 62110 n'est pas un code postal de Rouvroy (62320)"
    ]
    assert actor_problems(BASE + "code_postal: 62320\n") == []


def test_postal_code_shape(actor_problems):
    assert actor_problems(BASE + 'code_postal: "6232"\n') == [
        "actors/essai.md:6: code_postal : « 6232 » n'est pas un code postal (5 chiffres, entre guillemets)"
    ]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "www.example.org", "ftp://example.org", "https://exa mple.org"])
def test_site_web_must_be_http_or_https(actor_problems, url):
    assert actor_problems(BASE + f'site_web: "{url}"\n') == [
        f"actors/essai.md:6: site_web : « {url} » n'est pas une adresse web ; elle doit commencer par https:// (ou http://)"
    ]


def test_email_shape(actor_problems):
    assert actor_problems(BASE + "email: contact@example\n") == [
        "actors/essai.md:6: email : « contact@example » n'est pas une adresse électronique valide"
    ]
    assert actor_problems(BASE + "email: accueil@ess.example.fr\n") == []


def test_phone_shape(actor_problems):
    assert actor_problems(BASE + 'telephone: "03 21 61"\n') == [
        "actors/essai.md:6: telephone : « 03 21 61 » n'est pas un numéro français (10 chiffres commençant par 0, ou +33 suivi de 9 chiffres)"
    ]
    assert actor_problems(BASE + 'telephone: "+33 3 21 61 49 00"\n') == []


def test_unquoted_phone_keeps_the_digits_typed(actor_problems):
    # 0321614700 is an octal number for YAML 1.1: the reader keeps the digits the editor typed.
    assert actor_problems(BASE + "telephone: 0321614700\n") == []
    assert actor_problems(BASE + "telephone: 33321614700\n") == [
        "actors/essai.md:6: telephone : mettez le numéro entre guillemets (« \"03 21 00 00 00\" »)"
    ]


def test_unquoted_postal_code_with_a_leading_zero_is_quoted_back_as_typed(actor_problems):
    # YAML 1.1 read 01000 as the octal number 512, and the message quoted « 512 ».
    assert actor_problems(BASE + "code_postal: 01000\n") == [
        "actors/essai.md:6: code_postal : 01000 n'est pas un code postal de Rouvroy (62320)"
    ]


@pytest.mark.parametrize("latitude", ["48.3", "50.42"])
def test_position_in_mainland_france(actor_problems, latitude):
    assert actor_problems(BASE + f"lat: {latitude}\nlon: 2.95\n") == []


def test_position_outside_mainland_france(actor_problems):
    assert actor_problems(BASE + "lat: 2.95\nlon: 50.42\n") == [
        "actors/essai.md:6: lat : 2.95 hors des limites (entre 41.3 et 51.1)",
        "actors/essai.md:7: lon : 50.42 hors des limites (entre -5.2 et 9.6)",
    ]


def test_position_must_be_numbers_and_come_in_pairs(actor_problems):
    assert actor_problems(BASE + 'lat: "50,42"\n') == [
        "actors/essai.md:6: lat : « 50,42 » : écrivez 50.42 (un nombre : point décimal, sans guillemets ni espace)",
    ]
    assert actor_problems(BASE + "lat: 50.42\n") == ["actors/essai.md:6: lat donné sans lon : indiquez les deux ou aucun"]


def test_siret_checksum(actor_problems):
    assert actor_problems(BASE + 'siret: "73282932000075"\n') == [
        "actors/essai.md:6: siret : 73282932000075 a une clé de contrôle fausse ; vérifiez chaque chiffre"
    ]
    assert actor_problems(BASE + 'siret: "443 061 841 00047"\n') == []


def test_siret_length(actor_problems):
    assert actor_problems(BASE + 'siret: "7328293200007"\n') == [
        "actors/essai.md:6: siret : « 7328293200007 » n'est pas un numéro SIRET (14 chiffres, entre guillemets)"
    ]


def test_same_siret_in_two_files(actor_problems):
    actor_problems(BASE + 'siret: "73282932000074"\n', name="autre.md")
    problems = actor_problems(BASE + 'siret: "73282932000074"\n')
    assert len(problems) == 1 and problems[0].startswith("actors/essai.md:6: siret 73282932000074 en double : aussi dans ")


def test_creation_year_not_in_the_future(actor_problems):
    assert actor_problems(BASE + "creation: 2027\n") == ["actors/essai.md:6: creation : l'année 2027 est dans le futur"]
    assert actor_problems(BASE + "creation: 2026\n") == []


def test_data_cannot_be_dated_after_the_build_day(actor_problems):
    assert actor_problems(BASE + "date_source: 2031-01-01\n") == [
        "actors/essai.md:6: date_source : le 1er janvier 2031 est après le jour de la construction (22 novembre 2026) ; "
        "donnez la date à laquelle ces données ont été relevées"
    ]
    assert actor_problems(BASE + "date_source: 2026-11-22\n") == []


def test_creation_year_plausible(actor_problems):
    assert actor_problems(BASE + "creation: 1750\n") == [
        "actors/essai.md:6: creation : l'année 1750 est invraisemblable (au plus tôt 1800)"
    ]


@pytest.mark.parametrize("typed, advice", [
    ("95", " ; écrivez-la en entier (1995 ?)"),
    ("08", " ; écrivez-la en entier (2008 ?)"),  # digits only: « sans guillemets » would not help
    ("2023-02-03", " ; écrivez seulement l'année : 2023"),
    ("mil neuf cent", " (par exemple 1998)"),
])
def test_creation_that_is_not_a_4_digit_year_says_so(actor_problems, typed, advice):
    assert actor_problems(BASE + f"creation: {typed}\n") == [f"actors/essai.md:6: creation : « {typed} » n'est pas une année à 4 chiffres{advice}"]
    assert actor_problems(BASE + 'creation: "1998"\n') == ["actors/essai.md:6: creation : écrivez l'année sans guillemets : 1998"]


def test_a_whole_number_with_a_leading_zero_is_read_in_base_ten(actor_problems, content):
    # YAML 1.1 read 010 as the octal number 8, and 08 as a text.
    assert actor_problems(BASE + "effectif: 010\ntranche_effectif: \"11\"\n") == []
    assert actor_problems(BASE + "effectif: 08\ntranche_effectif: \"03\"\n") == []


@pytest.mark.parametrize("typed, meant", [('"12"', "12"), ("12 000", "12000")])
def test_a_whole_number_typed_as_text_gets_the_number_proposed(actor_problems, typed, meant):
    assert actor_problems(BASE + f"effectif: {typed}\n") == [
        f"actors/essai.md:6: effectif : « {typed.strip(chr(34))} » : écrivez {meant} (un nombre entier : chiffres seuls, sans guillemets, "
        "espace ni zéro devant)"
    ]


@pytest.mark.parametrize("typed", ["15/03/2024", "15.03.2024", "15-03-2024", "2024/03/15", "2024-3-15"])
def test_a_date_written_another_way_gets_its_iso_form_proposed(actor_problems, typed):
    assert actor_problems(BASE + f"date_source: {typed}\n") == [
        f"actors/essai.md:6: date_source : « {typed} » n'est pas une date AAAA-MM-JJ ; écrivez 2024-03-15"
    ]
    assert actor_problems(BASE + "date_source: 31/02/2024\n") == [
        "actors/essai.md:6: date_source : « 31/02/2024 » n'est pas une date AAAA-MM-JJ ; ce jour n'existe pas"
    ]


def test_effectif_must_be_a_whole_number(actor_problems):
    assert actor_problems(BASE + "effectif: douze\n") == [
        "actors/essai.md:6: effectif : « douze » n'est pas un nombre entier (chiffres seuls, sans guillemets ni espace)"
    ]
    assert actor_problems(BASE + "effectif: -3\n") == ["actors/essai.md:6: effectif : -3 est trop petit (minimum 0)"]
    assert actor_problems(BASE + "effectif: true\n") == [
        "actors/essai.md:6: effectif : « true » n'est pas un nombre entier (chiffres seuls, sans guillemets ni espace)"
    ]


def test_tranche_effectif_codes(actor_problems):
    assert actor_problems(BASE + 'tranche_effectif: "21"\n') == []
    assert actor_problems(BASE + "tranche_effectif: 01\n") == []
    assert actor_problems(BASE + 'tranche_effectif: "04"\n') == [
        "actors/essai.md:6: tranche_effectif « 04 » inconnue ; codes possibles : NN, 00, 01, 02, 03, 11, 12, 21, 22, 31, 32, 41, 42, 51, 52, 53"
    ]


def test_tranche_must_agree_with_effectif(actor_problems):
    assert actor_problems(BASE + 'effectif: 120\ntranche_effectif: "21"\n') == [
        "actors/essai.md:7: tranche_effectif « 21 » (50 à 99 salariés) contredit effectif : 120"
    ]


def test_etp_and_masse_salariale_are_numbers(actor_problems):
    assert actor_problems(BASE + "etp: 62.5\nmasse_salariale: 1850000\n") == []
    assert actor_problems(BASE + "etp: beaucoup\n") == [
        "actors/essai.md:6: etp : « beaucoup » n'est pas un nombre (chiffres et point décimal : 62.5)"
    ]


def test_thematiques_come_from_the_territory(actor_problems):
    assert actor_problems(BASE + "thematiques:\n  - Alimentation durable\n  - Mobilite inclusive\n") == []
    assert actor_problems(BASE + "thematiques:\n  - Alimentation durable\n  - Alimentation saine\n") == [
        "actors/essai.md:8: thématique « Alimentation saine » inconnue ; voulez-vous dire « Alimentation durable » ? "
        "thématiques de territoire.yaml : Alimentation durable, Mobilité inclusive, Insertion par l'activité économique"
    ]


def test_lists_hold_short_texts(actor_problems):
    assert actor_problems(BASE + "labels:\n  - ESUS\n  - {a: 1}\n") == [
        "actors/essai.md:8: labels : « {'a': 1} » n'est pas un texte court"
    ]
    assert actor_problems(BASE + "labels: ESUS\n") == []


def test_brouillon_is_a_boolean(actor_problems):
    assert actor_problems(BASE + "brouillon: peut-être\n") == [
        "actors/essai.md:6: brouillon : « peut-être » ; écrivez true ou false"
    ]


def test_text_read_as_boolean(actor_problems):
    assert actor_problems(BASE + "sigle: NO\n") == [
        "actors/essai.md:6: sigle : « false » est lu comme un booléen ; mettez le texte entre guillemets"
    ]


def test_overlong_single_line_text(actor_problems):
    assert actor_problems(BASE + "adresse: " + "x" * 301 + "\n") == [
        "actors/essai.md:6: adresse : texte trop long ou sur plusieurs lignes (au plus 300 caractères sur une ligne)"
    ]


def test_card_summary_is_one_line(actor_problems):
    assert actor_problems(BASE + "resume: Une épicerie solidaire ouverte à tous.\n") == []
    assert actor_problems(BASE + "resume: " + "mot " * 60 + "\n") == [
        "actors/essai.md:6: resume : 239 caractères, 200 au plus : une phrase qui tient sur une ligne de la liste "
        "(la présentation dit le reste)"
    ]


def test_every_mistake_of_a_file_is_reported_at_once(actor_problems):
    problems = actor_problems("nom: Essai\nstatut: asso\nsecteur: sante\ncommune: Nulle-Part\neffectif: beaucoup\nsite_web: javascript:alert(1)\n")
    assert [p.split(": ")[0] for p in problems] == ["actors/essai.md:3", "actors/essai.md:5", "actors/essai.md:6", "actors/essai.md:7"]
