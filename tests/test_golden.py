"""Extraction against the hand-written golden files (tests/golden/*.jsonl): on the original inputs,
on the 002 units with their diacritics stripped, and on those units rendered and OCR'd with
Tesseract (the OCR output is cached in tests/data/extract/). Floors sit just under the measured
figures, so any regression fails."""

import pytest

from cchc.extractors.evaluate import GOLDEN_DIR, OCR_DIR, evaluate, load_golden

pytestmark = pytest.mark.skipif(not list(GOLDEN_DIR.glob("*.jsonl")), reason="no golden files")

# mode: (facts precision, facts F1, citations F1, metadata accuracy)
FLOORS = {
    "original": (0.98, 0.98, 0.98, 0.97),
    "stripped": (0.97, 0.97, 0.96, 0.97),
    "ocr": (0.97, 0.95, 0.95, 0.95),
}


@pytest.fixture(scope="module")
def goldens():
    return load_golden()


@pytest.mark.parametrize("mode", sorted(FLOORS))
def test_golden_extraction(goldens, mode):
    if mode == "ocr" and not list(OCR_DIR.glob("*.ocr.txt")):
        pytest.skip("no OCR cache; run python -m cchc.extractors.evaluate --build-ocr")
    report = evaluate(mode, goldens)
    p_floor, f1_floor, cite_floor, meta_floor = FLOORS[mode]
    overall = report.overall
    detail = "\n".join(report.errors[:40])
    assert overall.tp > 0, "nothing matched"
    assert overall.precision >= p_floor, f"precision {overall.precision:.3f}\n{detail}"
    assert overall.f1 >= f1_floor, f"F1 {overall.f1:.3f}\n{detail}"
    assert report.refs.f1 >= cite_floor, f"citations F1 {report.refs.f1:.3f}\n{detail}"
    assert report.meta_accuracy >= meta_floor, f"metadata {report.meta_accuracy:.3f}\n{detail}"


def test_golden_files_are_well_formed(goldens):
    from cchc.extractors.catalog import metric_index

    metrics = metric_index()
    for g in goldens:
        lines = g.source_text().split("\n")
        a = g.doc["lines"][0]
        for f in g.facts:
            assert f["metric"] in metrics and metrics[f["metric"]].unit == f["unit"], (g.path.name, f)
            assert f["quote"] in lines[f["line"] - a], (g.path.name, f)
