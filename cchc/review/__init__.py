"""Review pages for researchers: each document's restored text with its figures highlighted."""

from cchc.review.report import ReportError, ReportResult, write_report

__all__ = ["ReportError", "ReportResult", "write_report"]
