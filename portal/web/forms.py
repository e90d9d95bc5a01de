"""Reading what a browser posts, bounded.

`read_form`: an ordinary form (application/x-www-form-urlencoded), at most FORM_LIMIT bytes.
`read_uploads`: multipart/form-data with workbooks, streamed: each file goes to a temporary file in
the uploads folder as it arrives and the request is refused (TooLarge) as soon as a file passes the
limit — nothing is held in memory and a too large file is never read to its end. The CSRF field
must come before the first file (the upload form puts it first), so no file is written at all for
a request without a valid token.

With `max_reports`, 自评报告 (.docx .doc .wps .pdf .txt .rtf .odt) come along: every file is told
apart by its extension, whichever of the form's file fields it came in. A report is never a reason
to refuse the workbooks: one that is too large, of another kind, or one too many is left out as it
streams (its temporary file deleted, the rest of it skipped) and said in one sentence in
`Uploaded.refused`.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl

from python_multipart.multipart import MultipartParser, parse_options_header

from reports.reading import SUPPORTED as REPORT_SUFFIXES
from workbooks.reading.readers import EXTENSIONS

from . import csrf
from .errors import BadUpload, TooLarge

FORM_LIMIT = 64 * 1024
FIELD_LIMIT = 4096
MB = 1024 * 1024
WORKBOOK, REPORT = "workbook", "report"
REPORT_FIELD = "reports"  # the upload form's input for 自评报告
REPORT_KINDS = "、".join(REPORT_SUFFIXES)


def megabytes(size: int) -> str:
    return f"{size / MB:.0f}" if size >= MB else f"{size / MB:.1f}"


async def read_body(request, limit: int = FORM_LIMIT) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise TooLarge("提交的表单内容过多。")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge("提交的表单内容过多。")
        chunks.append(chunk)
    return b"".join(chunks)


async def read_form(request) -> dict[str, str | list[str]]:
    """An urlencoded form: one value per name, except names ending in [] (lists)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await read_body(request)
    if content_type != "application/x-www-form-urlencoded":
        return {}
    form: dict[str, str | list[str]] = {}
    for name, value in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=500):
        if name.endswith("[]"):
            form.setdefault(name, []).append(value)
        else:
            form.setdefault(name, value)
    return form


@dataclass
class Received:
    """One uploaded file, in a temporary file of the uploads folder."""

    name: str  # as the browser gave it (shown, never used as a path)
    suffix: str
    temporary: Path
    size: int = 0
    kind: str = WORKBOOK  # or REPORT


@dataclass
class Uploaded:
    files: list[Received] = field(default_factory=list)  # workbooks
    fields: dict[str, str] = field(default_factory=dict)
    reports: list[Received] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # reports left out, one sentence each

    def discard(self) -> None:
        for item in self.files + self.reports:
            item.temporary.unlink(missing_ok=True)


def clean_filename(raw: str) -> str:
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]  # some browsers send a whole path
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:200] or "工作簿"


async def read_uploads(request, scratch: Path, max_bytes: int, max_files: int, expected_csrf: str,
                       max_reports: int = 0, report_bytes: int | None = None) -> Uploaded:
    """Stream a multipart upload into temporary files under `scratch` (see the module docstring);
    reports (at most `max_reports`, each at most `report_bytes`) only when `max_reports` is given."""
    content_type = request.headers.get("content-type", "")
    kind, params = parse_options_header(content_type)
    if kind != b"multipart/form-data" or b"boundary" not in params:
        raise BadUpload("请用页面上的“上传”表单选择工作簿后提交。")
    report_bytes = report_bytes or max_bytes
    total_limit = max_files * max_bytes + max_reports * max(report_bytes, max_bytes) + MB
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > total_limit:
        raise TooLarge(f"上传的内容过大（{megabytes(int(declared))} MB）：每个工作簿不超过 {megabytes(max_bytes)} MB，"
                       f"一次最多 {max_files} 个。")
    scratch.mkdir(parents=True, exist_ok=True)
    result = Uploaded()
    state = {"name": b"", "value": b"", "headers": {}, "field": None, "file": None, "handle": None, "data": b"",
             "skip": False}
    problems: list[Exception] = []

    def fail(exc: Exception) -> None:
        problems.append(exc)
        raise exc

    def on_part_begin():
        state.update(headers={}, field=None, file=None, handle=None, data=b"", skip=False)

    def leave_out(message: str) -> None:
        """Skip the rest of this part: a report that is not taken."""
        result.refused.append(message)
        state.update(file=None, field=None, skip=True)

    def drop_report(item: Received, message: str) -> None:
        state["handle"].close()
        state["handle"] = None
        item.temporary.unlink(missing_ok=True)
        result.reports.remove(item)
        leave_out(message)

    def on_header_field(data, start, end):
        state["name"] += data[start:end]

    def on_header_value(data, start, end):
        state["value"] += data[start:end]

    def on_header_end():
        state["headers"][state["name"].lower()] = state["value"]
        state["name"], state["value"] = b"", b""

    def on_headers_finished():
        _, options = parse_options_header(state["headers"].get(b"content-disposition", b""))
        name = options.get(b"name", b"").decode("utf-8", "replace")
        state["field"] = name
        if b"filename" not in options:
            if len(result.fields) > 20:
                fail(BadUpload("表单字段过多。"))
            return
        filename = clean_filename(options[b"filename"].decode("utf-8", "replace"))
        if not csrf.same(expected_csrf, result.fields.get(csrf.FIELD)):
            fail(csrf.CsrfRefused())
        if filename == "工作簿" and not options[b"filename"]:
            state["file"] = None  # an empty file input: nothing chosen
            state["field"] = None
            return
        suffix = Path(filename).suffix.lower()
        if max_reports and suffix in REPORT_SUFFIXES:
            if len(result.reports) >= max_reports:
                return leave_out(f"“{filename}”未上传：一次最多上传 {max_reports} 份自评报告。")
            kind, items = REPORT, result.reports
        elif max_reports and name == REPORT_FIELD and suffix not in EXTENSIONS:
            return leave_out(f"“{filename}”未上传：不支持的文件类型“{suffix or '（无扩展名）'}”，"
                             f"自评报告只能是 {REPORT_KINDS} 文件。")
        else:
            if len(result.files) >= max_files:
                fail(TooLarge(f"一次最多上传 {max_files} 个工作簿。"))
            if suffix not in EXTENSIONS:
                fail(BadUpload(f"“{filename}”：不支持的文件类型“{suffix or '（无扩展名）'}”，只能上传 .xlsx、.xlsm、.xls 工作簿"
                               + (f"（自评报告：{REPORT_KINDS}）。" if max_reports else "。")))
            kind, items = WORKBOOK, result.files
        temporary = scratch / f".{secrets.token_hex(8)}.part{suffix}"
        item = Received(filename, suffix, temporary, kind=kind)
        items.append(item)
        state["file"] = item
        state["handle"] = open(temporary, "wb")

    def on_part_data(data, start, end):
        if state["skip"]:
            return
        item = state["file"]
        if item is not None:
            item.size += end - start
            if item.kind == REPORT and item.size > report_bytes:
                return drop_report(item, f"自评报告“{item.name}”超过 {megabytes(report_bytes)} MB 的上限，未上传；"
                                         "请压缩其中的图片或另存为只含文字的文件后再上传。")
            if item.size > max_bytes:
                fail(TooLarge(f"“{item.name}”超过 {megabytes(max_bytes)} MB 的上限，未上传。"))
            state["handle"].write(data[start:end])
        elif state["field"] is not None:
            if len(state["data"]) + end - start > FIELD_LIMIT:
                fail(BadUpload("表单字段过长。"))
            state["data"] += data[start:end]

    def on_part_end():
        handle = state["handle"]
        if handle is not None:
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
            state["handle"] = None
        elif state["field"] is not None and state["file"] is None:
            result.fields.setdefault(state["field"], state["data"].decode("utf-8", "replace"))

    callbacks = {"on_part_begin": on_part_begin, "on_part_data": on_part_data, "on_part_end": on_part_end,
                 "on_header_field": on_header_field, "on_header_value": on_header_value,
                 "on_header_end": on_header_end, "on_headers_finished": on_headers_finished}
    parser = MultipartParser(params[b"boundary"], callbacks)
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > total_limit:
                raise TooLarge(f"上传的内容过大：每个工作簿不超过 {megabytes(max_bytes)} MB，一次最多 {max_files} 个。")
            parser.write(chunk)
        parser.finalize()
    except BaseException as exc:
        if state["handle"] is not None:
            state["handle"].close()
        result.discard()
        if problems:
            raise problems[0] from None
        if isinstance(exc, Exception) and not isinstance(exc, (TooLarge, BadUpload, csrf.CsrfRefused)):
            raise BadUpload("上传的数据不完整或格式不正确，请重新上传。") from None
        raise
    if not csrf.same(expected_csrf, result.fields.get(csrf.FIELD)):
        result.discard()
        raise csrf.CsrfRefused()
    return result
