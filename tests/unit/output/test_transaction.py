"""The one output transaction (output/transaction.py): the only writer of the manifest."""

import json

from ess_site.incremental.manifest import Entry, Manifest, ManifestFile, encoded, folder_id
from ess_site.output.transaction import Transaction


def manifest() -> Manifest:
    return Manifest("générateur", files={"index.html": Entry("m", "c", True, [10, 20])}, search={"pagefind": "d"},
                    graph={"base": "b", "common": "c", "fields": ["nom"], "actors": {}, "holders": {}, "volatile": []})


def test_the_journals_json_is_saved_with_the_folders_id_as_a_fresh_encoding_would_be(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    change = Transaction(tmp_path / "cache", output)
    change.save(manifest(), json.dumps(encoded(manifest()), separators=(",", ":")))
    from_body = change.records.path.read_text(encoding="utf-8")
    change.save(manifest())
    assert from_body == change.records.path.read_text(encoding="utf-8")
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
