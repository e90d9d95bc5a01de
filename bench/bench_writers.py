"""Compare .xlsx writers on the review workbook's content.

Every candidate writes the same rows (by default 4,500 form rows of 500 nine-form workbooks,
32,000 finding rows whose cells link into the files, unit totals and unreadable files):

  openpyxl         openpyxl write-only: the writer the review used before (copied below as
                   `openpyxl_write_review`/`openpyxl_write_summary`; the tests use it as the
                   reference the new writer must match cell by cell)
  xlsxwriter       XlsxWriter with {'constant_memory': True}: workbooks.review.summary_book (shipped)
  rustpy-xlsxwriter  the Rust rust_xlsxwriter through its records API
  pyexcelerate     PyExcelerate

Each runs in a fresh process (so that peak memory is its own); the table gives seconds
(median of --repeat), rows per second, the ratio to openpyxl in the same run, file size,
peak RSS, and which features the output keeps, checked by reading a small output of each
candidate back with openpyxl (nothing is taken on trust).

    .venv/bin/python bench/bench_writers.py [--files 500] [--findings 32000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from workbooks.review.summary import FORM_COLUMNS, UNIT_COLUMNS, FormRow, forms_frame, units_frame  # noqa: E402
from workbooks.review.summary_book import FINDING_COLUMNS, FORMATS, MAX_LINKS, WIDTHS, link_target  # noqa: E402
from workbooks.review.summary_book import write_review as xlsxwriter_write_review  # noqa: E402
from workbooks.writing.text_guard import clean_text, formula_string  # noqa: E402

CANDIDATES = ("openpyxl", "xlsxwriter", "rustpy-xlsxwriter", "pyexcelerate")
FEATURES = ("links", "forward slashes", "HYPERLINK() beyond the limit", "chart (bars, 0–100)", "header bold+fill", "number formats",
            "column widths", "frozen header", "autofilter", "\"=\" text stays text", "same columns", "streams rows")


# --------------------------------------------------------------------------------------------
# The content
# --------------------------------------------------------------------------------------------

def content(files: int, findings: int, root: Path, seed: int = 7):
    """(forms, units, findings, unreadable) as the review writes them; forms as a DataFrame."""
    rng = random.Random(seed)
    rows, finding_rows = [], []
    per_file = max(1, findings // files)
    for n in range(files):
        path = str(root / "报送" / f"单位{n % 40:02d}" / f"自评表 {n:05d}.xlsx")
        for k in range(9):
            budget = round(rng.uniform(5, 600), 2)
            executed = round(budget * rng.choice([0.6, 0.9, 1.0, 1.0]), 2)
            total = round(rng.uniform(60, 100), 2)
            project = f"项目{n}-{k}" if (n, k) != (3, 2) else '=HYPERLINK("http://example.com","点我")'
            rows.append(FormRow(path, f"表{k + 1}", project, "北京市丰台区人力资源和社会保障局", f"单位{n % 40:02d}", budget,
                                executed, round(executed / budget, 4), total, total, "优" if total >= 90 else "良",
                                rng.randint(0, 3), rng.randint(0, 3), rng.randint(0, 2)))
        for k in range(per_file):
            if len(finding_rows) >= findings:
                break
            message = f"实际完成值“{rng.randint(50, 99)}%”低于年度指标值“≥98%”，得分应为 {rng.uniform(1, 10):.2f}，填报 10。"
            if (n, k) == (1, 1):
                message = "=1+1 这是填报人写的文字\x07"
            finding_rows.append([path, f"表{k % 9 + 1}", f"H{k % 30 + 5}", f"ZP{200 + k % 50}", "错误" if k % 2 else "警告",
                                 message])
    forms = forms_frame(rows)
    unreadable = [[str(root / "报送" / "损坏.xlsx"), "文件已损坏或不完整（可能下载或复制中断），无法读取。"]]
    return forms, units_frame(forms), finding_rows, unreadable


# --------------------------------------------------------------------------------------------
# openpyxl write-only: the writer the review and summary used before (kept as the reference)
# --------------------------------------------------------------------------------------------

def _openpyxl_clean(value):
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _openpyxl_text_cell(ws, value):
    from openpyxl.cell import WriteOnlyCell

    value = clean_text(value)
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return value


def _openpyxl_header(ws, columns):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    cells = []
    for name in columns:
        cell = WriteOnlyCell(ws, value=name)
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="D9E1F2")
        cells.append(cell)
    return cells


def _openpyxl_widths(ws, columns):
    from openpyxl.utils import get_column_letter

    for index, name in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = WIDTHS.get(name, max(8, len(name) * 2 + 2))


def openpyxl_write_frame(ws, frame):
    from openpyxl.cell import WriteOnlyCell

    columns = list(frame.columns)
    _openpyxl_widths(ws, columns)
    ws.freeze_panes = "A2"
    ws.append(_openpyxl_header(ws, columns))
    formats = [FORMATS.get(c) for c in columns]
    for row in frame.itertuples(index=False):
        cells = []
        for value, number_format in zip(row, formats):
            value = _openpyxl_clean(value)
            if number_format and value is not None:
                value = WriteOnlyCell(ws, value=value)
                value.number_format = number_format
            else:
                value = _openpyxl_text_cell(ws, value)
            cells.append(value)
        ws.append(cells)


def openpyxl_write_findings(ws, rows, review_dir: Path, max_links: int = MAX_LINKS):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.worksheet.hyperlink import Hyperlink

    _openpyxl_widths(ws, FINDING_COLUMNS)
    ws.freeze_panes = "A2"
    ws.append(_openpyxl_header(ws, FINDING_COLUMNS))
    review_dir = review_dir.resolve()
    for index, (file, sheet, cell_ref, rule, severity, message) in enumerate(rows, start=2):
        link = WriteOnlyCell(ws, value=cell_ref or "")
        if cell_ref and sheet:
            target = link_target(review_dir, file)
            location = "'" + sheet.replace("'", "''") + "'!" + cell_ref
            if index - 1 <= max_links:
                link.hyperlink = Hyperlink(ref=f"C{index}", target=target, location=location)
                link.font = Font(color="0563C1", underline="single")
            else:
                link.value = f'=HYPERLINK("{formula_string(target)}#{formula_string(location)}","{formula_string(cell_ref)}")'
                link.data_type = "f"
        ws.append([_openpyxl_text_cell(ws, file), _openpyxl_text_cell(ws, sheet), link, rule, severity,
                   _openpyxl_text_cell(ws, message)])


def _openpyxl_chart(ws, rows, categories, values, columns, title):
    from openpyxl.chart import BarChart, Reference
    from openpyxl.utils import get_column_letter

    if rows <= 0:
        return
    chart = BarChart()
    chart.type, chart.title, chart.y_axis.title = "bar", title, "分"
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 100
    chart.height, chart.width = max(7.5, 0.55 * rows + 3), 18
    chart.add_data(Reference(ws, min_col=values, min_row=1, max_row=rows + 1), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=categories, min_row=2, max_row=rows + 1))
    chart.legend = None
    ws.add_chart(chart, f"{get_column_letter(columns + 2)}2")


def _openpyxl_units(book, units, chart_limit):
    ws = book.create_sheet("单位汇总")
    openpyxl_write_frame(ws, units)
    unit_rows = len(units) - 1 if len(units) else 0
    if 0 < unit_rows <= chart_limit:
        _openpyxl_chart(ws, unit_rows, UNIT_COLUMNS.index("实施单位") + 1, UNIT_COLUMNS.index("平均分") + 1,
                        len(UNIT_COLUMNS), "各单位平均分")


def openpyxl_write_review(path: Path, forms, units, findings, unreadable, max_links: int = MAX_LINKS) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    openpyxl_write_frame(book.create_sheet("汇总"), forms)
    openpyxl_write_findings(book.create_sheet("问题清单"), findings, Path(path).parent, max_links)
    _openpyxl_units(book, units, 100)
    openpyxl_write_frame(book.create_sheet("无法读取的文件"), pd.DataFrame(unreadable, columns=["文件", "原因"]))
    book.save(path)
    return Path(path)


def openpyxl_write_summary(path: Path, forms, units, chart_limit: int = 100) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ws = book.create_sheet("汇总")
    openpyxl_write_frame(ws, forms)
    if 0 < len(forms) <= chart_limit:
        _openpyxl_chart(ws, len(forms), FORM_COLUMNS.index("项目名称") + 1, FORM_COLUMNS.index("总分（计算）") + 1,
                        len(FORM_COLUMNS), "各项目总分（按规则计算）")
    _openpyxl_units(book, units, chart_limit)
    book.save(path)
    return Path(path)


# --------------------------------------------------------------------------------------------
# rustpy-xlsxwriter and PyExcelerate, each as close to the review as it allows
# --------------------------------------------------------------------------------------------

def _records(frame) -> list[dict]:
    columns = list(frame.columns)
    return [{c: _openpyxl_clean(v) for c, v in zip(columns, row)} for row in frame.itertuples(index=False)]


def rustpy_write_review(path: Path, forms, units, findings, unreadable, max_links: int = MAX_LINKS) -> Path:
    """Links only through `url_columns`: the link needs a column of its own (the cell text comes
    from another column), targets must be given as "file:///relative" to stay relative with "/",
    and there is no per-row formula, so no HYPERLINK() fallback."""
    import rustpy_xlsxwriter as rp

    review_dir = Path(path).parent.resolve()
    header = rp.Format().set_bold().set_background_color("#D9E1F2").set_pattern("solid")
    links = []
    for file, sheet, cell_ref, rule, severity, message in findings:
        url = None
        if cell_ref and sheet:
            url = "file:///" + link_target(review_dir, file) + "#'" + sheet.replace("'", "''") + "'!" + cell_ref
        links.append({"文件": clean_text(file), "工作表": sheet, "单元格": url, "规则": rule, "级别": severity,
                      "说明": clean_text(message), "单元格文字": cell_ref})

    def formats(frame_columns):
        return {c: rp.Format().set_num_format(FORMATS[c]) for c in frame_columns if c in FORMATS}

    def widths(frame_columns):
        return {c: WIDTHS.get(c, max(8, len(c) * 2 + 2)) for c in frame_columns}

    book = rp.FastExcel(str(path)).freeze(row=1, col=0)
    book.sheet("汇总", _records(forms), header_format=header, column_formats=formats(FORM_COLUMNS),
               column_widths=widths(FORM_COLUMNS), autofilter=True)
    book.sheet("问题清单", links, header_format=header, column_widths=widths(FINDING_COLUMNS), autofilter=True,
               url_columns={"单元格": "单元格文字"})
    charts = [{"type": "bar", "series": ["平均分"], "categories": "实施单位", "title": "各单位平均分", "legend": False,
               "x_axis": "分"}] if 0 < len(units) - 1 <= 100 else None  # an axis title only: no 0–100 scale
    book.sheet("单位汇总", _records(units), header_format=header, column_formats=formats(UNIT_COLUMNS),
               column_widths=widths(UNIT_COLUMNS), autofilter=True, **({"charts": charts} if charts else {}))
    book.sheet("无法读取的文件", [{"文件": f, "原因": r} for f, r in unreadable], header_format=header,
               column_widths=widths(["文件", "原因"]), autofilter=True)
    book.save()
    return Path(path)


def pyexcelerate_write_review(path: Path, forms, units, findings, unreadable, max_links: int = MAX_LINKS) -> Path:
    """No hyperlinks and no charts; text starting with "=" needs a per-cell text style."""
    from pyexcelerate import Color, Fill, Font, Format, Panes, Style, Workbook
    from pyexcelerate.DataTypes import DataTypes

    book = Workbook()
    header = Style(font=Font(bold=True), fill=Fill(background=Color(0xD9, 0xE1, 0xF2)))
    as_text = Style(data_type=DataTypes.INLINE_STRING)

    def sheet(name, columns, rows):
        ws = book.new_sheet(name)
        ws.panes = Panes(0, 1)
        ws.auto_filter = True
        for index, column in enumerate(columns, start=1):
            ws.set_cell_value(1, index, column)
            ws.set_cell_style(1, index, header)
            ws.set_col_style(index, Style(size=WIDTHS.get(column, max(8, len(column) * 2 + 2))))
        number_styles = {i: Style(format=Format(FORMATS[c])) for i, c in enumerate(columns, start=1) if c in FORMATS}
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                value = clean_text(_openpyxl_clean(value))
                if value is None:
                    continue
                ws.set_cell_value(r, c, value)
                if c in number_styles:
                    ws.set_cell_style(r, c, number_styles[c])
                elif isinstance(value, str) and value.startswith("="):
                    ws.set_cell_style(r, c, as_text)

    sheet("汇总", FORM_COLUMNS, forms.itertuples(index=False))
    sheet("问题清单", FINDING_COLUMNS, findings)
    sheet("单位汇总", UNIT_COLUMNS, units.itertuples(index=False))
    sheet("无法读取的文件", ["文件", "原因"], unreadable)
    book.save(str(path))
    return Path(path)


WRITERS = {
    "openpyxl": openpyxl_write_review,
    "xlsxwriter": xlsxwriter_write_review,
    "rustpy-xlsxwriter": rustpy_write_review,
    "pyexcelerate": pyexcelerate_write_review,
}
STREAMS = {"openpyxl": True, "xlsxwriter": True, "rustpy-xlsxwriter": False, "pyexcelerate": False}


# --------------------------------------------------------------------------------------------
# Features, read back from a small output of each candidate
# --------------------------------------------------------------------------------------------

def features(name: str, folder: Path) -> dict[str, bool]:
    from openpyxl import load_workbook

    forms, units, findings, unreadable = content(8, 120, folder, seed=3)
    out = folder / "out" / f"features-{name}.xlsx"
    out.parent.mkdir(parents=True, exist_ok=True)
    WRITERS[name](out, forms, units, findings, unreadable, max_links=50)
    book = load_workbook(out)
    names = ["汇总", "问题清单", "单位汇总", "无法读取的文件"]
    found = {f: False for f in FEATURES}
    if book.sheetnames[:4] != names:
        return found
    ws = book["问题清单"]
    link = ws["C2"].hyperlink
    expected = link_target(out.parent.resolve(), findings[0][0])
    found["links"] = bool(link and link.location == f"'{findings[0][1]}'!{findings[0][2]}" and ws["C2"].value == findings[0][2])
    found["forward slashes"] = bool(link and link.target == expected and "/" in expected and "\\" not in link.target)
    late = ws.cell(row=52, column=3)
    found["HYPERLINK() beyond the limit"] = isinstance(late.value, str) and late.value.startswith("=HYPERLINK(") \
        and late.data_type == "f"
    with zipfile.ZipFile(out) as package:
        charts = [package.read(n) for n in package.namelist() if n.startswith("xl/charts/chart")]
    found["chart (bars, 0–100)"] = any(b'barDir val="bar"' in c and re.search(rb'<(c:)?max val="100"', c)
                                       and re.search(rb'<(c:)?min val="0"', c) for c in charts)
    head = book["汇总"]["A1"]
    found["header bold+fill"] = bool(head.font.b) and (head.fill.fgColor.rgb or "")[-6:] == "D9E1F2"
    found["number formats"] = book["汇总"]["H2"].number_format == "0.00%" and book["单位汇总"]["G2"].number_format == "0.00"
    width = book["问题清单"].column_dimensions["F"].width
    found["column widths"] = width is not None and abs(width - WIDTHS["说明"]) < 1
    found["frozen header"] = all(book[n].freeze_panes == "A2" for n in names)
    found["autofilter"] = all((book[n].auto_filter.ref or "").startswith("A1:") for n in names)
    injected = [c for row in book["汇总"].iter_rows(min_row=2) for c in row if c.column == 3 and str(c.value).startswith("=")]
    message = [c for row in ws.iter_rows(min_row=2) for c in row if c.column == 6 and str(c.value).startswith("=1+1")]
    found["\"=\" text stays text"] = bool(injected) and all(c.data_type == "s" for c in injected + message) \
        and bool(message) and "\x07" not in message[0].value
    found["same columns"] = [c.value for c in ws[1]] == FINDING_COLUMNS and ws.max_column == len(FINDING_COLUMNS)
    found["streams rows"] = STREAMS[name]
    return found


# --------------------------------------------------------------------------------------------
# Timing (each candidate in a fresh process)
# --------------------------------------------------------------------------------------------

def run_one(name: str, files: int, findings: int, folder: Path) -> dict:
    forms, units, finding_rows, unreadable = content(files, findings, folder)
    out = folder / "out" / f"review-{name}.xlsx"
    out.parent.mkdir(parents=True, exist_ok=True)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    WRITERS[name](out, forms, units, finding_rows, unreadable)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "bytes": out.stat().st_size, "rows": len(forms) + len(finding_rows) + len(units) + 1,
            "rss_mb": peak / 1024, "rss_growth_mb": (peak - before) / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--findings", type=int, default=32_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "writers")
    parser.add_argument("--one", choices=CANDIDATES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.files, args.findings, args.out)))
        return

    results: dict[str, list[dict]] = {name: [] for name in CANDIDATES}
    for _ in range(args.repeat):  # interleaved, so that a busy moment of the machine hits every candidate
        for name in CANDIDATES:
            proc = subprocess.run([sys.executable, __file__, "--one", name, "--files", str(args.files), "--findings",
                                   str(args.findings), "--out", str(args.out)], capture_output=True, text=True)
            if proc.returncode:
                print(f"{name} failed:\n{proc.stderr[-2000:]}")
                results[name].append({"seconds": math.nan, "bytes": 0, "rows": 0, "rss_mb": 0, "rss_growth_mb": 0})
                continue
            results[name].append(json.loads(proc.stdout.strip().splitlines()[-1]))
    kept = {name: features(name, args.out) for name in CANDIDATES}
    base = statistics.median(r["seconds"] for r in results["openpyxl"])
    print(f"{args.files * 9} form rows + {args.findings} finding rows (with links), median of {args.repeat}, "
          f"{os.cpu_count()} CPUs")
    print(f"{'writer':<18} {'seconds':>8} {'rows/s':>9} {'÷openpyxl':>9} {'size MB':>8} {'peak RSS MB':>11}  features kept")
    for name in CANDIDATES:
        seconds = statistics.median(r["seconds"] for r in results[name])
        last = results[name][-1]
        have = [f for f in FEATURES if kept[name][f]]
        missing = [f for f in FEATURES if not kept[name][f]]
        print(f"{name:<18} {seconds:8.2f} {last['rows'] / seconds:9,.0f} {seconds / base:9.2f} {last['bytes'] / 1e6:8.2f} "
              f"{last['rss_mb']:11.0f}  {len(have)}/{len(FEATURES)}" + (f"; lacks: {', '.join(missing)}" if missing else ""))
    if os.environ.get("BENCH_JSON"):
        Path(os.environ["BENCH_JSON"]).write_text(json.dumps({"results": results, "features": kept}, ensure_ascii=False))


if __name__ == "__main__":
    main()
