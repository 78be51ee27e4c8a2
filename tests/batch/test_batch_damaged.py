"""A damaged dataset is refused naming the file (and column): exit 2, one message, no results."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from batch_helpers import households_of, write_two_provinces

from fupin.batch import run_batch
from fupin.cli import run_command

H, M = "households", "members"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"  # the first bytes of every zstd frame (a compressed page)
Damage = Callable[[Path], tuple[Path, str | None]]  # damages a dataset: (file, column or None)


@pytest.fixture(scope="module")
def small(country: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two provinces of the session's country (two co-partitioned file pairs), as synth wrote."""
    out = tmp_path_factory.mktemp("small") / "dataset"
    for sheet in (H, M):
        for province in sorted(p.name for p in (country / sheet).iterdir())[:2]:
            shutil.copytree(country / sheet / province, out / sheet / province)
    shutil.copy(country / "_fupin_dataset.json", out)
    return out


@pytest.fixture(scope="module")
def small_results(small: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The results of the undamaged ``small`` dataset."""
    out = tmp_path_factory.mktemp("small_results") / "RESULTS"
    run_batch(small, out, workers=1)
    return out


@pytest.fixture(scope="module")
def checksummed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fixed dataset (not the synthetic country, so its bytes stay put) with a CRC on every page,
    as parquet-java writes by default."""
    out = write_two_provinces(tmp_path_factory.mktemp("checksummed") / "dataset")
    for path in out.rglob("*.parquet"):
        pq.write_table(pq.read_table(path), path, compression="zstd", write_page_checksum=True)
    return out


@pytest.fixture(scope="module")
def checksummed_results(checksummed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The results of the undamaged ``checksummed`` dataset."""
    out = tmp_path_factory.mktemp("checksummed_results") / "RESULTS"
    run_batch(checksummed, out, workers=1)
    return out


def _run(
    dataset: Path, out: Path, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, str]:
    argv = ["--lang", "en", "batch", "run", str(dataset), "--out", str(out), "--workers", "1"]
    code = run_command([*argv, *extra])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _first(dataset: Path, sheet: str) -> Path:
    return sorted((dataset / sheet).rglob("*.parquet"))[0]


def _flip(path: Path, start: int, count: int, mask: int = 0xFF) -> None:
    data = bytearray(path.read_bytes())
    for k in range(start, start + count):
        data[k] ^= mask
    path.write_bytes(bytes(data))


def _chunk(path: Path, column: str) -> tuple[int, int]:
    """Where a column's data pages start in the file, and where its chunk ends."""
    group = pq.read_metadata(path).row_group(0)
    chunk = next(
        group.column(i)
        for i in range(group.num_columns)
        if group.column(i).path_in_schema == column
    )
    start = chunk.dictionary_page_offset if chunk.has_dictionary_page else chunk.data_page_offset
    return chunk.data_page_offset, start + chunk.total_compressed_size


def _rewrite(path: Path, column: str, values: pa.Array) -> None:
    table = pq.read_table(path)
    table = table.set_column(table.schema.get_field_index(column), column, values)
    pq.write_table(table, path)


def cut(sheet: str) -> Damage:
    """The first file of ``sheet`` cut to half its bytes."""

    def damage(dataset: Path) -> tuple[Path, str | None]:
        path = _first(dataset, sheet)
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
        return path, None

    return damage


def emptied(dataset: Path) -> tuple[Path, str | None]:
    """A households file of 0 bytes."""
    path = _first(dataset, H)
    path.write_bytes(b"")
    return path, None


def junk(dataset: Path) -> tuple[Path, str | None]:
    """A members file replaced by random bytes."""
    path = _first(dataset, M)
    path.write_bytes(random.Random(3).randbytes(path.stat().st_size))
    return path, None


def readme(dataset: Path) -> tuple[Path, str | None]:
    """A foreign file among the households files."""
    path = dataset / H / "README.txt"
    path.write_text("Exported from the county registry.\n", encoding="utf-8")
    return path, None


def duplicated(dataset: Path) -> tuple[Path, str | None]:
    """A households file holding wage_local twice."""
    path = _first(dataset, H)
    table = pq.read_table(path)
    names = [*table.column_names, "wage_local"]
    pq.write_table(pa.Table.from_arrays([*table.columns, table["wage_local"]], names=names), path)
    return path, "wage_local"


def nested(sheet: str, column: str, kind: pa.DataType, value: object) -> Damage:
    """A roster column rewritten as a list, structure or map column."""

    def damage(dataset: Path) -> tuple[Path, str | None]:
        path = _first(dataset, sheet)
        _rewrite(path, column, pa.array([value] * pq.read_metadata(path).num_rows, kind))
        return path, column

    return damage


def gbk_names(dataset: Path) -> tuple[Path, str | None]:
    """A legacy export: names as bytes in GBK, not UTF-8 text."""
    path = _first(dataset, M)
    rows = pq.read_metadata(path).num_rows
    _rewrite(path, "name", pa.array(["张三".encode("gbk")] * rows, pa.binary()))
    return path, "name"


def page_data(dataset: Path) -> tuple[Path, str | None]:
    """The start of a compressed page of wage_local: it fails to decompress when read."""
    path = _first(dataset, H)
    begin, end = _chunk(path, "wage_local")
    _flip(path, path.read_bytes().index(ZSTD_MAGIC, begin, end), 4)
    return path, None


def page_header(dataset: Path) -> tuple[Path, str | None]:
    """The header of a data page of id_number."""
    path = _first(dataset, M)
    _flip(path, _chunk(path, "id_number")[0], 2)
    return path, None


def checksummed_page(dataset: Path) -> tuple[Path, str | None]:
    """One digit of an ID number changed in a page with a checksum: only the checksum tells."""
    path = _first(dataset, M)
    table = pq.read_table(path)
    pq.write_table(table, path, compression="none", use_dictionary=False, write_page_checksum=True)
    begin, end = _chunk(path, "id_number")
    digit = next(k for k in range((begin + end) // 2, end) if path.read_bytes()[k] in b"02468")
    _flip(path, digit, 1, 0x01)  # 0 → 1, 2 → 3: still an ID-shaped text
    return path, None


def footer(dataset: Path) -> tuple[Path, str | None]:
    """The first bytes of a households file's footer (its metadata)."""
    path = _first(dataset, H)
    size = path.stat().st_size
    length = int.from_bytes(path.read_bytes()[-8:-4], "little")
    _flip(path, size - 8 - length, 4)
    return path, None


DAMAGES: dict[str, Damage] = {
    "truncated households": cut(H),
    "truncated members": cut(M),
    "zero bytes": emptied,
    "random bytes": junk,
    "README.txt in households": readme,
    "duplicate column": duplicated,
    "list column": nested(H, "wage_local", pa.list_(pa.int64()), [1]),
    "struct column": nested(M, "name", pa.struct([("given", pa.string())]), {"given": "三"}),
    "map column": nested(M, "relation", pa.map_(pa.string(), pa.string()), [("a", "b")]),
    "text not UTF-8": gbk_names,
    "compressed page": page_data,
    "page header": page_header,
    "page checksum": checksummed_page,
    "footer": footer,
}
# Found while the pages are read, in a worker, and Arrow's words for it.
READ_TIME = {
    "text not UTF-8": "Invalid UTF8",
    "compressed page": "ZSTD decompression failed",
    "page header": "Couldn't deserialize thrift",
    "page checksum": "CRC checksum verification failed",
}


def _assert_refused(code: int, output: str, path: Path, column: str | None, out: Path) -> None:
    assert code == 2, output
    assert "Traceback" not in output and "Internal error" not in output, output
    assert f"Cannot read the dataset: {path}" in output, output
    if column is not None:
        assert f"the column {column} " in output, output
    assert not out.exists()
    assert not list(out.parent.glob(f".{out.name}.partial-*"))  # no staging folder left


@pytest.mark.parametrize("name", DAMAGES)
def test_a_damaged_dataset_is_refused_naming_the_file(
    name: str, small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dataset = tmp_path / "d"
    shutil.copytree(small, dataset)
    path, column = DAMAGES[name](dataset)
    code, output = _run(dataset, tmp_path / "R", capsys)
    _assert_refused(code, output, path, column, tmp_path / "R")
    if name in READ_TIME:
        assert " cannot be read: " in output and READ_TIME[name] in output, output


def test_damage_found_while_hash_partitioning_is_refused(
    small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dataset = tmp_path / "d"
    shutil.copytree(small, dataset)
    path, _ = page_data(dataset)
    code, output = _run(dataset, tmp_path / "R", capsys, "--layout", "general")
    _assert_refused(code, output, path, None, tmp_path / "R")
    assert "ZSTD decompression failed" in output


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_refused_run_leaves_the_previous_results_untouched(
    small: Path, small_results: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dataset, out = tmp_path / "d", tmp_path / "R"
    shutil.copytree(small, dataset)
    shutil.copytree(small_results, out)
    before = _snapshot(out)
    path, _ = page_data(dataset)  # found by a worker, once the run has begun
    code, output = _run(dataset, out, capsys)
    assert code == 2 and str(path) in output and "Traceback" not in output, output
    assert _snapshot(out) == before  # as documented: an interrupted run changes nothing
    assert not list(tmp_path.glob(".R.partial-*"))


def test_hidden_and_underscore_files_are_ignored(
    small: Path, small_results: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dataset = tmp_path / "d"
    shutil.copytree(small, dataset)
    noise = random.Random(5).randbytes(200)
    for name in ("_SUCCESS", "_common_metadata", ".part-00000.parquet.crc", "_tmp/x.parquet"):
        (dataset / H / name).parent.mkdir(parents=True, exist_ok=True)
        (dataset / H / name).write_bytes(noise)
    (dataset / M / ".ipynb_checkpoints").mkdir()
    (dataset / M / ".ipynb_checkpoints" / "part-00000.parquet").write_bytes(noise)
    code, output = _run(dataset, tmp_path / "R", capsys)
    assert code == 0, output
    assert households_of(tmp_path / "R").equals(households_of(small_results))


def test_a_folder_without_data_files_is_refused(
    small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dataset = tmp_path / "d"
    shutil.copytree(small, dataset)
    shutil.rmtree(dataset / M)
    (dataset / M / "_empty").mkdir(parents=True)
    code, output = _run(dataset, tmp_path / "R", capsys)
    assert code == 2 and f"{dataset / M} holds no Parquet file" in output, output
    assert not (tmp_path / "R").exists()


def _damage_at_random(dataset: Path, rng: random.Random) -> Path:
    """Cuts one file short, or flips 1 to 8 bytes of it, at a random place; returns the file."""
    path = rng.choice(sorted(dataset.rglob("*.parquet")))
    data = bytearray(path.read_bytes())
    if rng.random() < 0.25:
        del data[rng.randrange(len(data)) :]
    else:
        start = rng.randrange(len(data))
        for k in range(start, min(start + rng.randint(1, 8), len(data))):
            data[k] ^= rng.randrange(1, 256)
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("seed", range(30))
def test_random_damage_is_refused_or_harmless(
    seed: int,
    checksummed: Path,
    checksummed_results: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # With page checksums every byte of a page is covered, so damage anywhere is either refused
    # or lands where it changes nothing (statistics, padding). Without them a flipped byte can
    # decode to another valid value (a name, an amount), which no reader can tell from data.
    dataset, out = tmp_path / "d", tmp_path / "R"
    shutil.copytree(checksummed, dataset)
    path = _damage_at_random(dataset, random.Random(seed))
    code, output = _run(dataset, out, capsys)
    assert code in (0, 2), output
    assert "Traceback" not in output and "Internal error" not in output, output
    assert not list(tmp_path.glob(".R.partial-*"))
    if code == 2:
        # By its full path, or (a damaged column name: a required column missing) relative.
        assert str(path.relative_to(dataset)) in output.split("Cannot read the dataset: ")[1]
        assert not out.exists()
    else:
        assert households_of(out).equals(households_of(checksummed_results))
