"""The command line as a user runs it: help, line-for-line restore, exit statuses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cchc.cli import main
from tests.conftest import RAW

COMMANDS = ["ingest", "restore", "query", "export", "eval", "train", "report", "correct"]


def run_cchc(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cchc.cli", *args], input=stdin, capture_output=True, timeout=300)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str, capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert "usage: cchc" in capsys.readouterr().out


def test_restore_is_line_for_line_from_stdin() -> None:
    lines = ["Két qua thuc hién cong tac cai cach hanh chinh", "", "  S6 N6i vu tinh Hung Yén  ", "196/KH-UBND", "1.857"]
    result = run_cchc("restore", stdin="\n".join(lines).encode("utf-8"))
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode("utf-8").split("\n")
    assert out[-1] == "" and len(out) - 1 == len(lines)
    assert out[0] == "Kết quả thực hiện công tác cải cách hành chính"
    assert out[1] == "" and out[3] == "196/KH-UBND" and out[4] == "1.857"


def test_restore_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    ocr = (RAW / "003_9cfe5bbcca39503b.txt").read_text(encoding="utf-8")
    path.write_text(ocr, encoding="utf-8")
    result = run_cchc("restore", str(path))
    assert result.returncode == 0
    assert len(result.stdout.decode("utf-8").splitlines()) == len(ocr.splitlines())


def test_restore_refuses_non_utf8_clearly(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Hưng Yên".encode("cp1258", errors="ignore") + b"\xff\xfe\xfd")
    result = run_cchc("restore", str(path))
    assert result.returncode == 2
    assert b"not UTF-8" in result.stderr


def test_ingest_exit_status_reports_failures(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    db = tmp_path / "w.duckdb"
    result = run_cchc("ingest", str(folder), "--db", str(db), "--quiet")
    assert result.returncode == 1
    assert b"empty.txt" in result.stderr and b"1 failed" in result.stdout
