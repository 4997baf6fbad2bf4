"""The period and date parser."""

from datetime import date

import pytest

from cchc.periods import find_dates, find_periods, parse_date, parse_period


@pytest.mark.parametrize(
    "label, start, end",
    [
        ("6 tháng đầu năm 2024", date(2024, 1, 1), date(2024, 6, 30)),
        ("06 tháng cuối năm 2021", date(2021, 7, 1), date(2021, 12, 31)),
        ("năm 2020", date(2020, 1, 1), date(2020, 12, 31)),
        ("quý III/2022", date(2022, 7, 1), date(2022, 9, 30)),
        ("Quý 2 năm 2021", date(2021, 4, 1), date(2021, 6, 30)),
        ("9 tháng năm 2024", date(2024, 1, 1), date(2024, 9, 30)),
        ("9 tháng đầu năm 2024", date(2024, 1, 1), date(2024, 9, 30)),
        ("tháng 2/2024", date(2024, 2, 1), date(2024, 2, 29)),
        ("giai đoạn 2021-2025", date(2021, 1, 1), date(2025, 12, 31)),
        ("từ ngày 15/01/2023 đến ngày 14/7/2023", date(2023, 1, 15), date(2023, 7, 14)),
    ],
)
def test_periods(label, start, end):
    p = parse_period(label)
    assert p is not None and (p.start, p.end) == (start, end)


def test_ocr_damaged_period_gets_canonical_label():
    p = parse_period("6 thang diu nam 2024")
    assert (p.start, p.end) == (date(2024, 1, 1), date(2024, 6, 30))
    assert p.label == "6 tháng đầu năm 2024"


def test_stripped_period():
    p = parse_period("6 thang cuoi nam 2019")
    assert (p.start, p.end) == (date(2019, 7, 1), date(2019, 12, 31))


@pytest.mark.parametrize(
    "text, expected",
    [("ngày 05 tháng 9 năm 2022", date(2022, 9, 5)), ("31/12/2020", date(2020, 12, 31)), ("ngay 7/3/2019", date(2019, 3, 7))],
)
def test_dates(text, expected):
    assert parse_date(text) == expected


def test_impossible_dates_are_rejected():
    assert parse_date("30/2/2021") is None
    assert parse_period("tháng 13/2021") is None


def test_a_worded_date_is_not_a_year_period():
    text = "Lạng Sơn, ngày 10 tháng 4 năm 2024 — kết quả quý I/2024"
    kinds = [p.kind for p in find_periods(text)]
    assert kinds == ["quarter"]
    assert [d for d, _, _ in find_dates(text)] == [date(2024, 4, 10)]


@pytest.mark.parametrize(
    "text, label, start, end",
    [
        ("tháng 9 năm 2024", "tháng 9 năm 2024", date(2024, 9, 1), date(2024, 9, 30)),
        ("Quý II-2024", "Quý II-2024", date(2024, 4, 1), date(2024, 6, 30)),
        ("nửa đầu năm 2024", "nửa đầu năm 2024", date(2024, 1, 1), date(2024, 6, 30)),
    ],
)
def test_more_period_spellings(text, label, start, end):
    p = parse_period(text)
    assert (p.label, p.start, p.end) == (label, start, end)


def test_a_period_without_its_year_borrows_the_next_one():
    got = [(p.label, p.start, p.end) for p in find_periods(
        "Báo cáo kết quả CCHC 6 tháng đầu năm và phương hướng, nhiệm vụ 6 tháng cuối năm 2023")]
    assert got == [("6 tháng đầu năm 2023", date(2023, 1, 1), date(2023, 6, 30)),
                   ("6 tháng cuối năm 2023", date(2023, 7, 1), date(2023, 12, 31))]
    got = [(p.label, p.start) for p in find_periods("Kết quả CCHC quý I và phương hướng quý II/2023")]
    assert got == [("quý I/2023", date(2023, 1, 1)), ("quý II/2023", date(2023, 4, 1))]
    assert [p.label for p in find_periods("quý I. Năm 2023 tỉnh ...")] == ["Năm 2023"]  # a sentence break stops it


def test_beginning_of_the_year_is_not_a_half_year():
    assert [(p.label, p.kind) for p in find_periods("Dự toán đầu năm 2022 là 100 tỷ")] == [("năm 2022", "year")]


def test_worded_date_with_or_without_ngay() -> None:
    from datetime import date

    from cchc.periods import parse_date

    assert parse_date("ngày 06 tháng 10 năm 2011") == date(2011, 10, 6)
    assert parse_date("06 tháng 10 năm 2011") == date(2011, 10, 6)
    assert parse_date("6 tháng đầu năm 2011") is None  # a period, not a date


def test_the_fourth_quarter_and_the_year_is_the_years_report():
    got = [(p.label, p.start, p.end) for p in find_periods("Kết quả công tác CCHC quý IV và năm 2024")]
    assert got == [("quý IV và năm 2024", date(2024, 1, 1), date(2024, 12, 31))]
    assert [p.start for p in find_periods("Kết quả CCHC quý IV/2024")] == [date(2024, 10, 1)]
