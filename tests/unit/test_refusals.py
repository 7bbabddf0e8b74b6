"""One refusal per command family, all CommandRefused: `new` refuses with NewRefused, `importer`
(sirene and ban) with ImportRefused, and the command line words each family's refusal its way."""

import pytest

from ess_site import cli
from ess_site.ban.read import BanFileError
from ess_site.problems import CommandRefused, ImportRefused, NewRefused
from ess_site.sirene.read import SireneFileError
from ess_site.tools.scaffold import new_actor


def test_new_refuses_with_its_own_refusal(tmp_path):
    with pytest.raises(NewRefused) as refused:
        new_actor(tmp_path, "")
    assert isinstance(refused.value, CommandRefused)
    assert refused.value.messages == ['donnez le nom de la structure, par exemple : python build.py new acteur "Garage solidaire"']


def test_both_imports_refuse_with_the_import_refusal():
    assert issubclass(SireneFileError, ImportRefused) and issubclass(BanFileError, ImportRefused)
    assert issubclass(ImportRefused, CommandRefused)


def test_the_command_line_words_each_familys_refusal(tmp_path, capsys):
    (tmp_path / "actors").mkdir()
    assert cli.main(["new", "acteur", "--content", str(tmp_path)]) == 1
    assert capsys.readouterr().err == 'Impossible : donnez le nom de la structure, par exemple : python build.py new acteur "Garage solidaire".\n'
    assert cli.main(["importer", "ban", "--content", str(tmp_path)]) == 1
    assert capsys.readouterr().err == "Impossible : il manque --adresses pour importer ban ; aide : python build.py importer --help.\n"
