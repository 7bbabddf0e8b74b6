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


def test_an_edit_writes_a_small_head_and_one_new_part_file_and_the_replaced_one_goes(tmp_path):
    """At 20 000 actors the manifest and the journal wrote 6 MB each per preview edit: now the head
    names its parts, and only the part holding the replaced entry is written again."""
    import marshal

    from ess_site.incremental import manifest as module
    from ess_site.incremental.manifest import copied, manifest_path

    output = tmp_path / "output"
    output.mkdir()
    files = {f"acteurs/s-{number:05d}/index.html": Entry(f"m{number:032d}", f"c{number:032d}", True, [number, 7], "62")
             for number in range(3 * module.PART + 5)}
    graph = {"base": "b", "common": "c", "fields": ["nom"], "holders": {}, "volatile": [],
             "actors": {f"s-{number:05d}": [f"f{number:032d}", f"e{number:032d}"] for number in range(3 * module.PART + 5)}}
    change = Transaction(tmp_path / "cache", output)
    change.save(Manifest("générateur", files=dict(files), graph=graph))
    record = manifest_path(tmp_path / "cache", output)
    assert record.stat().st_size * 20 < len(marshal.dumps({name: [e.fingerprint, e.content] for name, e in files.items()}))
    folder = record.with_suffix(".parts")
    before = {path.name: path.stat().st_ino for path in folder.iterdir()}
    edited = copied(change.saved.manifest)
    edited.files["acteurs/s-00600/index.html"] = Entry("neuf", "c", True, [1, 2], "62")
    saved = change.save(edited)
    after = {path.name: path.stat().st_ino for path in folder.iterdir()}
    assert len(set(after) - set(before)) == 1 and len(set(before) - set(after)) == 1
    assert all(before[name] == after[name] for name in set(before) & set(after))  # the others untouched
    loaded, why = ManifestFile(tmp_path / "cache", output).load("générateur")
    assert (loaded, why) == (saved, "") and loaded.graph == graph
    assert loaded.files["acteurs/s-00600/index.html"].fingerprint == "neuf"
