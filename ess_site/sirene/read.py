"""Reading INSEE's files in one streaming pass: CSV, the .zip INSEE distributes (its CSV member is
decompressed as it is read, never unpacked on disk) or a Parquet copy. Only the columns of the
file's kind are read, and only the rows whose key is wanted are kept, batch by batch, so memory
stays bounded whatever the size of the national file.
"""

import csv
import io
import os
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ..formats import nombre
from ..problems import ImportRefused
from .columns import FileKind

BLOCK = 4 << 20  # bytes of CSV parsed per call: 300 000 rows in 0.44 s, 0.65 s with 1 MiB blocks (best of 5)
LINE_LIMIT = 1 << 20  # a line longer than this is no line of INSEE's (theirs are under 2 KiB)
FIELD_LIMIT = 1000  # characters of one value in a row kept (INSEE's longest column holds 120)
SHOWN = 20  # duplicated keys named in a message; the rest are counted
Progress = Callable[[float, int], None]  # (fraction of the file read, rows read so far)


class SireneFileError(ImportRefused):
    """A file given to the import cannot be used; the messages are French and name the file."""

    def __init__(self, message: str | list[str]):
        super().__init__([message] if isinstance(message, str) else message)


def read_rows(path: Path, kind: FileKind, wanted: dict[str, set[str]], progress: Progress | None = None) -> tuple[list[dict], int]:
    """The rows of `path` where any column of `wanted` holds one of its values, with the columns
    of `kind` the file has; and the number of rows read. Rows that repeat a key with other data,
    or hold a value no INSEE file holds, refuse the file."""
    names = header(path, kind)
    columns = [name for name in kind.columns if name in names]
    value_sets = {column: pa.array(sorted(values), pa.string()) for column, values in wanted.items()}
    kept, count = [], 0
    for batch, fraction in batches(path, kind, names, columns):
        count += batch.num_rows
        masks = [pc.is_in(batch.column(column), value_set=values) for column, values in value_sets.items()]
        mask = any_of(masks)
        if pc.any(mask).as_py():
            kept += batch.filter(mask).to_pylist()
        if progress:
            progress(fraction, count)
    if count == 0:
        raise SireneFileError(f"{path} : aucune ligne de données ({kind.label} vide)")
    problems = oversized(path, kind, kept) + duplicated(path, kind, kept)
    if problems:
        raise SireneFileError(problems)
    return kept, count


def oversized(path: Path, kind: FileKind, rows: list[dict]) -> list[str]:
    return [f"{path} : {kind.key} {row.get(kind.key)} : la colonne {column} a {nombre(len(value), 0)} caractères (au plus "
            f"{nombre(FIELD_LIMIT, 0)} dans les fichiers de l'Insee) ; ce fichier est abîmé ou n'est pas celui de l'Insee"
            for row in rows for column, value in row.items() if value and len(value) > FIELD_LIMIT]


def duplicated(path: Path, kind: FileKind, rows: list[dict]) -> list[str]:
    """A key on several rows with different data: INSEE's files have one row per key, and which
    row to believe cannot be guessed. The same row twice is harmless."""
    first: dict[str, dict] = {}
    differing: dict[str, set[str]] = {}
    for row in rows:
        seen = first.setdefault(row[kind.key], row)
        if seen is not row and seen != row:
            differing.setdefault(row[kind.key], set()).update(column for column in row if row[column] != seen[column])
    messages = [f"{path} : {kind.key} {key} sur plusieurs lignes qui diffèrent ({', '.join(sorted(columns))}) ; le fichier de "
                f"l'Insee n'a qu'une ligne par {kind.key} : téléchargez-le de nouveau" for key, columns in sorted(differing.items())]
    if len(messages) > SHOWN:
        messages[SHOWN:] = [f"{path} : et {nombre(len(messages) - SHOWN, 0)} autres {kind.key} sur plusieurs lignes qui diffèrent"]
    return messages


def any_of(masks: list) -> pa.Array:
    mask = masks[0]
    for other in masks[1:]:
        mask = pc.or_(mask, other)
    return mask


def header(path: Path, kind: FileKind) -> list[str]:
    """The file's column names; a file that lacks one of the kind's required columns is refused."""
    try:
        if path.suffix.lower() == ".parquet":
            names = pq.read_schema(path).names
        else:
            with open_text(path) as stream:
                names = csv_header(path, kind, stream)
    except (OSError, pa.ArrowException) as error:
        raise SireneFileError(f"{path} : fichier illisible ({describe(error)})") from None
    missing = [name for name in kind.required if name not in names]
    if missing:
        raise SireneFileError(f"{path} : ce n'est pas le {kind.label} de l'Insee ; colonnes manquantes : {', '.join(missing)}")
    return names


def csv_header(path: Path, kind: FileKind, stream) -> list[str]:
    """The first line's column names; the stream is left at the second line."""
    first = stream.readline(LINE_LIMIT + 1)
    if len(first) > LINE_LIMIT:
        raise SireneFileError(f"{path} : ce n'est pas un fichier CSV (sa première ligne dépasse 1 Mio) ; il faut le {kind.label} "
                              "publié par l'Insee")
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SireneFileError(f"{path} : ce n'est pas un fichier texte (CSV en UTF-8) ; il faut le {kind.label} publié par "
                              "l'Insee, en .csv, .zip ou .parquet") from None
    if not text.strip():
        raise SireneFileError(f"{path} : fichier vide ; il faut le {kind.label} publié par l'Insee")
    return next(csv.reader([text], delimiter=kind.delimiter))


def batches(path: Path, kind: FileKind, names: list[str], columns: list[str]) -> Iterator[tuple[pa.RecordBatch, float]]:
    """(batch, fraction of the file read so far); every problem becomes a SireneFileError."""
    try:
        if path.suffix.lower() == ".parquet":
            yield from parquet_batches(path, columns)
        else:
            yield from csv_batches(path, kind, names, columns)
    except SireneFileError:
        raise
    except (OSError, EOFError, zipfile.BadZipFile, pa.ArrowException) as error:
        raise SireneFileError(f"{path} : lecture interrompue, fichier tronqué ou mal formé ({describe(error)})") from None


def parquet_batches(path: Path, columns: list[str]) -> Iterator[tuple[pa.RecordBatch, float]]:
    parquet = pq.ParquetFile(path)
    total, done = max(parquet.metadata.num_rows, 1), 0
    for batch in parquet.iter_batches(batch_size=256 * 1024, columns=columns):
        batch = batch.cast(pa.schema([(name, pa.string()) for name in batch.schema.names]))
        done += batch.num_rows
        yield batch, done / total


def csv_batches(path: Path, kind: FileKind, names: list[str], columns: list[str]) -> Iterator[tuple[pa.RecordBatch, float]]:
    """Blocks of whole lines, each parsed by Arrow from memory. Arrow never reads a Python stream:
    its streaming reader did, from a background thread that could still be reading when a bad
    file ended the process, which then hung or aborted (Fatal Python error: PyGILState_Release)."""
    read_options = pacsv.ReadOptions(column_names=names)
    parse_options = pacsv.ParseOptions(delimiter=kind.delimiter)
    convert_options = pacsv.ConvertOptions(include_columns=columns, column_types={name: pa.string() for name in columns})
    with open_text(path) as stream:
        csv_header(path, kind, stream)
        for line, block in line_blocks(path, stream):
            try:
                table = pacsv.read_csv(pa.py_buffer(block), read_options=read_options, parse_options=parse_options,
                                       convert_options=convert_options)
            except pa.ArrowInvalid as error:
                raise SireneFileError(f"{path} : fichier mal formé à partir de la ligne {nombre(line, 0)} ({arrow_problem(error)}) ; "
                                      "ce n'est pas le fichier de l'Insee, ou il est abîmé : téléchargez-le de nouveau") from None
            for batch in table.to_batches():
                yield batch, stream.fraction()


def line_blocks(path: Path, stream) -> Iterator[tuple[int, bytes]]:
    """(number of its first line, block): about BLOCK bytes cut after a line's end."""
    line, rest = 2, b""
    while data := stream.read(BLOCK):
        data = rest + data
        cut = data.rfind(b"\n") + 1
        block, rest = data[:cut], data[cut:]
        if len(rest) > LINE_LIMIT:
            long_line = line + block.count(b"\n")
            raise SireneFileError(f"{path} : la ligne {nombre(long_line, 0)} dépasse 1 Mio ; ce n'est pas le fichier "
                                  "de l'Insee, ou il est abîmé : téléchargez-le de nouveau")
        if block:
            yield line, block
            line += block.count(b"\n")
    if rest.strip():
        yield line, rest


def arrow_problem(error: BaseException) -> str:
    text = describe(error)
    if "invalid UTF8" in text:
        return "des octets qui ne sont pas du texte UTF-8"
    if "Expected" in text and "columns" in text:
        return "une ligne n'a pas le nombre de colonnes de l'en-tête"
    return text


class Counted(io.RawIOBase):
    """A readable stream that knows which fraction of its expected size has been read."""

    def __init__(self, raw, size: int, closing=()):
        self.raw, self.size, self.read_bytes, self.closing = raw, max(size, 1), 0, closing

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.read_bytes += len(data)
        return len(data)

    def fraction(self) -> float:
        return min(self.read_bytes / self.size, 1.0)

    def close(self) -> None:
        for item in (self.raw, *self.closing):
            item.close()
        super().close()


def open_text(path: Path) -> Counted:
    """The CSV bytes of `path`: the file itself, or the CSV member of a .zip, decompressed as read."""
    if path.suffix.lower() != ".zip":
        return Counted(io.BufferedReader(io.FileIO(path)), os.path.getsize(path))
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise SireneFileError(f"{path} : archive zip illisible ou tronquée ; téléchargez-la de nouveau") from None
    members = [info for info in archive.infolist() if info.filename.lower().endswith(".csv")]
    if len(members) != 1:
        archive.close()
        raise SireneFileError(f"{path} : l'archive doit contenir un seul fichier .csv (elle en contient {len(members)})")
    return Counted(archive.open(members[0]), members[0].file_size, closing=(archive,))


def describe(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:160]
