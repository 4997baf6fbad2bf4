"""The province gazetteer (63 legacy, 34 current, and the 2025 merger map)."""

import pytest

from cchc.gazetteers.provinces import (
    current_provinces, districts, dominant_province, from_current, legacy_provinces, lookup, source_version, to_current,
)


def test_counts_and_source():
    assert len(legacy_provinces()) == 63
    assert len(current_provinces()) == 34
    assert source_version().startswith("vietnamadminunits")


@pytest.mark.parametrize(
    "name, code",
    [("Hung Yén", "33"), ("Tuyén Quang", "08"), ("Hai Dwong", "30"), ("QUẢNG NGÃI", "51"), ("tỉnh Bắc Ninh", "27"),
     ("Bà Rịa - Vũng Tàu", "77"), ("Thừa Thiên Huế", "46"), ("Đắk Lắk", "66"), ("Ha Tinh", "42")],
)
def test_lookup_garbled_names(name, code):
    prov = lookup(name)
    assert prov is not None and prov.code == code


def test_lookup_rejects_non_names():
    assert lookup("cải cách") is None
    assert lookup("xyz") is None


def test_merger_map():
    assert to_current("30").name == "Hải Phòng"  # Hải Dương merged into Hải Phòng
    assert to_current("01").name == "Hà Nội"
    merged = {p.name for p in from_current(to_current("27").code)}
    assert {"Bắc Ninh", "Bắc Giang"} == merged


def test_every_legacy_province_maps_to_a_current_one():
    assert all(to_current(p.code) is not None for p in legacy_provinces())


def test_dominant_province_in_ocr_text():
    text = "UY BAN NHAN DAN\nTINH NGHE AN\nBao cao ket qua CCHC cua tinh Nghé An nam 2023; hop tac voi tinh Ha Tinh."
    assert dominant_province(text).name == "Nghệ An"


def test_districts():
    names = {d.name for d in districts("33")}
    assert "Yên Mỹ" in names and len(names) == 10


def test_a_renamed_province_keeps_its_former_name_for_earlier_dates() -> None:
    from datetime import date

    from cchc.gazetteers.provinces import lookup, name_in_force

    hue = lookup("Thừa Thiên Huế")
    assert hue is not None and hue.code == "46"
    assert name_in_force(hue, date(2023, 6, 16)).name == "Thừa Thiên Huế"
    assert name_in_force(hue, date(2025, 3, 1)).name == "Huế"
    assert name_in_force(lookup("Hưng Yên"), date(2023, 6, 16)).name == "Hưng Yên"
