"""`ziping report check` and `ziping report draft`: the narrative 自评报告 beside the form.

`check` reads .docx/.doc/.wps/.pdf/.txt reports, checks each against itself and (with --form)
against its project's form; exit codes as `ziping check`: 0 no errors, 1 errors, 2 a file could
not be read or an argument is wrong. `draft` writes one .docx per project of a form workbook.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.text import Text

from validation import __version__
from validation.errors import ZipingError
from validation.findings import SEVERITY_NAMES
from validation.profile import DEFAULT_PROFILE

from ..app import PROFILE_HELP, fail, resolve_profile_option
from ..check_json import EXIT_ERRORS, EXIT_OK, EXIT_UNUSABLE
from ..terminal.chinese_typer import ChineseTyper
from ..terminal.wrap import print_wrapped

report_app = ChineseTyper(
    name="report",
    help="自评报告：核对写好的报告（自身的算术、提纲，以及与自评表是否一致），或由自评表起草报告。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "dim"}


def _forms(form: Optional[Path], profile):
    if form is None:
        return None
    from workbooks.checking.batch import check_file

    if not form.is_file():
        fail(f"自评表文件不存在：{form}")
    result = check_file(form, profile)
    if result.error:
        fail(f"无法读取自评表 {form.name}：{result.error}")
    filled = [r for r in result.reports if not r.blank]
    if not filled:
        fail(f"{form.name} 中没有填写过的自评表，无法与报告核对。")
    return filled


def _report_files(paths: list[Path]) -> list[Path]:
    """The files given, and in each folder given the report files it holds (its subfolders too)."""
    from reports.reading import SUPPORTED

    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED
                            and not p.name.startswith(("~$", ".")))
            if not inside:
                fail(f"文件夹 {path} 中没有自评报告文件（.docx .doc .wps .pdf .txt .rtf .odt）。")
            found += inside
        else:
            found.append(path)
    return found


@report_app.command("check")
def check_command(
    paths: List[Path] = typer.Argument(..., metavar="报告", help="自评报告文件（.docx .doc .wps .pdf .txt .rtf .odt），或含有这些文件的文件夹"),
    form: Optional[Path] = typer.Option(None, "--form", "-f", metavar="自评表", help="同一项目的自评表工作簿：按项目名称找到对应的表，核对两者都写了的数"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON（结构见 validation/schemas/report-check-output.schema.json）"),
    profile: str = typer.Option(DEFAULT_PROFILE, "--profile", "-p", metavar="口径", help=PROFILE_HELP),
    info: bool = typer.Option(False, "--info", help="同时显示提示级别的信息"),
):
    """核对自评报告。

    退出码：0 无错误，1 有错误，2 有文件无法读取或参数有误。"""
    from reports.checking import check_report

    try:
        chosen = resolve_profile_option(profile)
        forms = _forms(form, chosen)
        found = _report_files(paths)
        results = [check_report(p, chosen, forms) for p in found]
    except ZipingError as exc:
        fail(str(exc))
    code = EXIT_UNUSABLE if any(r.error for r in results) else EXIT_ERRORS if any(r.errors for r in results) else EXIT_OK
    if as_json:
        document = {
            "tool": {"name": "ziping", "version": __version__},
            "profile": chosen.name,
            "form": str(form) if form is not None else None,
            "reports": [r.to_dict() for r in results],
            "summary": {"reports": len(results), "unreadable": sum(1 for r in results if r.error),
                        "errors": sum(r.errors for r in results), "warnings": sum(r.warnings for r in results)},
        }
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        stream = getattr(sys.stdout, "buffer", None)
        stream.write(text.encode("utf-8")) if stream is not None else sys.stdout.write(text)
        raise typer.Exit(code)
    console = Console(highlight=False)
    shown = {"error", "warning"} | ({"info"} if info else set())
    for result in results:
        _render(result, console, shown)
    errors, warnings = sum(r.errors for r in results), sum(r.warnings for r in results)
    unreadable = sum(1 for r in results if r.error)
    line = f"共 {len(results)} 份报告：错误 {errors}，警告 {warnings}。"
    if unreadable:
        line += f"{unreadable} 份无法读取。"
    console.rule()
    print_wrapped(console, Text(line, style="bold"))
    raise typer.Exit(code)


def _render(result, console: Console, shown: set[str]) -> None:
    console.rule(Text(result.path, style="bold"), align="left")
    if result.error:
        print_wrapped(console, Text(f"无法核对：{result.error}", style="bold red"))
        return
    head = f"{result.paragraphs} 段，{result.figures} 个带单位的数"
    if result.project is not None:
        head += f"；对照自评表 [{result.sheet}] {result.project}"
    print_wrapped(console, Text(head, style="dim"))
    findings = [f for f in result.findings if f.severity in shown]
    if not findings:
        print_wrapped(console, Text("没有发现问题。", style="green"))
    for finding in findings:
        line = Text()
        line.append(f"{finding.rule} {SEVERITY_NAMES[finding.severity]} ", style=SEVERITY_STYLES[finding.severity])
        line.append(finding.message)
        print_wrapped(console, line, indent=2)
        if finding.quote:
            print_wrapped(console, Text(f"  “{finding.quote}”", style="dim"), indent=3)
    if result.project is not None and result.values:
        console.print(Text("报告与自评表中的数：", style="bold"))
        for row in result.values:
            mark = "" if row.agrees is None else ("  一致" if row.agrees else "  不一致")
            form_text = row.form if row.form is not None else "（表中无此数）"
            print_wrapped(console, Text(f"  {row.name}：报告第{row.paragraph}段 {row.report}；自评表 {form_text}{mark}"),
                          indent=4)


@report_app.command("draft")
def draft_command(
    form: Path = typer.Argument(..., metavar="自评表", help="填好并校验过的自评表工作簿"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", metavar="文件夹", help="报告写到哪个文件夹，默认为工作簿所在文件夹"),
    template: Optional[Path] = typer.Option(None, "--template", metavar="模板", help="单位自己的报告模板 .docx（使用其中的样式、页面和页眉）"),
    profile: str = typer.Option(DEFAULT_PROFILE, "--profile", "-p", metavar="口径", help=PROFILE_HELP),
):
    """由自评表起草自评报告：每个项目一份 Word 文档，按财预〔2020〕10号参考提纲，需要人写的部分以黄色“【请填写：…】”标出。"""
    from reports.drafting import draft_reports

    if template is not None and not template.is_file():
        fail(f"模板文件不存在：{template}")
    try:
        chosen = resolve_profile_option(profile)
        forms = _forms(form, chosen)
        written = draft_reports(forms, out if out is not None else form.parent, template, profile=chosen)
    except ZipingError as exc:
        fail(str(exc))
    console = Console(highlight=False)
    for path in written:
        print_wrapped(console, Text(str(path)))
    print_wrapped(console, Text(f"已起草 {len(written)} 份自评报告；黄色“【请填写：…】”处需要补写，补写后可用 ziping report check 核对。",
                                style="bold"))
    wrong = [f"“{r.sheet}”" for r in forms if r.errors]
    if wrong:
        print_wrapped(console, Text(f"{'、'.join(wrong)}有错误：草稿照录了表中的数，请先改正错误（ziping check 查看）再重新起草。",
                                    style="yellow"))
