"""Document codes are data: letters repaired only from the gazetteer, digits never touched."""

import pytest

from cchc.extractors.doc_refs import canonical_number
from cchc.gazetteers.doc_codes import known_parts, repair_code


@pytest.mark.parametrize("damaged, fixed", [
    ("ND-CP", "NĐ-CP"),
    ("NDP-CP", "NĐ-CP"),
    ("NB-CP", "NĐ-CP"),
    ("QD-BNV", "QĐ-BNV"),
    ("Qb-UBND", "QĐ-UBND"),
    ("62/2020/ND-CP", "62/2020/NĐ-CP"),
    ("3396/QD-UBND", "3396/QĐ-UBND"),
    ("45/NQ-HDND", "45/NQ-HĐND"),
    ("134/KH-HDPH", "134/KH-HĐPH"),
    ("4744/BTNMT-TCQLDD", "4744/BTNMT-TCQLĐĐ"),
    ("1684/NQ-UBTVQHI5", "1684/NQ-UBTVQH15"),
])
def test_repairs_ocr_variants(damaged: str, fixed: str) -> None:
    assert repair_code(damaged) == fixed


@pytest.mark.parametrize("code", ["196/KH-UBND", "27/BC-UBND", "05/NQ/TW", "15/CT-TTg", "01/2024/TT-BNV",
                                  "12/QĐ-UBND", "62/2020/NĐ-CP", "02/CT-CTUBND", "3143/QĐ-CTUBND", "215/KLKT-STP"])
def test_known_codes_unchanged(code: str) -> None:
    assert repair_code(code) == code


@pytest.mark.parametrize("damaged, fixed", [
    ("06/QD-TT", "06/QĐ-TTg"), ("468/QĐ-TTs", "468/QĐ-TTg"), ("274/QD-TTeg", "274/QĐ-TTg"),
    ("19/2014/QD-TTsg", "19/2014/QĐ-TTg"), ("15/CT-TT", "15/CT-TTg"),
])
def test_the_prime_ministers_g_lost_by_ocr(damaged: str, fixed: str) -> None:
    assert canonical_number(damaged) == fixed


@pytest.mark.parametrize("code", ["01/2024/TT-BNV", "3/QĐ-TTr", "12/KH-TTPVHCC"])
def test_other_codes_with_tt_keep_their_letters(code: str) -> None:
    assert canonical_number(code) == code


@pytest.mark.parametrize("code", ["XYZ-CP", "12/ABCD-UBND", "7/Q-UBNDX"])
def test_unknown_parts_are_not_guessed(code: str) -> None:
    assert repair_code(code) is None


def test_digits_never_change() -> None:
    for code in ("62/2020/ND-CP", "106/2020/NB-CP", "3396/Qb-UBND"):
        fixed = repair_code(code)
        assert fixed is not None
        assert [c for c in fixed if c.isdigit()] == [c for c in code if c.isdigit()]


def test_gazetteer_has_core_parts() -> None:
    assert {"NĐ", "CP", "QĐ", "TTg", "UBND", "HĐND", "KH", "BC", "TB", "NQ", "TW", "CT", "TT", "BNV"} <= known_parts()
