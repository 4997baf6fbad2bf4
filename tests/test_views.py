"""The warehouse views: facts with their document's metadata, corrections applied, and the
province x period x metric views built on them; exports carry them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from cchc import warehouse
from cchc.corrections import Correction, record
from cchc.warehouse.output import export_warehouse
from tests.review_fixtures import doc_id, fact_id, fill_tiny, tiny_warehouse

VIEWS = ("fact_review", "fact_view", "metric_values", "metric_wide", "metric_latest")


@pytest.fixture
def con(tmp_path: Path):
    connection = warehouse.connect(tiny_warehouse(tmp_path / "w.duckdb"))
    yield connection
    connection.close()


def one(con, sql: str, params: list | None = None):
    return con.execute(sql, params or []).fetchone()


def test_fact_view_joins_province_period_and_issuer(con) -> None:
    row = one(con, "SELECT province, period_label, period_start, issuer, metric, value, status FROM fact_view "
                   "WHERE fact_id = ?", [fact_id("hd2022", 0)])
    assert row[0] == "Hải Dương" and row[1] == "năm 2022" and str(row[2]) == "2022-01-01"
    assert row[3] == "UBND tỉnh Hải Dương" and row[4:] == ("tthc.total", 1912.0, "extracted")
    assert one(con, "SELECT count(*) FROM fact_view")[0] == one(con, "SELECT count(*) FROM facts")[0] == 10


def test_rejected_fact_disappears_and_corrected_keeps_its_original(con) -> None:
    record(con, Correction(fact_id("hy2022h1", 1), "reject", why="counted twice", who="lan"))
    record(con, Correction(fact_id("hy2022h1", 2), "correct", value=95.8, why="OCR read 98,5", who="lan"))
    ids = {r[0] for r in con.execute("SELECT fact_id FROM fact_view").fetchall()}
    assert fact_id("hy2022h1", 1) not in ids and len(ids) == 9
    assert one(con, "SELECT status FROM fact_review WHERE fact_id = ?", [fact_id("hy2022h1", 1)]) == ("rejected",)
    row = one(con, "SELECT value, original_value, status, corrected_by, correction_why FROM fact_view "
                   "WHERE fact_id = ?", [fact_id("hy2022h1", 2)])
    assert row == (95.8, 98.5, "corrected", "lan", "OCR read 98,5")


def test_latest_correction_wins_and_accept_undoes_a_rejection(con) -> None:
    fid = fact_id("hd2022", 0)
    record(con, Correction(fid, "correct", value=1900), at=datetime(2024, 1, 1))
    record(con, Correction(fid, "reject", why="not a TTHC count"), at=datetime(2024, 2, 1))
    assert one(con, "SELECT count(*) FROM fact_view WHERE fact_id = ?", [fid]) == (0,)
    record(con, Correction(fid, "accept", why="it is, after all"), at=datetime(2024, 3, 1))
    assert one(con, "SELECT value, status FROM fact_view WHERE fact_id = ?", [fid]) == (1912.0, "accepted")


def test_subject_metric_and_unit_corrections(con) -> None:
    fid = fact_id("hy2022h1", 4)  # 45 online services of Sở Nội vụ
    record(con, Correction(fid, "correct", subject="Sở Tư pháp", metric="dvc.online.level4"))
    row = one(con, "SELECT subject, metric, family, original_subject, original_metric FROM fact_view WHERE fact_id = ?",
              [fid])
    assert row == ("Sở Tư pháp", "dvc.online.level4", "dvc", "Sở Nội vụ", "dvc.online.total")
    record(con, Correction(fid, "correct", subject=""))  # '' = the whole reporting unit
    assert one(con, "SELECT subject, metric FROM fact_view WHERE fact_id = ?", [fid]) == (None, "dvc.online.total")


def test_metric_values_one_row_per_province_period_metric_for_the_whole_unit(con) -> None:
    rows = con.execute("SELECT province, period_label, metric, value, n_facts FROM metric_values "
                       "WHERE metric = 'dvc.online.total' ORDER BY province, period_start").fetchall()
    # the 45 services of one department (a subject) are not the province's figure
    assert rows == [("Hưng Yên", "6 tháng đầu năm 2022", "dvc.online.total", 1200.0, 1),
                    ("Hưng Yên", "năm 2023", "dvc.online.total", 1350.0, 1),
                    ("Hải Dương", "năm 2022", "dvc.online.total", 1105.0, 1)]


def test_metric_values_prefers_checked_facts_and_flags_disagreement(con) -> None:
    # a second document of Hải Dương for the same period that says 1.950 TTHC, with more confidence
    con.execute("INSERT INTO documents SELECT * REPLACE ('hd2022bis0000000' AS doc_id, 'x.txt' AS source_path) "
                "FROM documents WHERE doc_id = ?", [doc_id("hd2022")])
    con.execute("INSERT INTO facts SELECT * REPLACE ('hdbis' AS fact_id, 'hd2022bis0000000' AS doc_id, "
                "1950.0 AS value, 0.99 AS confidence) FROM facts WHERE fact_id = ?", [fact_id("hd2022", 0)])
    query = "SELECT value, n_facts, n_values, min_value, max_value, checked FROM metric_values " \
            "WHERE province = 'Hải Dương' AND metric = 'tthc.total'"
    assert one(con, query) == (1950.0, 2, 2, 1912.0, 1950.0, False)
    record(con, Correction(fact_id("hd2022", 0), "accept", why="checked against the signed copy"))
    assert one(con, query) == (1912.0, 2, 2, 1912.0, 1950.0, True)


def test_metric_wide_has_a_row_per_province_and_period_and_a_column_per_metric(con) -> None:
    rows = con.execute('SELECT province, period_label, "tthc.total", "dvc.online.total", "index.par.rank" '
                       "FROM metric_wide ORDER BY province, period_start").fetchall()
    assert rows == [("Hưng Yên", "6 tháng đầu năm 2022", 1857.0, 1200.0, None),
                    ("Hưng Yên", "năm 2023", 1880.0, 1350.0, None),
                    ("Hải Dương", "năm 2022", 1912.0, 1105.0, 12.0)]


def test_metric_wide_has_a_column_for_every_catalog_metric(con) -> None:
    catalog = pytest.importorskip("cchc.extractors.catalog")
    columns = {r[0] for r in con.execute("DESCRIBE metric_wide").fetchall()}
    missing = {m.id for m in catalog.load_catalog()} - columns
    assert not missing, f"add these metrics to metric_wide in a new migration: {sorted(missing)}"


def test_metric_latest_takes_the_most_recent_period(con) -> None:
    rows = dict(con.execute("SELECT metric, value FROM metric_latest WHERE province = 'Hưng Yên'").fetchall())
    assert rows["dvc.online.total"] == 1350.0 and rows["tthc.total"] == 1880.0  # 2023 beats the first half of 2022
    assert rows["tthc.level.province"] == 1302.0  # given only in 2022
    record(con, Correction(fact_id("hy2023", 0), "reject", why="a plan, not a result"))
    assert one(con, "SELECT value, period_label FROM metric_latest WHERE province = 'Hưng Yên' "
                    "AND metric = 'dvc.online.total'") == (1200.0, "6 tháng đầu năm 2022")


def test_corrections_survive_the_rewrite_of_facts_on_reingest(con) -> None:
    record(con, Correction(fact_id("hy2022h1", 0), "correct", value=1875, why="digits swapped"))
    # what load.write_document does for a re-ingested document: delete its rows, insert them again
    con.execute("DELETE FROM facts")
    con.execute("DELETE FROM pages")
    con.execute("DELETE FROM document_texts")
    con.execute("DELETE FROM documents")
    con.execute("DELETE FROM metrics")
    fill_tiny(con)
    assert one(con, "SELECT value, original_value FROM fact_view WHERE fact_id = ?",
               [fact_id("hy2022h1", 0)]) == (1875.0, 1857.0)


def test_exports_carry_the_views_and_corrections(con, tmp_path: Path) -> None:
    record(con, Correction(fact_id("hy2022h1", 2), "correct", value=95.8, why="typo"))
    csv_out = tmp_path / "csv"
    export_warehouse(con, csv_out, "csv")
    names = {p.name for p in csv_out.iterdir()}
    assert {f"{v}.csv" for v in VIEWS} | {"corrections.csv", "metrics.csv"} <= names
    parquet_out = tmp_path / "parquet"
    export_warehouse(con, parquet_out, "parquet")
    reader = duckdb.connect()
    exported = reader.execute(
        f"SELECT value, original_value FROM read_parquet('{(parquet_out / 'fact_view').as_posix()}/**/*.parquet', "
        f"hive_partitioning = true) WHERE fact_id = ?", [fact_id("hy2022h1", 2)]).fetchone()
    assert exported == (95.8, 98.5)


def test_an_older_warehouse_with_data_gets_the_views(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)")
    version, name, sql = warehouse.migrations()[0]
    con.execute(sql)
    con.execute("INSERT INTO schema_version VALUES (?, ?, now())", [version, name])
    con.close()
    con = warehouse.connect(path)  # as version 1 wrote it, then upgraded
    fill_tiny(con)
    assert one(con, "SELECT count(*) FROM fact_view")[0] == 10
    assert {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()} >= set(VIEWS)
    con.close()
