"""Catalog facts: every number in a sentence is checked against the catalog's rules.

A number becomes a fact only when a rule's context matches around it (the phrase before it, the
noun after it, the topic of the sentence); when rules of different metrics tie, the number is
skipped rather than guessed, because a wrong figure is worse than a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from cchc.extractors.catalog import Rule, all_rules, metric_index
from cchc.extractors.context import Context, Sentence
from cchc.extractors.indices import INDEX_PATTERNS
from cchc.extractors.subjects import UnitLabel, level_group
from cchc.models import Fact
from cchc.numbers import Quantity, find_quantities, parse_number
from cchc.spans import Span

_RATIO_RE = regex.compile(r"\s*/\s*(?P<den>\d{1,3}(?:\.\d{3})+|\d+)(?![\d/.,]\d)(?!\s*/\s*\d)")
# Before a number: words that make it something other than a figure (article, road, ordinal...).
_NOT_FIGURE_BEFORE = regex.compile(
    r"(?:\bdieu|\bkhoan|\bkm|\bql|\bdt|\bdh|\btl|\bquoc lo|\bduong tinh|\blan thu|\bkhoa|(?<!danh )\bmuc|\bphu luc|\bbieu|"
    r"\bhotline|\bdien thoai|\bso dien thoai|\bduong day nong|\bto|\bquy|\bgiai doan|\bnam|\bthang|\bngay|\bgio|"
    r"\btieu chi|\bchi so thu|\bphan thu|\bthu)\s*\.?\s*$"
)
# "Chỉ số DTI năm 2022 (đánh giá theo Bộ chỉ số ban hành kèm Quyết định số 922/QĐ-BTTTT), tỉnh đạt":
# an aside between a figure's wording and the figure is read past
_ASIDE = regex.compile(r"\s*\([^()]*\)")
_CHANGE_BEFORE = regex.compile(r"\b(?:tang|giam|cao hon|thap hon)(?: them)?(?: khoang| gan| hon)?\s*$")
_MUC_DO = regex.compile(r"mu[a-z]{1,2}\s+d[a-z]\s*(?:[1-4]\s*(?:,|va|hoac)\s*(?:mu[a-z]{1,2}\s+d[a-z]\s*)?)?$")
# An earlier period's figure quoted for comparison: "(cùng kỳ năm 2022 đạt 92,1%)", "so với cùng kỳ
# năm 2022 (tỷ lệ 97,4%)", "giảm 5 bậc so với năm 2022 (xếp thứ 36/63)", "(năm 2021 xếp thứ 20/63)",
# "đạt 73,81% kế hoạch (năm 2024 cả hai tỉnh đạt bình quân 89,5%)", "So với tháng 9/2024 (tiếp nhận 39.876
# hồ sơ"; not a series of yearly ranks
# ("vẫn đứng ở tốp cuối (năm 2018 đứng thứ 9/9, 2019 thứ 8)").
# Inside such a parenthesis commas do not end the aside ("(năm 2022 đạt 82,90%, xếp thứ 36/63)").
_EARLIER = regex.compile(
    r"(?:(?:(?:bac|%|diem|\d|tinh|thanh pho)(?:\s+[a-z]+){0,2}\s*\(\s*(?:so voi\s+)?(?:cung ky|nam \d{4}|nam truoc|ky truoc)"
    r"|\(\s*(?:so voi\s+)?cung ky"
    r"|so voi (?:nam \d{4}|nam truoc|ky truoc|cung ky|(?:thang|quy) (?:truoc|[ivx\d]{1,4}(?:\s*/\s*\d{4})?))[a-z0-9 ]{0,12}\()[^;()]{0,60}"
    r"|cung ky nam (?:truoc|\d{4})(?:[^;),]|(?<=\d),(?=\d)){0,40})$"
)
_YEAR_OPENING = regex.compile(  # "Năm 2022, …", "Cùng kỳ năm 2022 tỷ lệ … đạt 98,92%, …"
    r"[\W\d]*(?:(?:trong\s+|cung\s+ky\s+)?nam\s+(?P<year>(?:19|20)\d{2})\s*[,:]|cung\s+ky\s+nam\s+(?P<year>(?:19|20)\d{2})\b)")
_YEAR_IN = regex.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_DURATION_AFTER = regex.compile(r"\s*(?:thang|tuan)\b(?!\s*/)")
# OCR reads "ở" as "6": "duy trì 6 mức cao", "trễ hạn 6 lĩnh vực đất đai", "6 cấp xã"; no catalog
# figure counts levels or fields
_NOT_COUNTED_AFTER = regex.compile(r"\s*(?:m[a-z]{1,3}c\b(?!\s*d)|cap\b|linh\s+vuc\b)")
_RANK_BEFORE = regex.compile(
    r"(?:(?:xep|dung|vuon\s+len)\s+(?:o\s+)?(?:vi\s+tri\s+|hang\s+)?(?:thu\s+hang|th[a-z]{1,2}|hang)"
    r"|(?:\d{4}|,|va)\s*:?\s*(?:vi\s+tri\s+)?th[a-z]{1,2})\s*$"
)
# "xếp thứ hạng 39 trên 63": a rank's denominator written out; only after rank wording.
_RANK_OF_WORDS = regex.compile(r"\s+tren\s+(?:tong\s+so\s+)?(?P<den>\d{1,3})(?![\d/.,]\d)(?=\s+(?:tinh|dia\s+phuong|don\s+vi|co\s+quan|so|huyen))")
_LABEL_CONNECTOR = regex.compile(
    r"^\s*(?:[:(\-–]\s*)?(?:(?:nam \d{4}|dat|t[a-z]{1,2}ng|gi[a-z]m|la|co|tren|duoi|khoang|chiem|doi voi|trung binh|duoc|chi|con|van|cung|voi)\s*[:,]?\s*)*$"
)
# "Sở Tư pháp dẫn đầu khối sở, ban, ngành với 92,15%", "UBND thành phố X dẫn đầu Khối UBND huyện, thành
# phố với 91,62%": the group led is not the figure's owner.
_LEADS_GROUP = regex.compile(r"\s*dan dau\s*(?:khoi|nhom|cac)?\s*")
_LEAD_FIGURE = regex.compile(r"\s*,?\s*(?:voi|dat)\s*(?:ty le|so diem)?\s*")
_LEADS_UNNAMED_GROUP = regex.compile(
    r"\s*dan dau\s*(?:khoi|nhom)\s*(?:cap\s*|ubnd\s*)?[a-z]+(?:\s*,?\s*[a-z]+){0,5}?" + _LEAD_FIGURE.pattern
)
_CHI_SO = regex.compile(r"(?<!\bbo\s)chi\s+so\s+(?!cua|nay|tren|cao|thap|nam)")  # "Bộ chỉ số": how an index is scored
_OTHER_ACRONYM = regex.compile(
    r"(?<![\p{L}\d])(?!(?:UBND|HĐND|HDND|CCHC|TTHC|PAR|INDEX|PCI|PAPI|SIPAS|DTI|CNTT|DVC|DVCTT|QPPL|VBQPPL|TW|TU)(?![\p{L}\d]))"
    r"\p{Lu}{2,6}(?![\p{L}\d])"
)
_TARGET_LEAD = regex.compile(r"\s*(?:[-+•*–]\s*|[a-z0-9]{1,2}[.)]\s*)?(?:phan dau|muc tieu|chi tieu (?:den|nam)|du kien)\b")
# "đã kiểm tra 12 cơ quan (kế hoạch năm 2023 kiểm tra 20 cơ quan)": an aside that opens on the plan
_TARGET_ASIDE = regex.compile(r"\(\s*(?:theo\s+)?(?:ke\s+hoach|chi\s+tieu|muc\s+tieu)\b")
_HEDGE = regex.compile(r"(?<![a-z])(?:tren|gan|hon|khoang|xap xi|xap xi|trung binh|binh quan|toi|uoc)\s+$")
_SUM_BEFORE = regex.compile(r"\btong\s+cong\b[a-z ]{0,12}$")  # "…, tổng cộng giảm 07 đầu mối"
_BREAKDOWN = regex.compile(r"\btrong\s+do\b|\bcu\s+the\b|\bgom\b")
# "Trong khu vực Duyên hải Nam Trung Bộ, tỉnh xếp thứ 5/8": a rank within a region, not the national one.
_REGIONAL = regex.compile(r"\b(?:trong|cua|giua)\s+(?:cac\s+tinh\s+)?(?:khu\s+vuc|vung)\b")
_COMPONENT = regex.compile(r"chi\s+so\s+(?:thanh\s+phan|noi\s+dung|linh\s+vuc)")

# "TTHC thuộc thẩm quyền của UBND cấp huyện là 289": the metric names the level, so it is no subject
_LEVEL_OF_METRIC = {f"tthc.level.{name}": level_group(level)
                    for name, level in (("province", "tinh"), ("district", "huyen"), ("commune", "xa"))}


@dataclass
class Candidate:
    """A number that could be a figure, with what surrounds it."""

    q: Quantity
    start: int  # numeral start in the text
    end: int  # end of the whole quantity (unit words, ratio)
    value: float
    den: float | None = None
    den_span: tuple[int, int] | None = None
    seg_start: int = 0
    labels: list[UnitLabel] = field(default_factory=list)


@dataclass
class Match:
    rule: Rule
    score: float
    ambiguous: bool = False


def extract_facts(ctx: Context) -> list[Fact]:
    """All catalog facts of the document described by ``ctx``."""
    facts: list[Fact] = []
    for sent in ctx.sentences:
        found = _sentence_facts(ctx, sent)
        if _about_an_earlier_year(ctx, sent):
            found = [f for f in found if f.metric.startswith("index.")]  # last year's index is the latest
        facts.extend(found)
    return facts


def _about_an_earlier_year(ctx: Context, sent: Sentence) -> bool:
    """"Năm 2022, tỷ lệ đúng hạn là 98,58%." in the report on 2023: a figure for comparison. A plan
    reviews the year before its own, so its figures of that year are results."""
    m = _YEAR_OPENING.match(ctx.form, sent.start, sent.end)
    return bool(m and ctx.first_year and not ctx.is_plan and int(m.group("year")) < ctx.first_year)


def _sentence_facts(ctx: Context, sent: Sentence) -> list[Fact]:
    cands = _candidates(ctx, sent)
    out: list[Fact] = []
    last_metric: str | None = None
    last_end = sent.start
    for cand in cands:
        matches = _matches(ctx, sent, cand, last_metric, last_end)
        chosen = _choose(matches)
        if chosen is None:
            continue
        new = _facts_for(ctx, sent, cand, chosen, out[-1] if out else None)
        if new:
            out.extend(f for f in new if not _restated(f, out))
            last_metric = new[-1].metric if not chosen.rule.ratio_total else chosen.rule.metric
            last_end = cand.end
    return _without_parts_in_parentheses(ctx, _without_summed_parts(ctx, out))


def _without_summed_parts(ctx: Context, facts: list[Fact]) -> list[Fact]:
    """"giảm 05 phòng và 02 đơn vị sự nghiệp, tổng cộng giảm 07 đầu mối": the parts before a total
    of the same figure are its breakdown; the total is the fact."""
    totals = [f for f in facts if f.unit == "count" and _SUM_BEFORE.search(ctx.form[max(0, f.span.start - 20) : f.span.start])]
    return [f for f in facts if not any(
        (t.metric, t.subject) == (f.metric, f.subject) and f.span.end <= t.span.start for t in totals)]


def _without_parts_in_parentheses(ctx: Context, facts: list[Fact]) -> list[Fact]:
    """"cấp 95 chứng thư số (02 chứng thư số tổ chức, 93 chứng thư số cá nhân)": counts of a metric
    listed in a parenthesis after a count of it, of the same owner, are its breakdown. One alone
    ("(riêng năm 2023 cấp mới 1.215)") is a figure of its own, and so are the units' shares ("(Sở
    Nội vụ: 01 người; …)"). A part counts as listed with others where the parenthesis holds other
    counts the rules did not read."""
    parts: set[int] = set()
    for total in facts:
        opened = ctx.form.find("(", total.span.end, total.span.end + 40)
        closed = ctx.form.find(")", opened) if opened >= 0 else -1
        if total.unit != "count" or closed < 0:
            continue
        inside = [i for i, f in enumerate(facts)
                  if (f.metric, f.subject) == (total.metric, total.subject) and opened < f.span.start < closed]
        if len(inside) >= 2 or inside and _counts_within(ctx, opened, closed) >= 2:
            parts.update(inside)  # "giảm 07 đầu mối (02 phòng … và 05 đơn vị …)": one part read, one not
    return [f for i, f in enumerate(facts) if i not in parts]


def _counts_within(ctx: Context, start: int, end: int) -> int:
    """How many counts are written in [start, end) ("02 phòng", "05 đơn vị"): no share, amount,
    date, period or document number."""
    return sum(1 for q in find_quantities(ctx.text[start:end], ctx.form[start:end])
               if q.integer and not (q.percent or q.money) and not ctx.excluded(start + q.start, start + q.end))


def _restated(fact: Fact, earlier: list[Fact]) -> bool:
    """"xác định 52 nhiệm vụ; đã hoàn thành 24/52 nhiệm vụ": one figure said twice in a sentence."""
    return any((f.metric, f.value, f.subject) == (fact.metric, fact.value, fact.subject) for f in earlier)


# ------------------------------------------------------------------------------------ candidates
def _candidates(ctx: Context, sent: Sentence) -> list[Candidate]:
    form = ctx.form
    cands: list[Candidate] = []
    for q in find_quantities(ctx.text[sent.start : sent.end], form[sent.start : sent.end]):
        start, end = q.start + sent.start, q.end + sent.start
        if cands and start < cands[-1].end:
            continue  # the denominator of a ratio already taken
        if ctx.excluded(start, end) or ctx.in_table(start) or _not_a_figure(ctx, start, end):
            continue
        cand = Candidate(q, start, end, q.value)
        if not q.percent and not q.money:
            m = _RATIO_RE.match(form, q.num_end + sent.start)
            if m is None and _RANK_BEFORE.search(form[max(0, start - 40) : start]):
                m = _RANK_OF_WORDS.match(form, q.num_end + sent.start)
            if m:
                den = parse_number(m.group("den"))
                if den is None or (1900 <= den.value <= 2100 and q.value <= 12):
                    continue
                cand.den, cand.den_span, cand.end = den.value, (m.start("den"), m.end("den")), m.end()
                pct = regex.match(r"\s?%", form[cand.end : cand.end + 2])
                if pct:
                    continue  # "30/58%" is not a ratio we understand
        cands.append(cand)
    prev_end = sent.start
    for cand in cands:
        clause_start = max(sent.start, form.rfind(";", sent.start, cand.start) + 1)
        cand.seg_start = max(prev_end, clause_start)
        cand.labels = ctx.labels_between(clause_start, cand.start)
        prev_end = cand.end
    return cands


def _yearly_series(form: str, pos: int) -> bool:
    """"(năm 2018 đứng thứ 10/10, 2019 thứ 8, 2020 thứ 5)": a parenthesis listing several years is a
    series of yearly figures, each its own, not a comparison."""
    opened = form.rfind("(", 0, pos)
    closed = form.find(")", pos)
    inside = form[opened : closed if closed >= 0 else pos + 80]
    return len(set(_YEAR_IN.findall(inside))) >= 2


def _not_a_figure(ctx: Context, start: int, end: int) -> bool:
    form = ctx.form
    before = form[max(0, start - 40) : start]
    if _NOT_FIGURE_BEFORE.search(before) and not _RANK_BEFORE.search(before):
        return True
    if _EARLIER.search(form[max(0, start - 70) : start]) and not _yearly_series(form, start):
        return True
    raw = ctx.text[start:end]
    num = parse_number(raw.split()[0].rstrip("%")) if raw.split() else None
    if num and num.value <= 4 and not raw.startswith("0") and _MUC_DO.search(before):
        return True  # "mức độ 3, 4": service levels, not counts ("mức độ 4 và 03 DVCTT" counts)
    if num and 1900 <= num.value <= 2100 and "." not in raw and "," not in raw:
        return True  # a year
    if "%" in ctx.text[start:end] and _CHANGE_BEFORE.search(before):
        return True  # "tỷ lệ đúng hạn tăng 1,7%": a change, not the rate
    if _DURATION_AFTER.match(form, end):
        return True  # "6 tháng", "9 tháng đầu năm": a length of time
    if num and num.value < 10 and _NOT_COUNTED_AFTER.match(form, end):
        return True
    line_start = ctx.text.rfind("\n", 0, start) + 1
    line_end = ctx.text.find("\n", end)
    line_end = len(ctx.text) if line_end < 0 else line_end
    if not ctx.text[line_start:start].strip() and not ctx.text[end:line_end].strip():
        return True  # a page number alone on its line
    if not regex.fullmatch(r"\d{1,2}", raw.strip()):
        return False  # an item number is a bare small integer, not "74,31%" or "12.356 tỷ đồng"
    if not ctx.text[line_start:start].strip() and regex.match(r"[.)]\s", ctx.text[end : end + 2]):
        return True  # "1. Về công tác ..." enumerates, it does not count
    return bool(regex.search(r"\(\s*$", form[max(0, start - 2) : start]) and regex.match(r"\s*\)", form[end : end + 3]))  # "(1)"


# ------------------------------------------------------------------------------------ matching
def _matches(ctx: Context, sent: Sentence, cand: Candidate, last_metric: str | None, last_end: int) -> list[Match]:
    out = []
    for rule in all_rules():
        score = _score(ctx, sent, cand, rule, last_metric, last_end)
        if score is not None:
            out.append(Match(rule, score))
    return out


def _kind_ok(rule: Rule, cand: Candidate) -> bool:
    q = cand.q
    if rule.unit == "percent":
        return q.percent
    if rule.unit == "vnd":  # "38.9124 tỷ": OCR lost the comma of "38.912,4"; an amount has at most 2 decimals
        return q.money and (q.certain or round(q.raw, 2) == q.raw)
    if q.percent or q.money or not q.integer or not q.certain:
        return rule.unit == "score" and not q.money
    if rule.ratio == "rank":
        return _rank_ok(cand)
    if rule.ratio == "rank_of":
        return cand.den is not None and _rank_ok(cand)
    if rule.ratio in ("done", "denominator"):
        return cand.den is not None
    if rule.ratio == "any":
        return True
    if rule.unit == "rank":
        return False
    return cand.den is None


def _rank_ok(cand: Candidate) -> bool:
    """A rank is a position among at most 63 provinces (or the units of one list): 1 <= N <= M."""
    if cand.den is None:
        return 1 <= cand.value <= 63
    return 1 <= cand.value <= cand.den <= 200


def _score(ctx: Context, sent: Sentence, cand: Candidate, rule: Rule, last_metric: str | None, last_end: int) -> float | None:
    if not _kind_ok(rule, cand):
        return None
    if rule.unit == "score" and cand.value > 100:
        return None  # index scores are out of 100 (or 80, or 1): "với 1.450 phiếu" is a count
    if ctx.forward_looking(cand.start) and not (ctx.is_plan and rule.metric == "plan.tasks.total"):
        return None  # "II. PHƯƠNG HƯỚNG, NHIỆM VỤ …": its figures are targets (a plan's own size is not)
    if _TARGET_LEAD.match(ctx.form, sent.start, cand.start):
        return None  # "Phấn đấu năm 2025 …; …": every clause of the sentence is a target
    if _in_target_aside(ctx.form, sent.start, cand.start) and not rule.metric.startswith("plan.tasks"):
        return None
    form = ctx.form
    score = float(rule.priority)
    if rule.follows:
        if last_metric not in rule.follows or cand.start - last_end > rule.follows_within:
            return None
        score += 1
    if rule.near is not None:
        window = form[cand.seg_start : cand.start]
        hedge = _HEDGE.search(window)
        if hedge and not rule.near.search(window[hedge.start() :]):
            window = window[: hedge.start()]  # "đạt trên 98%", "tiếp nhận hơn 45.000 hồ sơ"
        m = _search_end(rule.near, window, rule.gap) or _search_end(rule.near, _ASIDE.sub("", window), rule.gap)
        if m is None:
            return None
        score += 1 + min(len(m), 40) / 40
    if rule.not_near is not None and rule.not_near.search(form[cand.seg_start : cand.start]):
        return None
    after_text = form[cand.end : min(sent.end, cand.end + 120)]
    if rule.after is not None:
        if not rule.after.match(after_text):
            return None
        score += 1
    if rule.not_after is not None and rule.not_after.match(after_text):
        return None
    if rule.topic is not None:
        topic_text = form[max(0, sent.start - rule.topic_before) : sent.end] + " | " + ctx.heading_before(sent.start)
        if not rule.topic.search(topic_text):
            return None
    if rule.not_topic is not None:
        clause_start = max(sent.start, form.rfind(";", sent.start, cand.start) + 1)
        clause_end = form.find(";", cand.end, sent.end)
        clause_end = sent.end if clause_end < 0 else clause_end
        if any(not _aside_without(form, m.start(), cand.start, clause_start)
               for m in rule.not_topic.finditer(form, clause_start, clause_end)):
            return None
    if rule.unit == "rank" and _REGIONAL.search(form, sent.start, cand.start):
        return None
    if rule.index is not None and _index_at(ctx, sent, cand.start) != rule.index:
        return None
    if rule.index is not None and rule.subject_required and not (
        INDEX_PATTERNS[rule.index].search(form, sent.start, cand.start)
        or INDEX_PATTERNS[rule.index].search(ctx.heading_before(sent.start))
    ):
        return None  # "Sở Y tế đạt 85%" is a unit's index score only where the index is named
    if rule.subject_required and not _tight_labels(ctx, cand):
        return None
    if rule.near is None and rule.after is None and not rule.follows:
        return None
    return score


def _open_parenthesis(form: str, start: int, pos: int) -> int:
    """Where the parenthesis still open at ``pos`` opened (not before ``start``), or -1."""
    opened = form.rfind("(", start, pos)
    return opened if opened >= 0 and form.find(")", opened, pos) < 0 else -1


def _in_target_aside(form: str, start: int, pos: int) -> bool:
    """``pos`` lies in a parenthesis that opens on a plan or target; the plan's own size is still a figure."""
    opened = _open_parenthesis(form, start, pos)
    return opened >= 0 and bool(_TARGET_ASIDE.match(form, opened))


def _aside_without(form: str, pos: int, figure: int, clause_start: int) -> bool:
    """``pos`` lies in a parenthesis that does not hold ``figure``: "đạt 73,41% (chỉ tiêu giao là
    80%)" is a result whatever the aside says."""
    opened = _open_parenthesis(form, clause_start, pos)
    if opened < 0:
        return False
    closed = form.find(")", pos)
    return closed >= 0 and not opened < figure < closed


def _search_end(pattern: regex.Pattern, window: str, gap: int) -> str | None:
    """The match of ``pattern`` ending at most ``gap`` characters before the end of ``window``."""
    for cut in range(len(window), max(-1, len(window) - gap - 1), -1):
        m = pattern.search(window, 0, cut)
        if m:
            return m.group()
    return None


def _index_at(ctx: Context, sent: Sentence, pos: int) -> str | None:
    """The index (PAR, PCI, PAPI, SIPAS, DTI) named last before ``pos`` in the sentence or just
    before it; None when a component index ("chỉ số thành phần", "Chỉ số Cạnh tranh bình đẳng")
    was named after it, since its ranks are not the index's."""
    start, text = ctx.prose_before(sent.start, pos, 600)
    best, best_start, best_end = None, -1, -1
    for name, pattern in INDEX_PATTERNS.items():
        for m in pattern.finditer(text):
            if m.end() > best_end:
                best, best_start, best_end = name, m.start(), m.end()
    if best is None or _COMPONENT.search(ctx.form, sent.start, pos):
        return None
    last_chi_so = max((m.start() for m in _CHI_SO.finditer(text)), default=-1)
    if last_chi_so > best_start and not any(p.match(text, last_chi_so) for p in INDEX_PATTERNS.values()):
        return None
    sent_from = sent.start - start
    if best_start < sent_from and _OTHER_ACRONYM.search(ctx.text, sent.start, pos):
        return None  # named in an earlier sentence, but this one names something else ("Kết quả DTI…" garbled)
    breakdown = max((m.end() for m in _BREAKDOWN.finditer(text, max(0, sent_from))), default=-1)
    if sent_from <= breakdown <= best_start and INDEX_PATTERNS[best].search(text, max(0, sent_from), breakdown):
        return None  # "SIPAS đạt 85%, trong đó chỉ số hài lòng về tiếp cận dịch vụ đạt 87%": a part of it
    return best


def _choose(matches: list[Match]) -> Match | None:
    """The best rule; None when another metric's rule is as good (ambiguous: skip). A rival that is
    close but not level lowers the confidence instead."""
    if not matches:
        return None
    matches.sort(key=lambda m: -m.score)
    top = matches[0]
    rivals = [m.score for m in matches[1:] if m.rule.metric != top.rule.metric]
    if rivals and rivals[0] >= top.score - 0.05:
        return None
    if rivals and rivals[0] >= top.score - 0.5:
        return Match(top.rule, top.score, ambiguous=True)
    return top


# ------------------------------------------------------------------------------------ facts
def _tight_labels(ctx: Context, cand: Candidate) -> list[UnitLabel]:
    """Units written right before the number ("Sở Y tế: 62", "UBND huyện X (tăng 8 bậc)"), with the
    units listed before them ("Sở A, Sở B (giảm 3 bậc)")."""
    form = ctx.form
    labels = cand.labels
    if not labels:
        return []
    if (
        len(labels) > 1
        and _LEADS_GROUP.fullmatch(form, labels[-2].end, labels[-1].start)
        and _LEAD_FIGURE.fullmatch(form, labels[-1].end, cand.start)
    ):
        return [labels[-2]]
    last = labels[-1]
    if _LEADS_UNNAMED_GROUP.fullmatch(form, last.end, cand.start):
        return [last]
    if not _LABEL_CONNECTOR.match(form[last.end : cand.start]):
        return []
    out = [last]
    for prev in reversed(labels[:-1]):
        between = form[prev.end : out[0].start]
        if (prev.level == "group") != (last.level == "group"):
            break  # "Chỉ số CCHC của các sở, ban, ngành tỉnh, Sở Y tế đạt 86,54 điểm": the group frames the unit
        if regex.fullmatch(r"\s*(?:,|va)\s*", between):
            out.insert(0, prev)
        else:
            break
    return out


def _same_index_subject(ctx: Context, cand: Candidate, rule: Rule, prev: Fact | None) -> str | None:
    """"Sở Xây dựng đạt 87,5%, xếp thứ 5/20, tăng 2 bậc": the rank and its change are about the
    unit named before the score, as long as no clause break or other unit comes between."""
    if prev is None or prev.subject is None or not prev.metric.startswith("index."):
        return None
    if prev.metric.split(".")[1] != rule.metric.split(".")[1] if rule.metric.startswith("index.") else True:
        return None
    between = ctx.form[prev.span.end : cand.start]
    if ";" in between or len(between) > 80 or ctx.labels_between(prev.span.end, cand.start):
        return None
    return prev.subject


def _subjects(ctx: Context, sent: Sentence, cand: Candidate, rule: Rule, prev: Fact | None = None) -> tuple[list[str | None], float]:
    """Who the figure is about, and how sure we are of it."""
    tight = _tight_labels(ctx, cand)
    if tight:
        return [u.name for u in tight], 1.0
    same = _same_index_subject(ctx, cand, rule, prev)
    if same:
        return [same], 0.9
    if rule.unit == "rank" and cand.den not in (63, 34):
        named = {u.name for u in cand.labels if u.level != "group"}
        if len(named) == 1:  # "Sở Tư pháp xếp thứ 2/20 khối sở": a rank among units is that unit's
            return [named.pop()], 0.8
        if named:
            return [], 0.0  # several units named: whose rank it is cannot be told
    clause_start = max(sent.start, ctx.form.rfind(";", sent.start, cand.start) + 1)
    field_name = ctx.field_label(clause_start, cand.start) or _field_after(ctx, sent, cand, rule)
    if field_name:
        return [field_name], 0.8
    named_after = _unit_after(ctx, cand, rule)
    if named_after:
        return [named_after], 0.85
    inherited = ctx.parent_label(cand.start, cand.labels)
    if inherited:
        return [inherited], 0.9
    group = ctx.clause_actor(cand.seg_start, cand.start) or ctx.clause_actor(clause_start, cand.start)
    if group:
        return [group], 0.85
    if prev is not None and prev.subject and not cand.labels and clause_start > sent.start \
            and ctx.continues_actor(clause_start + 1, cand.start):
        return [prev.subject], 0.8
    actor = ctx.sentence_actor(sent)
    if actor:
        return [actor], 0.85
    if ctx.unknown_actor(clause_start, cand.start):
        return [], 0.0  # "Trung tâm Y tế huyện đã tiếp nhận …": a body we cannot name
    if _unresolved_label(ctx, sent, cand, rule):
        return [], 0.0  # "(…; Hội Phòng y: 02 người": about a unit we cannot name, so not reported
    if cand.den in (63, 34) and rule.unit == "rank":
        return [None], 0.9  # out of 63 (or 34) provinces: the province's own rank
    section = ctx.section_unit(cand.start)
    if section and metric_index()[rule.metric].scope != "province":
        return [section], 0.8
    scope = metric_index()[rule.metric].scope
    if rule.unit == "rank":
        scope = None  # out of 10 districts, 20 departments (or no total given): the contributing unit's own rank
    return [ctx.default_subject(sent, cand.start, scope)], 0.85


def _field_after(ctx: Context, sent: Sentence, cand: Candidate, rule: Rule) -> str | None:
    """"trong tổng 23 TTHC về đất đai thuộc thẩm quyền …": the field written after the number, for the
    rules that name it (``field_after``); as written, in lower case like the text."""
    if not rule.field_after or rule.after is None:
        return None
    m = rule.after.match(ctx.form[cand.end : min(sent.end, cand.end + 120)])
    if not m or m.start("field") < 0:
        return None
    field = ctx.text[cand.end + m.start("field") : cand.end + m.end("field")]
    return ctx.field_subject(" ".join(field.split()), cand.start)


def _unit_after(ctx: Context, cand: Candidate, rule: Rule) -> str | None:
    """"kiểm tra 05 sở, ban, ngành và 04 UBND cấp huyện": for the rules that count units
    (``subject_after``), the unit or group named right after the number."""
    if not rule.subject_after:
        return None
    labels = ctx.labels_between(cand.end, cand.end + 40)
    return labels[0].name if labels and labels[0].start - cand.end <= 2 else None


def _unresolved_label(ctx: Context, sent: Sentence, cand: Candidate, rule: Rule) -> bool:
    """A number written "Name: N" inside a parenthesised breakdown belongs to that name; when the
    name is not one we recognise (and is not the metric's own phrase, "có chữ ký số: N"), the
    figure's subject is unknown."""
    if rule.near is not None and rule.near.pattern not in (r"(?::\s*)$",):
        return False
    clause_start = max(sent.start, ctx.form.rfind(";", sent.start, cand.start) + 1)
    before = ctx.form[max(sent.start, cand.start - 200) : cand.start]
    if not regex.search(r"[a-z]\s*:\s*$", before):
        return False
    opened = _open_parenthesis(ctx.form, sent.start, cand.start)
    return opened >= 0 and opened < clause_start + 200


def _facts_for(ctx: Context, sent: Sentence, cand: Candidate, match: Match, prev: Fact | None = None) -> list[Fact]:
    rule = match.rule
    subjects, sub_conf = _subjects(ctx, sent, cand, rule, prev)
    subjects = [ctx.localize_group(s, cand.start) for s in subjects]
    subjects = [None if s is not None and s == _LEVEL_OF_METRIC.get(rule.metric) else s for s in subjects]
    conf = min(0.95, 0.6 + 0.1 * match.score) * sub_conf * (1.0 if cand.q.certain else 0.7)
    conf *= 0.9 if _HEDGE.search(ctx.form, max(0, cand.start - 20), cand.start) else 1.0  # "trên 85%": a bound
    conf = round(conf * (0.75 if match.ambiguous else 1.0), 3)
    as_of = ctx.as_of(sent, cand.start)
    evidence = sent.evidence
    facts: list[Fact] = []
    for subject in subjects:
        common = dict(evidence=evidence, confidence=conf, extractor=f"rule:{rule.name}", subject=subject, as_of=as_of)
        num_span = Span(cand.start, cand.start + cand.q.num_end - cand.q.start)
        if rule.ratio in ("rank", "rank_of"):
            rank_of = int(cand.den) if cand.den is not None else None
            facts.append(Fact(rule.metric, cand.value, rule.unit, Span(cand.start, cand.end), rank_of=rank_of, **common))
        elif rule.ratio == "denominator":
            facts.append(Fact(rule.metric, float(cand.den), rule.unit, Span(*cand.den_span), **common))
        elif rule.ratio == "done":
            facts.append(Fact(rule.metric, cand.value, rule.unit, num_span, **common))
            if rule.ratio_total:
                facts.append(Fact(rule.ratio_total, float(cand.den), "count", Span(*cand.den_span), **common))
        else:
            span = Span(cand.start, cand.end) if rule.unit in ("percent", "vnd") else num_span
            facts.append(Fact(rule.metric, cand.value * rule.sign, rule.unit, span, **common))
    return facts

