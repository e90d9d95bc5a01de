"""The readable report of `ziping check` (Chinese), wrapped to the terminal by terminal_wrap: a number
with its unit, a 文号 or a quoted value is never cut at the end of a line."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from validation.findings import SEVERITY_NAMES
from validation.numbers import fmt, fmt_percent

from .terminal.table import Column, print_table
from .terminal.wrap import print_wrapped

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def finding_message(finding) -> str:
    """The message as the 说明 column shows it: without the cell it starts with, which has its own column."""
    message = finding.message
    if finding.cell and message.startswith(finding.cell + "："):
        message = message[len(finding.cell) + 1:]
    return message


def _print_findings(findings, console: Console, show_sheet: bool) -> None:
    columns = [Column("级别"), *([Column("工作表")] if show_sheet else []), Column("单元格"), Column("规则"),
               Column("说明", wraps=True)]
    rows = []
    for finding in findings:
        row = [Text(SEVERITY_NAMES[finding.severity], style=_STYLE[finding.severity])]
        if show_sheet:
            row.append(finding.sheet or "")
        rows.append(row + [finding.cell or "—", finding.rule, finding_message(finding)])
    print_table(console, columns, rows)


def _print(console: Console, text: Text, indent: int = 0) -> None:
    print_wrapped(console, text, indent=indent, always=True)


def render(results, console: Console, show_info: bool = False, profile_title: str = "") -> None:
    shown = {"error", "warning"} | ({"info"} if show_info else set())
    hidden_info = 0
    for result in results:
        if cell_len(result.path) + 8 <= console.width:
            console.rule(Text(result.path, style="bold"), align="left")
        else:  # a rule would cut the path
            _print(console, Text(result.path, style="bold"))
            console.rule()
        if result.error:
            _print(console, Text(f"无法读取：{result.error}", style="bold red"))
            continue
        file_findings = [f for f in result.findings if f.severity in shown]
        hidden_info += sum(1 for f in result.findings if f.severity not in shown)
        if file_findings:
            _print_findings(file_findings, console, show_sheet=True)
        for report in result.reports:
            _render_report(report, console, shown)
            hidden_info += sum(1 for f in report.findings if f.severity not in shown)
        for table in getattr(result, "score_tables", ()):
            _render_score_table(table, console, shown)
            hidden_info += sum(1 for f in table.findings if f.severity not in shown)
    _summary(results, console, hidden_info, profile_title)


def _render_report(report, console: Console, shown: set[str]) -> None:
    title = Text()
    title.append(f"[{report.sheet}] ", style="bold")
    title.append(report.project or "（未填写项目名称）")
    _print(console, title, indent=2)
    if report.blank:
        for finding in report.findings:
            _print(console, Text("  " + finding.message, style=_STYLE[finding.severity]))
        return
    funds = report.funds
    line = Text("  ")
    line.append(f"执行率 {fmt_percent(funds['execution_rate'])}  ")
    line.append(f"执行得分 {fmt(funds['execution_score'])}  ")
    line.append(totals_text(report) + "  ")
    line.append(grades_text(report) + "  ")
    line.append(f"错误 {report.errors}", style="bold red" if report.errors else "green")
    line.append(f"  警告 {report.warnings}", style="yellow" if report.warnings else "green")
    _print(console, line)
    findings = [f for f in report.findings if f.severity in shown]
    if findings:
        _print_findings(findings, console, show_sheet=False)


def _render_score_table(table, console: Console, shown: set[str]) -> None:
    title = Text()
    title.append(f"[{table.sheet}] ", style="bold")
    title.append(f"评分表：{table.title or table.project or '（无标题）'}")
    _print(console, title, indent=2)
    line = Text("  ")
    if table.blank:
        line.append("尚未评分")
    else:
        line.append(f"分值合计 {fmt(table.weight_total)}  ")
        line.append(f"合计得分 填报 {fmt(table.total_reported)} / 计算 {fmt(table.total_computed)}  ")
        line.append(f"等级 {table.grade or '—'}  ")
        line.append(f"错误 {table.errors}", style="bold red" if table.errors else "green")
        line.append(f"  警告 {table.warnings}", style="yellow" if table.warnings else "green")
    _print(console, line)
    findings = [f for f in table.findings if f.severity in shown]
    if findings:
        _print_findings(findings, console, show_sheet=False)


def _summary(results, console: Console, hidden_info: int, profile_title: str) -> None:
    files = len(results)
    unreadable = sum(1 for r in results if r.error)
    tables = sum(len(r.reports) for r in results)
    score_tables = sum(len(getattr(r, "score_tables", ())) for r in results)
    errors = sum(r.errors for r in results)
    warnings = sum(r.warnings for r in results)
    console.rule()
    text = Text(f"共 {files} 个文件、{tables} 张自评表" + (f"、{score_tables} 张评分表" if score_tables else "") + "：")
    text.append(f"错误 {errors}", style="bold red" if errors else "green")
    text.append("，")
    text.append(f"警告 {warnings}", style="yellow" if warnings else "green")
    if unreadable:
        text.append("，")
        text.append(f"无法读取的文件 {unreadable}", style="bold red")
    if profile_title:
        text.append(f"。评分口径：{profile_title}")
    _print(console, text)
    if hidden_info:
        _print(console, Text(f"另有 {hidden_info} 条提示未显示，加 --info 查看。", style="dim"))


def render_department(checks, console: Console) -> None:
    """The stated average against the computed one, a line per stated figure."""
    from validation.department import KIND_NAMES

    for check in checks:
        average = check.average
        line = Text(f"平均分：{average.stated.source}写 {fmt(average.stated.value, 6)} 分，")
        if average.computed is None:
            line.append(f"没有可计算总分的{KIND_NAMES[average.kind]}。", style="bold red")
        else:
            line.append(f"按规则计算的 {len(average.totals)} 张{KIND_NAMES[average.kind]}总分平均 "
                        f"{fmt(average.computed, max(2, average.stated.decimals))} 分：")
            line.append("一致" if average.agrees else "不一致", style="green" if average.agrees else "bold red")
        _print(console, line)
        for finding in check.findings:
            _print(console, Text(f"  {finding.rule} {finding.message}", style=_STYLE[finding.severity]),
                   indent=3 + len(finding.rule))


def _differs(a, b, tolerance: float = 0.005) -> bool:
    return a is not None and b is not None and abs(a - b) > tolerance


def totals_text(report) -> str:
    """"总分 填报 100（各项合计 1079）/ 计算 100": the filed total, the filed items' sum when it is
    not the filed total (the error a reader is looking at), and the rules' total."""
    items = report.scores_reported_sum
    shown = f"总分 填报 {fmt(report.total_reported)}"
    if _differs(items, report.total_reported) or (report.total_reported is None and items is not None):
        return shown + f"（各项合计 {fmt(items)}）/ 计算 {fmt(report.total_computed)}"
    return shown + f" / 计算 {fmt(report.total_computed)}"


def grades_text(report) -> str:
    if report.grade_reported and report.grade_reported != report.grade:
        return f"等级 填报 {report.grade_reported} / 计算 {report.grade or '—'}"
    return f"等级 {report.grade or '—'}"
