from pathlib import Path

from cchc.benchmarks import write_section


def test_each_evaluation_rewrites_only_its_own_section(tmp_path: Path) -> None:
    path = tmp_path / "BENCHMARKS.md"
    write_section("Restoration", "old restoration figures", path)
    write_section("Extraction", "extraction figures", path)
    write_section("Restoration", "new restoration figures", path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks")
    assert "old restoration" not in text and text.count("## Restoration") == 1
    assert "new restoration figures" in text and "extraction figures" in text
    assert text.index("## Restoration") < text.index("## Extraction")  # rewritten in place, order kept
