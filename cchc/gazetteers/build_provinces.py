"""Regenerate ``data/provinces.json`` from the maintained ``vietnamadminunits`` package.

Run: ``python -m cchc.gazetteers.build_provinces``. The JSON is committed so the tool does not
depend on the package's internal layout at run time; the package version is recorded in it.
"""

from __future__ import annotations

import json
import sqlite3
from importlib.metadata import version
from pathlib import Path

import vietnamadminunits

OUT = Path(__file__).parent / "data" / "provinces.json"


def _rows(db: Path, table: str) -> list[dict]:
    with sqlite3.connect(db) as conn:
        cur = conn.execute(
            f"SELECT DISTINCT province, provinceShort, provinceCode, provinceKey, provinceAlias FROM [{table}]"
        )
        rows = [
            {"name": short, "full_name": full, "code": code, "key": key, "aliases": json.loads(alias) if alias else []}
            for full, short, code, key, alias in cur.fetchall()
        ]
    return sorted(rows, key=lambda r: r["code"])


def _districts(db: Path) -> dict[str, list[dict]]:
    """Legacy districts per province code (districts were abolished in July 2025)."""
    with sqlite3.connect(db) as conn:
        cur = conn.execute(
            "SELECT DISTINCT provinceCode, districtShort, districtType, districtCode FROM admin_units_legacy"
        )
        out: dict[str, list[dict]] = {}
        for pcode, name, kind, dcode in sorted(cur.fetchall(), key=lambda r: (r[0], r[3])):
            out.setdefault(pcode, []).append({"name": name, "type": kind, "code": dcode})
    return out


def _communes(db: Path, table: str) -> dict[str, list[list[str]]]:
    """Communes and wards per province code, as [name, type] pairs: tables name them, and OCR
    garbles them ("Hàm Trong" for "Hàm Rồng") where no grammar can tell."""
    with sqlite3.connect(db) as conn:
        cur = conn.execute(f"SELECT DISTINCT provinceCode, wardShort, wardType, wardCode FROM [{table}]")
        out: dict[str, list[list[str]]] = {}
        for pcode, name, kind, _ in sorted(cur.fetchall(), key=lambda r: (r[0], r[3] or "", r[1] or "")):
            if not name:
                continue
            out.setdefault(pcode, []).append([name, kind])
    return out


def build() -> dict:
    pkg = Path(vietnamadminunits.__file__).parent
    legacy = _rows(pkg / "data" / "dataset.db", "admin_units_legacy")
    current = _rows(pkg / "data" / "dataset.db", "admin_units")
    conv = json.loads((pkg / "data" / "converter_2025.json").read_text(encoding="utf-8"))["DICT_PROVINCE"]
    key_to_code = {r["key"]: r["code"] for r in legacy}
    new_key_to_code = {r["key"]: r["code"] for r in current}
    old_to_new: dict[str, str] = {}
    for new_key, old_keys in conv.items():
        for old_key in old_keys:
            old_to_new[key_to_code[old_key]] = new_key_to_code[new_key]
    return {
        "source": f"vietnamadminunits {version('vietnamadminunits')}",
        "legacy_63": legacy,
        "current_34": current,
        "legacy_to_current": old_to_new,
        "legacy_districts": _districts(pkg / "data" / "dataset.db"),
        "legacy_communes": _communes(pkg / "data" / "dataset.db", "admin_units_legacy"),
        "current_communes": _communes(pkg / "data" / "dataset.db", "admin_units"),
    }


def main() -> None:
    data = build()
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {OUT}: {len(data['legacy_63'])} legacy, {len(data['current_34'])} current ({data['source']})")


if __name__ == "__main__":
    main()
