"""French display formats: exact code points (U+202F groups digits, U+00A0 precedes %)."""

from datetime import date

from ess_site import formats


def test_numbers_group_thousands_with_a_narrow_no_break_space():
    assert formats.nombre(3761) == "3\u202f761"
    assert formats.nombre(126895) == "126\u202f895"


def test_decimals_use_a_comma_and_round_half_up():
    assert formats.nombre(62.5) == "62,5"
    assert formats.nombre(19.25) == "19,3"  # Babel alone would give 19,2
    assert formats.nombre(62.0) == "62"


def test_percentages_have_one_decimal_and_a_no_break_space():
    assert formats.pourcent(0.095) == "9,5\u00a0%"
    assert formats.pourcent(0.0125) == "1,3\u00a0%"
    assert formats.pourcent(0.89, decimals=0) == "89\u00a0%"
    assert formats.pourcent(0.0004) == "moins de 0,1\u00a0%"  # never "0,0 %" for a share that exists
    assert formats.pourcent(0.0005) == "0,1\u00a0%"
    assert formats.pourcent(0) == "0,0\u00a0%"


def test_long_dates_in_french_with_premier():
    assert formats.date_longue(date(2024, 4, 15)) == "15 avril 2024"
    assert formats.date_longue(date(2022, 5, 1)) == "1er mai 2022"


def test_headcount_agrees_in_number():
    assert formats.salaries(1) == "1 salarié"
    assert formats.salaries(80) == "80 salariés"
    assert formats.salaries(1200) == "1\u202f200 salariés"


def test_phone_numbers_are_grouped_by_two_and_dialable():
    assert formats.telephone("0321614900") == "03 21 61 49 00"
    assert formats.telephone("+33321614900") == "+33 3 21 61 49 00"
    assert formats.telephone_lien("0321614900") == "tel:+33321614900"


def test_siret_is_grouped():
    assert formats.siret("73282932000074") == "732 829 320 00074"
