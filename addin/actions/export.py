"""导出报送: write every form without errors to the submission folder; tell which were refused.

Local mode writes to the workbook's SUBMISSION_DIR; server mode writes to the server's
folder, and the server has already refused forms of another unit than the token's; when the
server records exports (`ziping serve --db`: the portal's index), every file written is also
recorded there, so the add-in and the browser portal share one store. The clerk's workbook is only read.
"""

from __future__ import annotations

from pathlib import Path

from workbooks.submission.export import export_reports

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
    message = result.message(Path(shown))
    if context.mode == "server":
        message += _record(context, target, result)
    return message


def _record(context, target, result) -> str:
    """Tell the server's recorder (the portal's index, when `ziping serve` has a database) of the
    files an export wrote; the files stay written whatever happens there (a failed record is
    caught up by `ziping serve --reindex`)."""
    settings = context.extra.get("settings")
    recorder = getattr(settings, "on_export", None)
    if recorder is None or not result.exported:
        return ""
    try:
        return recorder(target, result, context.extra.get("token"), context.profile)
    except Exception as exc:  # noqa: BLE001 - the submission itself has been written
        return (f"\n文件已写入报送文件夹，但登记到报送平台时出错（{type(exc).__name__}），"
                "报送平台暂时看不到这些文件；请联系管理员运行 ziping serve --reindex。")
