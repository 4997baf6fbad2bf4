"""The analysis notebook runs top to bottom on a warehouse and draws its charts."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc import warehouse

from tests.conftest import ROOT
from tests.review_fixtures import sample_warehouse, stages_available, tiny_warehouse

NOTEBOOK = ROOT / "notebooks" / "province_comparison.ipynb"


def run_notebook(db: Path, figures: Path, monkeypatch) -> str:
    """Execute the notebook against ``db``; all the text it printed or displayed."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    monkeypatch.setenv("CCHC_DB", str(db))
    monkeypatch.setenv("CCHC_FIGURES", str(figures))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    texts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                texts.append(output["text"])
            elif "data" in output:
                texts.append(output["data"].get("text/plain", ""))
    return "\n".join(texts)


def test_notebook_compares_provinces_and_draws_a_time_series(tmp_path: Path, monkeypatch) -> None:
    db = tiny_warehouse(tmp_path / "w.duckdb")
    text = run_notebook(db, tmp_path / "figures", monkeypatch)
    assert "3 documents from 2 provinces" in text
    # the comparison takes each province's latest figures: Hưng Yên's 2023 report, Hải Dương's 2022 one
    comparison = next(t for t in text.split("\n\n") if "dvc.online.total" in t and "Hải Dương" in t)
    assert "1350" in comparison and "1105" in comparison and "1912" in comparison
    assert "time series: 2 (Hưng Yên dvc.online.total; Hưng Yên tthc.total)" in text
    for chart in ("province_comparison.png", "time_series.png"):
        assert (tmp_path / "figures" / chart).stat().st_size > 10_000


@pytest.mark.skipif(not stages_available(), reason="restoration and extraction are not installed")
def test_notebook_runs_on_the_sample_reports(tmp_path: Path, monkeypatch) -> None:
    text = run_notebook(sample_warehouse(), tmp_path / "figures", monkeypatch)
    assert "4 documents from 2 provinces: Hưng Yên, Hải Dương" in text
    assert "time series:" in text
    assert (tmp_path / "figures" / "province_comparison.png").exists()


def test_notebook_is_stored_without_outputs_and_reads_the_cli_default_warehouse() -> None:
    nbformat = pytest.importorskip("nbformat")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells)
    source = "\n".join(cell.source for cell in notebook.cells)
    assert f'"CCHC_DB", "{warehouse.DEFAULT_DB.as_posix()}"' in source
