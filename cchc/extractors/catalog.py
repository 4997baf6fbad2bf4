"""The metric catalog: ids, families, units, descriptions and the rules that find each metric.

Everything lives in ``data/catalog.toml`` so that adding a metric or a phrasing is a data change;
this module only loads and compiles it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import regex

CATALOG_PATH = Path(__file__).parent / "data" / "catalog.toml"


@dataclass(frozen=True)
class Rule:
    """One way a number is recognised as a metric; see the header of catalog.toml."""

    metric: str
    unit: str
    near: regex.Pattern | None = None
    gap: int = 2
    after: regex.Pattern | None = None
    topic: regex.Pattern | None = None
    topic_before: int = 300  # characters before the sentence that the topic may be found in
    not_near: regex.Pattern | None = None
    not_after: regex.Pattern | None = None
    not_topic: regex.Pattern | None = None
    follows: tuple[str, ...] = ()
    follows_within: int = 60
    ratio: str | None = None
    ratio_total: str | None = None
    index: str | None = None
    sign: int = 1
    priority: int = 1
    subject_required: bool = False
    field_after: bool = False  # the subject is the field of procedures named by the `after` group "field"
    subject_after: bool = False  # the subject is the unit or group named right after the number
    name: str = ""


@dataclass(frozen=True)
class MetricDef:
    id: str
    family: str
    unit: str
    description: str
    phrases: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = field(default=(), repr=False)
    scope: str | None = None  # "province": about the province unless a unit names itself


def _expand(pattern: str, macros: dict[str, str]) -> str:
    for _ in range(3):  # macros may use macros
        for key, value in macros.items():
            pattern = pattern.replace("{" + key + "}", value)
    return pattern


def _flex_spaces(pattern: str) -> str:
    """Let a literal space in a pattern match any run of white space (sentences wrap across lines)."""
    out, depth, escaped = [], 0, False
    for ch in pattern:
        if escaped:
            out.append(ch)
            escaped = False
            continue
        if ch == "\\":
            escaped = True
        elif ch == "[":
            depth += 1
        elif ch == "]" and depth:
            depth -= 1
        out.append(r"\s+" if ch == " " and depth == 0 else ch)
    return "".join(out)


def _compile(raw: dict, key: str, macros: dict[str, str], anchor_end: bool = False) -> regex.Pattern | None:
    if key not in raw:
        return None
    pattern = _flex_spaces(_expand(raw[key], macros))
    if anchor_end:
        pattern = f"(?:{pattern})$"
    return regex.compile(pattern)


def _rule(metric: dict, raw: dict, n: int, macros: dict[str, str]) -> Rule:
    return Rule(
        metric=metric["id"],
        unit=metric["unit"],
        near=_compile(raw, "near", macros, anchor_end=True),
        gap=int(raw.get("gap", 2)),
        after=_compile(raw, "after", macros),
        topic=_compile(raw, "topic", macros),
        topic_before=int(raw.get("topic_before", 300)),
        not_near=_compile(raw, "not_near", macros),
        not_after=_compile(raw, "not_after", macros),
        not_topic=_compile(raw, "not_topic", macros),
        follows=tuple(raw.get("follows", ())),
        follows_within=int(raw.get("follows_within", 60)),
        ratio=raw.get("ratio"),
        ratio_total=raw.get("ratio_total"),
        index=raw.get("index"),
        sign=int(raw.get("sign", 1)),
        priority=int(raw.get("priority", 1)),
        subject_required=bool(raw.get("subject_required", False)),
        field_after=bool(raw.get("field_after", False)),
        subject_after=bool(raw.get("subject_after", False)),
        name=f"{metric['id']}#{n}",
    )


@lru_cache(maxsize=1)
def _load() -> tuple[MetricDef, ...]:
    data = tomllib.loads(CATALOG_PATH.read_text(encoding="utf-8"))
    macros = data.get("macros", {})
    defs = []
    for m in data["metric"]:
        rules = tuple(_rule(m, r, i + 1, macros) for i, r in enumerate(m.get("rule", [])))
        defs.append(MetricDef(
            m["id"], m["family"], m["unit"], m.get("description", ""), tuple(m.get("phrases", ())), rules, m.get("scope"),
        ))
    return tuple(defs)


def load_catalog() -> list[MetricDef]:
    """Every metric of the catalog, in catalog order."""
    return list(_load())


@lru_cache(maxsize=1)
def metric_index() -> dict[str, MetricDef]:
    return {m.id: m for m in _load()}


def all_rules() -> tuple[Rule, ...]:
    return tuple(r for m in _load() for r in m.rules)
