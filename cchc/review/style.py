"""The colours of metric families and the low-confidence threshold, read from ``data/families.toml``."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Family:
    name: str
    color: str
    label: str


@dataclass(frozen=True)
class Style:
    families: dict[str, Family]
    unknown: Family
    low_confidence: float

    def family(self, metric: str) -> Family:
        """The family of a metric id is the part before its first dot."""
        name = metric.split(".", 1)[0]
        return self.families.get(name, Family(name, self.unknown.color, self.unknown.label))

    def css(self) -> str:
        """One rule per family, so a highlight is coloured by its class alone."""
        rules = [f".fam-{css_name(f.name)}, mark.fact.fam-{css_name(f.name)} {{ background: {f.color}; }}"
                 for f in self.families.values()]
        rules.insert(0, f".chip, mark.fact {{ background: {self.unknown.color}; }}")
        return "\n".join(rules)


def css_name(family: str) -> str:
    return re.sub(r"[^a-z0-9_-]", "-", family.lower()) or "none"


@lru_cache(maxsize=1)
def load_style() -> Style:
    text = (resources.files("cchc.review") / "data" / "families.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    families = {name: Family(name, spec["color"], spec["label"]) for name, spec in data["families"].items()}
    unknown = Family("", data["unknown"]["color"], data["unknown"]["label"])
    return Style(families, unknown, float(data["low_confidence"]))
