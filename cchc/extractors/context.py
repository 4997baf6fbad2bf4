"""What the extractors know about a document beyond one sentence: its sentences, the places that
are not figures (dates, periods, document numbers, links), the contributing unit of each section,
and the dates figures are stated for."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from datetime import date

import regex

from cchc.extractors.normalize import match_form
from cchc.extractors.subjects import (
    LEVEL, LEVEL_NAME, UnitLabel, canonical_unit, find_labels, is_group, level_group, normalize_subject, opens_with_body,
    place_spelled, unit_level,
)
from cchc.extractors.tables import find_tables
from cchc.gazetteers.provinces import find_mentions
from cchc.models import Fact
from cchc.periods import find_dates, find_periods, parse_date
from cchc.text import URL, fold

# "ĐƠN VỊ: SỞ NỘI VỤ" opens a contribution; OCR prints it "DON VI", "PON VI", "BON VI".
UNIT_HEADER = regex.compile(r"(?m)^[ \t]*[ĐDPBÐ][ƠOÔ0Ờ]N[ \t]+V[ỊIÍÌ][ \t]*:[ \t]*(?P<name>[^\n]*?\S)[ \t]*$", regex.I)
_CODE = regex.compile(r"\d+(?:[/.-]\d+)*\s*[/-]\s*[a-z]{1,10}(?:\s*[-/]\s*[a-z0-9]{1,10})*")
_DOC_BEFORE = regex.compile(
    r"(?:nghi\s+dinh|quyet\s+dinh|ke\s+hoach|thong\s+tu|nghi\s+quyet|chi\s+thi|cong\s+van|bao\s+cao|de\s+an|"
    r"thong\s+bao|luat|dieu|so\s+hieu)\s+(?:so\s+)?$"
)
_ABBREV_DOT = regex.compile(r"(?:\btp|\bkm|\bdt|\bql|\bdh|\btl|\bv\.v|\bts|\bths|\bst|\btt)$")
_ROMAN = r"[IVX][IVXl]{0,3}"  # a part's Roman number; OCR reads its I as l ("Il. KẾT QUẢ …")
_OWN_SECTIONS = "các phòng chuyên môn"  # a body's own sections, whoever the body is
_CENTRE = "Trung tâm Phục vụ hành chính công"
_PROVINCIAL_CENTRE = regex.compile(r"trung\s+tam\s+phuc\s+vu\s+hanh\s+chinh\s+cong\s+(?:tinh|thanh\s+pho)")
_SENT_END = regex.compile(rf"[.!](?=\s)|\?(?=\s+\p{{Lu}})|\n[ \t]*(?=[-+•*–]\s)|\n[ \t]*(?=(?:[a-zđ]|\d{{1,2}}(?:\.\d{{1,2}})*|{_ROMAN})[.)]\s)")
_BLANK = regex.compile(r"\n[ \t]*\n")
# A numbered heading line with no closing punctuation, then an indented paragraph.
_HEADING_THEN_PARAGRAPH = regex.compile(
    rf"(?m)^[ \t]*(?:[a-zđ]|\d{{1,2}}(?:\.\d{{1,2}})*|{_ROMAN})[.)][ \t]+[^\n]{{0,120}}[^\s.,;:]\n(?=(?: {{2,}}|\t)\p{{Lu}})"
)
_AS_OF = regex.compile(
    r"tinh\s+(?:den|toi)\s+(?:het\s+)?(?:thoi\s+diem\s+|ngay\s+)?(?:(?P<date>\d{1,2}/\d{1,2}/\d{4})|thang\s+(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4}))"
    r"|(?:tu\s+ngay\s+)?\d{1,2}/\d{1,2}/\d{4}\s+den\s+(?:het\s+)?(?:ngay\s+)?(?P<to>\d{1,2}/\d{1,2}/\d{4})"
    r"|(?<![a-z])den\s+(?:het\s+)?(?:thoi\s+diem\s+|ngay\s+)?(?P<until>\d{1,2}/\d{1,2}/\d{4})"
)
_CONTINUATION = regex.compile(r"\s*[-+]?\s*(?:trong\s+do|ket\s+qua|cu\s+the)\b")
_PROVINCE_WIDE = regex.compile(r"toan\s+tinh|dia\s+ban\s+tinh|dien\s+tu\s+tinh|cua\s+tinh\b|\btinh\s+[a-z]+\s+[a-z]+\s+(?:giam|tang|dat|co)\b")
_LOOSE_CONNECTOR = regex.compile(r"^\s*(?:[:(\-–]\s*)?(?:(?:nam \d{4}|dat|la|co|doi voi|duoc)\s*[:,]?\s*)*$")
_PARENT = regex.compile(r"(?P<num>\d[\d.,]*)\s+[a-z ]{1,25}\(\s*$")
_ACTOR_PREFIX = regex.compile(r"\s*(?:\d{1,3}[ \t]*\n\s*)?(?:[-+•*]\s*)?(?:(?:thang|nam|trong|den|tu|ngay)\b[^,.;]{0,40},\s*)?")
_CLAUSE_LEAD = regex.compile(
    r"[\s,;:(]*(?:[-+•*–]\s*)?(?:(?:trong\s+do|cu\s+the|rieng|con\s+lai|va|tai|nguoc\s+lai|dac\s+biet|ngoai\s+ra"
    r"|(?:tieu\s+bieu|dien\s+hinh|noi\s+bat)(?:\s+la|\s+nhu)?)\s*[,:]?\s*)*"
)
_CLAUSE_BREAK = regex.compile(r"[,;:(]|\btrong\s+do\b")
# what a unit does to dossiers (and to staff: "Sở Y tế tuyển dụng 56 viên chức")
_ACTING = r"tiep\s+nhan|giai\s+quyet|tra\s+ket\s+qua|so\s+hoa|xu\s+ly|tuyen\s+dung"
_ACT_VERB = rf"(?:da\s+|duoc\s+|cung\s+)?(?:{_ACTING}|co\s+\d)"
_ACTS = regex.compile(r"\s*(?:" + _ACT_VERB + r"|(?:con\s+)?(?:tre|qua|dung(?:\s+va\s+truoc)?)\s+han\b)")
# What may follow a unit that opens a clause for the clause's figures to be its own: an act on
# dossiers, a result ("đạt", "còn để trễ hạn", "có"), or a colon that lists them.
_OWNS = regex.compile(
    r"(?:\s*\([^()]{0,120}\))?"  # "Trung tâm … (thành lập theo Quyết định …) tiếp nhận"
    r"\s*(?:(?:tren\s+dia\s+ban|cua|thuoc)\s+(?:toan\s+)?(?:tinh|huyen|thanh\s+pho|thi\s+xa)\s*)?"
    rf"(?::|(?:van\s+|chi\s+)?{_ACT_VERB}|(?:da\s+|van\s+|chi\s+)?(?:dat|con|co)\b)"
)
# "Trung tâm Y tế huyện đã tiếp nhận", "… đô thị thông minh (IOC) tiếp nhận": a name, then an act
_NAME_THEN_ACTS = regex.compile(r"[a-z ,.&-]{0,60}?(?:\s*\([a-z ]{1,20}\))?\s" + _ACT_VERB)
_LEVEL_ACTOR = regex.compile(
    rf"(?:(?:ubnd|uy\s+ban\s+nhan\s+dan|cac\s+co\s+quan|bo\s+phan\s+mot\s+cua)\s+)?{LEVEL}"
    rf"(?=\s*:?\s*(?:(?:da\s+|duoc\s+|cung\s+)?(?:{_ACTING})|(?:giam|tang)\s*$))"  # "cấp tỉnh giảm 06 đơn vị"
)
# "Ở cấp huyện, Phòng Tư pháp các huyện đã thẩm định …": a level that frames the sentence.
_LEVEL_HEAD = regex.compile(rf"{LEVEL}\s*:")
_LEVEL_FRAME = regex.compile(rf"(?:o|tai|doi\s+voi)\s+{LEVEL}\s*,")
_LEVEL_TITLE = regex.compile(rf"{LEVEL}\s*(?:\([^()\n]*\))?\s*:?\s*")
# "UBND phường Hồng Gai tiếp nhận …", "Xã Tân Tiến đã …": a named commune opening the sentence.
_COMMUNE = regex.compile(
    r"(?:(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)[ \t]+)?(?P<kind>[Xx][ãa]|[Pp]h[ưu][ờo]ng|[Tt]h[ịi][ \t]+tr[ấa]n|[ĐđD][ặa]c[ \t]+khu)[ \t]+"
    r"(?P<name>\p{Lu}[\p{L}\d]*(?:[ \t]+(?:\p{Lu}[\p{L}]*|\d{1,2})){0,3})(?=[ \t]*(?:[,:]|[a-zđ\p{Ll}]))"
)
# A part of the report: "II. PHƯƠNG HƯỚNG …" (Roman numeral) or a whole line in capitals.
_PART = regex.compile(rf"(?m)^[ \t]*(?:{_ROMAN}[.)]?[ \t]+|[A-ZĐ][.)][ \t]+)?[^\n]{{4,140}}$")
_FORWARD = regex.compile(
    r"phuong\s+huong|nhiem\s+vu\s*(?:,\s*giai\s+phap\s*)?(?:trong\s+tam|chu\s+yeu|(?:\d+\s+)?thang\s+cuoi|nam\s+\d{4}\s*$|thoi\s+gian\s+toi)"
    r"|giai\s+phap|de\s+xuat|kien\s+nghi|ke\s+hoach\s+(?:nam|thoi\s+gian)\s+toi|^\W*(?:[ivx]+\W+)?(?:chi\s+tieu|muc\s+tieu)"
)
_BACKWARD = regex.compile(r"ket\s+qua|tinh\s+hinh|danh\s+gia|da\s+dat\s+duoc")
_HEADING = regex.compile(rf"(?m)^[ \t]*(?:{_ROMAN}|\d{{1,2}}(?:\.\d{{1,2}})*)\.\s+\S[^\n]{{0,110}}$")
# "a) Tại Bộ phận Một cửa UBND các xã, phường", "2.3. Đối với UBND cấp huyện": a subsection heading.
_SUBSECTION = regex.compile(r"(?m)^[ \t]*(?:[a-zđ]\)|\d{1,2}(?:\.\d{1,2})*[.)])[ \t]+(?P<title>[^\n]{3,100})$")
_SECTION_OF = regex.compile(r"\s*(?:rieng\s+)?(?:tai|doi\s+voi|o)\s+(?:(?:bo\s+phan\s+(?:tiep\s+nhan\s+va\s+tra\s+ket\s+qua|mot\s+cua))\s+(?:cua\s+)?)?")
_FIELD = regex.compile(r"linh\s+v[a-z]{1,2}\s+(?P<name>[a-z][a-z \-]{1,40}?)\s*\(\s*(?:tiep\s+nhan\s*)?$")
_FIELD_FRAME = regex.compile(  # "Riêng lĩnh vực đất đai, …", "Riêng lĩnh vực đất đai (đăng ký biến động …) tiếp nhận",
    # "Riêng lĩnh vực đất đai vẫn là lĩnh vực có tỷ lệ trễ hạn cao nhất: …"
    r"[\s\-+•*]*(?:rieng|doi voi)\s+linh\s+v[a-z]{1,2}\s+(?P<name>[a-z][a-z \-]{1,40}?)\s*"
    r"(?:,|(?:\([^()]{0,120}\)\s*)?(?=(?:da\s+)?(?:tiep\s+nhan|giai\s+quyet)\b)"
    r"|(?:van\s+)?la\s+linh\s+vuc\s[^.;:()]{0,80}:)")
_SCOPES = (
    ("both", regex.compile(r"huy[a-z]n\s+va\s+(?:c[a-z]c\s+)?x[a-z]\b")),
    ("commune", regex.compile(r"(?:m[a-z]t\s+c[a-z]{1,3}|bo\s+phan)[a-z ,]{0,15}?(?:c[a-z]p\s+x[a-z]\b|(?:tai|cua)\s+(?:c[a-z]c\s+)?x[a-z]\b)")),
    ("district", regex.compile(r"(?:m[a-z]t\s+c[a-z]{1,3}|bo\s+phan)[a-z ,]{0,15}?(?:(?:cua|c[a-z]p)\s+)?huy[a-z]n(?!\s+va)")),
)


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str

    @property
    def evidence(self) -> str:
        return " ".join(self.text.split())


@dataclass(frozen=True, slots=True)
class UnitSection:
    """A contribution in a compilation report, opened by a line "ĐƠN VỊ: …"."""

    start: int
    end: int
    name: str
    level: str  # "district" or "department"/"body"


class Context:
    def __init__(self, text: str, province_code: str | None = None, report_kind: str | None = None,
                 issuer: str | None = None, first_year: int | None = None) -> None:
        self.text = text
        self.form = match_form(text)
        self.province_code = province_code
        self.is_plan = report_kind == "kế hoạch"  # a plan's own size is a figure even in its task parts
        self.issuer = issuer
        self.first_year = first_year  # of the period the report covers
        self.units = self._units()
        self.sentences = self._sentences()
        self._excl_starts, self._excl_ends = self._exclusions()
        self._headings = [(m.start(), m.end()) for m in _HEADING.finditer(text)]
        self._subsections = [(m.start(), m.start("title"), m.end()) for m in _SUBSECTION.finditer(text)]
        self._parts = [(m.start(), m.end()) for m in _PART.finditer(text) if _is_part_title(text[m.start() : m.end()])]

    # ---------------------------------------------------------------- structure
    def _units(self) -> list[UnitSection]:
        heads = list(UNIT_HEADER.finditer(self.text))
        out = []
        for i, m in enumerate(heads):
            end = heads[i + 1].start() if i + 1 < len(heads) else len(self.text)
            name = canonical_unit(m.group("name"), self.province_code)
            level = "district" if regex.match(r"UBND (?:huyện|thị xã|thành phố|quận)", name) else "department"
            out.append(UnitSection(m.start(), end, name, level))
        return out

    def unit_at(self, pos: int) -> UnitSection | None:
        for u in self.units:
            if u.start <= pos < u.end:
                return u
        return None

    def _sentences(self) -> list[Sentence]:
        text, form = self.text, self.form
        cuts = {0, len(text)}
        for m in _SENT_END.finditer(text):
            if m.group().startswith((".", "!", "?")) and _ABBREV_DOT.search(form[max(0, m.start() - 4) : m.start()]):
                continue
            cuts.add(m.end() if m.group()[0] in ".!?" else m.start() + 1)
        cuts.update(m.end() for m in _HEADING_THEN_PARAGRAPH.finditer(text))
        for m in _BLANK.finditer(text):
            before = text[: m.start()].rstrip()
            last_line = before[before.rfind("\n") + 1 :].strip()
            aside = last_line.startswith("(") and last_line.endswith(")")  # "(Nguồn: Hệ thống …)" under a table
            if before.endswith((".", ";", ":", "!", "?")) or aside or _looks_like_heading(text, m.start()):
                cuts.add(m.end())
        for a, b in self._table_spans:
            cuts.update((a, b))  # a table is no part of the prose around it
        for u in self.units:
            cuts.add(u.start)
            line_end = text.find("\n", u.start)
            cuts.add(len(text) if line_end < 0 else line_end)
        ordered = sorted(cuts)
        return [Sentence(a, b, text[a:b]) for a, b in zip(ordered, ordered[1:]) if text[a:b].strip()]

    def _exclusions(self) -> tuple[list[int], list[int]]:
        spans = [(s, e) for _, s, e in find_dates(self.text, self.form)]
        spans += [p.span for p in find_periods(self.text, self.form) if p.kind != "range"]
        spans += [(m.start(), m.end()) for m in _CODE.finditer(self.form)]
        spans += [(m.start(), m.end()) for m in URL.finditer(self.form)]
        spans.sort()
        return [s for s, _ in spans], [e for _, e in spans]

    @cached_property
    def _table_spans(self) -> list[tuple[int, int]]:
        return [(t.start, t.end) for t in find_tables(self.text, self.form)]

    def prose_before(self, sent_start: int, pos: int, chars: int) -> tuple[int, str]:
        """The match form from ``chars`` characters of prose before ``sent_start`` up to ``pos``, with
        tables blanked out and not counted: the sentences after a table of units' indices still
        speak of the index named before it. Returns (start, text)."""
        start = max(0, sent_start - chars)
        for a, b in reversed(self._table_spans):
            if start < b <= sent_start:
                start = max(0, start - (b - a))
        text = self.form[start:pos]
        for a, b in self._table_spans:
            if a < pos and b > start:
                lo, hi = max(a, start) - start, min(b, pos) - start
                text = text[:lo] + " " * (hi - lo) + text[hi:]
        return start, text

    def in_table(self, pos: int) -> bool:
        """Table cells are read by column (extractors.tables), not as prose."""
        return any(a <= pos < b for a, b in self._table_spans)

    def excluded(self, start: int, end: int) -> bool:
        """Whether [start, end) touches a date, a period, a document number or a link."""
        i = bisect.bisect_right(self._excl_starts, end)
        for j in range(max(0, i - 8), i):
            if self._excl_starts[j] < end and start < self._excl_ends[j]:
                return True
        return bool(_DOC_BEFORE.search(self.form[max(0, start - 30) : start]))

    def reporting_unit_unnamed(self, fact: Fact, found: Sequence[Fact]) -> str | None:
        """A standalone report's own figures are the report's (subject None) even where it names its
        issuer ("Sở Tư pháp xếp thứ 4/21" in the Sở's own report, or its row in a table of the
        departments' scores). The name stays where it tells units apart: in a compilation of
        contributions ("ĐƠN VỊ: …") and where another unit has a figure in the same sentence
        ("Sở Y tế: 62 người; Sở Nội vụ: 01 người"), unless the figure is the issuer's own index."""
        subject = fact.subject
        if self.units or not subject or not self.issuer:
            return subject
        if subject.startswith(_OWN_SECTIONS) and not fold(self.issuer).startswith("ubnd"):
            return None  # a department's "phòng chuyên môn" are its own, not a district's
        sent = self.sentence_at(fact.span.start)
        if subject.startswith(_CENTRE) and unit_level(self.issuer) == "xa" \
                and not _PROVINCIAL_CENTRE.search(self.form, sent.start, sent.end):
            return None  # since July 2025 a commune runs its own centre: its report's bare "Trung tâm" is its own
        if normalize_subject(subject) != normalize_subject(self.issuer):
            return subject
        if fact.metric.startswith("index."):
            return None
        others = {f.subject for f in found if sent.start <= f.span.start < sent.end and f.subject
                  and f.subject != subject and not is_group(f.subject)}
        return subject if others else None

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_at(self, pos: int) -> Sentence:
        return self.sentences[max(0, bisect.bisect_right(self._sentence_starts, pos) - 1)]

    def forward_looking(self, pos: int) -> bool:
        """Whether ``pos`` lies in a part of the report about the future ("II. PHƯƠNG HƯỚNG, NHIỆM
        VỤ 6 THÁNG CUỐI NĂM", "GIẢI PHÁP", "ĐỀ XUẤT, KIẾN NGHỊ"), where percentages are targets."""
        i = bisect.bisect_right(self._parts, (pos, pos))
        if i == 0:
            return False
        s, e = self._parts[i - 1]
        title = self.form[s:e]
        return bool(_FORWARD.search(title)) and not _BACKWARD.search(title)

    def section_unit(self, pos: int) -> str | None:
        """The unit or group a subsection is about ("b) Tại Bộ phận Một cửa UBND các xã, phường"):
        its figures are that unit's unless a sentence says otherwise."""
        i = bisect.bisect_right(self._subsections, (pos, pos, pos))
        if i == 0:
            return None
        _, title, end = self._subsections[i - 1]
        if self._heading_between(end, pos):
            return None
        lead = _SECTION_OF.match(self.form, title, end)
        level = _LEVEL_TITLE.fullmatch(self.form, lead.end() if lead else title, end)
        if level:
            return level_group(level.group("level"))  # "b) Cấp huyện", "a) Cấp tỉnh (các sở, ban, ngành …)"
        if lead is None:
            return None
        labels = self.labels_between(lead.end(), end)
        if labels and labels[0].start == lead.end() and not self.form[labels[0].end : end].strip(" ,.:;"):
            return labels[0].name
        return None

    def _heading_between(self, start: int, end: int) -> bool:
        """A numbered heading or a part title ("III. ĐÁNH GIÁ CHUNG") closes the subsection before it."""
        return any(start <= s < end for s, _ in self._headings) or any(start <= s < end for s, _ in self._parts)

    def heading_before(self, pos: int) -> str:
        """The match form of the last three numbered headings before ``pos`` ("I. TRIỂN KHAI KẾ HOẠCH CCHC")."""
        i = bisect.bisect_right(self._headings, (pos, pos))
        return " | ".join(self.form[s:e] for s, e in self._headings[max(0, i - 3) : i])

    # ---------------------------------------------------------------- subjects
    def field_label(self, start: int, pos: int) -> str | None:
        """"lĩnh vực Đất đai (tiếp nhận 1.711 hồ sơ", "Riêng lĩnh vực đất đai, số hồ sơ trễ hạn là
        398": a figure about one field of procedures."""
        m = _FIELD.search(self.form, start, pos) or _FIELD_FRAME.match(self.form, start, pos)
        if not m:
            return None
        name = " ".join(self.text[m.start("name") : m.end("name")].split())
        return self.field_subject(name[:1].upper() + name[1:], pos)

    def field_subject(self, name: str, pos: int) -> str:
        """"lĩnh vực Đất đai", with the district when a district's contribution speaks of its own
        one-stop shop ("lĩnh vực Đất đai (huyện Yên Mỹ)"); a department's fields are its own, so they
        need no place."""
        unit = self.unit_at(pos)
        place = unit.name.removeprefix("UBND ") if unit and unit.name.startswith("UBND ") else None
        return f"lĩnh vực {name} ({place})" if place else f"lĩnh vực {name}"

    def labels_between(self, start: int, end: int) -> list[UnitLabel]:
        return find_labels(self.form, start, end, self.province_code, self.text)

    def parent_label(self, pos: int, labels: list[UnitLabel]) -> str | None:
        """A number in parentheses right after another ("289 người (222 người trúng tuyển") is
        about the same unit as that other number."""
        m = _PARENT.search(self.form[max(0, pos - 60) : pos])
        if not m:
            return None
        parent_start = pos - (len(self.form[max(0, pos - 60) : pos]) - m.start("num"))
        before = [u for u in labels if u.end <= parent_start]
        if before and _LOOSE_CONNECTOR.match(self.form[before[-1].end : parent_start]):
            return before[-1].name
        return None

    def sentence_actor(self, sent: Sentence) -> str | None:
        """A district that opens the sentence ("Huyện Phù Cừ thực hiện sáp nhập ...") or a level
        that heads it ("- Cấp xã: …") is what the sentence's figures are about."""
        m = _ACTOR_PREFIX.match(self.form, sent.start, sent.end)
        pos = m.end() if m else sent.start
        level = _LEVEL_HEAD.match(self.form, pos, sent.end)
        named = {level_group(m.group("level")) for m in LEVEL_NAME.finditer(self.form, pos, sent.end)}
        if level and len(named) == 1:  # "- Cấp huyện: tiếp nhận …; trễ hạn …", "- Cấp xã: 102 Trung tâm … cấp xã tiếp nhận …"
            return level_group(level.group("level"))
        labels = self.labels_between(pos, min(sent.end, pos + 40))
        if labels and labels[0].start == pos and labels[0].level == "district":
            return labels[0].name
        lead = _SECTION_OF.match(self.form, pos, sent.end)
        at = lead.end() if lead else pos
        labels = self.labels_between(at, min(sent.end, at + 60))
        if labels and labels[0].start == at and regex.match(r"\s*:", self.form[labels[0].end : sent.end]):
            return labels[0].name  # "* Tại UBND các phường, xã: tiếp nhận …; tỷ lệ đúng hạn …"
        commune = _COMMUNE.match(self.text, pos, sent.end)
        if commune:  # communes are not in the gazetteer (and after 2025 they are the only local level)
            return _commune_name(commune, self.province_code)
        return None

    def clause_actor(self, clause_start: int, pos: int) -> str | None:
        """A unit, group or level that opens the clause and acts in it ("các sở, ban, ngành tiếp
        nhận …", "Sở Tư pháp đã giải quyết …", "trong đó: cấp huyện tiếp nhận …"): the clause's
        figures are its own, not the province's."""
        breaks = [b.end() for b in _CLAUSE_BREAK.finditer(self.form, clause_start, pos)]
        for start in reversed([clause_start, *breaks]):
            m = _CLAUSE_LEAD.match(self.form, start, pos)
            at = m.end() if m else start
            level = _LEVEL_ACTOR.match(self.form, at, pos) or _LEVEL_FRAME.match(self.form, at, pos)
            if level:
                return level_group(level.group("level"))
            labels = self.labels_between(at, min(pos, at + 60))
            if labels and labels[0].start == at and _OWNS.match(self.form, labels[0].end, pos):
                return labels[0].name  # "các sở, ban, ngành tiếp nhận …", "Sở Tư pháp đã giải quyết …"
            commune = _COMMUNE.match(self.text, at, pos)
            if commune and (_OWNS.match(self.form, commune.end(), pos) or self._frames(at, commune.end())):
                return _commune_name(commune, self.province_code)
        return None

    def _frames(self, start: int, end: int) -> bool:
        """"tại UBND xã Ninh Tây, tỷ lệ …": a place named after "tại" frames the rest of the clause."""
        return self.form[start - 4 : start].strip() == "tai" and self.form[end : end + 2].lstrip().startswith(",")

    def unknown_actor(self, clause_start: int, pos: int) -> bool:
        """The clause opens with a body we cannot name acting on dossiers ("Trung tâm Y tế huyện
        đã tiếp nhận …"): its figures are that body's, whoever it is."""
        m = _CLAUSE_LEAD.match(self.form, clause_start, pos)
        at = m.end() if m else clause_start
        if not opens_with_body(self.form, at) or self.labels_between(at, min(pos, at + 60)):
            return False
        return bool(_NAME_THEN_ACTS.match(self.form, at, pos))

    def continues_actor(self, clause_start: int, pos: int) -> bool:
        """The clause opens with the verb or its outcome, its actor left out ("Các xã tiếp nhận 300
        hồ sơ; giải quyết đúng hạn 290 hồ sơ; trễ hạn 10 hồ sơ"): it goes on about the previous
        clause's actor."""
        return bool(_ACTS.match(self.form, clause_start, pos))

    def default_subject(self, sent: Sentence, pos: int, scope: str | None = None) -> str | None:
        """In a unit's contribution, figures are about the unit unless the sentence is about the
        whole province (or the metric is a provincial one and the unit does not name itself); in a
        provincial report they are about the province (None)."""
        unit = self.unit_at(pos)
        if unit is None:
            return None
        if _PROVINCE_WIDE.search(self.form, sent.start, sent.end) or self._names_province(sent):
            return None
        if scope == "province" and not self._names_itself(unit, sent):
            return None
        if unit.level == "district":
            return self._district_scope(unit, pos)
        return unit.name

    def _names_province(self, sent: Sentence) -> bool:
        return any(cue for _, _, _, cue in find_mentions(self.text[sent.start : sent.end]))

    def _names_itself(self, unit: UnitSection, sent: Sentence) -> bool:
        """Whether the sentence, or the one before it, names the contributing unit ("Sở Giao thông")."""
        idx = self.sentences.index(sent)
        prev = self.sentences[idx - 1] if idx > 0 else None
        start = prev.start if prev is not None and prev.start > unit.start else sent.start
        words = match_form(unit.name).split()
        probe = " ".join(words[: 3 if words and words[0] in ("so", "ubnd") else 2])
        return probe in " ".join(self.form[start : sent.end].split())

    def localize_group(self, name: str | None, pos: int) -> str | None:
        """Inside a district's own contribution, "UBND cấp huyện" is that district and "UBND cấp
        xã" its communes."""
        unit = self.unit_at(pos)
        if name is None or unit is None or unit.level != "district":
            return name
        place = unit.name.removeprefix("UBND ")
        if name == "UBND cấp huyện":
            return unit.name
        if name == "UBND cấp xã":
            communes = "các xã, thị trấn" if place.startswith("huyện") else "các phường, xã"
            return f"UBND {communes} {place}"
        return name

    def _district_scope(self, unit: UnitSection, pos: int) -> str:
        lo = max(unit.start, pos - 500)
        best, best_end = "district", -1
        for scope, pattern in _SCOPES:
            for m in pattern.finditer(self.form, lo, pos):
                if m.end() > best_end:
                    best, best_end = scope, m.end()
        if best != "commune":
            return unit.name
        place = unit.name.removeprefix("UBND ")
        communes = "các xã, thị trấn" if place.startswith("huyện") else "các phường, xã"
        return f"UBND {communes} {place}"

    # ---------------------------------------------------------------- dates
    def as_of(self, sent: Sentence, pos: int) -> date | None:
        """The date a figure is stated for: "tính đến hết tháng 5/2022", "từ … đến ngày 30/6/2022",
        carried into a following "Trong đó"/"Kết quả" sentence."""
        found = self._as_of_in(sent.start, pos)
        if found is None and _CONTINUATION.match(self.form, sent.start, sent.end):
            idx = self.sentences.index(sent)
            if idx > 0:
                prev = self.sentences[idx - 1]
                found = self._as_of_in(prev.start, prev.end)
        return found

    def _as_of_in(self, start: int, end: int) -> date | None:
        last = None
        for m in _AS_OF.finditer(self.form, start, end):
            last = m
        if last is None:
            return None
        if last.group("date"):
            return parse_date(last.group("date"))
        if last.group("to"):
            return parse_date(last.group("to"))
        if last.group("until"):
            return parse_date(last.group("until"))
        y, mo = int(last.group("y")), int(last.group("m"))
        if not 1 <= mo <= 12:
            return None
        import calendar

        return date(y, mo, calendar.monthrange(y, mo)[1])


def _commune_name(m: regex.Match, province_code: str | None) -> str:
    kind = " ".join(m.group("kind").lower().split())
    return f"UBND {kind} {place_spelled(' '.join(m.group('name').split()), kind, province_code)}"


def _is_part_title(line: str) -> bool:
    """A Roman-numbered heading, or a line written in capitals (at least three words)."""
    body = line.strip()
    if regex.match(rf"{_ROMAN}[.)]?\s+\S", body):
        return True
    letters = [c for c in body if c.isalpha()]
    return len(body.split()) >= 3 and len(letters) >= 10 and all(c.isupper() for c in letters)


def _looks_like_heading(text: str, pos: int) -> bool:
    """A short line before a blank line ("a) Kết quả đạt được") ends its own sentence."""
    line_start = text.rfind("\n", 0, pos) + 1
    line = text[line_start:pos].strip()
    return 0 < len(line) < 70 and (line.isupper() or regex.match(rf"^(?:[a-zđ]|\d{{1,2}}|{_ROMAN})[.)]", line) is not None)
