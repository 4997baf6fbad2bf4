"""The review pages in a real browser: Debian's Chromium, headless, offline, driven by Playwright.

Set CCHC_SCREENSHOTS to a folder to keep the screenshots the tests take.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cchc.cli import main
from tests.review_fixtures import DOCS, doc_id, fact_id, sample_warehouse, stages_available, tiny_warehouse

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (scripts/setup.sh)"),
]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    """One headless Chromium with a fresh profile for these tests; every request leaving file:// is refused."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, headless=True, args=FLAGS,
            viewport={"width": 1400, "height": 900})
        blocked: list[str] = []
        context.route(lambda url: not url.startswith("file:"), lambda route: (blocked.append(route.request.url),
                                                                              route.abort()))
        context.blocked = blocked
        yield context
        context.close()


def keep(shot: Path) -> None:
    if os.environ.get("CCHC_SCREENSHOTS"):
        folder = Path(os.environ["CCHC_SCREENSHOTS"])
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, folder / shot.name)


@pytest.fixture
def report(tmp_path: Path) -> Path:
    db = tiny_warehouse(tmp_path / "w.duckdb")
    out = tmp_path / "report"
    assert main(["report", "--out", str(out), "--db", str(db)]) == 0
    return out


def test_highlights_are_there_and_a_click_shows_the_details(browser, report: Path, tmp_path: Path) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto((report / f"{doc_id('hy2022h1')}.html").as_uri())
    marks = page.locator("mark[data-metric][data-value]")
    assert marks.count() == len(DOCS["hy2022h1"]["facts"])
    low = page.locator(f'mark[data-fact-id="{fact_id("hy2022h1", 2)}"]')
    assert "dashed" in low.evaluate("m => getComputedStyle(m).outlineStyle")
    colours = {marks.nth(i).evaluate("m => getComputedStyle(m).backgroundColor") for i in range(marks.count())}
    assert len(colours) == 3  # tthc, dossiers, dvc
    low.click()
    details = page.locator("#details")
    assert details.get_attribute("data-fact-id") == fact_id("hy2022h1", 2)
    text = details.inner_text()
    for expected in ("dossiers.on_time_rate", "98,5 %", "the whole reporting unit", "0.55", "test-rules",
                     "low confidence", f"cchc correct {fact_id('hy2022h1', 2)}"):
        assert expected in text, expected
    page.locator(f'mark[data-fact-id="{fact_id("hy2022h1", 4)}"]').click()
    assert "Sở Nội vụ" in details.inner_text() and "0.80" in details.inner_text()
    page.locator(f'mark[data-fact-id="{fact_id("hy2022h1", 2)}"]').click()  # back, for the screenshot
    shot = tmp_path / "review_page.png"
    page.screenshot(path=str(shot))
    keep(shot)
    assert shot.stat().st_size > 20_000
    assert errors == [] and browser.blocked == []


def test_from_the_index_to_a_figure_in_its_document(browser, report: Path, tmp_path: Path) -> None:
    page = browser.new_page()
    page.goto((report / "index.html").as_uri())
    rows = page.locator("#figures tbody tr")
    assert rows.count() == sum(len(d["facts"]) for d in DOCS.values())
    page.fill("#filter", "index.par Hải Dương")
    visible = page.locator("#figures tbody tr:not([hidden])")
    assert visible.count() == 1
    visible.locator("a").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"{doc_id('hd2022')}.html#f-{fact_id('hd2022', 2)}")
    assert page.locator("#details").get_attribute("data-fact-id") == fact_id("hd2022", 2)
    details = page.locator("#details").inner_text()
    assert "index.par.rank" in details and "rank of\t63" in details and "Hải Dương" not in details
    assert page.locator(f"#f-{fact_id('hd2022', 2)}").evaluate("m => m.classList.contains('selected')")
    shot = tmp_path / "index_page.png"
    page.goto((report / "index.html").as_uri())
    page.screenshot(path=str(shot))
    keep(shot)


@pytest.mark.skipif(not stages_available(), reason="restoration and extraction are not installed")
def test_a_sample_report_in_the_browser(browser, tmp_path: Path) -> None:
    out = tmp_path / "report"
    assert main(["report", "000_8cf367d925c35957.txt", "--out", str(out), "--db", str(sample_warehouse())]) == 0
    page_file = next(p for p in out.glob("*.html") if p.name != "index.html")
    page = browser.new_page()
    page.goto(page_file.as_uri())
    marks = page.locator("mark[data-metric]")
    assert marks.count() >= 10
    first = marks.first
    first.click()
    assert page.locator("#details").get_attribute("data-fact-id") == first.get_attribute("data-fact-id")
    assert first.get_attribute("data-metric") in page.locator("#details").inner_text()
    shot = tmp_path / "sample_report.png"
    page.screenshot(path=str(shot))
    keep(shot)
