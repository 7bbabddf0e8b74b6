"""The one output transaction (output/transaction.py): the only writer of the manifest."""

from ess_site.incremental.manifest import Entry, Manifest, ManifestFile, body, folder_id
from ess_site.output.transaction import Transaction


def manifest() -> Manifest:
    return Manifest("générateur", files={"index.html": Entry("m", "c", True, [10, 20])}, search={"pagefind": "d"},
                    graph={"base": "b", "common": "c", "fields": ["nom"], "actors": {}, "holders": {}, "volatile": []})


def test_the_journals_body_is_saved_with_the_folders_id_as_a_fresh_encoding_would_be(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    change = Transaction(tmp_path / "cache", output)
    change.save(manifest(), body(manifest()))
    from_body = change.records.path.read_bytes()
    change.save(manifest())
    assert from_body == change.records.path.read_bytes()
    loaded, why = ManifestFile(tmp_path / "cache", output).load("générateur")
    assert why == "" and loaded.output_id == folder_id(output) and loaded.graph == manifest().graph


def test_forgetting_leaves_no_manifest_and_the_kept_one_is_not_trusted_after(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    change = Transaction(tmp_path / "cache", output)
    change.save(manifest())
    kept = change.saved
    change.forget()
    assert ManifestFile(tmp_path / "cache", output).load("générateur", kept) == (None, "pas de cache")



def test_parts_that_cannot_be_written_leave_no_manifest_and_the_failure_is_said(tmp_path, capsys, monkeypatch):
    """The cache folder refuses the parts: the save says it is skipped (the next build, finding
    no record, is whole), and a journal's parts refused leave no manifest naming them."""
    from ess_site.incremental.manifest import body

    output = tmp_path / "output"
    output.mkdir()
    change = Transaction(tmp_path / "cache", output)
    monkeypatch.setattr(Transaction, "write_parts", lambda self, parts: (_ for _ in ()).throw(PermissionError(13, "refusé")))
    made = body(manifest())
    assert change.put_parts(change.unheld(made)) is False
    change.save(manifest(), made)
    assert "Cache de la construction ignoré" in capsys.readouterr().err
    assert ManifestFile(tmp_path / "cache", output).load("générateur") == (None, "pas de cache")
