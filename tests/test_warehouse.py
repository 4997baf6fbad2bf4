"""The whole pipeline into DuckDB: idempotence, replacement, errors, schema versions, query, export."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from cchc import warehouse
from cchc.cli import main
from cchc.pipeline.runner import run_ingest
from tests.conftest import RAW

SMALL_REPORT = RAW / "003_9cfe5bbcca39503b.txt"


def table_counts(db: Path) -> dict[str, int]:
    con = warehouse.connect(db, read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("documents", "facts", "doc_refs", "pages", "document_texts", "ingest_errors")}
    finally:
        con.close()


@pytest.fixture
def one_report(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SMALL_REPORT, folder / "report.txt")
    return folder


def test_ingest_loads_document_text_pages_and_facts(one_report: Path, db: Path) -> None:
    summary = run_ingest([one_report], db=db, progress=False)
    assert summary.exit_status == 0 and len(summary.loaded) == 1
    counts = table_counts(db)
    assert counts["documents"] == 1 and counts["document_texts"] == 1 and counts["pages"] >= 1
    con = warehouse.connect(db, read_only=True)
    original, restored = con.execute("SELECT original_text, restored_text FROM document_texts").fetchone()
    assert original == SMALL_REPORT.read_text(encoding="utf-8")
    assert restored.count("\n") == original.count("\n")
    for start, end, source_text in con.execute("SELECT char_start, char_end, source_text FROM facts").fetchall():
        assert original[start:end] == source_text
    con.close()


def test_reingesting_unchanged_file_changes_nothing(one_report: Path, db: Path) -> None:
    run_ingest([one_report], db=db, progress=False)
    con = warehouse.connect(db, read_only=True)
    before = con.execute("SELECT doc_id, ingested_at FROM documents").fetchall()
    con.close()
    counts = table_counts(db)
    second = run_ingest([one_report], db=db, progress=False)
    assert second.loaded == [] and len(second.unchanged) == 1
    con = warehouse.connect(db, read_only=True)
    assert con.execute("SELECT doc_id, ingested_at FROM documents").fetchall() == before
    con.close()
    assert table_counts(db) == counts


def test_changed_file_replaces_its_rows(one_report: Path, db: Path) -> None:
    path = one_report / "report.txt"
    run_ingest([one_report], db=db, progress=False)
    con = warehouse.connect(db, read_only=True)
    old_id = con.execute("SELECT doc_id FROM documents").fetchone()[0]
    con.close()
    path.write_text(path.read_text(encoding="utf-8") + "\nPhụ lục: đã cấp 125 chứng thư số.\n", encoding="utf-8")
    summary = run_ingest([one_report], db=db, progress=False)
    assert len(summary.loaded) == 1
    con = warehouse.connect(db, read_only=True)
    ids = [r[0] for r in con.execute("SELECT doc_id FROM documents").fetchall()]
    assert len(ids) == 1 and ids[0] != old_id
    for table in ("facts", "doc_refs", "pages", "document_texts"):
        assert con.execute(f"SELECT count(*) FROM {table} WHERE doc_id = ?", [old_id]).fetchone()[0] == 0
    assert "125 chứng thư" in con.execute("SELECT original_text FROM document_texts").fetchone()[0]
    con.close()


def test_bad_files_are_recorded_and_the_rest_still_load(one_report: Path, db: Path) -> None:
    (one_report / "empty.txt").write_bytes(b"")
    (one_report / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    (one_report / "junk.txt").write_bytes(bytes(range(256)) * 20)
    summary = run_ingest([one_report], db=db, progress=False, say=lambda _: None)
    assert summary.exit_status == 1
    assert len(summary.loaded) == 1 and len(summary.failed) == 3
    con = warehouse.connect(db, read_only=True)
    errors = dict(con.execute("SELECT source_path, message FROM ingest_errors").fetchall())
    con.close()
    assert len(errors) == 3
    assert any(p.endswith("empty.txt") and "empty" in m for p, m in errors.items())
    assert any(p.endswith("broken.pdf") and "PDF" in m for p, m in errors.items())


def test_a_crash_while_writing_leaves_no_half_document(one_report: Path, db: Path, monkeypatch) -> None:
    from cchc.pipeline import load

    real_rows = load.document_rows

    def rows_with_a_bad_fact(doc, at):
        rows = real_rows(doc, at)
        rows["facts"].append(("x",) * 3)  # wrong arity: the insert fails after documents went in
        return rows

    monkeypatch.setattr(load, "document_rows", rows_with_a_bad_fact)
    summary = run_ingest([one_report], db=db, progress=False, say=lambda _: None)
    assert summary.failed and summary.failed[0][1] == "load"
    counts = table_counts(db)
    assert counts["documents"] == counts["facts"] == counts["document_texts"] == counts["pages"] == 0
    assert counts["ingest_errors"] == 1


def test_schema_is_versioned_and_an_old_warehouse_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)")
    con.close()  # a warehouse from before any migration ran
    with pytest.raises(warehouse.WarehouseError, match="older"):
        warehouse.connect(path, read_only=True)
    con = warehouse.connect(path)
    latest = warehouse.migrations()[-1][0]
    assert warehouse.schema_version(con) == latest
    assert warehouse.migrate(con) == latest  # running again is a no-op
    con.close()
    warehouse.connect(path, read_only=True).close()


def test_query_is_read_only_and_formats(one_report: Path, db: Path, capsys) -> None:
    run_ingest([one_report], db=db, progress=False)
    assert main(["query", "SELECT count(*) AS n FROM documents", "--db", str(db), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"n": 1}]
    assert main(["query", "SELECT province FROM documents", "--db", str(db), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "province"
    assert main(["query", "DELETE FROM documents", "--db", str(db)]) == 2
    assert table_counts(db)["documents"] == 1


def test_query_on_missing_warehouse_says_so(tmp_path: Path, capsys) -> None:
    assert main(["query", "SELECT 1", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert "no warehouse" in capsys.readouterr().err


def test_export_parquet_partitions_by_province_and_year(one_report: Path, db: Path, tmp_path: Path) -> None:
    run_ingest([one_report], db=db, progress=False)
    out = tmp_path / "export"
    assert main(["export", "--out", str(out), "--db", str(db)]) == 0
    parts = list((out / "facts").glob("province_part=*/year=*/*.parquet"))
    assert parts, "facts were not partitioned"
    con = duckdb.connect()
    n = con.execute(f"SELECT count(*) FROM read_parquet('{(out / 'facts').as_posix()}/**/*.parquet')").fetchone()[0]
    assert n == table_counts(db)["facts"]
    assert (out / "metrics.parquet").exists()


def test_export_csv_writes_one_file_per_table(one_report: Path, db: Path, tmp_path: Path) -> None:
    run_ingest([one_report], db=db, progress=False)
    out = tmp_path / "csv"
    assert main(["export", "--out", str(out), "--db", str(db), "--format", "csv"]) == 0
    assert {"documents.csv", "facts.csv", "doc_refs.csv", "ingest_errors.csv"} <= {p.name for p in out.iterdir()}


def test_workers_give_the_same_rows_as_one_process(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("001_60471280b163b4aa.txt", "003_9cfe5bbcca39503b.txt"):
        shutil.copy(RAW / name, folder / name)
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    run_ingest([folder], db=one, workers=1, progress=False)
    run_ingest([folder], db=two, workers=2, progress=False)
    query = "SELECT metric, value, char_start FROM facts ORDER BY ALL"
    a, b = (warehouse.connect(p, read_only=True) for p in (one, two))
    assert a.execute(query).fetchall() == b.execute(query).fetchall()
    a.close(), b.close()
