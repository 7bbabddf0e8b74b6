"""The official geography makes a commune of France only when a build asks for it: a territory
uses a few dozen or thousand of the 35 000, and making them all cost about 0.17 s of every cold build."""

from ess_site.geography import official_geography


def test_only_the_communes_of_the_perimeter_are_made_and_they_are_the_official_ones():
    official_geography.cache_clear()
    geography = official_geography()
    communes = geography.communes_of_epci("246200299")  # the CAHC, 14 communes
    assert len(communes) == 14
    assert len(geography.communes.made) == 14  # not the 35 000 of France
    henin = geography.communes["62427"]
    assert (henin.nom, henin.departement, henin.region, henin.codes_postaux) == ("Hénin-Beaumont", "62", "32", ("62110",))
    assert geography.communes.get("00000") is None and "62427" in geography.communes
    in_62 = geography.communes_of_departements({"62"})
    assert in_62 and all(c.departement == "62" for c in in_62) and henin in in_62
    assert all(c.region == "32" for c in geography.communes_of_region("32"))
    assert len(geography.communes) > 34_000
    official_geography.cache_clear()
