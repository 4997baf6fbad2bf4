"""The Vietnamese number parser: thousands dots, decimal commas, padding zeros, money scales."""

import pytest

from cchc.numbers import find_quantities, parse_number, parse_quantity, scale_of


@pytest.mark.parametrize(
    "text, value",
    [("1.857", 1857), ("57,72", 57.72), ("4.367,7", 4367.7), ("03", 3), ("1.144.868", 1144868), ("0,5", 0.5), ("12", 12)],
)
def test_vietnamese_numerals(text, value):
    num = parse_number(text)
    assert num is not None and num.value == pytest.approx(value) and num.certain


def test_ambiguous_separators_are_flagged():
    assert parse_number("1.5").certain is False  # an English decimal point, or OCR damage
    assert parse_number("2,345,678").value == 2345678 and parse_number("2,345,678").certain is False


@pytest.mark.parametrize("text", ["12.3.4", "1.23.456", "abc", "", "1,2,3"])
def test_not_numerals(text):
    assert parse_number(text) is None


def test_percent():
    q = parse_quantity("tỷ lệ đạt 64,35% kế hoạch")
    assert q.percent and q.value == pytest.approx(64.35)


@pytest.mark.parametrize(
    "text, value, word",
    [
        ("thu được 7.210,5 tỷ đồng", 7_210_500_000_000, "ty"),
        ("chi 356.120 triệu đồng", 356_120_000_000, "trieu"),
        ("vốn 2 nghìn tỷ đồng", 2_000_000_000_000, "nghin ty"),
        ("khoảng 15 ngàn tỷ", 15_000_000_000_000, "ngan ty"),
        ("12 ty dong", 12_000_000_000, "ty"),
    ],
)
def test_money_scales(text, value, word):
    q = parse_quantity(text)
    assert q.money and q.value == pytest.approx(value) and q.scale_word == word


def test_scale_words_any_spelling():
    assert scale_of("Tỷ") == 1e9 and scale_of("trieu") == 1e6 and scale_of("nghìn  tỷ") == 1e12 and scale_of("đồng") is None


def test_offsets_point_into_the_text():
    text = "Đã giải quyết 2.045 hồ sơ, đạt 97,1%."
    qs = find_quantities(text)
    assert [text[q.start : q.num_end] for q in qs] == ["2.045", "97,1"]
    assert [q.value for q in qs] == [2045, 97.1]


def test_numbers_glued_to_letters_are_not_figures():
    assert find_quantities("mã QL39 và ĐT376") == []
