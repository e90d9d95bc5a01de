"""生成自评报告: draft one 项目支出绩效自评报告 (.docx) per filled form of the open workbook.

The forms are read and checked as 校验 reads them (the values on screen, saved or not), and
drafted by the same library call as `ziping report draft`. Local mode writes the drafts in a
folder beside the workbook (DRAFT_FOLDER); a file already there is never overwritten (the new
draft gets "（2）"). A form with errors is still drafted, but the message names its sheet: the
draft repeats the form's figures. Server mode cannot write to the clerk's disk and, unlike
导出报送, has no shared folder the clerk can reach: it says where the portal offers the same
drafts. Either way the clerk's workbook is only read.
"""

from __future__ import annotations

from pathlib import Path

from validation.findings import ERROR

from .common import NO_FORMS, check_book
from .context import ActionError

DRAFT_FOLDER = "自评报告草稿"

UNSAVED = "工作簿还没有保存过：请先保存工作簿，自评报告草稿将写在工作簿所在的文件夹中。"
NOT_LOCAL = "无法确定工作簿在本机的文件夹（工作簿可能是从网盘或网页打开的）：请把工作簿另存到本机文件夹后再生成自评报告。"


def draft_report(surface, context) -> str:
    _, reports = check_book(surface, context.profile)
    if not reports:
        return NO_FORMS
    filled = [r for r in reports if not r.blank]
    if not filled:
        return f"工作簿中的 {len(reports)} 张自评表都还没有填写，未生成自评报告。"
    if context.mode == "server":
        return _server_message(context)
    folder = book_folder(surface.book) / DRAFT_FOLDER
    from reports.drafting import draft_reports, report_file_name  # python-docx: only when drafting

    written = draft_reports(filled, folder, profile=context.profile)
    renamed = sum(1 for report, path in zip(filled, written) if path.name != report_file_name(report.project))
    with_errors = [r.sheet for r in filled if any(f.severity == ERROR for f in r.findings)]
    return _message(folder, len(written), len(reports) - len(filled), renamed, with_errors)


def book_folder(book) -> Path:
    """The folder of the workbook file, as Excel knows it (Workbook.FullName through xlwings)."""
    try:
        fullname = str(book.fullname)
    except Exception:  # noqa: BLE001 - xlwings could not map a OneDrive/SharePoint address to a folder
        raise ActionError(NOT_LOCAL) from None
    if "://" in fullname:
        raise ActionError(NOT_LOCAL)
    path = Path(fullname)
    if not path.is_absolute():  # a workbook never saved: FullName is its caption, e.g. "工作簿1"
        raise ActionError(UNSAVED)
    if not path.parent.is_dir():
        raise ActionError(f"找不到工作簿所在的文件夹“{path.parent}”：请把工作簿另存到本机文件夹后再生成自评报告。")
    return path.parent


def _message(folder: Path, count: int, blank: int, renamed: int, with_errors: list[str]) -> str:
    lines = [f"已生成 {count} 份自评报告草稿{f'（另有 {blank} 张空白表未生成）' if blank else ''}，保存在：", str(folder),
             "报告中黄色的“【请填写：…】”处需要单位补写。"]
    if renamed:
        lines.append(f"其中 {renamed} 份与文件夹中已有的文件同名，另存为名称后加“（2）”等编号的文件，原有文件未改动。")
    if with_errors:
        sheets = "、".join(f"“{sheet}”" for sheet in with_errors)
        lines.append(f"注意：{sheets}有错误。草稿照抄表中的数，请先点击“校验”改正错误，再重新生成这些表的报告。")
    return "\n".join(lines)


def _server_message(context) -> str:
    settings = context.extra.get("settings")
    # The portal runs beside the add-in's endpoints when the server records exports and has a
    # submission folder (`ziping serve --db … --submission-dir …`).
    portal = getattr(settings, "on_export", None) is not None and getattr(settings, "submission_dir", None) is not None
    if not portal:
        return ("服务器不能把文件写到您的电脑上，这台服务器也没有可下载自评报告草稿的报送平台，"
                "请联系管理员（管理员可用 ziping report draft 由自评表生成）。")
    url = context.settings.get("SERVER_URL", "").strip()
    where = f"（{url}）" if url.lower().startswith(("http://", "https://")) else ""
    return ("服务器不能把文件写到您的电脑上，自评报告草稿请到报送平台下载："
            f"在浏览器中打开报送平台{where}，上传本工作簿，在每张自评表处点击“下载自评报告草稿”。")
