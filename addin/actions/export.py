"""导出报送: write every form without errors to the submission folder; tell which were refused.

Local mode writes to the workbook's SUBMISSION_DIR; server mode writes to the server's
folder, and the server has already refused forms of another unit than the token's. The
clerk's workbook is only read.
"""

from __future__ import annotations

from pathlib import Path

from workbooks.export import export_reports

from .common import NO_FORMS, check_book
from .context import ActionError


def export(surface, context) -> str:
    if context.mode == "server":
        settings = context.extra.get("settings")
        target = getattr(settings, "submission_dir", None)
        if target is None:
            raise ActionError("服务器没有设置报送文件夹（ziping serve --submission-dir），请联系管理员。")
        shown = "服务器的报送文件夹"
    else:
        value = context.settings.get("SUBMISSION_DIR", "").strip()
        if not value:
            raise ActionError("请先在 ziping.conf 工作表中填写 SUBMISSION_DIR（报送文件夹），再导出。")
        target = Path(value).expanduser()
        shown = str(target)
    _, reports = check_book(surface, context.profile)
    if not reports:
        return NO_FORMS
    year = context.settings.get("YEAR", "")
    result = export_reports(reports, str(getattr(surface.book, "name", "")), target, context.profile,
                            year=int(year) if year.isdigit() else None)
    return result.message(Path(shown))
