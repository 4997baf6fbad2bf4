"""Warehouses for the review, view, correction, notebook and browser tests.

``tiny_warehouse`` writes a few hand-made rows (two provinces, three periods, OCR-mangled original
text beside its restoration) so those tests do not depend on the restoration and extraction models;
``sample_warehouse`` ingests the real sample reports once per test run.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from cchc import warehouse
from tests.conftest import RAW

# (original line as OCR gave it, restored line): restoration keeps every newline.
HY_LINES = [
    ("UY BAN NHAN DAN TINH HUNG YEN", "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN"),
    ("BAO CAO Két qua cong tac cai cach hanh chinh 6 thang dau nam 2022",
     "BÁO CÁO Kết quả công tác cải cách hành chính 6 tháng đầu năm 2022"),
    ("Tinh da cong bé 1.857 thu tuc hanh chinh, trong do cap tinh 1.302 TTHC.",
     "Tỉnh đã công bố 1.857 thủ tục hành chính, trong đó cấp tỉnh 1.302 TTHC."),
    ("Ty 1é hé so giai quyét dung han dat 98,5%.", "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,5%."),
    ("Cung cap 1.200 dich vu cong truc tuyén, S6 Noi vu 45 dich vu.",
     "Cung cấp 1.200 dịch vụ công trực tuyến, Sở Nội vụ 45 dịch vụ."),
]
HY_2023_LINES = [
    ("UY BAN NHAN DAN TINH HUNG YEN", "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN"),
    ("Nam 2023 tinh cung cap 1.350 dich vu cong truc tuyén.", "Năm 2023 tỉnh cung cấp 1.350 dịch vụ công trực tuyến."),
    ("Tong s6 TTHC 1.880 thu tuc.", "Tổng số TTHC 1.880 thủ tục."),
]
HD_LINES = [
    ("UY BAN NHAN DAN TINH HAI DUONG", "ỦY BAN NHÂN DÂN TỈNH HẢI DƯƠNG"),
    ("Tong s6 TTHC 1.912 thu tuc; 1.105 dich vu cong truc tuyén.",
     "Tổng số TTHC 1.912 thủ tục; 1.105 dịch vụ công trực tuyến."),
    ("Chi s6 PAR INDEX xep thu 12/63.", "Chỉ số PAR INDEX xếp thứ 12/63."),
]


@dataclass(frozen=True)
class TinyFact:
    metric: str
    line: int
    written: str  # the figure as it appears on that line of the original
    value: float
    unit: str
    confidence: float
    subject: str | None = None
    occurrence: int = 0  # which occurrence on the line


DOCS = {
    "hy2022h1": dict(lines=HY_LINES, province="Hưng Yên", code="33", period="6 tháng đầu năm 2022",
                     start=date(2022, 1, 1), end=date(2022, 6, 30), doc_date=date(2022, 6, 15), facts=[
                         TinyFact("tthc.total", 2, "1.857", 1857, "count", 0.95),
                         TinyFact("tthc.level.province", 2, "1.302", 1302, "count", 0.9),
                         TinyFact("dossiers.on_time_rate", 3, "98,5", 98.5, "percent", 0.55),
                         TinyFact("dvc.online.total", 4, "1.200", 1200, "count", 0.85),
                         TinyFact("dvc.online.total", 4, "45", 45, "count", 0.8, subject="Sở Nội vụ"),
                     ]),
    "hy2023": dict(lines=HY_2023_LINES, province="Hưng Yên", code="33", period="năm 2023",
                   start=date(2023, 1, 1), end=date(2023, 12, 31), doc_date=date(2023, 12, 20), facts=[
                       TinyFact("dvc.online.total", 1, "1.350", 1350, "count", 0.9),
                       TinyFact("tthc.total", 2, "1.880", 1880, "count", 0.9),
                   ]),
    "hd2022": dict(lines=HD_LINES, province="Hải Dương", code="30", period="năm 2022",
                   start=date(2022, 1, 1), end=date(2022, 12, 31), doc_date=date(2023, 3, 1), facts=[
                       TinyFact("tthc.total", 1, "1.912", 1912, "count", 0.92),
                       TinyFact("dvc.online.total", 1, "1.105", 1105, "count", 0.88),
                       TinyFact("index.par.rank", 2, "12", 12, "rank", 0.6),
                   ]),
}


def doc_id(key: str) -> str:
    return f"{key:0<16}"[:16]


def fact_id(key: str, n: int) -> str:
    return f"{key[:8]}{n:08d}"


def span_of(lines: list[tuple[str, str]], fact: TinyFact, restored: bool = False) -> tuple[int, int]:
    texts = [r if restored else o for o, r in lines]
    offset = sum(len(t) + 1 for t in texts[: fact.line])
    at = -1
    for _ in range(fact.occurrence + 1):
        at = texts[fact.line].index(fact.written, at + 1)
    return offset + at, offset + at + len(fact.written)


def fill_tiny(con) -> None:
    """Insert the three tiny documents and their facts into an open, migrated warehouse."""
    now = datetime(2024, 1, 1, 12, 0)
    for key, doc in DOCS.items():
        lines = doc["lines"]
        original = "\n".join(o for o, _ in lines) + "\n"
        restored = "\n".join(r for _, r in lines) + "\n"
        did = doc_id(key)
        con.execute(
            "INSERT INTO documents (doc_id, source_path, sha256, province, province_code, issuer, doc_number, doc_date,"
            " report_kind, period_label, period_start, period_end, title, ingested_at, reader, n_pages, pipeline_version)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [did, f"data/raw/{key}.txt", did * 4, doc["province"], doc["code"], f"UBND tỉnh {doc['province']}",
             f"{len(key)}/BC-UBND", doc["doc_date"], "báo cáo", doc["period"], doc["start"], doc["end"],
             f"Báo cáo CCHC {doc['period']}", now, "txt:utf-8", 1, "test"],
        )
        con.execute("INSERT INTO document_texts VALUES (?, ?, ?)", [did, original, restored])
        con.execute("INSERT INTO pages VALUES (?, 1, 0, ?, false)", [did, len(original)])
        for n, fact in enumerate(doc["facts"]):
            start, end = span_of(lines, fact)
            con.execute(
                "INSERT INTO facts (fact_id, doc_id, metric, value, unit, subject, as_of, rank_of, page, char_start,"
                " char_end, source_text, evidence, confidence, extractor)"
                " VALUES (?, ?, ?, ?, ?, ?, NULL, ?, 1, ?, ?, ?, ?, ?, 'test-rules')",
                [fact_id(key, n), did, fact.metric, fact.value, fact.unit, fact.subject,
                 63 if fact.unit == "rank" else None, start, end, original[start:end], lines[fact.line][1],
                 fact.confidence],
            )
    con.executemany("INSERT INTO metrics VALUES (?, ?, ?, ?)", [
        ("tthc.total", "tthc", "count", "total TTHC"), ("tthc.level.province", "tthc", "count", "provincial TTHC"),
        ("dossiers.on_time_rate", "dossiers", "percent", "on-time rate"),
        ("dvc.online.total", "dvc", "count", "online public services"),
        ("dvc.online.level4", "dvc", "count", "level-4 online public services"),
        ("index.par.rank", "index", "rank", "PAR INDEX rank"),
    ])


def tiny_warehouse(path: Path) -> Path:
    con = warehouse.connect(path)
    try:
        fill_tiny(con)
    finally:
        con.close()
    return path


_SAMPLE: dict[str, object] = {}


def stages_available() -> bool:
    try:
        from cchc.extractors import extract  # noqa: F401
        from cchc.restoration import restore  # noqa: F401
    except ImportError:
        return False
    return True


def sample_warehouse() -> Path:
    """A warehouse of every sample report in data/raw, ingested once per test process."""
    if "db" not in _SAMPLE and "failed" not in _SAMPLE:
        from cchc.pipeline.runner import run_ingest

        folder = Path(tempfile.mkdtemp(prefix="cchc-sample-"))
        atexit.register(shutil.rmtree, folder, True)
        db = folder / "warehouse.duckdb"
        summary = run_ingest([RAW], db=db, progress=False, say=lambda _: None)
        if summary.exit_status != 0:
            _SAMPLE["failed"] = summary.failed  # one slow failing ingest per run, not one per test
        else:
            _SAMPLE["db"] = db
    assert "failed" not in _SAMPLE, f"the sample reports did not ingest: {_SAMPLE.get('failed')}"
    return _SAMPLE["db"]
