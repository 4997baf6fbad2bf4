"""The DuckDB warehouse: opening it, and bringing an older one up to the current schema.

Migrations are numbered SQL files in ``migrations/``; ``schema_version`` records which have run, so
a newer cchc opens a warehouse written by an older one and upgrades it in place.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import duckdb

DEFAULT_DB = Path("data/out/warehouse.duckdb")


class WarehouseError(RuntimeError):
    pass


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration shipped with this release, in order."""
    folder = resources.files("cchc.warehouse") / "migrations"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            version = int(entry.name.split("_", 1)[0])
            found.append((version, entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply the migrations this warehouse lacks, each in its own transaction; return the version."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)"
    )
    current = schema_version(con)
    latest = current
    for version, name, sql in migrations():
        if version <= current:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute("INSERT INTO schema_version VALUES (?, ?, now())", [version, name])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        latest = version
    return latest


def connect(path: str | Path = DEFAULT_DB, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse; a writable open creates it and brings its schema up to date."""
    path = Path(path)
    if read_only:
        if not path.exists():
            raise WarehouseError(f"{path}: no warehouse here yet (run 'cchc ingest' first, or pass --db)")
        con = duckdb.connect(str(path), read_only=True)
        newest = migrations()[-1][0]
        if schema_version(con) < newest:
            con.close()
            raise WarehouseError(
                f"{path}: the warehouse schema is older than this cchc; open it once for writing "
                "(e.g. 'cchc ingest' with no new files) to upgrade it"
            )
        return con
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    migrate(con)
    return con
