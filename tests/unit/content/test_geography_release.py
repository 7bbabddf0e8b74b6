"""Reading the content lets go of the communes of France (about 20 MiB in every process of a
build) once territoire.yaml is validated; the régions' and départements' names stay."""

from datetime import date

from ess_site.content.validate import read_content
from ess_site.geography import area_names, official_geography
from tests.conftest import FIXTURE_SITE


def test_the_communes_of_france_are_let_go_once_the_content_is_read_and_the_names_of_areas_kept():
    official_geography()  # loaded, as validating a territory loads it
    content = read_content(FIXTURE_SITE, date(2026, 11, 22))
    assert official_geography.cache_info().currsize == 0
    departement = content.territory.communes[0].departement
    assert area_names().departements[departement][0] == official_geography().departements[departement][0]
