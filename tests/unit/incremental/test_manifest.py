"""The manifest's record in the cache folder (incremental/manifest.py)."""

from ess_site.incremental.manifest import Entry, Manifest, ManifestFile, folder_id
from ess_site.output.transaction import Transaction


def test_saving_records_the_folder_and_leaves_the_manifest_given_as_it_was(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    given = Manifest("générateur", files={"index.html": Entry("m", "c")})
    saved = Transaction(tmp_path / "cache", output).save(given)
    assert given.output_id == []  # the caller's manifest is not changed behind its back
    assert saved.output_id == folder_id(output) and saved.files == given.files
    loaded, why = ManifestFile(tmp_path / "cache", output).load("générateur")
    assert (loaded, why) == (saved, "")
