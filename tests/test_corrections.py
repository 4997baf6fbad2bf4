"""`cchc correct`: one fact at a time or a CSV the researcher edits; checked, recorded with who/when/why,
idempotent, and still applied after the document is ingested again."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from cchc import warehouse
from cchc.cli import main
from cchc.corrections import CorrectionError, parse_value
from tests.conftest import RAW
from tests.review_fixtures import fact_id, stages_available, tiny_warehouse


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return tiny_warehouse(tmp_path / "w.duckdb")


def query(db: Path, sql: str, capsys) -> list[dict]:
    capsys.readouterr()
    assert main(["query", sql, "--db", str(db), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def corrections(db: Path) -> list[tuple]:
    con = warehouse.connect(db, read_only=True)
    try:
        return con.execute("SELECT fact_id, action, value, who, why, was_value, was_metric FROM corrections "
                           "ORDER BY correction_id").fetchall()
    finally:
        con.close()


def test_correct_a_value_and_see_it_in_query(tiny: Path, capsys) -> None:
    fid = fact_id("hy2022h1", 2)
    assert main(["correct", fid, "--value", "95,8", "--why", "OCR read 98,5", "--who", "lan", "--db", str(tiny)]) == 0
    assert "recorded" in capsys.readouterr().out
    rows = query(tiny, f"SELECT value, original_value, status, corrected_by FROM fact_view WHERE fact_id = '{fid}'",
                 capsys)
    assert rows == [{"value": 95.8, "original_value": 98.5, "status": "corrected", "corrected_by": "lan"}]
    assert corrections(tiny) == [(fid, "correct", 95.8, "lan", "OCR read 98,5", 98.5, "dossiers.on_time_rate")]


def test_reject_needs_a_reason_and_then_hides_the_fact(tiny: Path, capsys) -> None:
    fid = fact_id("hd2022", 2)
    assert main(["correct", fid, "--reject", "--db", str(tiny)]) == 2
    assert "reason" in capsys.readouterr().err
    assert main(["correct", fid, "--reject", "--why", "rank of a department", "--db", str(tiny)]) == 0
    assert query(tiny, f"SELECT count(*) AS n FROM fact_view WHERE fact_id = '{fid}'", capsys) == [{"n": 0}]


def test_who_defaults_to_the_environment(tiny: Path, monkeypatch) -> None:
    monkeypatch.setenv("CCHC_USER", "minh")
    assert main(["correct", fact_id("hd2022", 0), "--accept", "--db", str(tiny)]) == 0
    assert corrections(tiny)[0][3] == "minh"


@pytest.mark.parametrize("args, message", [
    (["nosuchfact", "--value", "3"], "no fact"),
    ([fact_id("hy2022h1", 0), "--value", "1.857"], "whole number"),  # a count written with a thousands dot
    ([fact_id("hy2022h1", 0), "--value", "abc"], "not a number"),
    ([fact_id("hy2022h1", 0), "--metric", "tthc.bogus"], "not a metric"),
    ([fact_id("hy2022h1", 0), "--why", "no change given"], "nothing to correct"),
    ([fact_id("hy2022h1", 0), "--accept", "--unit", "percent"], "takes no new value"),
])
def test_bad_corrections_are_refused_and_nothing_is_recorded(tiny: Path, capsys, args, message) -> None:
    assert main(["correct", *args, "--db", str(tiny)]) == 2
    assert message in capsys.readouterr().err
    assert corrections(tiny) == []


def test_a_correction_given_twice_is_recorded_once(tiny: Path, capsys) -> None:
    args = ["correct", fact_id("hy2022h1", 0), "--value", "1875", "--why", "digits", "--db", str(tiny)]
    assert main(args) == 0 and main(args) == 0
    assert "nothing changed" in capsys.readouterr().out
    assert len(corrections(tiny)) == 1


def test_parse_value_reads_both_notations() -> None:
    assert parse_value("1857") == 1857 and parse_value("98.5") == 98.5 and parse_value("98,5") == 98.5
    assert parse_value("4.367,7") == 4367.7 and parse_value("-7") == -7
    with pytest.raises(CorrectionError):
        parse_value("nan")


def fill(template: Path, edits: dict[str, dict[str, str]]) -> Path:
    with template.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        columns, rows = reader.fieldnames, list(reader)
    for row in rows:
        row.update(edits.get(row["fact_id"], {}))
    with template.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return template


def test_csv_template_round_trip(tiny: Path, tmp_path: Path, capsys) -> None:
    template = tmp_path / "corrections.csv"
    assert main(["correct", "--template", str(template), "--doc", "hy2022h1", "--db", str(tiny)]) == 0
    with template.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 5 and rows[0]["province"] == "Hưng Yên" and rows[0]["action"] == ""
    fill(template, {
        fact_id("hy2022h1", 0): {"new_value": "1875", "why": "digits swapped"},
        fact_id("hy2022h1", 1): {"action": "reject", "why": "duplicate"},
        fact_id("hy2022h1", 4): {"new_subject": "Sở Tư pháp", "who": "an"},
    })
    assert main(["correct", "--file", str(template), "--who", "lan", "--db", str(tiny)]) == 0
    assert "3 corrections recorded" in capsys.readouterr().out
    view = {r["fact_id"]: r for r in query(tiny, "SELECT fact_id, value, subject, status FROM fact_review", capsys)}
    assert view[fact_id("hy2022h1", 0)]["value"] == 1875 and view[fact_id("hy2022h1", 1)]["status"] == "rejected"
    assert view[fact_id("hy2022h1", 4)]["subject"] == "Sở Tư pháp"
    assert [r[3] for r in corrections(tiny)] == ["lan", "lan", "an"]
    assert main(["correct", "--file", str(template), "--db", str(tiny)]) == 0  # applying it again changes nothing
    assert "0 corrections recorded, 3 already recorded" in capsys.readouterr().out


def test_a_csv_with_a_bad_row_applies_nothing(tiny: Path, tmp_path: Path, capsys) -> None:
    template = tmp_path / "c.csv"
    main(["correct", "--template", str(template), "--db", str(tiny)])
    fill(template, {fact_id("hy2022h1", 0): {"new_value": "1875"},
                    fact_id("hd2022", 2): {"action": "reject"}})  # no reason
    assert main(["correct", "--file", str(template), "--db", str(tiny)]) == 1
    err = capsys.readouterr().err
    assert "reason" in err and "nothing applied" in err and ":" in err.split("reason")[0]
    assert corrections(tiny) == []


def test_list_shows_corrections_whose_fact_is_gone(tiny: Path, capsys) -> None:
    main(["correct", fact_id("hd2022", 0), "--value", "1900", "--why", "x", "--db", str(tiny)])
    con = warehouse.connect(tiny)
    con.execute("DELETE FROM facts WHERE fact_id = ?", [fact_id("hd2022", 0)])  # as if its file had changed
    con.close()
    capsys.readouterr()
    assert main(["correct", "--list", "--db", str(tiny)]) == 0
    out = capsys.readouterr().out
    assert fact_id("hd2022", 0) in out and "no (its file changed)" in out


@pytest.mark.skipif(not stages_available(), reason="restoration and extraction are not installed")
def test_correction_survives_a_real_reingest(tmp_path: Path, capsys) -> None:
    from cchc.pipeline.runner import run_ingest

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(RAW / "003_9cfe5bbcca39503b.txt", folder / "report.txt")
    db = tmp_path / "w.duckdb"
    run_ingest([folder], db=db, progress=False, say=lambda _: None)
    first = query(db, "SELECT fact_id, value FROM fact_view ORDER BY char_start LIMIT 1", capsys)[0]
    assert main(["correct", first["fact_id"], "--value", str(int(first["value"]) + 1), "--why", "test",
                 "--db", str(db)]) == 0
    summary = run_ingest([folder], db=db, force=True, progress=False, say=lambda _: None)
    assert summary.loaded, "the document was not rewritten"
    again = query(db, f"SELECT value, original_value FROM fact_view WHERE fact_id = '{first['fact_id']}'", capsys)
    assert again == [{"value": int(first["value"]) + 1, "original_value": first["value"]}]
