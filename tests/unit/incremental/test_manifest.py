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


def test_a_manifest_with_one_entry_replaced_encodes_one_part_again_and_reads_back_in_order(tmp_path, monkeypatch):
    """A preview's edit replaces an entry or two among 30 000: the body reuses the other parts' bytes."""
    from dataclasses import replace

    from ess_site.incremental import manifest as module

    output = tmp_path / "output"
    output.mkdir()
    files = {f"acteurs/s-{number:05d}/index.html": Entry(f"m{number}", f"c{number}", True, [number, 7], "62")
             for number in range(3 * module.PART + 5)}
    first = replace(Manifest("générateur", files=dict(files)), parts=module.encoded_parts(files))
    assert len(first.parts) == 4
    edited = replace(first, files={**first.files, "acteurs/s-00600/index.html": Entry("neuf", "c", True, [1, 2], "62")})
    encoded: list[int] = []
    real = module.marshal.dumps
    monkeypatch.setattr(module.marshal, "dumps", lambda value: encoded.append(len(value)) or real(value))
    saved = Transaction(tmp_path / "cache", output).save(edited)
    assert encoded.count(module.PART) == 1  # the part holding the replaced entry; the others' bytes are kept
    loaded, why = ManifestFile(tmp_path / "cache", output).load("générateur")
    assert (loaded, why) == (saved, "")
    assert list(loaded.files) == list(files)  # in its order
    assert loaded.files["acteurs/s-00600/index.html"].fingerprint == "neuf"
