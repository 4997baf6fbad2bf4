"""Each extractor on sentences written for the test (not taken from the sample reports)."""

from datetime import date

import pytest

from cchc.extractors import extract
from cchc.extractors.catalog import load_catalog
from cchc.extractors.normalize import match_form
from cchc.extractors.subjects import canonical_unit, normalize_subject

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
