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

from ..problems import CommandRefused
from .columns import FileKind

BLOCK = 1 << 20  # bytes of CSV parsed per batch: 1 MiB measured faster and lighter than 2, 4 or 8 (bench/sirene.py)
Progress = Callable[[float, int], None]  # (fraction of the file read, rows read so far)


class SireneFileError(CommandRefused):
    """A file given to the import cannot be used; the message is French and names the file."""

    def __init__(self, message: str):
        super().__init__([message])


def read_rows(path: Path, kind: FileKind, wanted: dict[str, set[str]], progress: Progress | None = None) -> tuple[list[dict], int]:
    """The rows of `path` where any column of `wanted` holds one of its values, with the columns
    of `kind` the file has; and the number of rows read."""
    columns = [name for name in kind.columns if name in header(path, kind)]
    value_sets = {column: pa.array(sorted(values), pa.string()) for column, values in wanted.items()}
    kept, count = [], 0
    for batch, fraction in batches(path, kind, columns):
        count += batch.num_rows
        masks = [pc.is_in(batch.column(column), value_set=values) for column, values in value_sets.items()]
        mask = any_of(masks)
        if pc.any(mask).as_py():
            kept += batch.filter(mask).to_pylist()
        if progress:
            progress(fraction, count)
    if count == 0:
        raise SireneFileError(f"{path} : aucune ligne de données ({kind.label} vide)")
    return kept, count


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
                first = stream.readline().decode("utf-8-sig")
            if not first.strip():
                raise SireneFileError(f"{path} : fichier vide ; il faut le {kind.label} publié par l'Insee")
            names = next(csv.reader([first], delimiter=kind.delimiter))
    except (OSError, pa.ArrowException) as error:
        raise SireneFileError(f"{path} : fichier illisible ({describe(error)})") from None
    missing = [name for name in kind.required if name not in names]
    if missing:
        raise SireneFileError(f"{path} : ce n'est pas le {kind.label} de l'Insee ; colonnes manquantes : {', '.join(missing)}")
    return names


def batches(path: Path, kind: FileKind, columns: list[str]) -> Iterator[tuple[pa.RecordBatch, float]]:
    """(batch, fraction of the file read so far); every problem becomes a SireneFileError."""
    try:
        if path.suffix.lower() == ".parquet":
            yield from parquet_batches(path, columns)
        else:
            yield from csv_batches(path, kind, columns)
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


def csv_batches(path: Path, kind: FileKind, columns: list[str]) -> Iterator[tuple[pa.RecordBatch, float]]:
    with open_text(path) as stream:
        reader = pacsv.open_csv(stream, read_options=pacsv.ReadOptions(block_size=BLOCK),
                                parse_options=pacsv.ParseOptions(delimiter=kind.delimiter),
                                convert_options=pacsv.ConvertOptions(include_columns=columns,
                                                                     column_types={name: pa.string() for name in columns}))
        for batch in reader:
            yield batch, stream.fraction()


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
