"""The ``cchc`` command line: ingest, restore, query, export, eval, train."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cchc import __version__, warehouse

DEFAULT_INPUT = Path("data/raw")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cchc",
        description="Turn Vietnamese administrative-reform (CCHC) reports into a DuckDB warehouse.",
    )
    parser.add_argument("--version", action="version", version=f"cchc {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("ingest", help="read, restore, extract and load reports into the warehouse",
                       description="Read .txt/.pdf/.png/.jpg/.jpeg/.tif/.tiff files and folders (recursively), "
                       "restore, extract and load each into the warehouse. Exit status 1 if any file failed.")
    p.add_argument("paths", nargs="*", type=Path, default=[DEFAULT_INPUT],
                   help=f"files or folders (default: {DEFAULT_INPUT})")
    p.add_argument("--db", type=Path, default=warehouse.DEFAULT_DB, help="warehouse file (default: %(default)s)")
    p.add_argument("--workers", type=int, default=1, help="processes for restore/extract (default: 1)")
    p.add_argument("--force", action="store_true", help="reprocess files already in the warehouse")
    p.add_argument("--quiet", action="store_true", help="no progress bar and no summary table")
    p.set_defaults(run=cmd_ingest)

    p = sub.add_parser("restore", help="restore OCR-garbled Vietnamese text, line for line",
                       description="Restore diacritics and repair OCR damage. N input lines give exactly N "
                       "output lines. UTF-8 in and out.")
    p.add_argument("file", nargs="?", type=Path, help="input file (default: standard input)")
    p.set_defaults(run=cmd_restore)

    p = sub.add_parser("query", help="run SQL on the warehouse (read-only)")
    p.add_argument("sql", help="the SQL statement")
    p.add_argument("--db", type=Path, default=warehouse.DEFAULT_DB, help="warehouse file (default: %(default)s)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(run=cmd_query)

    p = sub.add_parser("export", help="write every table: Parquet partitioned by province and year, or CSV")
    p.add_argument("--out", type=Path, required=True, help="output folder")
    p.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    p.add_argument("--db", type=Path, default=warehouse.DEFAULT_DB, help="warehouse file (default: %(default)s)")
    p.set_defaults(run=cmd_export)

    p = sub.add_parser("eval", help="the project's own evaluations",
                       description="'cchc eval restore' scores restoration against peers; "
                       "'cchc eval extract' scores extraction against the golden files.")
    p.add_argument("what", choices=("restore", "extract"))
    p.add_argument("args", nargs=argparse.REMAINDER, help="options passed to that evaluation (see its --help)")
    p.set_defaults(run=cmd_eval)

    p = sub.add_parser("report", help="write HTML review pages: each document's figures highlighted in its text",
                       description="Write one self-contained HTML page per document (all if none is named) "
                       "and index.html listing every document and figure. Open index.html in a browser.")
    p.add_argument("doc_ids", nargs="*", metavar="DOC_ID", help="doc ids (or unique prefixes, or source paths)")
    p.add_argument("--out", type=Path, required=True, help="output folder")
    p.add_argument("--db", type=Path, default=warehouse.DEFAULT_DB, help="warehouse file (default: %(default)s)")
    p.set_defaults(run=cmd_report)

    p = sub.add_parser("correct", help="correct, reject or accept an extracted fact (kept across re-ingest)",
                       description="Record a researcher's correction of a fact; fact_view and the other views "
                       "apply the latest one. Either one FACT_ID with --value/--unit/--subject/--metric, "
                       "--reject or --accept; or --file to apply a CSV written by --template and filled in; "
                       "or --list.")
    p.add_argument("fact_id", nargs="?", metavar="FACT_ID")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--value", help="the right value (1857, 98.5 or 98,5)")
    what.add_argument("--reject", action="store_true", help="the fact is wrong: remove it from the views")
    what.add_argument("--accept", action="store_true", help="the fact is right as extracted")
    p.add_argument("--unit", help="the right unit")
    p.add_argument("--subject", help="the right subject ('' for the whole reporting unit)")
    p.add_argument("--metric", help="the right metric id")
    p.add_argument("--why", help="the reason (required with --reject)")
    p.add_argument("--who", help="who decides (default: $CCHC_USER or the login name)")
    p.add_argument("--file", type=Path, help="apply a corrections CSV (all rows or none)")
    p.add_argument("--template", type=Path, metavar="CSV",
                   help="write a CSV of the facts to fill in (of --doc documents, or all)")
    p.add_argument("--doc", action="append", metavar="DOC_ID", help="with --template: only this document")
    p.add_argument("--list", action="store_true", help="show every recorded correction")
    p.add_argument("--db", type=Path, default=warehouse.DEFAULT_DB, help="warehouse file (default: %(default)s)")
    p.set_defaults(run=cmd_correct)

    p = sub.add_parser("train", help="regenerate training data and retrain a model")
    p.add_argument("what", choices=("restore",))
    p.add_argument("args", nargs=argparse.REMAINDER, help="options passed to the trainer (see its --help)")
    p.set_defaults(run=cmd_train)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except warehouse.WarehouseError as exc:
        print(f"cchc: {exc}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"cchc: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from cchc.pipeline.runner import run_ingest

    quiet = args.quiet
    summary = run_ingest(args.paths, db=args.db, workers=args.workers, force=args.force,
                         progress=False if quiet else None)
    if not quiet:
        print_loaded_table(args.db, summary.loaded + summary.unchanged)
    print(summary.line(args.db))
    return summary.exit_status


def print_loaded_table(db: Path, paths: list[str]) -> None:
    if not paths:
        return
    from cchc.warehouse.output import run_query

    con = warehouse.connect(db, read_only=True)
    try:
        placeholders = ", ".join("?" * len(paths))
        con.execute("CREATE TEMP TABLE _wanted AS SELECT unnest([" + placeholders + "]) AS source_path", paths)
        print(run_query(con, """
            SELECT d.source_path AS document, d.province, d.period_label AS period, d.report_kind AS kind,
                   (SELECT count(*) FROM facts f WHERE f.doc_id = d.doc_id) AS facts,
                   (SELECT count(*) FROM doc_refs r WHERE r.doc_id = d.doc_id) AS citations
            FROM documents d JOIN _wanted USING (source_path) ORDER BY d.source_path"""))
    finally:
        con.close()


def cmd_restore(args: argparse.Namespace) -> int:
    from cchc.restoration import restore

    data = args.file.read_bytes() if args.file is not None else sys.stdin.buffer.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        print(f"cchc: the input is not UTF-8 (byte {exc.start}); 'cchc ingest' reads other encodings",
              file=sys.stderr)
        return 2
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    out = sys.stdout.buffer
    for line in restore_lines(lines, restore):
        out.write(line.encode("utf-8") + b"\n")
    out.flush()
    return 0


def restore_lines(lines: list[str], restore) -> list[str]:
    """Restore the lines together, so context crosses OCR line wraps; line by line if that ever
    fails to give back the same number of lines."""
    restored = restore("\n".join(lines)).text.split("\n")
    if len(restored) == len(lines):
        return restored
    return [restore(line).text.replace("\n", " ") for line in lines]


def cmd_query(args: argparse.Namespace) -> int:
    import duckdb

    from cchc.warehouse.output import run_query

    con = warehouse.connect(args.db, read_only=True)
    try:
        print(run_query(con, args.sql, args.format))
    except duckdb.Error as exc:
        print(f"cchc: query failed: {exc}", file=sys.stderr)
        return 2
    finally:
        con.close()
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from cchc.warehouse.output import export_warehouse

    con = warehouse.connect(args.db, read_only=True)
    try:
        written = export_warehouse(con, args.out, args.format)
    finally:
        con.close()
    print(f"wrote {len(written)} tables and views to {args.out}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from cchc.review import ReportError, write_report

    con = warehouse.connect(args.db, read_only=True)
    try:
        result = write_report(con, args.out, args.doc_ids or None)
    except ReportError as exc:
        print(f"cchc: {exc}", file=sys.stderr)
        return 2
    finally:
        con.close()
    note = f" ({result.unlocated} could not be placed in the restored text)" if result.unlocated else ""
    print(f"wrote {len(result.pages)} document pages with {result.facts} figures{note}; open {result.index}")
    return 0


def cmd_correct(args: argparse.Namespace) -> int:
    from cchc import corrections

    modes = [args.fact_id is not None, args.file is not None, args.template is not None, args.list]
    if sum(modes) != 1:
        print("cchc: give one FACT_ID, or --file CSV, or --template CSV, or --list", file=sys.stderr)
        return 2
    if args.list or args.template:
        try:
            return _correct_read(args, corrections)
        except ValueError as exc:
            print(f"cchc: {exc}", file=sys.stderr)
            return 2
    con = warehouse.connect(args.db)
    try:
        if args.file is not None:
            return _correct_file(con, args, corrections)
        return _correct_one(con, args, corrections)
    except corrections.CorrectionError as exc:
        print(f"cchc: {exc}", file=sys.stderr)
        return 2
    finally:
        con.close()


def _correct_read(args: argparse.Namespace, corrections) -> int:
    from cchc.warehouse.output import run_query

    con = warehouse.connect(args.db, read_only=True)
    try:
        if args.list:
            print(run_query(con, corrections.LIST_SQL))
        else:
            from cchc.review.report import resolve_doc_ids

            n = corrections.write_template(con, args.template, resolve_doc_ids(con, args.doc) if args.doc else None)
            print(f"wrote {n} facts to {args.template}; fill action/new_value/why, then "
                  f"'cchc correct --file {args.template}'")
    finally:
        con.close()
    return 0


def _correct_one(con, args: argparse.Namespace, corrections) -> int:
    action = "reject" if args.reject else "accept" if args.accept else "correct"
    value = corrections.parse_value(args.value) if args.value is not None else None
    correction = corrections.Correction(args.fact_id, action, value, args.unit, args.subject, args.metric,
                                        args.why, args.who)
    cid = corrections.record(con, correction)
    if cid is None:
        print(f"{args.fact_id}: already recorded, nothing changed")
    else:
        print(f"{args.fact_id}: {action} recorded (correction {cid}); see it with "
              f"cchc query \"SELECT * FROM fact_review WHERE fact_id = '{args.fact_id}'\"")
    return 0


def _correct_file(con, args: argparse.Namespace, corrections) -> int:
    result = corrections.apply_csv(con, args.file, args.who)
    for error in result.errors:
        print(f"cchc: {error}", file=sys.stderr)
    if result.errors:
        print(f"cchc: nothing applied: {len(result.errors)} bad rows", file=sys.stderr)
        return 1
    print(f"{result.recorded} corrections recorded, {result.unchanged} already recorded, "
          f"{result.skipped} rows left blank")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    if args.what == "restore":
        from cchc.restoration.evaluate import main as evaluate
    else:
        from cchc.extractors.evaluate import main as evaluate
    return evaluate(args.args)


def cmd_train(args: argparse.Namespace) -> int:
    from cchc.restoration.train import main as train

    return train(args.args)


if __name__ == "__main__":
    sys.exit(main())
