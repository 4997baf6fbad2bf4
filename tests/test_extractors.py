"""Each extractor on sentences written for the test (not taken from the sample reports)."""

from datetime import date

import pytest

from cchc.extractors import extract
from cchc.extractors.catalog import load_catalog
from cchc.extractors.normalize import match_form
from cchc.extractors.subjects import canonical_unit, normalize_subject, unit_named_in

REPORT = """UỶ BAN NHÂN DÂN
TỈNH NGHỆ AN
Số: 412/BC-UBND
Nghệ An, ngày 12 tháng 7 năm 2024
BÁO CÁO
Kết quả công tác cải cách hành chính 6 tháng đầu năm 2024
và phương hướng nhiệm vụ 6 tháng cuối năm 2024

Thực hiện Kế hoạch số 88/KH-UBND ngày 05/01/2024 của UBND tỉnh về cải cách hành chính năm 2024.
Kế hoạch CCHC năm 2024 của tỉnh đã hoàn thành 41/67 nhiệm vụ (đạt 61,19%).
Trong 6 tháng đầu năm 2024, HĐND tỉnh đã ban hành 07 Nghị quyết, UBND tỉnh đã ban hành 22 Quyết định quy phạm pháp luật.
Chủ tịch UBND tỉnh đã ban hành 12 Quyết định công bố danh mục TTHC với tổng số 356 TTHC, trong đó: công bố mới 140 TTHC; sửa đổi, bổ sung 96 TTHC; bãi bỏ 120 TTHC.
Tổng số TTHC thực hiện theo cơ chế một cửa thuộc thẩm quyền giải quyết của địa phương là 1.902 TTHC, trong đó: cấp tỉnh là 1.511, cấp huyện là 260, cấp xã là 131.
Toàn tỉnh đã tiếp nhận 254.300 hồ sơ, đã giải quyết 250.112 hồ sơ.
Tính đến hết tháng 6/2024, tổng chi ngân sách là 9.876,5 tỷ đồng, đạt 41,2% so với dự toán.
Chỉ số CCHC (PAR INDEX) năm 2023 của tỉnh xếp thứ 18/63, tăng 6 bậc.
Kết quả Chỉ số CCHC của các sở tăng bậc: Sở Xây dựng (tăng 4 bậc), UBND huyện Nghi Lộc (giảm 2 bậc).
Tuyển dụng công chức đối với 35 người (Sở Tư pháp: 03 người; Sở Y tế: 11 người).
Phấn đấu đến năm 2025 giảm tối thiểu 10% biên chế, tỷ lệ hồ sơ trực tuyến đạt 80%.
Sở Nội vụ trân trọng báo cáo./.
"""


@pytest.fixture(scope="module")
def result():
    return extract(REPORT)


def facts_of(result, metric):
    return [(f.value, f.subject) for f in result.facts if f.metric == metric]


def test_catalog_covers_the_spec():
    ids = {m.id for m in load_catalog()}
    assert {"tthc.total", "dossiers.on_time_rate", "budget.spend.investment", "index.dti.rank", "survey.forms"} <= ids
    assert len(ids) == 85
    assert all(m.unit in {"count", "percent", "vnd", "rank", "score"} for m in load_catalog())


def test_ratio_gives_done_total_and_rate(result):
    assert facts_of(result, "plan.tasks.done") == [(41, None)]
    assert facts_of(result, "plan.tasks.total") == [(67, None)]
    assert facts_of(result, "plan.tasks.rate") == [(61.19, None)]


def test_documents_issued(result):
    assert facts_of(result, "docs.issued.resolutions") == [(7, None)]
    assert facts_of(result, "docs.issued.decisions") == [(22, None)]
    assert facts_of(result, "tthc.announce_decisions") == [(12, None)]


def test_announced_procedures(result):
    assert facts_of(result, "tthc.announced.total") == [(356, None)]
    assert facts_of(result, "tthc.announced.new") == [(140, None)]
    assert facts_of(result, "tthc.announced.amended") == [(96, None)]
    assert facts_of(result, "tthc.announced.abolished") == [(120, None)]


def test_levels_and_one_stop(result):
    assert facts_of(result, "tthc.one_stop") == [(1902, None)]
    assert facts_of(result, "tthc.level.province") == [(1511, None)]
    assert facts_of(result, "tthc.level.district") == [(260, None)]
    assert facts_of(result, "tthc.level.commune") == [(131, None)]


def test_dossiers(result):
    assert facts_of(result, "dossiers.received") == [(254300, None)]
    assert facts_of(result, "dossiers.resolved") == [(250112, None)]


def test_money_with_as_of_and_follow_up_percent(result):
    spend = [f for f in result.facts if f.metric == "budget.spend.actual"]
    assert len(spend) == 1 and spend[0].value == pytest.approx(9_876_500_000_000)
    assert spend[0].as_of == date(2024, 6, 30)
    assert facts_of(result, "budget.spend.pct_plan") == [(41.2, None)]


def test_rank_and_rank_change(result):
    ranks = [f for f in result.facts if f.metric == "index.par.rank"]
    assert [(f.value, f.rank_of) for f in ranks] == [(18, 63)]
    changes = facts_of(result, "index.par.rank_change")
    assert (6, None) in changes and (4, "Sở Xây dựng") in changes and (-2, "UBND huyện Nghi Lộc") in changes


def test_breakdown_by_unit_gets_subjects(result):
    recruited = facts_of(result, "staff.recruited")
    assert (35, None) in recruited and (3, "Sở Tư pháp") in recruited and (11, "Sở Y tế") in recruited


def test_targets_are_not_results(result):
    assert facts_of(result, "staff.quota_reduced") == []
    assert facts_of(result, "dossiers.online_rate") == []


def test_no_fact_from_dates_codes_or_years(result):
    values = {f.value for f in result.facts}
    assert not values & {2024, 2025, 412, 88, 5, 12.0 * 0 + 2023}


def test_provenance(result):
    for f in result.facts:
        assert REPORT[f.span.start : f.span.end].strip(), f
        assert 0 < f.confidence <= 1 and f.extractor.startswith("rule:") and f.evidence
    f = next(f for f in result.facts if f.metric == "tthc.one_stop")
    assert REPORT[f.span.start : f.span.end] == "1.902"
    assert "cơ chế một cửa" in f.evidence


def test_doc_refs(result):
    refs = [(r.kind, r.number, r.date, r.issuer) for r in result.doc_refs]
    assert refs == [("Kế hoạch", "88/KH-UBND", date(2024, 1, 5), "UBND tỉnh")]  # the report's own number is not a citation


def test_metadata(result):
    m = result.metadata
    assert (m.province, m.province_code) == ("Nghệ An", "40")
    assert m.issuer == "UBND tỉnh"
    assert m.doc_number == "412/BC-UBND" and m.doc_date == date(2024, 7, 12)
    assert m.report_kind == "báo cáo"
    assert (m.period_label, m.period_start, m.period_end) == ("6 tháng đầu năm 2024", date(2024, 1, 1), date(2024, 6, 30))
    assert m.title.startswith("Kết quả công tác cải cách hành chính 6 tháng đầu năm 2024")


@pytest.mark.parametrize(
    ("unit_line", "issuer"),
    [
        ("XÃ MỸ HIỆP", "UBND xã Mỹ Hiệp"),  # a commune formed in 2025, in no gazetteer
        ("PHƯỜNG HÀ GIANG 1", "UBND phường Hà Giang 1"),
        ("THỊ TRẤN CHỜ", "UBND thị trấn Chờ"),
        ("TỈNH ĐỒNG THÁP", "UBND tỉnh"),
        ("THÀNH PHỐ HÀ NỘI", "UBND thành phố"),  # a city ranking as a province
        ("Xã Mỹ HIỆP", "UBND xã Mỹ Hiệp"),  # restoration lowered part of the capitals
    ],
)
def test_letterhead_local_unit_is_the_issuer(unit_line, issuer):
    text = (
        f"   ỦY BAN NHÂN DÂN                  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n   {unit_line}"
        "                   Độc lập - Tự do - Hạnh phúc\n\n   Số: 186/BC-UBND        ngày 16 tháng 12 năm 2025\n"
        "\n                BÁO CÁO\nKết quả công tác cải cách hành chính năm 2025\n"
    )
    assert extract(text).metadata.issuer == issuer


@pytest.mark.parametrize(
    ("letterhead", "issuer"),
    [
        # restoration misread the district ("Được Trong"); the gazetteer of the province spells it
        ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nHUYỆN ĐƯỢC TRONG Độc lập - Tự do - Hạnh phúc\n\n"
         "Số: 412/BC-UBND Lâm Đồng, ngày 11 tháng 12 năm 2023\n", "UBND huyện Đức Trọng"),
        ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nTHỊ Xã NINH HOÁ Độc [lập - Tự do - Hạnh phúc\n\n"
         "Số: 46/TL-UBND Khánh Hòa, ngày 14 tháng 7 năm 2023\n", "UBND thị xã Ninh Hòa"),  # "[" read in the motto
        # "SỞ NỘI VỤ" lost to OCR: the number's issuer segment names the department
        ("UBND TỈNH QUẢNG NGÃI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nNe) NỘI Vụ Độc lập - Tự do - Hạnh phúc\n\n"
         "Số: 1186/BC-SNV Quảng Ngãi, ngày 16 tháng 6 năm 2023\n", "Sở Nội vụ"),
        ("UBND TỈNH QUẢNG NGÃI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nNe) NỘI Vụ Độc lập - Tự do - Hạnh phúc\n\n"
         "Số: 1186/BC-UBND Quảng Ngãi, ngày 16 tháng 6 năm 2023\n", "UBND tỉnh"),
    ],
)
def test_issuer_of_an_ocr_damaged_letterhead(letterhead, issuer):
    assert extract(letterhead + "\nBÁO CÁO\nKết quả công tác cải cách hành chính năm 2023\n").metadata.issuer == issuer


def test_ocr_damaged_citations_are_repaired():
    text = "Thuc hien Nghi dinh s6 45/2023/ND-CP ngay 03/7/2023 cua Chinh phu va Quyet dinh so 1204/Qb-UBND ngay 2/8/2023 cua UBND tinh."
    refs = extract(text).doc_refs
    assert [(r.kind, r.number, r.date, r.issuer) for r in refs] == [
        ("Nghị định", "45/2023/NĐ-CP", date(2023, 7, 3), "Chính phủ"),
        ("Quyết định", "1204/QĐ-UBND", date(2023, 8, 2), "UBND tỉnh"),
    ]


def test_list_of_citations_shares_date_and_issuer():
    text = "Thực hiện Nghị quyết số 21-NQ/TW, Nghị quyết số 22-NQ/TW ngày 10/3/2019 của Ban Chấp hành Trung ương Đảng."
    refs = extract(text).doc_refs
    assert [(r.number, r.date, r.issuer) for r in refs] == [
        ("21-NQ/TW", date(2019, 3, 10), "Ban Chấp hành Trung ương Đảng"),
        ("22-NQ/TW", date(2019, 3, 10), "Ban Chấp hành Trung ương Đảng"),
    ]


def test_citation_inside_a_link_is_ignored():
    assert extract("xem https://example.vn/van-ban?so=12/2020/TT-BNV nhé").doc_refs == ()


def test_unit_contribution_subjects():
    text = (
        "ĐƠN VỊ: UBND HUYỆN NGHI LỘC\nNâng cao hiệu quả Bộ phận Một cửa\n\n"
        "Bộ phận một cửa của huyện tiếp nhận 812 hồ sơ. Kết quả: đã giải quyết 790 hồ sơ.\n"
        "Bộ phận một cửa tại các xã, thị trấn tiếp nhận 9.310 hồ sơ.\n"
        "Toàn tỉnh đã tiếp nhận 150.000 hồ sơ.\n"
    )
    r = extract(text)
    got = [(f.metric, f.value, f.subject) for f in r.facts]
    assert ("dossiers.received", 812, "UBND huyện Nghi Lộc") in got
    assert ("dossiers.resolved", 790, "UBND huyện Nghi Lộc") in got
    assert ("dossiers.received", 9310, "UBND các xã, thị trấn huyện Nghi Lộc") in got
    assert ("dossiers.received", 150000, None) in got
    assert r.metadata.report_kind == "tham luận" and r.metadata.issuer == "UBND huyện Nghi Lộc"


def test_ambiguous_numbers_are_skipped():
    # "đạt 75%" with no named unit and no metric phrase: not a catalog figure
    assert extract("Kết quả đạt 75% so với cùng kỳ, có 12 đơn vị tham gia.").facts == ()


def test_match_form_keeps_length_and_undoes_lookalikes():
    text = "S6 N6i vu bao cao 1a 30/58 nhiém vu cu6i nam"
    form = match_form(text)
    assert len(form) == len(text)
    assert form.startswith("so noi vu bao cao la 30/58 nhiem vu cuoi nam")


def test_subject_names():
    assert canonical_unit("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH") == "Sở Văn hóa, Thể thao và Du lịch"
    assert normalize_subject("UBND huyện Kim Động") == normalize_subject("huyện Kim Động")
    assert normalize_subject("Liên minh HTX tỉnh") == normalize_subject("Liên minh Hợp tác xã")


def test_component_index_ranks_are_not_the_index():
    text = "Chỉ số PCI năm 2023 của tỉnh xếp thứ 21/63. Chỉ số thành phần “Tính minh bạch” xếp thứ 9, tăng 12 bậc."
    got = [(f.metric, f.value) for f in extract(text).facts]
    assert ("index.pci.rank", 21) in got
    assert all(m != "index.pci.rank_change" for m, _ in got)


def test_unit_rank_among_districts_keeps_the_unit():
    text = "ĐƠN VỊ: UBND THỊ XÃ MỸ HÀO\nKết quả cải cách hành chính\n\nChỉ số CCHC của thị xã:\n+ Năm 2022: xếp vị trí thứ 2/10 huyện, thị xã, thành phố;\n"
    facts = [(f.metric, f.value, f.rank_of, f.subject) for f in extract(text).facts]
    assert facts == [("index.par.rank", 2, 10, "UBND thị xã Mỹ Hào")]


def test_provincial_figures_in_a_department_contribution_have_no_subject():
    text = "ĐƠN VỊ: SỞ TÀI CHÍNH\nTham luận\n\nTổng thu ngân sách đạt 12.345 tỷ đồng, đạt 101,5% kế hoạch năm.\n"
    facts = [(f.metric, f.value, f.subject) for f in extract(text).facts]
    assert ("budget.revenue.actual", 12_345_000_000_000, None) in facts
    assert ("budget.revenue.pct_plan", 101.5, None) in facts


def test_common_phrasings_of_results():
    text = (
        "Kết quả giải quyết hồ sơ: tổng số hồ sơ tiếp nhận là 45.210 hồ sơ, trong đó: trực tuyến 30.100 hồ sơ "
        "(đạt 66,6%); đã giải quyết 44.900 hồ sơ, trong đó đúng hạn 44.850 hồ sơ (đạt 99,9%), quá hạn 50 hồ sơ.\n"
        "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC đạt 72%.\n"
        "Toàn tỉnh cung cấp 1.120 dịch vụ công trực tuyến toàn trình, 540 dịch vụ công trực tuyến một phần.\n"
        "Tổ chức 05 lớp tập huấn nghiệp vụ CCHC cho 450 lượt người. Kiểm tra công tác CCHC tại 15 cơ quan, đơn vị.\n"
        "Tiếp nhận 120 phản ánh, kiến nghị. Phát hành 3.500 phiếu điều tra xã hội học; dân số 1.200.000 người.\n"
        "Chỉ số chuyển đổi số (DTI) năm 2023 của tỉnh xếp thứ 25/63.\n"
    )
    got = {(f.metric, f.value) for f in extract(text).facts}
    assert got == {
        ("dossiers.received", 45210), ("dossiers.online", 30100), ("dossiers.online_rate", 66.6),
        ("dossiers.resolved", 44900), ("dossiers.on_time", 44850), ("dossiers.on_time_rate", 99.9),
        ("dossiers.late", 50), ("dossiers.digitized_rate", 72), ("dvc.online.full", 1120),
        ("dvc.online.partial", 540), ("training.classes", 5), ("training.participants", 450),
        ("inspection.units", 15), ("feedback.received", 120), ("survey.forms", 3500), ("index.dti.rank", 25),
    }


def test_report_template_phrasings():
    text = (
        "- Tổng số TTHC thuộc thẩm quyền giải quyết của tỉnh: 1.925 TTHC; trong đó: cấp tỉnh: 1.530; cấp huyện: 265; cấp xã: 130.\n"
        "- Số TTHC được công bố trong kỳ: 215 (công bố mới 80; sửa đổi, bổ sung 75; bãi bỏ 60).\n"
        "- Số quy trình nội bộ được phê duyệt: 96 quy trình.\n"
        "- Rà soát, đánh giá 45 TTHC, đề nghị đơn giản hóa 12 TTHC.\n"
        "- Số DVCTT toàn trình: 812; DVCTT một phần: 600; tỷ lệ DVCTT toàn trình đạt 57,5%.\n"
        "- Số hồ sơ tiếp nhận: 120.450; số hồ sơ đã giải quyết: 118.300, trong đó trước và đúng hạn 117.900 (đạt 99,66%), quá hạn 400.\n"
        "- Số cơ quan, đơn vị được kiểm tra công tác CCHC: 20.\n"
        "- Kế hoạch vốn đầu tư công năm 2024 được giao là 8.000 tỷ đồng; đã giải ngân 4.100 tỷ đồng, đạt 51,2% kế hoạch.\n"
        "- Chỉ số PAPI năm 2023 đạt 43,21 điểm, xếp thứ 9/63, giảm 3 bậc.\n"
    )
    got = {(f.metric, f.value) for f in extract(text).facts}
    assert got == {
        ("tthc.total", 1925), ("tthc.level.province", 1530), ("tthc.level.district", 265), ("tthc.level.commune", 130),
        ("tthc.announced.total", 215), ("tthc.announced.new", 80), ("tthc.announced.amended", 75),
        ("tthc.announced.abolished", 60), ("tthc.internal_procedures", 96), ("tthc.reviewed", 45),
        ("tthc.simplification_proposed", 12), ("dvc.online.full", 812), ("dvc.online.partial", 600),
        ("dvc.online.full_share", 57.5), ("dossiers.received", 120450), ("dossiers.resolved", 118300),
        ("dossiers.on_time", 117900), ("dossiers.on_time_rate", 99.66), ("dossiers.late", 400),
        ("inspection.units", 20), ("invest.public.plan", 8e12), ("invest.public.disbursed", 4.1e12),
        ("invest.public.disbursed_pct", 51.2), ("index.papi.score", 43.21), ("index.papi.rank", 9),
        ("index.papi.rank_change", -3),
    }


def test_issuer_under_its_parent_body_and_province_from_district():
    m = extract("UBND TỈNH NGHỆ AN\nSỞ NỘI VỤ\nSố: 123/BC-SNV\nBÁO CÁO\nKết quả CCHC quý I/2024\n\nThực hiện ...").metadata
    assert (m.issuer, m.doc_number, m.period_label) == ("Sở Nội vụ", "123/BC-SNV", "quý I/2024")
    m = extract("UY BAN NHAN DAN\nHUYEN NGHI LOC\nSo: 12/BC-UBND\nBAO CAO\nKet qua cong tac CCHC nam 2023\n\nCan cu ...").metadata
    assert (m.province, m.province_code, m.issuer) == ("Nghệ An", "40", "UBND huyện Nghi Lộc")


def test_unknown_unit_in_a_breakdown_is_not_reported_as_provincial():
    text = "Tuyển dụng viên chức năm 2023 (Sở Xây dựng: 03 người trúng tuyển; Hội Xyz Abc: 04 người trúng tuyển)."
    got = [(f.metric, f.value, f.subject) for f in extract(text).facts]
    assert got == [("staff.recruited", 3, "Sở Xây dựng")]


# ---------------------------------------------------------------- phrasings of other provinces' reports
def _got(text):
    return {(f.metric, f.value) for f in extract(text).facts}


@pytest.mark.parametrize(
    "text, expected",
    [
        (  # Quảng Ninh style: index score, rank and change in one sentence
            "Chỉ số CCHC năm 2022 của tỉnh Quảng Ninh đạt 91,12%, xếp thứ 1/63 tỉnh, thành phố, tăng 2 bậc so với năm 2021.",
            {("index.par.score", 91.12), ("index.par.rank", 1), ("index.par.rank_change", 2)},
        ),
        (  # rank written "thứ hạng N trên M"
            "Chỉ số năng lực cạnh tranh cấp tỉnh (PCI) năm 2022 đạt 65,4 điểm, xếp thứ hạng 39 trên 63 tỉnh, thành phố.",
            {("index.pci.score", 65.4), ("index.pci.rank", 39)},
        ),
        (  # score after the rank
            "Chỉ số chuyển đổi số cấp tỉnh (DTI) năm 2022 của Đà Nẵng xếp thứ 2/63, đạt 0,6543 điểm.",
            {("index.dti.rank", 2), ("index.dti.score", 0.6543)},
        ),
        (
            "Chỉ số cải cách hành chính năm 2023 của tỉnh Lào Cai đạt 88,43%, đứng thứ 12 trên 63 tỉnh, thành phố.",
            {("index.par.score", 88.43), ("index.par.rank", 12)},
        ),
        (
            "Chỉ số hài lòng về sự phục vụ hành chính SIPAS năm 2023 của tỉnh tiếp tục duy trì thứ hạng cao với 84,15%.",
            {("index.sipas.score", 84.15)},
        ),
        (
            "Trong quý I/2023, toàn tỉnh tiếp nhận 125.430 hồ sơ, trong đó trực tuyến 56.210 hồ sơ (đạt 44,8%).",
            {("dossiers.received", 125430), ("dossiers.online", 56210), ("dossiers.online_rate", 44.8)},
        ),
        (
            "Số hồ sơ tiếp nhận trong kỳ: 45.678 hồ sơ (kỳ trước chuyển sang 1.234 hồ sơ); số hồ sơ đã giải quyết: 44.321 hồ sơ; "
            "trong đó giải quyết trước hạn, đúng hạn 44.100 hồ sơ, tỷ lệ 99,5%; trễ hạn 221 hồ sơ.",
            {("dossiers.received", 45678), ("dossiers.resolved", 44321), ("dossiers.on_time", 44100),
             ("dossiers.on_time_rate", 99.5), ("dossiers.late", 221)},
        ),
        (
            "Tỉnh đã cung cấp 1.458 DVCTT, trong đó toàn trình 984, một phần 474.",
            {("dvc.online.total", 1458), ("dvc.online.full", 984), ("dvc.online.partial", 474)},
        ),
        (
            "Huyện đã cung cấp 191 TTHC dịch vụ công mức độ 4, 253 TTHC dịch vụ công mức độ 3.",
            {("dvc.online.level4", 191), ("dvc.online.level3", 253)},
        ),
        (
            "- Dịch vụ công trực tuyến mức độ 3: 1331 thủ tục;\n- Dịch vụ công trực tuyến mức độ 4: 392 thủ tục.",
            {("dvc.online.level3", 1331), ("dvc.online.level4", 392)},
        ),
        (
            "Cổng Dịch vụ công tỉnh đã tích hợp 1.450 DVCTT lên Cổng Dịch vụ công quốc gia.",
            {("dvc.online.national_portal", 1450)},
        ),
        (  # number first, kind after: "60 TTHC mới ban hành, 120 TTHC sửa đổi, bổ sung, 65 TTHC bị bãi bỏ"
            "Chủ tịch UBND tỉnh Cà Mau đã ban hành 15 Quyết định công bố danh mục 245 TTHC, trong đó: 60 TTHC mới ban hành, "
            "120 TTHC sửa đổi, bổ sung, 65 TTHC bị bãi bỏ.",
            {("tthc.announce_decisions", 15), ("tthc.announced.total", 245), ("tthc.announced.new", 60),
             ("tthc.announced.amended", 120), ("tthc.announced.abolished", 65)},
        ),
        (
            "Tỉnh có 2.012 TTHC, trong đó: cấp tỉnh 1.578 TTHC; cấp huyện 279 TTHC; cấp xã 155 TTHC.",
            {("tthc.total", 2012), ("tthc.level.province", 1578), ("tthc.level.district", 279), ("tthc.level.commune", 155)},
        ),
        (
            "Giải ngân vốn đầu tư công đến 31/3/2023 đạt 1.234,5 tỷ đồng, đạt 15,2% kế hoạch vốn giao.",
            {("invest.public.disbursed", 1.2345e12), ("invest.public.disbursed_pct", 15.2)},
        ),
        (
            "Thu ngân sách nhà nước quý I/2023 đạt 3.456 tỷ đồng, bằng 25,6% dự toán.",
            {("budget.revenue.actual", 3.456e12), ("budget.revenue.pct_plan", 25.6)},
        ),
        (
            "Trong năm, các cơ quan, đơn vị đã số hóa 234.567 hồ sơ, đạt tỷ lệ 56,7%.",
            {("dossiers.digitized", 234567), ("dossiers.digitized_rate", 56.7)},
        ),
        (
            "Kế hoạch CCHC năm 2023 đề ra 45 nhiệm vụ, đến nay đã hoàn thành 12 nhiệm vụ, đạt 26,7%.",
            {("plan.tasks.total", 45), ("plan.tasks.done", 12), ("plan.tasks.rate", 26.7)},
        ),
        (
            "Thực hiện 12/15 nhiệm vụ theo kế hoạch CCHC năm 2024 (đạt 80%).",
            {("plan.tasks.done", 12), ("plan.tasks.total", 15), ("plan.tasks.rate", 80)},
        ),
        (
            "Hệ thống quản lý văn bản và điều hành đã tiếp nhận 245.600 văn bản đến, phát hành 123.400 văn bản đi.",
            {("edocs.received", 245600), ("edocs.sent", 123400)},
        ),
        ("Tiếp nhận và xử lý 35 phản ánh, kiến nghị của cá nhân, tổ chức.", {("feedback.received", 35)}),
        (
            "Trung tâm đã tiếp nhận 12.345 hồ sơ, đã trả kết quả 12.000 hồ sơ, trong đó trả kết quả đúng hạn 11.900 hồ sơ.",
            {("dossiers.received", 12345), ("dossiers.resolved", 12000), ("dossiers.on_time", 11900)},
        ),
        ("Tổ chức 12 lớp tập huấn về CCHC cho 1.500 lượt cán bộ, công chức.", {("training.classes", 12), ("training.participants", 1500)}),
        ("Năm 2023, toàn tỉnh đã tinh giản 120 biên chế.", {("staff.quota_reduced", 120)}),
        (
            "Sở Tư pháp tiến hành thẩm định đúng tiến độ, có chất lượng đối với 33 dự thảo VBQPPL và rà soát thường xuyên đối với 312 VBQPPL.",
            {("legal.drafts_appraised", 33), ("legal.docs_reviewed", 312)},
        ),
        (
            "Sở Nội vụ đã tham mưu UBND tỉnh sắp xếp, giảm 12 đơn vị sự nghiệp công lập và 3 phòng chuyên môn.",
            {("org.units_reduced", 12), ("org.units_reduced", 3)},
        ),
    ],
)
def test_phrasings_of_other_provinces(text, expected):
    assert _got(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Phấn đấu 100% hồ sơ được giải quyết đúng hạn; tỷ lệ hồ sơ trực tuyến đạt tối thiểu 50%; giảm 10% biên chế.",
        "Chỉ tiêu đến năm 2025: tỷ lệ hồ sơ trực tuyến đạt 80%, tỷ lệ số hóa đạt 100%.",
        "Phấn đấu năm 2025 Chỉ số CCHC đạt trên 90%, xếp trong nhóm 10 tỉnh dẫn đầu; Chỉ số SIPAS đạt trên 85%.",
        "Mục tiêu đến năm 2025, 80% hồ sơ được số hóa; 100% DVC đủ điều kiện được cung cấp toàn trình.",
        "Dự kiến tuyển dụng 250 công chức trong năm 2024; kế hoạch năm 2024 phấn đấu tiếp nhận 150.000 hồ sơ trực tuyến.",
        "Mọi phản ánh xin gọi đường dây nóng 0203.3826.123 hoặc tổng đài 1022; liên hệ số 12 đường Trần Phú.",
        "Theo Điều 12 Nghị định số 61/2018/NĐ-CP, hồ sơ được tiếp nhận tại Bộ phận Một cửa; dịch vụ công mức độ 3, 4.",
        "Điều 5, khoản 2 Thông tư 01/2023/TT-VPCP quy định 03 mức độ.",
        "Cung cấp dịch vụ công trực tuyến mức độ 3, 4 cho 100% TTHC đủ điều kiện.",
        "Chỉ số thành phần Cải cách TTHC đạt 12,5/14 điểm, xếp thứ 8/63.",
        "Tổng số hồ sơ tồn kỳ trước chuyển sang là 1.234 hồ sơ.",
        "Số đơn vị xếp loại Tốt là 15 đơn vị, giảm 2 đơn vị so với năm 2022.",
        "Tỷ lệ hài lòng của người dân, tổ chức đối với việc giải quyết TTHC đạt 98,5%.",
        "Tỷ lệ thanh toán trực tuyến đạt 35%; tỷ lệ cấp bản sao điện tử đạt 20%.",
        "Tỉnh có 9 huyện, 1 thành phố, 152 xã, phường, thị trấn với dân số 1.250.000 người.",
        "Đề xuất áp dụng dịch vụ công trực tuyến mức độ 3 đối với 13 TTHC, mức độ 4 đối với 10 TTHC trong tổng 23 TTHC.",
        "Năm 2021, chỉ số thiết chế pháp lý và an ninh trật tự xếp thứ 43/63 tỉnh, thành với 6,93 điểm; giảm 34 bậc.",
        "Phấn đấu năm 2025 Chỉ số CCHC đạt 90%, xếp thứ 10/63.",
        "Mục tiêu năm 2024: Chỉ số SIPAS đạt 85%. Năm 2023, Chỉ số PAPI của tỉnh phấn đấu tăng 5 bậc.",
        "Bộ phận Một cửa tiếp nhận 250 hồ sơ qua dịch vụ bưu chính công ích.",
        "Toàn tỉnh có 25.678 cán bộ, công chức, viên chức và 1.123 đơn vị sự nghiệp công lập được xếp loại.",
    ],
)
def test_targets_plans_codes_and_components_give_nothing(text):
    assert _got(text) == set()


def test_early_and_on_time_counted_apart_are_not_the_on_time_count():
    got = _got("Đã giải quyết 348.000 hồ sơ (trước hạn 120.000, đúng hạn 225.000, quá hạn 3.000).")
    assert got == {("dossiers.resolved", 348000), ("dossiers.late", 3000)}


def test_rank_and_score_of_a_named_unit_share_its_subject():
    facts = [(f.metric, f.value, f.subject) for f in extract(
        "Năm 2023, Chỉ số CCHC của Sở Xây dựng đạt 87,5%, xếp thứ 5/20 sở, ngành. "
        "Kết quả Chỉ số CCHC năm 2022: Sở Tư pháp đạt 91,2%; UBND huyện Bảo Thắng đạt 88,4%.").facts]
    assert facts == [
        ("index.par.score", 87.5, "Sở Xây dựng"), ("index.par.rank", 5, "Sở Xây dựng"),
        ("index.par.score", 91.2, "Sở Tư pháp"), ("index.par.score", 88.4, "UBND huyện Bảo Thắng"),
    ]


def test_yearly_ranks_of_a_district_without_totals():
    text = ("ĐƠN VỊ: UBND HUYỆN BẢO THẮNG\nTham luận\n\nChỉ số CCHC của huyện vẫn đứng ở tốp cuối so với các huyện "
            "trong tỉnh (năm 2018 đứng thứ 9/9, 2019 thứ 8, 2020 thứ 5 và năm 2021 đứng thứ 6).\n")  # a series, not a comparison
    facts = [(f.metric, f.value, f.rank_of, f.subject) for f in extract(text).facts]
    assert facts == [("index.par.rank", v, of, "UBND huyện Bảo Thắng") for v, of in ((9, 9), (8, None), (5, None), (6, None))]


def test_cơ_quan_is_not_a_district():
    facts = extract("Mức độ hài lòng của người dân về sự phục vụ của cơ quan hành chính đạt 87,3%.").facts
    assert [f.subject for f in facts] == [None]


def test_the_same_facts_without_diacritics():
    text = ("Chi so CCHC nam 2022 cua tinh dat 85,12%, xep thu 15/63, tang 3 bac so voi nam 2021. "
            "Toan tinh tiep nhan 125.430 ho so, trong do truc tuyen 56.210 ho so (dat 44,8%).")
    assert _got(text) == {("index.par.score", 85.12), ("index.par.rank", 15), ("index.par.rank_change", 3),
                          ("dossiers.received", 125430), ("dossiers.online", 56210), ("dossiers.online_rate", 44.8)}


@pytest.mark.parametrize(
    "head, province, issuer, period",
    [
        ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ ĐÀ NẴNG\nSố: 301/BC-UBND\nĐà Nẵng, ngày 20 tháng 12 năm 2022\nBÁO CÁO\n"
         "Kết quả thực hiện công tác cải cách hành chính năm 2022\n\nThực hiện ...", "Đà Nẵng", "UBND thành phố", "năm 2022"),
        ("ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU\nSố: 210/BC-UBND\nCà Mau, ngày 05 tháng 10 năm 2025\nBÁO CÁO\n"
         "Kết quả công tác cải cách hành chính quý III năm 2025\n\nThực hiện ...", "Cà Mau", "UBND tỉnh", "quý III năm 2025"),
        ("UBND TỈNH LÀO CAI\nSỞ NỘI VỤ\nSố: 88/BC-SNV\nBÁO CÁO\nKết quả cải cách hành chính quý I và phương hướng, "
         "nhiệm vụ quý II/2023\n\nCăn cứ ...", "Lào Cai", "Sở Nội vụ", "quý I/2023"),
        ("UBND TỈNH CÀ MAU\nVĂN PHÒNG\nSố: 5/BC-VP\nBÁO CÁO\nKết quả CCHC 9 tháng đầu năm 2023\n\nCăn cứ ...",
         "Cà Mau", "Văn phòng UBND tỉnh", "9 tháng đầu năm 2023"),
        ("UBND TỈNH ĐỒNG NAI\nBAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH\nSố: 12/BC-BCĐ\nBÁO CÁO\nKết quả CCHC năm 2023\n\nThực hiện ...",
         "Đồng Nai", "Ban Chỉ đạo CCHC tỉnh", "năm 2023"),
    ],
)
def test_metadata_of_other_provinces(head, province, issuer, period):
    m = extract(head).metadata
    assert (m.province, m.issuer, m.period_label) == (province, issuer, period)


@pytest.mark.parametrize(
    "year, code",
    [("2024", "10"), ("2025", "15")],  # Lào Cai before the July 2025 merger, and the new Lào Cai after it
)
def test_province_code_follows_the_era_of_the_report(year, code):
    head = (f"ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 512/BC-UBND\nLào Cai, ngày 06 tháng 10 năm {year}\nBÁO CÁO\n"
            f"Kết quả công tác cải cách hành chính quý III năm {year}\n")
    m = extract(head).metadata
    assert (m.province, m.province_code) == ("Lào Cai", code)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("- Số văn bản chỉ đạo, điều hành về CCHC đã ban hành: 15 văn bản.", {("docs.issued.other", 15)}),
        ("- Số nhiệm vụ đề ra trong Kế hoạch CCHC năm: 52; số nhiệm vụ đã hoàn thành: 20.",
         {("plan.tasks.total", 52), ("plan.tasks.done", 20)}),
        ("- Số VBQPPL đã ban hành: 34 văn bản (HĐND tỉnh 12 Nghị quyết, UBND tỉnh 22 Quyết định).",
         {("docs.issued.resolutions", 12), ("docs.issued.decisions", 22)}),
        ("- Số TTHC được phê duyệt phương án đơn giản hóa: 25.", {("tthc.simplification_proposed", 25)}),
        ("- Số phản ánh, kiến nghị tiếp nhận: 45; đã xử lý: 40.", {("feedback.received", 45)}),
        ("- Số lượt cán bộ, công chức được đào tạo, bồi dưỡng: 2.345 lượt.", {("staff.trained", 2345)}),
        ("- Số đơn vị sự nghiệp công lập giảm trong kỳ: 7.", {("org.units_reduced", 7)}),
        ("- Tổng số TTHC đang thực hiện tại tỉnh: 1.789 thủ tục.", {("tthc.total", 1789)}),
        ("Đã thực hiện điều tra xã hội học với 2.500 phiếu.", {("survey.forms", 2500)}),
        ("Trong tháng, Sở tiếp nhận 3.456 hồ sơ trực tuyến.", {("dossiers.online", 3456)}),
        ("Năm 2023 UBND tỉnh Đà Nẵng đã ban hành 05 kế hoạch, 12 văn bản chỉ đạo về CCHC.",
         {("docs.issued.plans", 5), ("docs.issued.other", 12)}),
    ],
)
def test_report_template_lines(text, expected):
    assert _got(text) == expected


def test_a_commune_opening_the_sentence_is_the_subject():
    facts = [(f.metric, f.value, f.subject) for f in extract(
        "UBND phường Hồng Gai tiếp nhận 1.234 hồ sơ, đã giải quyết 1.200 hồ sơ.").facts]
    assert facts == [("dossiers.received", 1234, "UBND phường Hồng Gai"), ("dossiers.resolved", 1200, "UBND phường Hồng Gai")]


def test_citations_of_national_bodies_keep_the_longest_issuer_name():
    text = ("Văn phòng Chính phủ đã ban hành Công văn số 12/VPCP-KSTT ngày 3/2/2023. Nghị quyết số 1211/2016/UBTVQH13 "
            "ngày 25/5/2016 của Ủy ban Thường vụ Quốc hội; Quyết định số 876/QĐ-BNV ngày 10/11/2023 của Bộ Nội vụ.")
    assert [(r.number, r.issuer) for r in extract(text).doc_refs] == [
        ("12/VPCP-KSTT", "Văn phòng Chính phủ"), ("1211/2016/UBTVQH13", "Ủy ban Thường vụ Quốc hội"), ("876/QĐ-BNV", "Bộ Nội vụ"),
    ]


def test_stripped_ministry_codes_are_repaired():
    refs = extract("Thực hiện Thông tư số 05/2023/TT-BKHDT ngày 12/5/2023 của Bộ Kế hoạch và Đầu tư.").doc_refs
    assert [r.number for r in refs] == ["05/2023/TT-BKHĐT"]


def test_parts_of_an_index_are_not_the_index():
    assert _got("Chỉ số SIPAS năm 2023 đạt 85%, trong đó chỉ số hài lòng về tiếp cận dịch vụ đạt 87%.") == {("index.sipas.score", 85)}
    assert _got("Trong PCI 2021, chỉ số thiết chế pháp lý xếp thứ 43/63 với 6,93 điểm, giảm 34 bậc.") == set()


def test_a_listed_level_count_belongs_to_the_level_after_it():
    assert _got("Ban hành kèm theo Quyết định này danh mục 24 thủ tục hành chính cấp tỉnh, 01 thủ tục hành chính cấp xã.") == set()
    assert _got("Tổng số TTHC thuộc thẩm quyền giải quyết của tỉnh là 1.876 TTHC, gồm 1.432 TTHC cấp tỉnh, "
                "285 TTHC cấp huyện và 159 TTHC cấp xã.") == {
        ("tthc.total", 1876), ("tthc.level.province", 1432), ("tthc.level.district", 285), ("tthc.level.commune", 159)}


def test_an_index_named_in_an_earlier_sentence_does_not_cover_a_garbled_one():
    # restoration once turned "DTI" into "ĐỦ": the rank must not fall to the PCI named before
    got = _got("Chỉ số PCI năm 2022 của tỉnh đạt 65,1 điểm. Kết quả ĐỦ năm 2022 của tỉnh đạt 0,4897, xếp hạng 18/63.")
    assert got == {("index.pci.score", 65.1)}


def test_as_of_from_until_a_date():
    facts = extract("Giải ngân vốn đầu tư công đến 31/3/2023 đạt 1.234,5 tỷ đồng, đạt 15,2% kế hoạch vốn giao.").facts
    assert [(f.metric, f.as_of) for f in facts] == [
        ("invest.public.disbursed", date(2023, 3, 31)), ("invest.public.disbursed_pct", date(2023, 3, 31))]


def test_percentages_in_the_forward_looking_part_are_targets():
    text = ("I. KẾT QUẢ THỰC HIỆN\nTỷ lệ hồ sơ trực tuyến đạt 48,2%; tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,1%.\n\n"
            "II. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ II/2024\nTỷ lệ hồ sơ trực tuyến đạt 60%; tỷ lệ hồ sơ giải quyết đúng hạn đạt 100%.\n")
    assert _got(text) == {("dossiers.online_rate", 48.2), ("dossiers.on_time_rate", 98.1)}


def test_hedged_figures_are_kept_with_less_confidence():
    facts = {f.metric: f for f in extract("Toàn tỉnh tiếp nhận hơn 45.000 hồ sơ, đã giải quyết 44.000 hồ sơ.").facts}
    assert facts["dossiers.received"].value == 45000 and facts["dossiers.resolved"].value == 44000
    assert facts["dossiers.received"].confidence < facts["dossiers.resolved"].confidence


def test_a_rank_among_units_belongs_to_the_unit_named_before_it():
    facts = [(f.metric, f.value, f.rank_of, f.subject) for f in extract(
        "Năm 2023, Chỉ số CCHC của Sở Tư pháp xếp thứ 2 trong khối các sở, ban, ngành.").facts]
    assert facts == [("index.par.rank", 2, None, "Sở Tư pháp")]
    assert _got("Chỉ số CCHC năm 2023: Sở Y tế và Sở Tư pháp xếp thứ 2/20.") == set()  # whose rank: unclear


def test_ocr_leftovers_of_template_labels_and_stray_marks():
    # "Số" opening a template line, OCR'd "86", is not a count; a stray "?" does not end the sentence
    assert _got("- 86 cơ quan, đơn vị được kiểm tra công tác CCHC: 18.\n- 86 hồ sơ giải quyết quá hạn: 123.\n") == {
        ("inspection.units", 18), ("dossiers.late", 123)}
    assert _got("Chỉ số hài lòng (SIPAS) năm 2022 của tỉnh đạt 82,5%, xếp thứ? 20/63.") == {
        ("index.sipas.score", 82.5), ("index.sipas.rank", 20)}


def test_a_units_percentage_is_its_index_score_only_where_the_index_is_named():
    got = _got("Chỉ số CCHC năm 2022 của tỉnh đạt 88,2%. Về tỷ lệ giải quyết: Sở Giao thông vận tải đạt 85%; Sở Y tế đạt 90%.")
    assert got == {("index.par.score", 88.2)}


def test_levels_and_groups_acting_in_a_clause_are_the_subject():
    facts = [(f.value, f.subject) for f in extract(
        "Toàn tỉnh tiếp nhận 70.368 hồ sơ, trong đó: cấp tỉnh tiếp nhận 12.345 hồ sơ; cấp huyện tiếp nhận 23.456 hồ sơ; "
        "cấp xã tiếp nhận 34.567 hồ sơ.").facts]
    assert facts == [(70368, None), (12345, "các sở, ban, ngành tỉnh"), (23456, "UBND cấp huyện"), (34567, "UBND cấp xã")]
    facts = [(f.metric, f.subject) for f in extract("Các sở, ban, ngành tiếp nhận 12.345 hồ sơ, đã giải quyết 12.000 hồ sơ.").facts]
    assert facts == [("dossiers.received", "các sở, ban, ngành tỉnh"), ("dossiers.resolved", "các sở, ban, ngành tỉnh")]


def test_a_function_word_after_a_district_prefix_is_not_a_district():
    facts = extract("Tổng số TTHC là 1.902 TTHC, trong đó: cấp tỉnh là 1.511, huyện là 260, cấp xã là 131.").facts
    assert all(f.subject is None for f in facts)  # "huyện là" is not "huyện Lắk"


def test_numbers_listed_before_a_shared_code_are_citations_too():
    refs = extract("Kế hoạch số 36, 37/KH-UBND ngày 30/3/2018 của UBND tỉnh thực hiện Nghị quyết số 18,19-NQ/TW.").doc_refs
    assert [(r.number, r.date) for r in refs] == [
        ("36/KH-UBND", date(2018, 3, 30)), ("37/KH-UBND", date(2018, 3, 30)), ("18-NQ/TW", None), ("19-NQ/TW", None)]


def test_template_labels_with_words_between():
    got = _got("- Số hồ sơ tiếp nhận giải quyết tại Bộ phận một cửa của UBND tỉnh Cà Mau là 4.321 hồ sơ "
               "(1.234 hồ sơ tiếp nhận giải quyết trực tuyến). Hồ sơ đã giải quyết là: 4.300 hồ sơ. "
               "Tổng số hồ sơ được số hóa là 977 hồ sơ. Toàn tỉnh hiện có 25 đơn vị sự nghiệp công lập; "
               "các đơn vị sự nghiệp công lập trực thuộc Sở có 12 đơn vị.")
    assert got == {("dossiers.received", 4321), ("dossiers.online", 1234), ("dossiers.resolved", 4300),
                   ("dossiers.digitized", 977), ("sn_units.total", 25), ("sn_units.total", 12)}


def test_levels_inside_a_districts_contribution_are_that_district():
    text = ("ĐƠN VỊ: UBND HUYỆN BẢO THẮNG\nTham luận\n\n- Số hồ sơ tiếp nhận tại Bộ phận một cửa của UBND cấp huyện là "
            "1.123 hồ sơ.\n- Số hồ sơ tiếp nhận theo cơ chế một cửa của UBND cấp xã là 12.641 hồ sơ.\n")
    assert [(f.value, f.subject) for f in extract(text).facts] == [
        (1123, "UBND huyện Bảo Thắng"), (12641, "UBND các xã, thị trấn huyện Bảo Thắng")]


# ---------------------------------------------------------------- citation issuers stated around the citation
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Triển khai các Quyết định, Kế hoạch của UBND tỉnh: Kế hoạch số 184/KH-UBND ngày 07/12/2021 về CCHC giai đoạn "
         "2021-2025, Kế hoạch số 204/KH-UBND ngày 23/12/2022 về CCHC năm 2023, Quyết định số 571/QĐ-UBND ngày 25/02/2022.",
         [("184/KH-UBND", "UBND tỉnh"), ("204/KH-UBND", "UBND tỉnh"), ("571/QĐ-UBND", "UBND tỉnh")]),
        ("Các văn bản của UBND tỉnh Lào Cai: Kế hoạch số 12/KH-UBND, Quyết định số 34/QĐ-UBND ngày 3/3/2023 của Chủ tịch UBND tỉnh.",
         [("12/KH-UBND", "UBND tỉnh Lào Cai"), ("34/QĐ-UBND", "Chủ tịch UBND tỉnh")]),
        # the list ends at ";": what follows is not covered by the head
        ("Các văn bản của Chính phủ: Nghị định số 61/2018/NĐ-CP, Nghị định số 107/2021/NĐ-CP; Quyết định số 28/QĐ-BNV.",
         [("61/2018/NĐ-CP", "Chính phủ"), ("107/2021/NĐ-CP", "Chính phủ"), ("28/QĐ-BNV", None)]),
        # an item whose code names another issuer keeps none rather than the head's
        ("Các Nghị quyết của Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng khóa XII, gồm: Nghị quyết số 18-NQ/TW, "
         "Nghị quyết số 76/NQ-CP, Kết luận số 28-KL/TW.",
         [("18-NQ/TW", "Ban Chấp hành Trung ương Đảng"), ("76/NQ-CP", None), ("28-KL/TW", "Ban Chấp hành Trung ương Đảng")]),
        ("Theo tinh thần Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Hội nghị Trung ương sáu khóa XII.",
         [("18-NQ/TW", "Ban Chấp hành Trung ương Đảng")]),
        ("UBND huyện Nghi\nLộc đã xây dựng, ban hành Đề án số 01/ĐA-UBND ngày 08/01/2016 về thí điểm một cửa.",
         [("01/ĐA-UBND", "UBND huyện Nghi Lộc")]),
        ("Thực hiện Kế hoạch số 30/KH-UBND ngày 10/2/2023 của UBND huyện Nghi Lộc; Kế hoạch số 31/KH-UBND của UBND thành phố về CCHC.",
         [("30/KH-UBND", "UBND huyện Nghi Lộc"), ("31/KH-UBND", "UBND thành phố")]),
        ("Thủ tướng Chính phủ ban hành Quyết định số 468/QĐ-TTg ngày 27/3/2021; Bộ Nội vụ đã ban hành Hướng dẫn số 25/HD-BNV.",
         [("468/QĐ-TTg", "Thủ tướng Chính phủ"), ("25/HD-BNV", "Bộ Nội vụ")]),
        ("UBND tỉnh đã ban hành các văn bản: Kế hoạch số 12/KH-UBND ngày 5/1/2024, Quyết định số 34/QĐ-UBND ngày 8/1/2024.",
         [("12/KH-UBND", "UBND tỉnh"), ("34/QĐ-UBND", "UBND tỉnh")]),
        # the issuer after the title, confirmed by the code ...
        ("Thực hiện Kế hoạch số 12/KH-UBND ngày 5/1/2024 về CCHC năm 2024 của UBND tỉnh, Sở đã ban hành Kế hoạch số 5/KH-SNV.",
         [("12/KH-UBND", "UBND tỉnh"), ("5/KH-SNV", None)]),
        # ... and not when the "của" belongs to what the title names
        ("Thực hiện Kế hoạch số 14/KH-UBND ngày 5/1/2024 về thực hiện Chương trình tổng thể CCHC của Chính phủ.",
         [("14/KH-UBND", None)]),
        ("Thực hiện Thông báo số 123-TB/TU ngày 3/3/2023 của Thường trực Tỉnh ủy.", [("123-TB/TU", "Thường trực Tỉnh ủy")]),
        # an issuer in an earlier sentence does not reach the citation
        ("Bộ Nội vụ có văn bản hướng dẫn. Kế hoạch số 5/KH-UBND ngày 2/1/2024 về CCHC.", [("5/KH-UBND", None)]),
        # "giao" is not "ban hành": the province asks the department to issue, it issues nothing itself
        ("UBND tỉnh giao Sở Nội vụ ban hành Kế hoạch số 7/KH-SNV ngày 2/1/2024.", [("7/KH-SNV", "Sở Nội vụ")]),
    ],
)
def test_citation_issuers_stated_around_the_citation(text, expected):
    assert [(r.number, r.issuer) for r in extract(text).doc_refs] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # social insurance reports say "giao dịch điện tử" for online
        ("Trong năm, BHXH tỉnh tiếp nhận 245.678 hồ sơ qua giao dịch điện tử, đạt 98,5% tổng số hồ sơ.",
         {("dossiers.online", 245678), ("dossiers.online_rate", 98.5)}),
        ("Số hồ sơ tiếp nhận qua giao dịch điện tử: 12.345 hồ sơ.", {("dossiers.online", 12345)}),
        ("Tiếp nhận 300.000 hồ sơ, trong đó qua giao dịch điện tử 250.000 hồ sơ (đạt 83,3%).",
         {("dossiers.received", 300000), ("dossiers.online", 250000), ("dossiers.online_rate", 83.3)}),
        ("Số hồ sơ trực tuyến đạt 123.456 hồ sơ.", {("dossiers.online", 123456)}),
        ("Giảm 45 biên chế công chức và 320 biên chế viên chức so với năm 2022.",
         {("staff.quota_reduced", 45), ("staff.quota_reduced", 320)}),
        ("Tổ chức 08 lớp bồi dưỡng kiến thức, kỹ năng về CCHC cho 650 lượt công chức.",
         {("training.classes", 8), ("training.participants", 650)}),
    ],
)
def test_wordings_of_sector_and_district_reports(text, expected):
    assert _got(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Có 1.200 đơn vị sử dụng lao động thực hiện giao dịch điện tử.",
        "Tổng số hồ sơ thanh toán trực tuyến là 12.345 hồ sơ.",
        "Hiện còn 25 thủ tục chưa được cung cấp trực tuyến.",
        "Phấn đấu đến năm 2025 chỉ còn 20 thủ tục.",
        "Hiện còn 3 thủ tục, 5 hồ sơ đang xử lý.",
        "Năm 2023 có 1.200 biên chế công chức và 15.000 biên chế viên chức.",
        "Số hồ sơ giải quyết trực tuyến đạt 1.234 hồ sơ.",
        "Số TTHC chưa được số hóa hiện còn 25 thủ tục.",
        # what is left after a review is not the number reviewed
        "Sau rà soát, bộ TTHC của ngành BHXH hiện còn 25 thủ tục.",
    ],
)
def test_near_misses_of_those_wordings_give_nothing(text):
    assert _got(text) == set()


# ---------------------------------------------------------------- citation wordings of other provinces
@pytest.mark.parametrize(
    "text, expected",
    [
        # the issuer right after the date, without "của", confirmed by the code ...
        ("Thực hiện Nghị định số 45/2020/NĐ-CP ngày 08/4/2020 Chính phủ về thực hiện TTHC trên môi trường điện tử.",
         [("45/2020/NĐ-CP", date(2020, 4, 8), "Chính phủ")]),
        # ... and not when the bare name opens the next clause with another body's document
        ("Kế hoạch số 15/KH-SNV ngày 10/01/2024 UBND tỉnh đã chỉ đạo triển khai.",
         [("15/KH-SNV", date(2024, 1, 10), None)]),
        # "tỉnh" between the code and the date
        ("Căn cứ Quyết định số 2210/QĐ-UBND tỉnh ngày 15/9/2021 của UBND tỉnh Quảng Trị về CCHC.",
         [("2210/QĐ-UBND", date(2021, 9, 15), "UBND tỉnh Quảng Trị")]),
        # the date written before the issuer and the citation
        ("Ngày 22/4/2022, Thủ tướng Chính phủ đã ký ban hành Quyết định số 06/QĐ-TTg về phát triển ứng dụng dữ liệu dân cư.",
         [("06/QĐ-TTg", date(2022, 4, 22), "Thủ tướng Chính phủ")]),
        # a ministry named by its acronym, a provincial council
        ("Công văn số 3100/BTNMT-TCMT ngày 12/6/2023 của Bộ TNMT; Kế hoạch số 21/KH-HĐPH ngày 3/2/2023 của Hội "
         "đồng phối hợp phổ biến, giáo dục pháp luật tỉnh.",
         [("3100/BTNMT-TCMT", date(2023, 6, 12), "Bộ TNMT"),
          ("21/KH-HĐPH", date(2023, 2, 3), "Hội đồng phối hợp phổ biến giáo dục pháp luật tỉnh")]),
        # a kind wrapped over a line keeps the issuer before it
        ("Sở Nội vụ đã tham mưu UBND tỉnh ban hành Quyết\nđịnh số 88/QĐ-UBND ngày 2/2/2024 về chỉ số CCHC.",
         [("88/QĐ-UBND", date(2024, 2, 2), "UBND tỉnh")]),
        # "được UBND tỉnh giao tại Kế hoạch số …"
        ("Thực hiện nhiệm vụ được UBND tỉnh giao tại Kế hoạch số 301/KH-UBND ngày 20/12/2023, Sở đã triển khai.",
         [("301/KH-UBND", date(2023, 12, 20), "UBND tỉnh")]),
        # several bodies before one "ban hành": the one the code names
        ("Sở Tư pháp đã tham mưu UBND tỉnh, Hội đồng phối hợp phổ biến giáo dục pháp luật tỉnh ban hành Kế hoạch "
         "số 40/KH-UBND ngày 9/2/2024 về phổ biến pháp luật; Kế hoạch số 12/KH-HĐPH ngày 1/3/2024 về hòa giải ở cơ sở.",
         [("40/KH-UBND", date(2024, 2, 9), "UBND tỉnh"),
          ("12/KH-HĐPH", date(2024, 3, 1), "Hội đồng phối hợp phổ biến giáo dục pháp luật tỉnh")]),
        # a list opened by "ban hành các văn bản …, như:" whose items are separated by ";"
        ("Sở đã tham mưu UBND tỉnh ban hành các văn bản về công tác xây dựng và thi hành pháp luật, như: Kế hoạch "
         "số 7/KH-UBND ngày 4/1/2024 về kiểm tra văn bản; Công văn số 510/UBND-NC ngày 8/3/2024 về chỉ số pháp luật.",
         [("7/KH-UBND", date(2024, 1, 4), "UBND tỉnh"), ("510/UBND-NC", date(2024, 3, 8), "UBND tỉnh")]),
        # ... but a ";" that does not open another citation ends the list
        ("Các văn bản của UBND tỉnh: Kế hoạch số 7/KH-UBND ngày 4/1/2024; UBND huyện triển khai Kế hoạch số 9/KH-UBND.",
         [("7/KH-UBND", date(2024, 1, 4), "UBND tỉnh"), ("9/KH-UBND", None, None)]),
    ],
)
def test_citation_wordings_of_other_provinces(text, expected):
    assert [(r.number, r.date, r.issuer) for r in extract(text).doc_refs] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Thực hiện Nghị quyết 30a/2008/NQ-CP của Chính phủ về giảm nghèo nhanh.", [("Nghị quyết", "30a/2008/NQ-CP")]),
        ("Theo Kết luận thanh tra số 88/KLTT-TTr ngày 2/5/2023.", [("Kết luận", "88/KLTT-TTr")]),
        # a chairman's code is kept as printed, not split into "CT-UBND"
        ("Chỉ thị số 03/CT-CTUBND ngày 5/2/2024 của Chủ tịch UBND tỉnh.", [("Chỉ thị", "03/CT-CTUBND")]),
        ("Văn bản hướng dẫn số 1200/BTTTT-THH ngày 3/4/2023 của Bộ TT&TT.", [("Công văn", "1200/BTTTT-THH")]),
        # a letter after a number is a citation only where a kind word announces it
        ("Đã giải quyết 12b/KH-UBND hồ sơ.", []),
    ],
)
def test_numbers_and_kinds_of_citations(text, expected):
    assert [(r.kind, r.number) for r in extract(text).doc_refs] == expected


def test_codes_with_dd_are_restored_from_stripped_text():
    refs = extract("Ke hoach so 21/KH-HDPH ngay 3/2/2023; Cong van so 7/BTNMT-TCQLDD; Huong dan so 5/HD-LDTBXH.").doc_refs
    assert [r.number for r in refs] == ["21/KH-HĐPH", "7/BTNMT-TCQLĐĐ", "5/HD-LĐTBXH"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a list under one kind whose items give only "số …"
        ("Triển khai các Nghị định của Chính phủ: số 30/2020/NĐ-CP ngày 5/3/2020 về công tác văn thư; "
         "số 42/2022/NĐ-CP ngày 24/6/2022 về cung cấp thông tin trực tuyến.",
         [("30/2020/NĐ-CP", "Chính phủ"), ("42/2022/NĐ-CP", "Chính phủ")]),
        # items of one "ban hành" joined by "và"; a resolution named inside a title is not one of them
        ("Ban Thường vụ Tỉnh ủy đã ban hành Kế hoạch số 45-KH/TU ngày 3/3/2018 thực hiện Nghị quyết số 18-NQ/TW "
         "và Chương trình hành động số 46-CTr/TU ngày 3/3/2018 về sắp xếp bộ máy.",
         [("45-KH/TU", "Ban Thường vụ Tỉnh ủy"), ("18-NQ/TW", None), ("46-CTr/TU", "Ban Thường vụ Tỉnh ủy")]),
        # what was issued, then "tại" the citation, confirmed by the code ...
        ("Sau khi Bộ Xây dựng ban hành bộ đơn giá xây dựng mới tại Thông tư số 12/2021/TT-BXD ngày 31/8/2021, Sở đã hướng dẫn.",
         [("12/2021/TT-BXD", "Bộ Xây dựng")]),
        ("Sau khi Bộ Y tế ban hành Bộ tiêu chí quốc gia về y tế xã tại Quyết định số 1300/QĐ-BYT ngày 9/3/2023, Sở đã hướng dẫn.",
         [("1300/QĐ-BYT", "Bộ Y tế")]),
        # ... and "của <body> tại" only when the code does not name another body
        ("Thực hiện quy định của UBND tỉnh tại Công văn số 620/UBND-KGVX ngày 2/3/2023 về chế độ báo cáo.",
         [("620/UBND-KGVX", "UBND tỉnh")]),
        ("UBND tỉnh ban hành Kế hoạch triển khai Nghị định của Chính phủ tại Quyết định số 12/QĐ-SNV.",
         [("12/QĐ-SNV", None)]),
        # a minister is an issuer apart from the ministry
        ("Thông tư số 01/2023/TT-BNV ngày 5/1/2023 của Bộ trưởng Bộ Nội vụ về chế độ báo cáo.",
         [("01/2023/TT-BNV", "Bộ trưởng Bộ Nội vụ")]),
    ],
)
def test_citation_lists_and_issuers_named_before(text, expected):
    assert [(r.number, r.issuer) for r in extract(text).doc_refs] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Cung cấp dịch vụ công trực tuyến toàn trình đối với 14 TTHC trong tổng số 31 TTHC về hộ tịch thuộc thẩm quyền "
         "giải quyết của cấp huyện.", {("tthc.total", 31, "lĩnh vực hộ tịch")}),
        ("Trong 12 TTHC lĩnh vực tài nguyên nước được công bố thì 100% được thực hiện theo cơ chế một cửa.",
         {("tthc.total", 12, "lĩnh vực tài nguyên nước")}),
    ],
)
def test_procedures_of_one_field_named_after_the_number(text, expected):
    assert {(f.metric, f.value, f.subject) for f in extract(text).facts if f.metric.startswith("tthc.")} == expected


@pytest.mark.parametrize(
    "text",
    [
        # the announced procedures of a field are announcements, not the field's total
        "Chủ tịch UBND tỉnh đã công bố 15 TTHC lĩnh vực đất đai thuộc thẩm quyền giải quyết của UBND tỉnh.",
        # no field named
        "Trong 12 TTHC được công bố có 5 TTHC được thực hiện trực tuyến.",
    ],
)
def test_procedures_of_a_field_near_misses(text):
    assert not [f for f in extract(text).facts if f.metric == "tthc.total"]


def _facts(text: str) -> set[tuple[str, float, str | None]]:
    return {(f.metric, f.value, f.subject) for f in extract(text).facts}


def test_rank_written_as_a_fraction_without_thu() -> None:
    got = _facts("Năm 2021, Chỉ số PAR INDEX của tỉnh xếp 12/63 tỉnh, thành phố (tăng 5 bậc so với năm 2020).")
    assert ("index.par.rank", 12, None) in got and ("index.par.rank_change", 5, None) in got
    assert not any(m == "index.par.rank" for m, _, _ in _facts("Chỉ số PAR INDEX của tỉnh xếp loại khá."))


def test_index_scores_in_points_and_sipas_with_its_full_name() -> None:
    got = _facts("Xếp hạng PAR INDEX năm 2023, tỉnh Phú Yên đạt 84,15% điểm, đứng thứ 40/63 tỉnh, thành phố.")
    assert ("index.par.score", 84.15, None) in got and ("index.par.rank", 40, None) in got
    got = _facts("Chỉ số hài lòng của người dân, tổ chức (SIPAS) đối với sự phục vụ của cơ quan hành chính "
                 "nhà nước đạt 83,05%, xếp hạng 41/63.")
    assert ("index.sipas.score", 83.05, None) in got and ("index.sipas.rank", 41, None) in got


def test_online_service_levels_listed_with_va() -> None:
    got = _facts("Tỉnh cung cấp dịch vụ công mức độ 3 là 812 thủ tục và mức độ 4 là 377 thủ tục.")
    assert ("dvc.online.level3", 812, None) in got and ("dvc.online.level4", 377, None) in got
    assert ("dvc.online.level4", 812, None) not in got


def test_staff_quota_reduced_in_quota_units() -> None:
    got = _facts("Giai đoạn 2016-2021, tỉnh đã giảm 150 chỉ tiêu biên chế hành chính và 1.204 chỉ tiêu biên chế sự nghiệp.")
    assert {("staff.quota_reduced", 150, None), ("staff.quota_reduced", 1204, None)} <= got
    assert not _facts("Chỉ tiêu giảm 10% biên chế sự nghiệp đến năm 2025.")


def test_on_time_rate_of_online_dossiers_is_neither_share_nor_overall_rate() -> None:
    got = _facts("Quý II, toàn tỉnh có 90.512 hồ sơ; tỷ lệ hồ sơ được giải quyết đúng hạn đạt 96%. Số hồ sơ "
                 "tiếp nhận trực tuyến là 40.150 hồ sơ, tỷ lệ hồ sơ trực tuyến được giải quyết đúng hạn đạt 99,1%.")
    assert ("dossiers.on_time_rate", 96, None) in got and ("dossiers.online", 40150, None) in got
    assert not any(v == 99.1 for _, v, _ in got)


def test_departments_at_provincial_level_are_a_group_subject() -> None:
    got = _facts("Các sở, ban ngành cấp tỉnh tiếp nhận 11.020 hồ sơ, với 3.115 hồ sơ trực tuyến.")
    assert ("dossiers.received", 11020, "các sở, ban, ngành tỉnh") in got
    assert ("dossiers.online", 3115, "các sở, ban, ngành tỉnh") in got


def test_fewer_units_in_a_grade_are_not_units_reduced() -> None:
    got = _facts("Trong 38 cơ quan được đánh giá, có 25 đơn vị xếp hạng Tốt (tăng 02 đơn vị); 2 đơn vị xếp hạng "
                 "Trung bình (giảm 4 đơn vị).")
    assert not any(m == "org.units_reduced" for m, _, _ in got)
    assert ("org.units_reduced", 2, None) in _facts("Năm 2023, tỉnh đã giảm được 02 đơn vị sự nghiệp công lập.")


def test_digitisation_rate_does_not_take_the_next_sentences_rate() -> None:
    got = _facts("Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC đạt 58,1%.\nĐến ngày 30/9/2024 tỉnh đã giải ngân "
                 "905,2 tỷ đồng, đạt 41,2% kế hoạch.")
    assert ("dossiers.digitized_rate", 58.1, None) in got and ("invest.public.disbursed_pct", 41.2, None) in got


def test_sent_documents_signed_share_and_autonomous_units() -> None:
    got = _facts("Phần mềm quản lý văn bản đã gửi 98.400 văn bản điện tử, trong đó 97.150 văn bản có ký số.")
    assert {("edocs.sent", 98400, None), ("edocs.sent_signed", 97150, None)} <= got
    got = _facts("Toàn tỉnh có 540 đơn vị sự nghiệp công lập, trong đó 61 đơn vị tự bảo đảm chi thường xuyên.")
    assert {("sn_units.total", 540, None), ("sn_units.autonomous", 61, None)} <= got


def test_year_public_investment_total_is_the_plan() -> None:
    got = _facts("Tổng vốn đầu tư công năm 2024 là 2.815 tỷ đồng; đã giải ngân 1.002 tỷ đồng, đạt 35,6% kế hoạch.")
    assert ("invest.public.plan", 2815e9, None) in got and ("invest.public.disbursed", 1002e9, None) in got
    assert not any(m == "invest.public.plan" for m, _, _ in _facts("Tỉnh đã giải ngân tổng vốn đầu tư công là 1.002 tỷ đồng."))


def test_issuer_before_the_verb_with_its_province_name() -> None:
    refs = extract("UBND tỉnh Bình Phước ban hành Kế hoạch số 77/KH-UBND ngày 02/3/2024 về CCHC.").doc_refs
    assert [(r.number, r.issuer) for r in refs] == [("77/KH-UBND", "UBND tỉnh Bình Phước")]


def test_units_acting_in_their_clause_and_the_clause_that_goes_on() -> None:
    got = _facts("Sở Xây dựng tiếp nhận 2.310 hồ sơ; đã giải quyết 2.290 hồ sơ.")
    assert {("dossiers.received", 2310, "Sở Xây dựng"), ("dossiers.resolved", 2290, "Sở Xây dựng")} <= got
    got = _facts("Các xã, thị trấn tiếp nhận 18.400 hồ sơ; giải quyết đúng hạn 18.350 hồ sơ.")
    assert {("dossiers.received", 18400, "UBND cấp xã"), ("dossiers.on_time", 18350, "UBND cấp xã")} <= got
    got = _facts("Các xã tiếp nhận 900 hồ sơ; toàn tỉnh đã giải quyết 7.700 hồ sơ.")
    assert ("dossiers.resolved", 7700, None) in got  # a clause with its own actor does not go on
    assert ("dossiers.received", 15, None) in _facts("Các xã hội nghề nghiệp tiếp nhận 15 hồ sơ.")


def test_title_of_a_report_written_without_blank_lines() -> None:
    text = ("ỦY BAN NHÂN DÂN TỈNH LONG AN\nSố: 88/BC-UBND\nLong An, ngày 05 tháng 7 năm 2024\nBÁO CÁO\n"
            "Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2024\n"
            "Trong 6 tháng đầu năm 2024, công tác cải cách hành chính trên địa bàn tỉnh tiếp tục được quan tâm chỉ "
            "đạo, triển khai đồng bộ ở các cấp, các ngành và đạt nhiều kết quả tích cực.\n")
    meta = extract(text).metadata
    assert meta.title == "Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2024"
    assert meta.period_label == "6 tháng đầu năm 2024" and meta.doc_number == "88/BC-UBND"


def test_satisfaction_rate_at_a_centre_is_not_an_online_share() -> None:
    text = ("Cổng dịch vụ công của tỉnh tiếp nhận 20.400 hồ sơ trực tuyến. Tỷ lệ hài lòng của tổ chức, công dân "
            "khi giải quyết TTHC tại Trung tâm Phục vụ hành chính công đạt 97,2%.")
    assert not any(v == 97.2 for _, v, _ in _facts(text))


def test_bodies_we_cannot_name_keep_their_figures_to_themselves() -> None:
    assert not _facts("Trung tâm Y tế huyện đã tiếp nhận 310 hồ sơ.")
    assert not _facts("Chi cục Thuế khu vực II tiếp nhận 2.140 hồ sơ.")
    assert ("dossiers.received", 1120, "Trung tâm Phục vụ hành chính công tỉnh") in _facts(
        "Trung tâm tiếp nhận 1.120 hồ sơ.")
    assert ("dossiers.received", 88000, None) in _facts("Toàn tỉnh đã tiếp nhận 88.000 hồ sơ.")


def test_table_rows_are_read_by_column() -> None:
    text = (
        "UBND TỈNH BẮC GIANG\nKết quả tại một số huyện (số liệu đến ngày 20/6/2023):\n"
        "STT | Đơn vị | Hồ sơ tiếp nhận | Tỷ lệ đúng hạn\n"
        "1 | UBND huyện Lục Nam | 12.480 | 98,7%\n"
        "2 | UBND huyện Yên Thế | 6.215 | 99,2%\n\n"
        "Chỉ số CCHC của các huyện năm 2022:\n"
        "STT | Đơn vị | Điểm | Xếp hạng 2022 | Xếp hạng 2021\n"
        "1 | UBND huyện Lục Nam | 88,31 | 2/10 | 5/10\n"
    )
    got = {(f.metric, f.value, f.subject, f.rank_of) for f in extract(text).facts}
    assert got == {
        ("dossiers.received", 12480, "UBND huyện Lục Nam", None), ("dossiers.on_time_rate", 98.7, "UBND huyện Lục Nam", None),
        ("dossiers.received", 6215, "UBND huyện Yên Thế", None), ("dossiers.on_time_rate", 99.2, "UBND huyện Yên Thế", None),
        ("index.par.score", 88.31, "UBND huyện Lục Nam", None), ("index.par.rank", 2, "UBND huyện Lục Nam", 10),
    }  # the 2021 rank column looks back and is left out; the row numbers are not figures


@pytest.mark.parametrize("gap", ["   ", " "])  # columns aligned by spaces; the same run together by OCR
def test_tables_without_rules_are_read_by_column(gap) -> None:
    rows = [
        ("STT", "Đơn vị", "Điểm đạt (%)", "Xếp hạng 2022", "Xếp hạng 2021"),
        ("1", "Huyện Lục Nam", "88,31", "2", "5"),
        ("2", "Huyện Quế Sơn", "86,02", "3", "1"),
    ]
    table = "\n".join(gap.join(r) for r in rows)
    text = f"UBND TỈNH BẮC GIANG\nKết quả Chỉ số CCHC năm 2022 của các huyện như sau:\n\n{table}\n\nCác huyện còn lại đều tăng điểm.\n"
    got = {(f.metric, f.value, f.subject) for f in extract(text).facts}
    assert got == {
        ("index.par.score", 88.31, "UBND huyện Lục Nam"), ("index.par.rank", 2, "UBND huyện Lục Nam"),
        ("index.par.score", 86.02, "UBND huyện Quế Sơn"), ("index.par.rank", 3, "UBND huyện Quế Sơn"),
    }  # Quế Sơn is not a district of Bắc Giang: the row's own words name it


@pytest.mark.parametrize(
    "text, expected",
    [
        (  # a row label may end in a number of its own
            "TT  Đơn vị                   Hồ sơ tiếp nhận   Tỷ lệ đúng hạn (%)\n"
            "1   UBND phường Hà Giang 1        15.207            99,71\n"
            "2   UBND xã Đồng Văn               4.318            98,92\n",
            {("dossiers.received", 15207, "UBND phường Hà Giang 1"), ("dossiers.on_time_rate", 98.92, "UBND xã Đồng Văn")},
        ),
        (  # "Trong đó ký số" belongs to the column before it
            "STT | Khối cơ quan | Văn bản đi | Trong đó ký số | Văn bản đến\n"
            "1 | Các sở, ban, ngành tỉnh | 118.402 | 114.930 | 402.115\n"
            "2 | UBND cấp huyện | 96.531 | 93.208 | 351.872\n",
            {("edocs.sent_signed", 114930, "các sở, ban, ngành tỉnh"), ("edocs.received", 351872, "UBND cấp huyện")},
        ),
    ],
)
def test_table_cells_are_read_as_their_column_says(text, expected) -> None:
    assert expected <= {(f.metric, f.value, f.subject) for f in extract(text).facts}


def test_wrapped_prose_whose_lines_end_in_numbers_is_not_a_table() -> None:
    text = (
        "Tỷ lệ hồ sơ trực tuyến của tỉnh đạt 45,2%, tỷ lệ hồ sơ giải quyết đúng hạn đạt\n"
        "98,1%; huyện Lục Nam tiếp nhận 1.234 hồ sơ, giải quyết đúng hạn 1.200\n"
        "hồ sơ; huyện Yên Thế tiếp nhận 980 hồ sơ, trực tuyến 312\n"
        "hồ sơ.\n"
    )
    facts = extract(text).facts
    assert facts and all(f.extractor != "table" for f in facts)


def test_table_rows_naming_indices_are_the_provinces() -> None:
    text = (
        "STT | Chỉ số | Điểm năm 2023 | Xếp hạng năm 2023\n"
        "1 | SIPAS | 80,12% | 40/63\n"
        "2 | PAPI | 43,05 điểm | 21/63\n"
        "3 | Gia nhập thị trường | 6,9 | 12/63\n"
    )
    got = {(f.metric, f.value, f.subject) for f in extract(text).facts}
    assert got == {("index.sipas.score", 80.12, None), ("index.sipas.rank", 40, None),
                   ("index.papi.score", 43.05, None), ("index.papi.rank", 21, None)}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Riêng UBND huyện Lục Nam còn để trễ hạn 41 hồ sơ.", ("dossiers.late", 41, "UBND huyện Lục Nam")),
        ("Tỷ lệ số hóa hồ sơ tại UBND huyện Yên Thế chỉ đạt 40,5%.", ("dossiers.digitized_rate", 40.5, "UBND huyện Yên Thế")),
        ("Nổi bật là UBND xã Tân Sỏi: tiếp nhận 1.204 hồ sơ, trong đó 650 hồ sơ trực tuyến.",
         ("dossiers.received", 1204, "UBND xã Tân Sỏi")),
        ("Ngược lại, tại UBND phường Đa Mai, tỷ lệ hồ sơ trực tuyến chỉ đạt 15,2%.",
         ("dossiers.online_rate", 15.2, "UBND phường Đa Mai")),
    ],
)
def test_units_named_inside_the_sentence_own_their_figures(text, expected) -> None:
    got = {(f.metric, f.value, f.subject) for f in extract("UBND TỈNH BẮC GIANG\n\n" + text).facts}
    assert expected in got


@pytest.mark.parametrize(
    "text",
    [
        "Tiếp nhận trực tuyến 2.100 hồ sơ, đạt tỷ lệ 35,6% (cùng kỳ năm 2022 chỉ đạt 20,1%).",
        "So với cùng kỳ năm 2022 (tỷ lệ đúng hạn 96,3%), kết quả đã chuyển biến.",
        "Chỉ số CCHC năm 2023 đạt 84,1%, xếp thứ 30/63, tăng 6 bậc (năm 2022 xếp thứ 36/63).",
        "Chỉ số CCHC đạt 84,1%, giảm 2 bậc so với năm 2022 (năm 2022 đạt 82,90%, xếp thứ 36/63).",
        "PCI năm 2023 đạt 64,17 điểm, xếp thứ 39/63 tỉnh, thành phố (năm 2022 xếp thứ 36/63 với 20,1 điểm).",
    ],
)
def test_figures_of_an_earlier_period_quoted_for_comparison_are_left_out(text) -> None:
    values = {f.value for f in extract(text).facts}
    assert not values & {20.1, 96.3, 36}


def test_a_rank_within_a_region_is_not_the_national_rank() -> None:
    text = "PCI năm 2023 của tỉnh xếp thứ 39/63. Trong khu vực Duyên hải Nam Trung Bộ, tỉnh xếp thứ 5/8 tỉnh, thành phố."
    assert {(f.metric, f.value) for f in extract(text).facts} == {("index.pci.rank", 39)}


def test_a_numbered_heading_is_no_part_of_the_paragraph_under_it() -> None:
    """The heading names dossiers and online services; the paragraph's TTHC counts are still read."""
    text = ("3. Cung cấp dịch vụ công trực tuyến, giải quyết hồ sơ trên môi trường điện tử\n"
            "    Hệ thống hiện đang cung cấp 1.912 TTHC, gồm: cấp tỉnh 1.453 thủ tục, cấp huyện 293 thủ tục\n"
            "và cấp xã 166 thủ tục.")
    got = {(m, v) for m, v, _ in _facts(text)}
    assert {("tthc.level.province", 1453), ("tthc.level.district", 293), ("tthc.level.commune", 166)} <= got


def test_a_figure_said_twice_in_a_sentence_is_one_fact() -> None:
    text = "Kế hoạch CCHC năm 2023 xác định 40 nhiệm vụ; đến nay đã hoàn thành 18/40 nhiệm vụ (đạt tỷ lệ 45%)."
    got = [(f.metric, f.value) for f in extract(text).facts]
    assert sorted(got) == [("plan.tasks.done", 18), ("plan.tasks.rate", 45), ("plan.tasks.total", 40)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Toàn tỉnh cung cấp 1.500 dịch vụ công trực tuyến, trong đó: 900 dịch vụ toàn trình (chiếm 60%) và 600 dịch vụ một phần.",
         {("dvc.online.total", 1500), ("dvc.online.full", 900), ("dvc.online.full_share", 60), ("dvc.online.partial", 600)}),
        ("Các cơ quan đã tiếp nhận 50.000 hồ sơ (trong đó trực tuyến 20.000 hồ sơ), giải quyết 49.000 hồ sơ.",
         {("dossiers.received", 50000), ("dossiers.online", 20000), ("dossiers.resolved", 49000)}),
        ("Trong đó 1.700 TTHC được thực hiện theo cơ chế một cửa và 140 TTHC thực hiện theo cơ chế một cửa liên thông.",
         {("tthc.one_stop", 1700), ("tthc.interlinked", 140)}),
        ("Năm 2023, tỉnh sắp xếp, giảm 12 đầu mối phòng, đơn vị trực thuộc.", {("org.units_reduced", 12)}),
        ("Thực hiện tinh giản biên chế đối với 52 trường hợp.", {("staff.quota_reduced", 52)}),
        ("Đã giao quyền tự chủ tài chính cho 640 đơn vị sự nghiệp công lập.", {("sn_units.autonomous", 640)}),
        ("Có 900.000 hồ sơ được số hóa, đạt 70%.", {("dossiers.digitized", 900000), ("dossiers.digitized_rate", 70)}),
        ("Tổng thu ngân sách nhà nước trên địa bàn 6 tháng ước đạt 4.000 tỷ đồng.", {("budget.revenue.actual", 4e12)}),
        ("Đã cử 900 lượt cán bộ, công chức tham gia các lớp đào tạo, bồi dưỡng.", {("staff.trained", 900)}),
        ("Chủ tịch UBND tỉnh ban hành 12 quyết định công bố danh mục TTHC với 150 thủ tục.",
         {("tthc.announce_decisions", 12), ("tthc.announced.total", 150)}),
        ("Tổng số TTHC thuộc thẩm quyền giải quyết trên địa bàn tỉnh là 1.700 thủ tục.", {("tthc.total", 1700)}),
        ("Tổng số TTHC là 1.800 thủ tục, trong đó cấp tỉnh 1.400 thủ tục, cấp huyện 270 thủ tục và cấp xã 130 thủ tục.",
         {("tthc.total", 1800), ("tthc.level.province", 1400), ("tthc.level.district", 270), ("tthc.level.commune", 130)}),
        ("Bộ phận Một cửa thị xã công khai và tiếp nhận 300 TTHC cấp huyện.", {("tthc.level.district", 300)}),
        ("Hệ thống đã tiếp nhận 120.500 văn bản điện tử đến, trong đó có 98.000 văn bản có chữ ký số.",
         {("edocs.received", 120500), ("edocs.received_signed", 98000)}),
        ("Các cơ quan đã gửi 215.640 văn bản điện tử, trong đó có 209.877 văn bản được ký số.",
         {("edocs.sent", 215640), ("edocs.sent_signed", 209877)}),
        ("Tổ chức 04 lớp tập huấn nghiệp vụ Một cửa điện tử, hướng dẫn sử dụng tài khoản định danh điện tử cho 320 lượt công chức.",
         {("training.classes", 4), ("training.participants", 320)}),
        ("Tổ chức 12 hội nghị, lớp tập huấn chuyên sâu về kiểm soát TTHC, với 1.860 lượt học viên tham gia.",
         {("training.classes", 12), ("training.participants", 1860)}),
        ("Riêng về nghiệp vụ CCHC cho cấp xã, tỉnh tổ chức 15 lớp tập huấn với 4.200 lượt học viên.",
         {("training.classes", 15), ("training.participants", 4200)}),
        ("Tổng số văn bản được rà soát là 1.327 văn bản; qua rà soát đã kiến nghị bãi bỏ 19 văn bản.",
         {("legal.docs_reviewed", 1327)}),
        ("Cấp mới 742 chứng thư số, nâng tổng số lên 11.368 chứng thư số; thu hồi 56 chứng thư số.",
         {("esign.certificates", 742), ("esign.certificates", 11368)}),
        ("Thu ngân sách ước đạt 5.400 tỷ đồng, đạt 43,8% dự toán HĐND thành phố giao (12.300 tỷ đồng).",
         {("budget.revenue.actual", 5.4e12), ("budget.revenue.pct_plan", 43.8), ("budget.revenue.plan", 12.3e12)}),
    ],
)
def test_wordings_of_the_written_reports(text, expected) -> None:
    assert {(f.metric, f.value) for f in extract(text).facts} == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Chỉ số CCHC năm 2023: Sở Tư pháp dẫn đầu khối sở, ban, ngành với 92,15%.",
         ("index.par.score", 92.15, "Sở Tư pháp")),
        ("UBND thị xã Nghi Sơn có tỷ lệ hồ sơ nộp trực tuyến cao nhất tỉnh, đạt 81,6%.",
         ("dossiers.online_rate", 81.6, "UBND thị xã Nghi Sơn")),
        ("Riêng Sở Kế hoạch và Đầu tư tiếp nhận 4.912 hồ sơ đăng ký doanh nghiệp qua mạng.",
         ("dossiers.online", 4912, "Sở Kế hoạch và Đầu tư")),
        ("Chia theo cấp hành chính:\n- Cấp thành phố: tiếp nhận 456.218 hồ sơ;",
         ("dossiers.received", 456218, "các sở, ban, ngành tỉnh")),
        ("- Cấp quận, huyện: tiếp nhận 302.544 hồ sơ;", ("dossiers.received", 302544, "UBND cấp huyện")),
    ],
)
def test_a_unit_leading_a_group_or_the_province_owns_the_figure(text, expected) -> None:
    got = {(f.metric, f.value, f.subject) for f in extract("UBND TỈNH THANH HÓA\n\n" + text).facts}
    assert got == {expected}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Đoàn kiểm tra đã kiểm tra công tác CCHC tại 09 cơ quan, đơn vị, gồm: 05 sở, ban, ngành tỉnh và 04 UBND cấp huyện.",
         {("inspection.units", 9, None), ("inspection.units", 5, "các sở, ban, ngành tỉnh"), ("inspection.units", 4, "UBND cấp huyện")}),
        ("Đoàn kiểm tra của thành phố đã kiểm tra công tác CCHC tại 10 sở, ngành; 08 UBND quận, huyện và 30 UBND xã.",
         {("inspection.units", 10, "các sở, ban, ngành tỉnh"), ("inspection.units", 8, "UBND cấp huyện"),
          ("inspection.units", 30, "UBND cấp xã")}),
        ("Ở cấp huyện, Phòng Tư pháp các huyện, thị xã đã thẩm định 167 dự thảo văn bản.",
         {("legal.drafts_appraised", 167, "UBND cấp huyện")}),
        ("Năm 2023, UBND cấp xã trên địa bàn tỉnh đã tiếp nhận 97.412 hồ sơ đăng ký hộ tịch, trong đó 72.390 hồ sơ "
         "được nộp trực tuyến, đạt tỷ lệ\n74,31%. Ở cấp huyện, việc đăng ký tiếp tục.",
         {("dossiers.received", 97412, "UBND cấp xã"), ("dossiers.online", 72390, "UBND cấp xã"),
          ("dossiers.online_rate", 74.31, "UBND cấp xã")}),
        ("Giá trị trung bình Chỉ số CCHC của khối huyện, thành phố đạt 84,86%.", {("index.par.score", 84.86, "UBND cấp huyện")}),
        ("Chỉ số CCHC năm 2024 của tỉnh Tuyên Quang (cũ) đạt 88,91%, xếp thứ 14/63; của tỉnh Hà Giang (cũ) đạt 83,12%.",
         {("index.par.score", 88.91, "tỉnh Tuyên Quang (cũ)"), ("index.par.rank", 14, "tỉnh Tuyên Quang (cũ)"),
          ("index.par.score", 83.12, "tỉnh Hà Giang (cũ)")}),
    ],
)
def test_who_the_figures_are_about(text, expected) -> None:
    assert {(f.metric, f.value, f.subject) for f in extract(text).facts} == expected


def test_units_ranks_after_a_table_of_the_index_are_that_index() -> None:
    rows = "\n".join(f"{i} | Sở {n} | {s} | {i}" for i, (n, s) in enumerate(
        [("Tư pháp", "92,1"), ("Nội vụ", "91,8"), ("Y tế", "90,2"), ("Xây dựng", "85,0")] * 6, 1))
    text = (
        "UBND TỈNH LÂM ĐỒNG\n\nBảng 1. Chỉ số CCHC năm 2023 của các sở, ban, ngành\n"
        f"STT | Đơn vị | Điểm | Xếp hạng\n{rows}\n\n"
        "Đáng chú ý, Sở Y tế tăng 06 bậc; Sở Xây dựng và Sở Tư pháp cùng giảm 02 bậc; huyện Đạ Tẻh tăng 02 bậc.\n"
    )
    got = {(f.metric, f.value, f.subject) for f in extract(text).facts if f.extractor != "table"}
    assert got == {("index.par.rank_change", 6, "Sở Y tế"), ("index.par.rank_change", -2, "Sở Xây dựng"),
                   ("index.par.rank_change", -2, "Sở Tư pháp"), ("index.par.rank_change", 2, "UBND huyện Đạ Tẻh")}
    # Đạ Tẻh was merged into Đạ Huoai in 2024: the gazetteer no longer lists it, its capitalised name does


def test_ocr_leftovers_that_look_like_figures() -> None:
    assert extract("Tỷ lệ hồ sơ giải quyết đúng hạn duy trì 6 mức cao.").facts == ()  # "ở mức"
    assert extract("Vẫn còn hồ sơ trễ hạn 6 lĩnh vực đất đai.").facts == ()  # "ở lĩnh vực"
    assert extract("Hồ sơ quá hạn tập trung 6 cấp huyện.").facts == ()
    got = {(f.metric, f.value) for f in extract("Tổng chi ngân sách địa phương ước thực hiện 38.9124 tỷ đồng.").facts}
    assert got == set()  # "38.912,4" with its comma lost: not an amount to trust


def test_a_standalone_reports_own_figures_are_the_reports() -> None:
    head = "UBND TỈNH QUẢNG NAM\n   SỞ TƯ PHÁP\nSố: 27/TL-STP    Quảng Nam, ngày 10 tháng 01 năm 2024\n\nTHAM LUẬN\n\n"
    got = {(f.metric, f.value, f.subject) for f in extract(
        head + "Kết quả Chỉ số CCHC năm 2022 cho thấy Sở Tư pháp đạt 88,74%, xếp thứ 4/21 sở, ban, ngành.").facts}
    assert got == {("index.par.score", 88.74, None), ("index.par.rank", 4, None)}
    got = {(f.metric, f.value, f.subject) for f in extract(
        head + "Chỉ số CCHC năm 2022: Sở Tư pháp đạt 88,74%; Sở Y tế đạt 85,1%.").facts}
    assert got == {("index.par.score", 88.74, None), ("index.par.score", 85.1, "Sở Y tế")}  # its own index, among others
    got = {(f.metric, f.value, f.subject) for f in extract(
        head + "Sở Tư pháp tiếp nhận 120 hồ sơ; Sở Y tế tiếp nhận 85 hồ sơ.").facts}
    assert got == {("dossiers.received", 120, "Sở Tư pháp"), ("dossiers.received", 85, "Sở Y tế")}  # told apart


def test_a_plans_task_count_is_a_figure_only_in_the_plan_itself() -> None:
    report = (
        "UBND TỈNH TUYÊN QUANG\n\nBÁO CÁO\nKết quả CCHC năm 2025\n\nII. NHIỆM VỤ NĂM 2026\n"
        "Triển khai Kế hoạch CCHC năm 2026 với 68 nhiệm vụ.\n"
    )
    assert extract(report).facts == ()
    plan = "UBND TỈNH ĐẮK NÔNG\n\nKẾ HOẠCH\nCải cách hành chính năm 2024\n\nIII. NHIỆM VỤ TRỌNG TÂM\nKế hoạch gồm 42 nhiệm vụ cụ thể.\n"
    assert [(f.metric, f.value) for f in extract(plan).facts] == [("plan.tasks.total", 42)]


def test_a_subsection_about_a_group_gives_its_figures_that_subject() -> None:
    text = (
        "UBND TỈNH BẮC GIANG\n\n3. Kết quả giải quyết hồ sơ\n"
        "a) Tại Bộ phận Một cửa cấp tỉnh\nTiếp nhận 30.100 hồ sơ.\n"
        "b) Tại Bộ phận Một cửa UBND các xã, phường\nTiếp nhận 21.000 hồ sơ; giải quyết đúng hạn 20.950 hồ sơ.\n"
    )
    got = {(f.metric, f.value, f.subject) for f in extract(text).facts}
    assert got == {("dossiers.received", 30100, "các sở, ban, ngành tỉnh"), ("dossiers.received", 21000, "UBND cấp xã"),
                   ("dossiers.on_time", 20950, "UBND cấp xã")}


def test_a_subsection_headed_by_a_level_frames_its_paragraphs_until_the_next_heading() -> None:
    text = (
        "UBND TỈNH NINH THUẬN\n\n2. Kết quả theo từng cấp\n"
        "a) Cấp tỉnh (các sở, ban, ngành và Trung tâm Phục vụ hành chính công tỉnh)\n"
        "Tiếp nhận 12.436 hồ sơ; đã giải quyết 11.873 hồ sơ.\n"
        "b) Cấp huyện\nTiếp nhận 17.952 hồ sơ.\n"
        "III. ĐÁNH GIÁ CHUNG\nTiếp nhận 40.000 hồ sơ.\n"
    )
    got = {(f.metric, f.value, f.subject) for f in extract(text).facts}
    assert got == {("dossiers.received", 12436, "các sở, ban, ngành tỉnh"), ("dossiers.resolved", 11873, "các sở, ban, ngành tỉnh"),
                   ("dossiers.received", 17952, "UBND cấp huyện"), ("dossiers.received", 40000, None)}
    ocr_read = text.replace("III. ĐÁNH GIÁ", "IIl. ĐÁNH GIÁ")  # OCR reads the last I as l
    assert {(f.metric, f.value, f.subject) for f in extract(ocr_read).facts} == got


def test_letterhead_beside_the_motto_names_issuer_and_province() -> None:
    head = (
        "UBND TỈNH BẾN TRE                          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "      SỞ NỘI VỤ                                     Độc lập - Tự do - Hạnh phúc\n"
        "Số: 210/BC-SNV                                Bến Tre, ngày 16 tháng 6 năm 2023\n\n"
        "BÁO CÁO\nKết quả công tác cải cách hành chính 6 tháng đầu năm 2023\n\n"
        "Tỉnh Long An xếp thứ 10/63; tỉnh Long An có nhiều mô hình hay; học tập tỉnh Long An.\n"
    )
    m = extract(head).metadata
    assert (m.province, m.issuer, m.doc_number) == ("Bến Tre", "Sở Nội vụ", "210/BC-SNV")


def test_a_table_header_naming_the_index_gives_its_rows_that_index() -> None:
    text = ("STT | Cơ quan, đơn vị | Chỉ số CCHC (%) | Xếp hạng\n"
            "1   | Văn phòng UBND thành phố | 89,64 | 5\n"
            "2   | Thanh tra thành phố | 87,88 | 8\n")
    got = _facts(text)
    assert ("index.par.score", 89.64, "Văn phòng UBND tỉnh") in got and ("index.par.rank", 8, "Thanh tra tỉnh") in got


def test_table_rows_labelled_by_level_and_a_pending_column_left_unread() -> None:
    text = ("     Cấp giải quyết          Tiếp nhận      Trực tuyến     Tỷ lệ đúng hạn (%)\n"
            "     Cấp tỉnh                  126.418         102.337          99,36\n"
            "     Cấp xã                    287.656         134.337          99,99\n"
            "     Toàn tỉnh                 512.846         298.214          99,75\n\n"
            "STT  Đơn vị                     Tiếp nhận   Đang giải quyết   Tỷ lệ đúng hạn (%)\n"
            "1    TP. Điện Biên Phủ          5.846       312               98,12\n"
            "2    TX. Mường Lay              1.127       45                97,05\n")
    got = _facts(text)
    assert {("dossiers.received", 126418, "các sở, ban, ngành tỉnh"), ("dossiers.online", 134337, "UBND cấp xã"),
            ("dossiers.on_time_rate", 99.75, None), ("dossiers.received", 1127, "UBND thị xã Mường Lay"),
            ("dossiers.on_time_rate", 98.12, "UBND thành phố Điện Biên Phủ")} <= got
    assert not any(v in (312, 45) for _, v, _ in got)


def test_a_total_row_under_level_rows_is_the_whole_locality() -> None:
    text = ("STT   Cấp giải quyết      Tiếp nhận     Đã giải quyết     Quá hạn\n"
            "1     Cấp tỉnh             112.486         107.935         1.224\n"
            "2     Cấp xã               211.866         202.976         1.039\n"
            "      Tổng cộng            324.352         310.911         2.263\n")
    got = _facts(text)
    assert {("dossiers.received", 324352, None), ("dossiers.late", 2263, None), ("dossiers.late", 1039, "UBND cấp xã")} <= got


def test_a_wrapped_aligned_header_and_an_earlier_months_column() -> None:
    text = ("   STT   Đơn vị                           Tiếp nhận     Tiếp nhận       Hồ sơ\n"
            "                                          tháng 9/2024  tháng 10/2024   quá hạn\n"
            "   1     Thành phố Phan Rang - Tháp Chàm  4.987         5.214           62\n"
            "   2     Huyện Ninh Hải                   2.451         2.637           31\n")
    got = _facts(text)
    assert got == {("dossiers.received", 5214, "UBND thành phố Phan Rang - Tháp Chàm"),
                   ("dossiers.late", 62, "UBND thành phố Phan Rang - Tháp Chàm"),
                   ("dossiers.received", 2637, "UBND huyện Ninh Hải"), ("dossiers.late", 31, "UBND huyện Ninh Hải")}


def test_a_dated_column_beside_an_undated_one_of_the_same_measure_is_a_comparison() -> None:
    text = ("Kết quả Chỉ số CCHC năm 2022 của các sở:\n"
            "STT | Đơn vị | Điểm (%) | Xếp hạng | Năm 2021 (%)\n"
            "1 | Sở Tư pháp | 92,10 | 1 | 91,05\n"
            "2 | Sở Nội vụ | 90,88 | 2 | 89,47\n")
    assert {v for m, v, _ in _facts(text) if m == "index.par.score"} == {92.1, 90.88}


def test_results_inside_a_missed_targets_parenthesis_are_kept() -> None:
    got = _facts("Tỷ lệ hồ sơ trực tuyến của một số đơn vị chưa đạt chỉ tiêu UBND tỉnh giao (Sở Y tế đạt 24%, "
                 "Sở Nội vụ đạt 53%).")
    assert ("dossiers.online_rate", 24, "Sở Y tế") in got
    assert not _facts("Tỷ lệ đúng hạn đều đạt và vượt chỉ tiêu BHXH Việt Nam giao (giao dịch điện tử 95%, đúng hạn 99,5%).")


def test_rows_naming_a_provincial_bodys_district_branches() -> None:
    text = ("STT | Đơn vị                 | Hồ sơ tiếp nhận | Giao dịch điện tử | Tỷ lệ (%)\n"
            "1   | BHXH thành phố Phủ Lý  | 78.415          | 76.602            | 97,69\n"
            "2   | BHXH huyện Kim Bảng    | 45.127          | 43.385            | 96,14\n")
    got = _facts(text)
    assert {("dossiers.online", 76602, "BHXH thành phố Phủ Lý"), ("dossiers.online_rate", 96.14, "BHXH huyện Kim Bảng")} <= got


def test_table_labels_garbled_by_restoration_take_the_gazetteers_spelling() -> None:
    assert unit_named_in("BHXH thành phố Phí Lý", "35") == "BHXH thành phố Phủ Lý"  # Hà Nam
    assert unit_named_in("BHXH huyện Ủy Nhân", "35") == "BHXH huyện Lý Nhân"
    assert unit_named_in("Phương Sa Pa") == "UBND phường Sa Pa"  # the kind word mis-accented
    assert unit_named_in("Huyện Tiên Lữ", "35") == "UBND huyện Tiên Lữ"  # not Hà Nam's: left as written


def test_a_law_named_between_its_kind_and_number() -> None:
    refs = extract("Theo Luật Khám bệnh, chữa bệnh số 15/2023/QH15 ngày 09/01/2023; tuyên truyền pháp luật "
                   "về cải cách theo Kế hoạch số 15/KH-UBND.").doc_refs
    assert [(r.kind, r.number) for r in refs] == [("Luật", "15/2023/QH15"), ("Kế hoạch", "15/KH-UBND")]


def test_a_level_heading_a_list_item_owns_all_its_figures() -> None:
    got = _facts("- Cấp huyện: tiếp nhận 28.109 hồ sơ (đúng hạn 95,46%); trễ hạn 1.204 hồ sơ;")
    assert ("dossiers.late", 1204, "UBND cấp huyện") in got and ("dossiers.received", 28109, "UBND cấp huyện") in got
    got = _facts("Tổng số TTHC của tỉnh là 1.912 thủ tục, gồm:\n- cấp tỉnh: 1.485; cấp huyện: 276; cấp xã: 151.")
    assert ("tthc.level.district", 276, None) in got and ("tthc.level.province", 1485, None) in got


@pytest.mark.parametrize("text, present, absent", [
    ("Các cơ quan đã số hóa hồ sơ, kết quả giải quyết TTHC đối với 78.455 hồ sơ, đạt tỷ lệ 73,41% trên tổng số hồ sơ "
     "đã giải quyết (chỉ tiêu giao năm 2024 là 80%); tỷ lệ khai thác, sử dụng lại dữ liệu số hóa mới đạt khoảng 18%.",
     {("dossiers.digitized", 78455), ("dossiers.digitized_rate", 73.41)}, {18, 80}),
    ("Tổ chức 21 lớp tập huấn, bồi dưỡng kiến thức về CCHC với 2.365 lượt CBCCVC tham dự.",
     {("training.classes", 21), ("training.participants", 2365)}, set()),
    ("Trong năm 2023, đã giảm 05 phòng và tương đương thuộc sở, ngành và 02 đơn vị sự nghiệp công lập, tổng cộng giảm 07 "
     "đầu mối.", {("org.units_reduced", 7)}, {5, 2}),
    ("Năm 2022 tỉnh đã giảm 14 đơn vị sự nghiệp và 02 phòng (giảm tổng cộng 16 đơn vị), bảo đảm tiến độ so với chỉ tiêu "
     "đến năm 2025 giảm bình quân 10% đơn vị sự nghiệp.", {("org.units_reduced", 16)}, {14, 10}),
    ("Năm 2022, Chỉ số CCHC được xác định đối với 18 sở, ban, ngành và 07 quận, huyện.", set(), {18, 7}),
])
def test_results_beside_asides_targets_and_totals(text, present, absent) -> None:
    got = _facts(text)
    assert present <= {(m, v) for m, v, _ in got}
    assert not any(v in absent for _, v, _ in got)


def test_a_yearly_series_table_gives_the_units_own_ranks() -> None:
    text = ("Chỉ số CCHC (PAR INDEX) của tỉnh qua các năm, cụ thể:\n"
            "      Năm          Xếp hạng         Ghi chú\n"
            "      2012         41               Năm đầu tiên công bố\n"
            "      2013         35\n"
            "      2014         27\n"
            "      Năm 2019, Chỉ số CCHC của tỉnh đạt 84,37%, tăng 03 bậc so với năm 2018.\n")
    got = _facts(text)
    assert {("index.par.rank", 41, None), ("index.par.rank", 27, None), ("index.par.score", 84.37, None),
            ("index.par.rank_change", 3, None)} <= got
    assert not any(v in (2012, 2013, 2019) for _, v, _ in got)


def test_a_budget_estimate_is_the_plan_not_revenue_collected() -> None:
    got = _facts("Dự toán thu ngân sách nhà nước trên địa bàn xã năm 2025 (phần giao từ 01/7/2025) là 14,27 tỷ đồng.")
    assert got == {("budget.revenue.plan", 14_270_000_000, None)}


def test_table_label_column_naming_a_kind_of_unit_gives_bare_names_that_kind() -> None:
    text = ("STT | Ấp            | Thành viên Tổ CNSCĐ | Hồ sơ trực tuyến được hỗ trợ\n"
            "1   | Mỹ Thới       | 7                   | 214\n"
            "2   | Bình Hiệp     | 6                   | 182\n"
            "    | Tổng cộng     | 13                  | 396\n\n"
            "STT | Tên xã        | Tiếp nhận | Tỷ lệ đúng hạn (%)\n"
            "1   | Tân Phú       | 1.204     | 98,5\n"
            "2   | Là            | 1.100     | 97,1\n")
    got = _facts(text)
    assert {("dossiers.online", 214, "ấp Mỹ Thới"), ("dossiers.online", 182, "ấp Bình Hiệp"),
            ("dossiers.online", 396, "các ấp"), ("dossiers.received", 1204, "UBND xã Tân Phú"),
            ("dossiers.on_time_rate", 98.5, "UBND xã Tân Phú")} <= got
    assert not any(v in (7, 6, 13, 1100) for _, v, _ in got)  # a column with no metric; "Là" is no place


def test_ocr_damaged_on_time_rate_header_still_names_its_column() -> None:
    text = ("STT Don vi Tiép nhan Dang giai quyét Ty 16 dang han (%)\n\n"
            "1 TX. Muong Lay 1.127 45 97,05\n\n"
            "2 Huyén Tuan Gido 3.412 216 94,16\n")
    got = _facts(text)
    assert ("dossiers.received", 1127, "UBND thị xã Muong Lay") in got
    assert ("dossiers.on_time_rate", 94.16, "UBND huyện Tuan Gido") in got or any(
        m == "dossiers.on_time_rate" and v == 94.16 for m, v, _ in got)


@pytest.mark.parametrize("text, expected", [
    ("Tổng số dịch vụ công trực tuyến (DVCTT) đang cung cấp trên Cổng Dịch vụ công tỉnh là 1.618 DVCTT, trong đó: "
     "DVCTT toàn trình 1.095 dịch vụ; đã tích hợp, cung cấp trên Cổng Dịch vụ công quốc gia 1.402 DVCTT.",
     {("dvc.online.total", 1618), ("dvc.online.full", 1095), ("dvc.online.national_portal", 1402)}),
    ("Số TTHC thực hiện theo cơ chế một cửa là 1.806 thủ tục, theo cơ chế một cửa liên thông là 122 thủ tục.",
     {("tthc.one_stop", 1806), ("tthc.interlinked", 122)}),
    ("Giai đoạn 2015-2020 tỉnh đã giảm 2.148 biên chế (tỷ lệ 10,12% so với biên chế giao năm 2015), vượt chỉ tiêu tinh giản 10%.",
     {("staff.quota_reduced", 2148)}),
    ("Đến nay, toàn tỉnh có 1.036 đơn vị sự nghiệp công lập, trong đó 142 đơn vị đã được giao tự chủ tài chính.",
     {("sn_units.total", 1036), ("sn_units.autonomous", 142)}),
    ("Giai đoạn 2011-2020, Đoàn kiểm tra CCHC của tỉnh đã kiểm tra 412 lượt cơ quan, đơn vị.",
     {("inspection.units", 412)}),
    ("Chủ tịch UBND tỉnh đã ban hành 395 quyết định công bố danh mục TTHC với tổng số 6.128 lượt TTHC.",
     {("tthc.announced.total", 6128)}),
])
def test_more_result_wordings(text, expected) -> None:
    assert expected <= _got(text)


def test_a_target_of_units_or_staff_is_still_no_result() -> None:
    assert not {m for m, _ in _got("Phấn đấu đến năm 2025 toàn tỉnh có 1.000 đơn vị sự nghiệp công lập, giảm 10% biên chế.")}
    assert ("staff.quota_reduced", 300) not in _got("Chỉ tiêu tinh giản biên chế giai đoạn 2021-2026 là giảm 300 biên chế.")


def test_a_sentence_opening_with_an_earlier_year_is_a_comparison() -> None:
    head = ("UBND TỈNH QUẢNG BÌNH\n\nBÁO CÁO\nKết quả công tác cải cách hành chính năm 2020\n\n")
    got = _facts(head + "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,1%. Năm 2019, tỷ lệ hồ sơ giải quyết đúng hạn "
                 "của tỉnh là 98,62%. Năm 2019, Chỉ số CCHC của tỉnh đạt 81,25%.\n")
    assert ("dossiers.on_time_rate", 99.1, None) in got and ("index.par.score", 81.25, None) in got
    assert not any(v == 98.62 for _, v, _ in got)


def test_letterhead_body_wrapped_over_two_lines_is_the_issuer() -> None:
    text = ("       UBND TỈNH BẮC NINH                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "    TRUNG TÂM PHỤC VỤ                              Độc lập - Tự do - Hạnh phúc\n"
            "     HÀNH CHÍNH CÔNG\n   Số: 214/BC-TTPVHCC                  Bắc Ninh, ngày 24 tháng 9 năm 2024\n\n"
            "                                      BÁO CÁO\nKết quả quý III năm 2024\n\n"
            "Trung tâm đã tiếp nhận 48.652 hồ sơ.\n")
    r = extract(text)
    assert r.metadata.issuer == "Trung tâm Phục vụ hành chính công tỉnh"
    assert [(f.metric, f.value, f.subject) for f in r.facts] == [("dossiers.received", 48652, None)]


def test_field_and_former_province_tables() -> None:
    text = ("STT  Lĩnh vực                                      Tiếp nhận    Cùng kỳ 2022    Trễ hạn\n"
            "1    Hộ tịch (có yếu tố nước ngoài)                     436             402          3\n"
            "2    Bổ trợ tư pháp (luật sư, công chứng,               318             325          0\n"
            "     đấu giá, giám định tư pháp)\n"
            "3    Quốc tịch                                           41              37          2\n\n"
            "STT | Tỉnh (cũ) | PAR INDEX 2023 | PAR INDEX 2024 | Xếp hạng 2024\n"
            "1 | Vĩnh Phúc | 89,40% | 88,27% | 19\n"
            "2 | Hòa Bình | 83,95% | 85,06% | 42\n")
    got = _facts(text)
    assert {("dossiers.received", 436, "lĩnh vực hộ tịch"), ("dossiers.late", 3, "lĩnh vực hộ tịch"),
            ("dossiers.received", 41, "lĩnh vực quốc tịch"), ("dossiers.late", 0, "lĩnh vực bổ trợ tư pháp"),
            ("index.par.score", 88.27, "tỉnh Vĩnh Phúc (cũ)"), ("index.par.rank", 42, "tỉnh Hòa Bình (cũ)")} <= got
    assert not any(v in (402, 325, 37, 89.4, 83.95) for _, v, _ in got)  # earlier periods


@pytest.mark.parametrize("text, present, absent", [
    ("Hồ sơ quá hạn tập trung chủ yếu ở lĩnh vực đất đai tại UBND huyện Bố Trạch (512 hồ sơ) và "
     "UBND huyện Lệ Thủy (387 hồ sơ).",
     {("dossiers.late", 512), ("dossiers.late", 387)}, set()),
    ("Tỷ lệ hồ sơ có thanh toán trực tuyến mới đạt 31,6%.", set(), {31.6}),
    ("Sở đã thực hiện chi 12,85 tỷ đồng; kinh phí tiết kiệm chi thường xuyên 185 triệu đồng.", set(), {185000000}),
    ("UBND tỉnh đã ban hành 47 văn bản chỉ đạo, điều hành về CCHC (quyết định, kế hoạch, công văn).", set(), {47}),
    ("Sở đã ban hành 12 văn bản chỉ đạo, đôn đốc thực hiện CCHC.", {("docs.issued.other", 12)}, set()),
    ("Đã số hóa 1.092.714 hồ sơ, đạt tỷ lệ 87,34%; phấn đấu đến hết năm 2025 tỷ lệ số hóa đạt 100%.",
     {("dossiers.digitized", 1092714), ("dossiers.digitized_rate", 87.34)}, {100}),
])
def test_wordings_of_the_fourth_round(text, present, absent) -> None:
    got = _got(text)
    assert present <= got and not {v for _, v in got} & absent


def test_ocr_damaged_table_rows_are_mended_only_where_unambiguous() -> None:
    text = (
        "UBND TỈNH LÂM ĐỒNG\nKết quả Chỉ số CCHC năm 2023 của các sở:\n"
        "STT | Đơn vị | Chỉ số CCHC (%) | Xếp hạng\n"
        "1 | Sở Tư pháp | 92,15 | 1\n"
        "21Sở Nội vụ | 91,0213\n"  # "2 | Sở Nội vụ | 91,02 | 3": the rules read as "1"
        "3 1 Sở Tài chính187,4512\n"  # a "1" that lifts a score over 100 was a rule
        "4 Sở Y tế | 86,30 | 4\n"  # only the rule after the number was lost
    )
    got = {(f.metric, f.value, f.subject) for f in extract(text).facts}
    assert got == {
        ("index.par.score", 92.15, "Sở Tư pháp"), ("index.par.rank", 1, "Sở Tư pháp"),
        ("index.par.score", 91.02, "Sở Nội vụ"), ("index.par.score", 87.45, "Sở Tài chính"),
        ("index.par.score", 86.30, "Sở Y tế"), ("index.par.rank", 4, "Sở Y tế"),
    }  # the ranks run into the scores' digits in rows 2 and 3: left out, not guessed


def test_garbled_place_names_snap_to_the_gazetteer_only_when_one_is_close() -> None:
    from cchc.extractors.subjects import place_spelled

    assert place_spelled("Cả Phê", "xã", "66") == "Ea Phê"  # Đắk Lắk: OCR + restoration damage
    assert place_spelled("Ea Phê", "xã", "66") == "Ea Phê"
    assert place_spelled("Phí Lý", "thành phố", "35") == "Phủ Lý"
    assert place_spelled("Pha Thọ", "tỉnh (cũ)", None) == "Phú Thọ"
    assert place_spelled("Hòa Thuận Đông", "xã", "66") == "Hòa Thuận Đông"  # close to none: kept as written
    assert place_spelled("Cả Phê", "xã", None) == "Cả Phê"  # no province: nothing to compare with
    assert place_spelled("Cao Lanh", "thành phố", "87") == "Cao Lãnh"  # listed as "Cao Lãnh (Thành phố)"
    # two names equally close: the one whose consonants agree ("Ninh Phú" has no closing "c")
    assert place_spelled("Ninh Phục", "xã", "56") == "Ninh Phước"
    assert place_spelled("Ninh Phu", "xã", "56") == "Ninh Phú"


def test_an_unlisted_place_is_trusted_only_if_places_are_named_so() -> None:
    from cchc.extractors.subjects import plausible_place

    assert plausible_place("Đạ Tẻh") and plausible_place("Hà Giang 1")  # dissolved since; numbered wards
    assert not plausible_place("Cá Sườn") and not plausible_place("Ra Đường")  # "Ea Siên", "Ea Drông" restored as words
    assert plausible_place("Muong Lay")  # left unaccented: compared without accents
    assert not plausible_place("Được Trong")  # function words


def test_a_damaged_figure_is_cut_by_its_columns_format() -> None:
    from cchc.extractors.tables import _column_format

    assert _column_format(["92,15", "86,30 | 4", "187,4512"]) == (2, 92.15)  # "187,4512": "87,45 | 12" damaged
    assert _column_format(["187,50", "245,10 "]) == (2, 245.1)  # amounts over 100: no leading "1" is a rule
    assert _column_format(["92,15"]) == (None, 0.0)  # one figure does not fix a format


def test_seventh_round_table_shapes() -> None:
    """Tables of the seventh round's development reports, in general form."""
    rate_of_the_year = ("Cấp giải quyết | Hồ sơ tiếp nhận | Tỷ lệ đúng hạn năm 2022 (%) | Năm 2021 (%)\n"
                        "Cấp huyện      | 41.236          | 98,80                       | 97,65\n"
                        "Cấp xã         | 152.730         | 99,76                       | 99,31\n")
    got = {(f.metric, f.value, f.subject) for f in extract(rate_of_the_year).facts}
    assert got == {("dossiers.received", 41236, "UBND cấp huyện"), ("dossiers.on_time_rate", 98.8, "UBND cấp huyện"),
                   ("dossiers.received", 152730, "UBND cấp xã"), ("dossiers.on_time_rate", 99.76, "UBND cấp xã")}
    groups = (" STT   Nhóm TTHC                          Tiếp nhận   Đúng hạn   Quá hạn\n"
              "  1    Cấp giấy phép xây dựng              64          57         3\n"
              "  2    Thẩm định thiết kế xây dựng        192         179         3\n")
    got = {(f.metric, f.value, f.subject) for f in extract(groups).facts}
    assert ("dossiers.received", 64, "nhóm TTHC cấp giấy phép xây dựng") in got
    assert all(f[2] is not None and f[2].startswith("nhóm TTHC") for f in got) and len(got) == 6
    noted = (" STT  Đơn vị                 Tiếp nhận (hồ sơ)   Trễ hạn (hồ sơ)   Ghi chú\n"
             " 1    Xã Cư Bao                  1.402             11            Đất đai, hộ tịch\n"
             " 2    Xã Ea Siên                   813              3\n"
             "      Cộng cấp xã                2.215             14\n")
    # the same table as OCR sets it, one space between words: the note still ends the row
    ocr = ("STT Đơn vị Tiếp nhận (hồ sơ) Trễ hạn (hồ sơ) Ghi chú\n\n"
           "1 Xã Cư Bao 1.402 11 Đất đai, hộ tịch\n\n"
           "2 Xã Ea Siên 813 3\n\n"
           "Cộng cấp xã 2.215 14\n")
    for table in (noted, ocr):
        got = {(f.metric, f.value, f.subject) for f in extract(table).facts}
        assert {("dossiers.late", 11, "UBND xã Cư Bao"), ("dossiers.received", 813, "UBND xã Ea Siên"),
                ("dossiers.received", 2215, "UBND cấp xã"), ("dossiers.late", 14, "UBND cấp xã")} <= got
    prose = "Năm   Xếp hạng   Ghi chú\n2018  12\nNăm 2019, Chỉ số CCHC đạt 84,37%, tăng 03 bậc\n"
    assert ("index.par.rank", 2019, None) not in {(f.metric, f.value, f.subject) for f in extract(prose).facts}


def test_seventh_round_prose_vetoes() -> None:
    assert extract("Sở đã trích tiết kiệm 10% chi thường xuyên (khoảng 245 triệu đồng) để cải cách tiền lương.").facts == ()
    assert extract("Mục tiêu tỷ lệ hồ sơ trực tuyến đạt 50% vào năm 2025 của TTHC.").facts == ()
    text = "Về TTHC, thị xã hiện có 12 đơn vị hành chính cấp xã (07 phường, 05 xã)."
    assert [f for f in extract(text).facts if f.metric.startswith("tthc.")] == []


def test_rows_that_name_their_measure_are_read_as_sentences() -> None:
    """A table whose rows say what they measure: each row is the sentence it abbreviates."""
    kinds = ("e) Dịch vụ công trực tuyến, cụ thể như sau:\n"
             "STT | Loại DVCTT         | Số lượng | Tỷ lệ (%)\n"
             "1   | DVCTT toàn trình   | 47       | 42,34\n"
             "2   | DVCTT một phần     | 64       | 57,66\n"
             "    | Tổng cộng          | 111      | 100\n")
    assert _facts(kinds) == {("dvc.online.full", 47, None), ("dvc.online.full_share", 42.34, None),
                             ("dvc.online.partial", 64, None), ("dvc.online.partial_share", 57.66, None),
                             ("dvc.online.total", 111, None)}
    indices = ("Kết quả các chỉ số của tỉnh như sau:\n"
               "Chỉ số                 Kết quả         Xếp hạng     So với năm 2020\n"
               "PAR INDEX 2021         84,53%          37/63        tăng 8 bậc\n"
               "PAPI 2021              42,15 điểm      23/63        giảm 4 bậc\n")
    result = extract(indices)
    assert {(f.metric, f.value) for f in result.facts} == {
        ("index.par.score", 84.53), ("index.par.rank", 37), ("index.par.rank_change", 8),
        ("index.papi.score", 42.15), ("index.papi.rank", 23), ("index.papi.rank_change", -4)}
    change = next(f for f in result.facts if f.metric == "index.papi.rank_change")
    assert indices[change.span.start : change.span.end] == "4" and change.extractor == "table"
    dated = ("STT | Chỉ số    | Điểm năm 2023 | Xếp hạng năm 2022 | Xếp hạng năm 2023\n"
             "1   | PAR INDEX | 85,27%        | 36/63             | 41/63\n"
             "2   | SIPAS     | 81,36%        | 33/63             | 42/63\n")
    assert {(m, v) for m, v, _ in _facts(dated) if m.endswith("rank")} == {("index.par.rank", 41), ("index.sipas.rank", 42)}
    plan = ("Phụ lục. Kết quả thực hiện các chỉ tiêu\n"
            "STT | Chỉ tiêu                               | Đơn vị tính | Kế hoạch | Thực hiện\n"
            "1   | Tỷ lệ hồ sơ giải quyết đúng hạn        | %           | 95       | 98,7\n"
            "2   | Số cuộc họp giao ban                   | cuộc        | 12       | 12\n")
    assert _facts(plan) == {("dossiers.on_time_rate", 98.7, None)}


def test_eighth_round_prose() -> None:
    """Wording of the eighth round's development reports, in general form."""
    dti = ("Theo Quyết định số 1187/QĐ-BTTTT ngày 04/7/2023 công bố Chỉ số DTI năm 2022 (đánh giá theo Bộ chỉ số "
           "ban hành kèm Quyết định số 922/QĐ-BTTTT ngày 20/5/2022), tỉnh Bình Định đạt 0,4721 điểm, xếp thứ 24/63.")
    assert {("index.dti.score", 0.4721, None), ("index.dti.rank", 24, None)} <= _facts(dti)
    assert ("index.pci.score", 64.2, None) in _facts("Chỉ số PCI năm 2022, tỉnh Nghệ An đạt 64,2 điểm.")
    assert not any(m.startswith("index.par") for m, _, _ in _facts(
        "Giá trị trung bình Chỉ số CCHC năm 2022 của khối quận, huyện đạt 87,48%."))
    parts = "Sở đã được cấp 95 chứng thư số chuyên dùng (02 chứng thư số tổ chức, 93 chứng thư số cá nhân)."
    assert _facts(parts) == {("esign.certificates", 95, None)}
    alone = "Đã cấp tổng số 6.842 chứng thư số chuyên dùng (riêng năm 2023 cấp mới 1.215 chứng thư số)."
    assert {v for _, v, _ in _facts(alone)} == {6842, 1215}
    edocs = ("Văn bản đi trên hệ thống là 312.580 văn bản (có 309.146 văn bản được ký số, đạt 98,9%), văn bản đến là "
             "973.877 văn bản; tổng cộng gửi, nhận 1.286.457 văn bản điện tử.")
    assert {(m, v) for m, v, _ in _facts(edocs)} == {("edocs.sent", 312580), ("edocs.sent_signed", 309146), ("edocs.received", 973877)}
    assert ("tthc.total", 102, None) in _facts("Hiện nay, Ban Quản lý đang tiếp nhận, giải quyết 102 TTHC thuộc 09 lĩnh vực.")
    assert ("invest.public.plan", 8642.5e9, None) in _facts("Kế hoạch vốn đầu tư công năm 2022 của tỉnh được giao 8.642,5 tỷ đồng.")


def test_a_fields_tables_total_is_the_reporting_units_own() -> None:
    text = ("STT   Lĩnh vực                 Tiếp nhận (hồ sơ)    Trễ hạn (hồ sơ)\n"
            "1     Đầu tư                           1.842                  6\n"
            "2     Lao động                         7.936                  3\n"
            "      Tổng cộng                        9.778                  9\n")
    got = _facts(text)
    assert ("dossiers.received", 9778, None) in got and ("dossiers.late", 6, "lĩnh vực đầu tư") in got


def test_a_departments_own_sections_are_its_own() -> None:
    text = ("BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP\nSố: 3148/BC-BQL\nBÁO CÁO\nKết quả công tác cải cách hành chính năm 2023\n"
            "Ban Quản lý tổ chức kiểm tra công tác CCHC tại 04 phòng chuyên môn; chưa phát hiện vi phạm.\n")
    result = extract(text)
    assert result.metadata.issuer == "Ban Quản lý các khu công nghiệp"
    assert [(f.metric, f.value, f.subject) for f in result.facts] == [("inspection.units", 4, None)]


def test_a_column_title_naming_its_measure_twice_is_one_column() -> None:
    text = ("Bảng 2. Khối huyện, thị xã, thành phố\n"
            "STT   Đơn vị                          Điểm DTI     Xếp hạng\n"
            "1     Thành phố Quy Nhơn              0,6924       1\n"
            "2     Thị xã An Nhơn                  0,6402       3\n")
    got = _facts(text)
    assert {("index.dti.score", 0.6924, "UBND thành phố Quy Nhơn"), ("index.dti.rank", 3, "UBND thị xã An Nhơn")} <= got
    assert len(got) == 4


def test_a_report_citing_its_own_number_cites_nothing() -> None:
    text = ("ỦY BAN NHÂN DÂN TỈNH BẮC GIANG\nSố: 735/BC-UBND\nBÁO CÁO\nKết quả công tác cải cách hành chính năm 2023\n"
            "Thực hiện Kế hoạch số 214/KH-UBND ngày 28/12/2022 của UBND tỉnh.\n"
            "PHỤ LỤC\n(Kèm theo Báo cáo số 735/BC-UBND ngày 11/12/2023 của UBND tỉnh Bắc Giang)\n")
    assert [r.number for r in extract(text).doc_refs] == ["214/KH-UBND"]


def test_a_list_of_issued_documents_keeps_its_issuer() -> None:
    text = ("Ngay từ đầu năm, UBND tỉnh ban hành Kế hoạch số 214/KH-UBND ngày 28/12/2022 về CCHC năm 2023; đồng thời "
            "ban hành Kế hoạch số 41/KH-UBND ngày 14/02/2023 về tuyên truyền CCHC. Trong năm, Sở đã tham mưu UBND tỉnh "
            "ban hành nhiều văn bản chỉ đạo, điều hành, tiêu biểu: Quyết định số 1853/QĐ-UBND ngày 02/6/2023 phê duyệt "
            "Danh mục cơ sở dữ liệu; Kế hoạch số 87/KH-UBND ngày 14/7/2023 triển khai Đề án 06.")
    assert {r.number: r.issuer for r in extract(text).doc_refs} == {
        "214/KH-UBND": "UBND tỉnh", "41/KH-UBND": "UBND tỉnh", "1853/QĐ-UBND": "UBND tỉnh", "87/KH-UBND": "UBND tỉnh"}


def test_a_framed_sentence_keeps_its_unit_across_clauses() -> None:
    text = ("Riêng tại Trung tâm Phục vụ hành chính công tỉnh: tiếp nhận 162.705 hồ sơ, trong đó trực tuyến 148.931 "
            "hồ sơ; tỷ lệ giải quyết đúng hạn đạt 99,86%.")
    assert {s for _, _, s in _facts(text)} == {"Trung tâm Phục vụ hành chính công tỉnh"}
    led = "Sở Tư pháp dẫn đầu Khối sở, ban, ngành với 92,15%; UBND thành phố Bắc Giang dẫn đầu Khối UBND huyện, thành phố với 91,62%."
    assert ("index.par.score", 91.62, "UBND thành phố Bắc Giang") in _facts("Chỉ số CCHC năm 2022: " + led)


def test_a_header_wrapped_onto_a_line_of_periods() -> None:
    text = ("STT   Đơn vị                  Tiếp nhận     Tiếp nhận      Trễ hạn\n"
            "                              năm 2022      năm 2023\n"
            " 1    Thị trấn Nam Ban            3.874         4.126          06\n"
            " 2    Thị trấn Đinh Văn           3.702         3.958          04\n")
    assert _facts(text) == {("dossiers.received", 4126, "UBND thị trấn Nam Ban"), ("dossiers.late", 6, "UBND thị trấn Nam Ban"),
                            ("dossiers.received", 3958, "UBND thị trấn Đinh Văn"), ("dossiers.late", 4, "UBND thị trấn Đinh Văn")}


def test_procedures_offered_as_online_services_and_units_remaining() -> None:
    text = "Có 152 TTHC được cung cấp DVCTT toàn trình và 231 TTHC được cung cấp DVCTT một phần."
    assert _facts(text) == {("dvc.online.full", 152, None), ("dvc.online.partial", 231, None)}
    assert ("sn_units.total", 78, None) in _facts("Đến nay, toàn huyện còn 78 đơn vị sự nghiệp công lập (74 trường học).")


def test_a_level_head_is_the_sentences_actor_when_it_names_only_that_level() -> None:
    text = ("- Cấp xã: 102 Trung tâm Phục vụ hành chính công cấp xã tiếp nhận 436.190 hồ sơ, trong đó trực tuyến "
            "318.417 hồ sơ; trễ hạn 7.912 hồ sơ.")
    assert {s for _, _, s in _facts(text)} == {"UBND cấp xã"}


def test_ocr_rows_keep_their_figures_where_one_reading_fits_every_column() -> None:
    """OCR reads a table's rules as "1", alone or glued to a figure, and leaves blank lines."""
    levels = ("Cấp giải quyết | Hồ sơ tiếp nhận | Tỷ lệ đúng hạn năm 2022 (%) | Năm 2021 (%)\n\n"
              "Cp tỉnh | 68.452 | 99,19 198,72\n\n"  # "Cấp" lost its "ấ"; "| 98,72" glued
              "Cấp xã | 152.730 1 99,76 1 99,31\n\n"  # two rules read as "1", exactly the excess
              "Toàn tỉnh | 262.418 | 99,46 | 98,90\n")
    got = {(f.metric, f.value, f.subject) for f in extract(levels).facts}
    assert got == {("dossiers.received", 68452, "các sở, ban, ngành tỉnh"), ("dossiers.on_time_rate", 99.19, "các sở, ban, ngành tỉnh"),
                   ("dossiers.received", 152730, "UBND cấp xã"), ("dossiers.on_time_rate", 99.76, "UBND cấp xã"),
                   ("dossiers.received", 262418, None), ("dossiers.on_time_rate", 99.46, None)}
    dti = ("UBND TỈNH BÌNH ĐỊNH\nSTT | Đơn vị | Điểm DTI | Xếp hạng\n\n"
           "11Sở Tài nguyên và Môi trường | 0,7236 | 1\n\n"
           "21 Sở Kế hoạch và Đầu tư 10,7105 | 2\n\n"  # fractions: "10,7105" is "| 0,7105"
           "3.1 Sở Tư pháp | 0,6948 13\n\n"  # "13": rank 3 after a rule, or 13: left out
           "4 | Sở Nội vụ | 0,6811 1 4\n")  # one figure too many, and one lone "1": the rule
    got = {(f.metric, f.value, f.subject) for f in extract(dti).facts}
    assert got == {("index.dti.score", 0.7236, "Sở Tài nguyên và Môi trường"), ("index.dti.rank", 1, "Sở Tài nguyên và Môi trường"),
                   ("index.dti.score", 0.7105, "Sở Kế hoạch và Đầu tư"), ("index.dti.rank", 2, "Sở Kế hoạch và Đầu tư"),
                   ("index.dti.score", 0.6948, "Sở Tư pháp"), ("index.dti.score", 0.6811, "Sở Nội vụ"),
                   ("index.dti.rank", 4, "Sở Nội vụ")}
    two_years = ("UBND TỈNH LÂM ĐỒNG\nKết quả Chỉ số CCHC năm 2023 của các sở:\n"
                 "STT | Đơn vị | Chỉ số 2023 (%) | Xếp hạng 2023 | Xếp hạng 2022\n"
                 "1 | Sở Tư pháp | 92,15 | 1 | 2\n"
                 "4 | Văn phòng UBND tỉnh | 90,35 1 413\n")  # a lone "1" between spaces: rank 1, or a rule
    got = {(f.metric, f.value, f.subject) for f in extract(two_years).facts}
    assert ("index.par.score", 90.35, "Văn phòng UBND tỉnh") in got
    assert not any(m == "index.par.rank" and s == "Văn phòng UBND tỉnh" for m, _, s in got)
    counts = ("STT | Cơ quan | Số TTHC | Trong đó DVCTT toàn trình\n"
              "1 | Sở Tài chính | 142 | 60\n"
              "2 | Sở Tư pháp | 1361 98\n")  # "136 | 98" or "1361 | 98": neither is taken
    got = {(f.metric, f.value, f.subject) for f in extract(counts).facts}
    assert not any(s == "Sở Tư pháp" for _, _, s in got)


@pytest.mark.parametrize("gap, blank", [("   ", ""), (" ", "\n")])  # a PDF's text layer; OCR (blank lines, single spaces)
def test_year_columns_measure_what_the_caption_names(gap: str, blank: str) -> None:
    table = (f"Bảng 2. Tỷ lệ hồ sơ tiếp nhận trực tuyến trên địa bàn các huyện\n{blank}"
             f"STT{gap}Đơn vị{gap}Năm 2023 (%){gap}Năm 2022 (%)\n{blank}"
             f"1{gap}Huyện Tân Hồng{gap}55,42{gap}41,10\n{blank}"
             f"2{gap}Huyện Tam Nông{gap}61,27{gap}50,02\n")
    got = {(f.metric, f.value, f.subject) for f in extract(table).facts}
    assert got == {("dossiers.online_rate", 55.42, "UBND huyện Tân Hồng"), ("dossiers.online_rate", 61.27, "UBND huyện Tam Nông")}


def test_trong_do_opens_a_column_title_of_its_own() -> None:
    run_on = ("Năm Hồ sơ tiếp nhận Trong đó trực tuyến Tỷ lệ giải quyết đúng hạn (%)\n\n"
              "2021 512.436 98.214 97,82\n\n"
              "2022 596.807 187.345 98,41\n")
    got = {(f.metric, f.value) for f in extract(run_on).facts}
    assert {("dossiers.received", 512436), ("dossiers.online", 98214), ("dossiers.on_time_rate", 97.82)} <= got


def _report(body: str, unit: tuple[str, str], number: str, signed: str) -> str:
    """A letterhead (the unit's two lines, the number, place and date) and title over ``body``."""
    return (f"      {unit[0]:<39}CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            f"      {unit[1]:<39}Độc lập - Tự do - Hạnh phúc\n"
            f"    Số: {number:<35}{signed}\n"
            "                                        BÁO CÁO\n"
            "              Kết quả thực hiện công tác cải cách hành chính năm 2023\n" + body)


def _district_report(body: str) -> str:
    return _report(body, ("ỦY BAN NHÂN DÂN", "HUYỆN CỦ CHI"), "1187/BC-UBND", "Củ Chi, ngày 18 tháng 12 năm 2023")


def test_a_body_under_its_parent_in_the_letterhead_issues_the_report() -> None:
    text = ("VĂN PHÒNG UBND TỈNH THÁI BÌNH\nTRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG\n"
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 57/BC-TTPVHCC\n"
            "Thái Bình, ngày 05 tháng 7 năm 2024\n\nBÁO CÁO\nKết quả hoạt động quý II năm 2024\n")
    assert extract(text).metadata.issuer == "Trung tâm Phục vụ hành chính công tỉnh"


def test_ninth_round_prose() -> None:
    """Wording of the ninth round's development reports, in general form."""
    got = _facts(_district_report(
        "Tổng số TTHC thuộc thẩm quyền giải quyết của cấp huyện, cấp xã trên địa bàn là 398 thủ tục; trong đó: "
        "cấp huyện 281 thủ tục. Riêng lĩnh vực đất đai (đăng ký biến động, chuyển mục đích sử dụng đất) tiếp nhận "
        "18.652 hồ sơ. UBND 21 xã, thị trấn tiếp nhận tổng cộng 52.317 hồ sơ; giải quyết đúng hạn 51.987 hồ sơ, "
        "đạt 99,79%; trễ hạn 107 hồ sơ. Đã giao quyền tự chủ tài chính theo Nghị định số 60/2021/NĐ-CP ngày "
        "21/6/2021 của Chính phủ cho 126 đơn vị. Tổng thu ngân sách nhà nước trên địa bàn huyện ước thực hiện năm "
        "2023 đạt 104,2% dự toán; giải ngân vốn đầu tư công đến ngày 30/11/2023 đạt 83,92% kế hoạch vốn (ước đến "
        "31/01/2024 giải ngân đạt 95%). Tổng số dịch vụ công trực tuyến thuộc thẩm quyền cấp huyện, cấp xã cung "
        "cấp trên Cổng Dịch vụ công Thành phố là 312 DVCTT. Chỉ số CCHC năm 2022 của huyện Củ Chi đạt 88,74 điểm, "
        "xếp hạng 6/22 quận, huyện và thành phố Thủ Đức. Chỉ số hài lòng của người dân, tổ chức đối với sự phục "
        "vụ của cơ quan hành chính năm 2022 của huyện đạt 84,3%.\n"))
    assert {("tthc.total", 398, None), ("tthc.level.district", 281, None),
            ("dossiers.received", 18652, "lĩnh vực Đất đai"), ("dossiers.late", 107, "UBND cấp xã"),
            ("sn_units.autonomous", 126, None), ("budget.revenue.pct_plan", 104.2, None),
            ("invest.public.disbursed_pct", 83.92, None), ("dvc.online.total", 312, None),
            ("index.par.score", 88.74, None), ("index.par.rank", 6, None), ("index.sipas.score", 84.3, None)} <= got
    assert ("invest.public.disbursed_pct", 95, None) not in got  # estimated to a date past the year and the signing


def test_ninth_round_plans_and_earlier_periods() -> None:
    got = _facts(_district_report(
        "Tổng số nhiệm vụ CCHC năm 2023 là 68 nhiệm vụ; đến nay đã hoàn thành 49 nhiệm vụ (đạt 72,06%).\n"))
    assert {("plan.tasks.total", 68, None), ("plan.tasks.done", 49, None), ("plan.tasks.rate", 72.06, None)} <= got
    got = _facts(_district_report(
        "Đôn đốc các cơ quan triển khai nhiệm vụ CCHC. Đến thời điểm báo cáo, đã hoàn thành 40 nhiệm vụ.\n"))
    assert ("plan.tasks.done", 40, None) in got
    got = _facts(_district_report(
        "Tỷ lệ hồ sơ trực tuyến đạt 49,64%. Cùng kỳ năm 2022 tỷ lệ giải quyết đúng hạn đạt 98,92%, tỷ lệ hồ sơ "
        "trực tuyến mới đạt 31,7%.\n"))
    assert ("dossiers.online_rate", 49.64, None) in got
    assert not {("dossiers.on_time_rate", 98.92, None), ("dossiers.online_rate", 31.7, None)} & got


def _department_report(body: str) -> str:
    return _report(body, ("UBND TỈNH HẬU GIANG", "SỞ NỘI VỤ"), "412/BC-SNV", "Hậu Giang, ngày 12 tháng 12 năm 2023")


def test_ninth_round_asides_levels_and_the_remaining_units() -> None:
    """More of the ninth round development reports' wording, in general form."""
    got = _facts(_department_report(
        "Đoàn kiểm tra CCHC của tỉnh đã kiểm tra 12 cơ quan, đơn vị (kế hoạch năm 2023 kiểm tra 20 cơ quan). "
        "Sở tham mưu sắp xếp, giảm 17 tổ chức, đơn vị trên địa bàn tỉnh (cấp tỉnh giảm 06 đơn vị; cấp huyện "
        "giảm 11 đơn vị). Thẩm định kết quả tuyển dụng viên chức của các ngành, trong đó: Sở Giáo dục và Đào tạo "
        "tuyển dụng 356 viên chức, Sở Y tế tuyển dụng 56 viên chức. Các cơ quan còn lại (13 sở, ngành) tiếp "
        "nhận 2.556 hồ sơ, giải quyết 100% đúng hạn.\n"))
    assert {("inspection.units", 12, None), ("org.units_reduced", 17, None),
            ("org.units_reduced", 6, "các sở, ban, ngành tỉnh"), ("org.units_reduced", 11, "UBND cấp huyện"),
            ("staff.recruited", 356, "Sở Giáo dục và Đào tạo"), ("staff.recruited", 56, "Sở Y tế"),
            ("dossiers.received", 2556, "các cơ quan còn lại"),
            ("dossiers.on_time_rate", 100, "các cơ quan còn lại")} <= got
    assert ("inspection.units", 20, None) not in got  # the plan, in an aside


def test_the_issuer_named_beside_a_unit_without_figures_is_still_the_report() -> None:
    got = _facts(_department_report(
        "Trong năm, Sở Nội vụ tiếp nhận 14 phản ánh, kiến nghị; đã xử lý 13 phản ánh, 01 phản ánh đang được "
        "Sở Tài nguyên và Môi trường xem xét.\n"
        "Sở Y tế tiếp nhận 62 hồ sơ; Sở Nội vụ tiếp nhận 41 hồ sơ.\n"
        "Kết quả Chỉ số CCHC năm 2022 của các sở, ban, ngành tỉnh như sau:\n"
        "STT | Cơ quan, đơn vị | Điểm đạt (%) | Xếp hạng\n"
        "1 | Sở Tư pháp | 92,40 | 1\n"
        "2 | Sở Nội vụ | 89,76 | 2\n"))
    assert ("feedback.received", 14, None) in got
    assert {("dossiers.received", 62, "Sở Y tế"), ("dossiers.received", 41, "Sở Nội vụ")} <= got  # units told apart
    assert {("index.par.score", 89.76, None), ("index.par.rank", 2, None),
            ("index.par.score", 92.4, "Sở Tư pháp")} <= got  # the issuer's own row is its own index


def test_tenth_round_prose() -> None:
    """Wording of the tenth round's development reports, in general form."""
    got = _facts(_department_report(
        "Hồ sơ quá hạn tập trung ở lĩnh vực đất đai, nhiều nhất là UBND huyện Long Hồ với 874 hồ sơ trễ hạn. "
        "Trung tâm giám sát, điều hành đô thị thông minh (IOC) tiếp nhận 3.471 phản ánh hiện trường. "
        "Đã số hóa 3.640 hồ sơ; tái sử dụng dữ liệu đã số hóa đối với 512 hồ sơ.\n"))
    assert ("dossiers.late", 874, "UBND huyện Long Hồ") in got
    assert ("dossiers.digitized", 3640, None) in got
    assert not {("feedback.received", 3471, None), ("dossiers.digitized", 512, None)} & got


def test_a_table_of_indices_with_signed_rank_changes() -> None:
    table = (" TT   Chỉ số              Điểm 2022     Xếp hạng 2022    Xếp hạng 2021    Tăng (+)/giảm (-)\n"
             " 1    PAR INDEX           85,47%        24/63            30/63            +6\n"
             " 2    SIPAS               80,62%        41/63            32/63            -9\n")
    got = _facts(table)
    assert {("index.par.score", 85.47, None), ("index.par.rank", 24, None), ("index.par.rank_change", 6, None),
            ("index.sipas.rank", 41, None), ("index.sipas.rank_change", -9, None)} <= got
    assert ("index.par.rank", 30, None) not in got  # the earlier year's column


def test_tenth_round_breakdowns_sources_and_a_communes_centre() -> None:
    got = _facts(_department_report(
        "Trong năm, tỉnh đã sắp xếp, giảm 07 đầu mối (02 phòng chuyên môn thuộc sở và 05 đơn vị sự nghiệp).\n"))
    assert ("org.units_reduced", 7, None) in got and ("org.units_reduced", 5, None) not in got
    got = _facts(_district_report(
        "STT | Đơn vị | Tiếp nhận | Đúng hạn (%)\n1 | Phường Ngô Quyền | 2.890 | 99,08\n"
        "2 | Xã Thanh Trù | 1.433 | 99,55\n(Nguồn: Hệ thống thông tin giải quyết TTHC tỉnh)\n\n"
        "     Riêng lĩnh vực đất đai vẫn là lĩnh vực có tỷ lệ trễ hạn cao nhất: năm 2022 tiếp nhận "
        "4.127 hồ sơ, số hồ sơ trễ hạn là 198 hồ sơ.\n"))
    assert {("dossiers.received", 4127, "lĩnh vực Đất đai"), ("dossiers.late", 198, "lĩnh vực Đất đai")} <= got
    commune = _report("Trung tâm đã số hóa 3.640 hồ sơ, kết quả giải quyết TTHC.\n", ("ỦY BAN NHÂN DÂN", "XÃ DIỄN CHÂU"),
                      "286/BC-UBND", "Diễn Châu, ngày 16 tháng 12 năm 2025")
    assert ("dossiers.digitized", 3640, None) in _facts(commune)  # the commune's own centre


def test_a_title_in_two_parts_joined_by_a_semicolon() -> None:
    meta = extract("UBND TỈNH QUẢNG BÌNH\nSố: 468/BC-UBND    Quảng Bình, ngày 20 tháng 12 năm 2024\n\nBÁO CÁO\n"
                   "Kết quả công tác cải cách hành chính quý IV và năm 2024;\n"
                   "phương hướng, nhiệm vụ trọng tâm năm 2025\n\nKính gửi: Bộ Nội vụ.\n").metadata
    assert meta.title == ("Kết quả công tác cải cách hành chính quý IV và năm 2024; "
                          "phương hướng, nhiệm vụ trọng tâm năm 2025")
    assert (meta.period_start, meta.period_end) == (date(2024, 1, 1), date(2024, 12, 31))


def test_tenth_round_catalog_wording() -> None:
    got = _facts(_department_report(
        "Sở tham mưu ban hành 06 Quyết định công bố danh mục TTHC, với tổng số 47 TTHC (12 TTHC mới; 27 TTHC sửa "
        "đổi, bổ sung; 08 TTHC bãi bỏ). Năm 2023, Sở tổ chức xét tuyển 90 viên chức, trong đó: Sở Y tế 50 viên "
        "chức, Sở Giáo dục và Đào tạo 40 viên chức. Sở đã cử 42 lượt CCVC tham gia các lớp đào tạo, bồi dưỡng. "
        "Có 148 tài khoản hộp thư công vụ được cấp.\n"))
    assert {("tthc.announced.new", 12, None), ("tthc.announced.amended", 27, None),
            ("staff.recruited", 90, None), ("staff.recruited", 50, "Sở Y tế"),
            ("staff.recruited", 40, "Sở Giáo dục và Đào tạo"), ("staff.trained", 42, None),
            ("email.accounts", 148, None)} <= got
