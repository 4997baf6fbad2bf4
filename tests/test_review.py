"""`cchc report`: self-contained review pages with every fact highlighted where it was found."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cchc import warehouse
from cchc.cli import main
from cchc.corrections import Correction, record
from cchc.review.highlight import LineIndex, Mark, locate_in_restored, render_line
from cchc.review.report import format_value
from cchc.review.style import load_style
from tests.review_fixtures import DOCS, doc_id, fact_id, sample_warehouse, span_of, stages_available, tiny_warehouse


class Page(HTMLParser):
    """The parts of a review page the tests look at; also checks that tags are balanced."""

    VOID = {"meta", "input", "col", "br", "link", "img"}

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.marks: list[dict] = []  # attributes plus the text inside
        self.open_marks: list[dict] = []
        self.cells: list[tuple[str, str]] = []  # (class, text) of every td
        self.cell: list | None = None
        self.external: list[str] = []
        self.feed(text)
        self.close()
        assert not self.stack, f"unclosed tags: {self.stack}"

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("src", "href"):
            if a.get(key, "").startswith(("http:", "https:", "//")):
                self.external.append(a[key])
        if tag == "link":
            self.external.append(a.get("href", "link"))
        if tag not in self.VOID:
            self.stack.append(tag)
        if tag == "mark":
            a["text"] = ""
            self.marks.append(a)
            self.open_marks.append(a)
        if tag == "td":
            self.cell = [a.get("class", ""), ""]

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()
        if tag == "mark":
            self.open_marks.pop()
        if tag == "td" and self.cell is not None:
            self.cells.append(tuple(self.cell))
            self.cell = None

    def handle_data(self, data):
        for mark in self.open_marks:
            mark["text"] += data
        if self.cell is not None:
            self.cell[1] += data


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return tiny_warehouse(tmp_path / "w.duckdb")


def build(db: Path, out: Path, *doc_ids: str) -> None:
    assert main(["report", *doc_ids, "--out", str(out), "--db", str(db)]) == 0


def page_of(out: Path, key: str) -> Page:
    return Page((out / f"{doc_id(key)}.html").read_text(encoding="utf-8"))


def test_every_fact_is_highlighted_on_its_figure(tiny: Path, tmp_path: Path) -> None:
    build(tiny, tmp_path / "out")
    for key, doc in DOCS.items():
        page = page_of(tmp_path / "out", key)
        marks = {m["data-fact-id"]: m for m in page.marks if "data-fact-id" in m}
        assert len(marks) == len(doc["facts"])
        for n, fact in enumerate(doc["facts"]):
            mark = marks[fact_id(key, n)]
            assert mark["data-metric"] == fact.metric and mark["data-value"] == format_value(fact.value)
            assert mark["text"] == fact.written  # the restored text's figure, as printed
            assert f"fam-{fact.metric.split('.')[0]}" in mark["class"].split()
            assert ("low" in mark["class"].split()) == (fact.confidence < load_style().low_confidence)
            assert mark["data-confidence"] == f"{fact.confidence:.2f}" and mark["data-extractor"] == "test-rules"
            assert mark["data-subject"] == (fact.subject or "")


def test_the_original_ocr_line_stands_beside_the_restored_one(tiny: Path, tmp_path: Path) -> None:
    build(tiny, tmp_path / "out")
    page = page_of(tmp_path / "out", "hy2022h1")
    originals = [text for cls, text in page.cells if cls == "orig"]
    restored = [text for cls, text in page.cells if cls == "rest"]
    assert originals[: len(DOCS["hy2022h1"]["lines"])] == [o for o, _ in DOCS["hy2022h1"]["lines"]]
    assert restored[: len(DOCS["hy2022h1"]["lines"])] == [r for _, r in DOCS["hy2022h1"]["lines"]]


def test_family_colours_come_from_the_data_file(tiny: Path, tmp_path: Path) -> None:
    build(tiny, tmp_path / "out")
    html = (tmp_path / "out" / f"{doc_id('hy2022h1')}.html").read_text(encoding="utf-8")
    style = load_style()
    for family in ("tthc", "dvc", "dossiers"):
        assert re.search(rf"mark\.fact\.fam-{family} \{{ background: {re.escape(style.families[family].color)}", html)
    assert len({f.color for f in style.families.values()}) == len(style.families), "two families share a colour"


def test_pages_are_self_contained(tiny: Path, tmp_path: Path) -> None:
    build(tiny, tmp_path / "out")
    for path in (tmp_path / "out").glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert Page(text).external == [], path.name
        assert "<style>" in text and "<script>" in text and "<script src" not in text


def test_index_lists_documents_with_province_period_counts_and_links(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(tiny, out)
    page = Page((out / "index.html").read_text(encoding="utf-8"))
    html = (out / "index.html").read_text(encoding="utf-8")
    for key, doc in DOCS.items():
        row = re.search(rf'<tr data-doc-id="{doc_id(key)}">(.*?)</tr>', html, re.S).group(1)
        assert f'href="{doc_id(key)}.html"' in row and doc["province"] in row and doc["period"] in row
        assert f'<td class="num">{len(doc["facts"])}</td>' in row
    figure_rows = [m for m in re.findall(r'<tr data-fact-id="([^"]+)" data-metric', html)]
    assert len(figure_rows) == sum(len(d["facts"]) for d in DOCS.values())
    assert f'href="{doc_id("hd2022")}.html#f-{fact_id("hd2022", 2)}"' in html
    assert page.external == []


def test_corrections_show_on_the_page(tiny: Path, tmp_path: Path) -> None:
    con = warehouse.connect(tiny)
    record(con, Correction(fact_id("hy2022h1", 2), "correct", value=95.8, why="typo"))
    record(con, Correction(fact_id("hy2022h1", 1), "reject", why="duplicate"))
    con.close()
    build(tiny, tmp_path / "out", "hy2022h1")
    marks = {m["data-fact-id"]: m for m in page_of(tmp_path / "out", "hy2022h1").marks if "data-fact-id" in m}
    corrected, rejected = marks[fact_id("hy2022h1", 2)], marks[fact_id("hy2022h1", 1)]
    assert corrected["data-value"] == "95.8" and "corrected" in corrected["class"].split()
    assert rejected["data-status"] == "rejected" and "rejected" in rejected["class"].split()


def test_report_of_some_documents_and_unknown_ids(tiny: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    build(tiny, out, "hd2022")
    assert sorted(p.name for p in out.glob("*.html")) == sorted([f"{doc_id('hd2022')}.html", "index.html"])
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f'href="{doc_id("hy2023")}.html"' not in index  # no link to a page that was not written
    assert main(["report", "zzz", "--out", str(out), "--db", str(tiny)]) == 2
    assert "matches no documents" in capsys.readouterr().err


def test_the_restored_span_stored_in_the_warehouse_is_used(tiny: Path, tmp_path: Path) -> None:
    con = warehouse.connect(tiny)
    assert {"restored_start", "restored_end"} <= {r[0] for r in con.execute("DESCRIBE facts").fetchall()}
    restored = con.execute("SELECT restored_text FROM document_texts WHERE doc_id = ?", [doc_id("hd2022")]).fetchone()[0]
    start = restored.index("/63") + 1  # the rank fact points at "12"; say the extractor's span was the "63"
    con.execute("UPDATE facts SET restored_start = ?, restored_end = ? WHERE fact_id = ?",
                [start, start + 2, fact_id("hd2022", 2)])
    con.close()
    build(tiny, tmp_path / "out", "hd2022")
    marks = {m["data-fact-id"]: m for m in page_of(tmp_path / "out", "hd2022").marks if "data-fact-id" in m}
    assert marks[fact_id("hd2022", 2)]["text"] == "63"
    assert marks[fact_id("hd2022", 0)]["text"] == "1.912"  # no stored span: found on its line


def test_locate_picks_the_occurrence_nearest_the_original_position() -> None:
    original = "Tong s6 12 don vi, xep thu 12/63\n"
    restored = "Tổng số 12 đơn vị, xếp thứ 12/63\n"
    start = original.rindex("12/63")
    found = locate_in_restored(LineIndex(original), LineIndex(restored), start, start + 5, "12/63", None)
    assert restored[found.start:found.end] == "12/63"
    start = original.index("12")
    found = locate_in_restored(LineIndex(original), LineIndex(restored), start, start + 2, "12", None)
    assert (found.start, found.method) == (restored.index("12"), "same-line")


def test_locate_uses_the_restored_span_when_the_warehouse_has_it() -> None:
    text = "a 12 b 12\n"
    found = locate_in_restored(LineIndex(text), LineIndex(text), 2, 4, "12", None, (7, 9))
    assert (found.start, found.end, found.method) == (7, 9, "restored-span")


def test_render_line_nests_overlapping_marks_and_escapes_text() -> None:
    marks = [Mark(0, 5, (("class", "fact"), ("data-fact-id", "a"))),
             Mark(0, 5, (("class", "fact"), ("data-fact-id", "b"))),
             Mark(3, 8, (("class", "fact"), ("data-fact-id", "c")))]  # crosses the end of a and b
    html = render_line("30/58 <&> x", marks)
    page = Page(f"<div>{html}</div>")
    assert [m["data-fact-id"] for m in page.marks] == ["a", "b", "c"]
    assert page.marks[0]["text"] == "30/58" and page.marks[2]["text"] == "58"
    assert "&lt;&amp;&gt;" in html


@pytest.mark.skipif(not stages_available(), reason="restoration and extraction are not installed")
def test_every_fact_of_the_sample_reports_is_placed_in_its_restored_text(tmp_path: Path) -> None:
    db = sample_warehouse()
    out = tmp_path / "out"
    build(db, out)
    con = warehouse.connect(db, read_only=True)
    facts = con.execute("SELECT doc_id, fact_id, metric, value FROM facts").fetchall()
    con.close()
    by_doc: dict[str, dict] = {}
    for path in out.glob("*.html"):
        if path.name != "index.html":
            # a figure broken over two lines is two marks; the first carries the anchor id
            by_doc[path.stem] = {m["data-fact-id"]: m for m in Page(path.read_text(encoding="utf-8")).marks
                                 if m.get("id", "").startswith("f-")}
    assert len(by_doc) == 4 and facts
    for doc, fid, metric, value in facts:
        mark = by_doc[doc].get(fid)
        assert mark is not None, f"{metric} {value} of {doc} is not highlighted"
        assert mark["data-metric"] == metric and mark["data-value"] == format_value(value)
        assert re.search(r"\d", mark["text"]), mark


def test_span_helper_matches_the_fixture() -> None:
    # guards the fixture itself: each tiny fact's original span covers the figure as written
    for doc in DOCS.values():
        original = "\n".join(o for o, _ in doc["lines"])
        for fact in doc["facts"]:
            start, end = span_of(doc["lines"], fact)
            assert original[start:end] == fact.written
