"""Reports in the older or other word-processor formats (.doc, .wps, .rtf, .odt): LibreOffice
converts a copy to .docx in a throw-away folder, which is then read as any .docx."""

from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from reports.reading.errors import ReportUnreadable
from workbooks.writing import office

CONVERT_TIMEOUT = 120  # seconds; a file that takes longer is not an ordinary report


@contextmanager
def as_docx(path: Path, shown: str, suffix: str):
    """Yield the path of a .docx converted from `path`; the folder is removed afterwards."""
    if office.soffice() is None:
        raise ReportUnreadable(f"读取 {suffix} 格式的报告“{shown}”需要 LibreOffice，但本机未安装；"
                               "请在 Word 或 WPS 中另存为 .docx 后再核对。")
    with tempfile.TemporaryDirectory(prefix="ziping-report-") as folder:
        source = Path(folder) / f"report{suffix}"
        try:
            shutil.copyfile(path, source)
        except OSError:
            raise ReportUnreadable(f"无法打开报告文件“{shown}”（没有读取权限，或正被其他程序占用）；"
                                   "请关闭该文件或检查权限后重试。") from None
        try:
            converted = office.convert(source, "docx:MS Word 2007 XML", Path(folder) / "out", CONVERT_TIMEOUT)
        except office.OfficeError:
            raise ReportUnreadable(f"无法读取报告文件“{shown}”：LibreOffice 未能转换它（文件可能已损坏或设置了打开密码）；"
                                   "请在 Word 或 WPS 中另存为 .docx 后再核对。") from None
        yield converted
