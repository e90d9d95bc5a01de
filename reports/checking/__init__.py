"""Check 自评报告 files: their own arithmetic and outline, and the figures they share with the form."""

from .report_check import ReportCheck, ValueRow, check_report, check_reports, match_form

__all__ = ["ReportCheck", "ValueRow", "check_report", "check_reports", "match_form"]
