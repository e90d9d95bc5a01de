"""Chinese text in the terminal breaks between characters, never inside a number with its unit, a 文号,
a short quoted value, a cell reference or a rule code: terminal_wrap itself, then the `ziping check`
report of the shipped sample, the rule and profile tables and the messages of score and export."""

from __future__ import annotations

import io
import re
from itertools import accumulate
from pathlib import Path
from types import SimpleNamespace

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from ziping.check_report import finding_message, render
from ziping.terminal.table import Column, table_lines
from ziping.terminal.wrap import NO_LINE_END, NO_LINE_START, print_wrapped, wrap, wrap_text
from validation.profile import load_profile

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "workbooks" / "samples" / "fengtai-2024.xlsx"
WIDTHS = [40, 60, 80, 100, 120]

# What must stay on one line (written independently of terminal_wrap's own patterns).
ATOM = re.compile("|".join([
    r"[\u4e00-\u9fff]{2}〔\d{4}〕\d+号",  # 财预〔2020〕10号
    r"“[^“”\n]{1,16}”",  # a short quoted value
    r"(?:[≤≥<>]\s?)?\d+(?:\.\d+)?(?:\s?(?:%|万元|万份|[元分月倍天份个张]))?",  # ≤ 4385666.55 元, 62.61%
    r"\b[A-Z]{1,3}\d+\b",  # D12, ZP404
]))

CRAFTED = [
    "“支出进度”的年度指标值是定量的“≤11 月”，实际完成值却是文字“房租、空调费按合同约定支付，水电费按实际使用情况支付”，"
    "无法核对是否完成。应填写数值，如“11月”。",
    "依据财预〔2020〕10号和财预〔2021〕101号，年度指标值≥2.3万份，预算 ≤ 4385666.55 元，总分 98.08 分，执行率 62.61%。",
    "“维护维修成本”年度指标值“≤10元”与实际完成值“9.82万元”换算后相差约 10000 倍，单位换算无法解释，疑似单位写错"
    "（实际完成值与全年执行数 9.82 万元一致，请核对年度指标值的单位），未计分。",
    "一级指标分值为 产出 50、效益 20、成本 10、满意度 10；指引为 产出 50、效益 30、满意度 10。分值分配与指引不同，请确认有依据。",
    "D12：填报得分 13，按评分规则应为 13.73（反向（越小越好）：15 × 目标 第335天 ÷ 实际 第366天），见 ZP501。",
    "已导出 7 张自评表到 /tmp/报送/2024/北京市丰台区人力资源和社会保障局/北京市丰台区人力资源公共服务中心；另有 2 张与上次导出相同。",
]


def breaks_inside_atoms(text: str, lines: list[str], width: int) -> list[str]:
    """The atoms of `text` that fit in `width` and yet are cut by a line break."""
    breaks = set(accumulate(len(line) for line in lines[:-1]))
    return [m.group() for m in ATOM.finditer(text)
            if cell_len(m.group()) <= width and any(m.start() < b < m.end() for b in breaks)]


def assert_wrapped(text: str, lines: list[str], width: int) -> None:
    assert "".join(lines) == text
    assert [line for line in lines if cell_len(line) > width] == []
    assert breaks_inside_atoms(text, lines, width) == [], lines


@pytest.mark.parametrize("width", [12, 20, 30, *WIDTHS])
@pytest.mark.parametrize("text", CRAFTED, ids=range(len(CRAFTED)))
def test_wrap_keeps_numbers_document_numbers_and_quotes_whole(text, width):
    lines = wrap(text, width)
    assert_wrapped(text, lines, width)
    for before, after in zip(lines, lines[1:]):  # the punctuation rules, where a line has room for them
        if width >= 40:
            assert after[0] not in NO_LINE_START or before[-1] == " ", (before, after)
            assert before[-1] not in NO_LINE_END, (before, after)


def test_the_breaks_rich_makes_are_not_made():
    text = "“支出进度”的年度指标值是定量的“≤11 月”，实际完成值却是文字“按时完成”。依据财预〔2020〕10号。"
    for width in range(16, 60):
        lines = wrap(text, width)
        assert not any(line.endswith(("≤11", "〔2020〕1")) for line in lines), lines
    assert wrap("相差约 10000 倍", 12) == ["相差约 ", "10000 倍"]
    assert wrap("财预〔2020〕10号", 10) == ["财预", "〔2020〕", "10号"]  # longer than the line: cut between its parts


def test_lines_too_long_for_a_unit_are_still_cut_and_nothing_is_lost():
    path = "/srv/ziping/报送/2024/北京市丰台区人力资源和社会保障局/北京市丰台区人力资源公共服务中心/第1版/表1.xlsx"
    for width in (8, 15, 33):
        lines = wrap(path, width)
        assert "".join(lines) == path and all(cell_len(line) <= width for line in lines)
    assert wrap("/srv/ziping/reports/a.xlsx", 16)[0] == "/srv/ziping/"  # a path breaks after a slash
    assert wrap("", 10) == [""] and wrap("一\n二", 10) == ["一", "二"]


def test_a_hanging_indent_narrows_every_line_but_the_first():
    text = CRAFTED[3]
    lines = wrap(text, 40, hang=4)
    assert cell_len(lines[0]) <= 40 and all(cell_len(line) <= 36 for line in lines[1:])
    assert "".join(lines) == text


def test_rich_text_keeps_its_styles():
    text = Text.assemble(("警告 ", "yellow"), CRAFTED[1])
    lines = wrap_text(text, 30)
    assert [line.plain for line in lines] == wrap(text.plain, 30)
    assert lines[0].spans[0].style == "yellow"


# The report of `ziping check`


@pytest.fixture(scope="module")
def sample_results():
    from workbooks.checking.batch import check_paths

    return check_paths([str(SAMPLE)], load_profile("national"), jobs=1)


def _render(results, width: int) -> list[str]:
    out = io.StringIO()
    render(results, Console(file=out, width=width, color_system=None, highlight=False), show_info=True,
           profile_title="全国通用")
    return out.getvalue().splitlines()


def _crafted_results():
    findings = [SimpleNamespace(severity=severity, sheet="项目1", cell=cell, rule=rule, message=message)
                for (severity, cell, rule), message in zip(
                    [("error", "E17", "ZP404"), ("warning", "F15", "ZP401"), ("info", None, "ZP202"),
                     ("warning", "D12", "ZP501"), ("error", "B6", "ZP203"), ("info", "C4", "ZP706")], CRAFTED)]
    return [SimpleNamespace(path="crafted.xlsx", error=None, findings=findings, reports=[], score_tables=[],
                            errors=2, warnings=2)]


def _messages(results) -> list[str]:
    def all_findings(result):
        yield from result.findings
        for part in [*result.reports, *getattr(result, "score_tables", ())]:
            yield from part.findings
    return [finding_message(f) for result in results for f in all_findings(result)]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("source", ["sample", "crafted"])
def test_the_check_report_wraps_like_chinese(sample_results, source, width):
    results = sample_results if source == "sample" else _crafted_results()
    lines = _render(results, width)
    messages = _messages(results)
    assert len(messages) > 5
    assert [line for line in lines if cell_len(line) > width] == []
    flat = re.sub(r"\s", "", "".join(lines))
    for message in messages:  # every message whole, nothing cut off
        assert re.sub(r"\s", "", message) in flat
    # each atom stands on one line, as often as the messages hold it (the 说明 column, or a stacked
    # row's text, is at least 18 cells wide at these widths; the exact column is the next test's)
    wanted: dict[str, int] = {}
    for message in messages:
        for atom in ATOM.findall(message):
            if cell_len(atom) <= 18:
                wanted[atom] = wanted.get(atom, 0) + 1
    for atom, count in wanted.items():
        assert sum(line.count(atom) for line in lines) >= count, (atom, "\n".join(lines))


@pytest.mark.parametrize("width", WIDTHS)
def test_the_findings_column_reads_back_as_the_messages(sample_results, width):
    """In the table, the 说明 column of a finding's lines, joined, is its message exactly."""
    findings = [f for result in sample_results for report in result.reports for f in report.findings]
    columns = [Column("级别"), Column("单元格"), Column("规则"), Column("说明", wraps=True)]
    rows = [["提示", f.cell or "—", f.rule, finding_message(f)] for f in findings]
    lines = [line.plain for line in table_lines(columns, rows, width)]
    header, body = lines[0], lines[1:]
    if "说明" not in header:  # stacked: too narrow for a column
        pytest.skip("no 说明 column at this width")
    start = cell_len(header[:header.index("说明")])
    read = []
    for line in body:
        if line[:1].strip():
            read.append("")
        read[-1] += _after_cells(line, start)
    assert read == [finding_message(f) for f in findings]
    pieces = [[_after_cells(line, start) for line in _row_lines(body, i)] for i in range(len(findings))]
    for message, row in zip(read, pieces):
        assert breaks_inside_atoms(message, row, width - start) == [], row


def _after_cells(line: str, cells: int) -> str:
    taken = 0
    for index, char in enumerate(line):
        if taken >= cells:
            return line[index:]
        taken += cell_len(char)
    return ""


def _row_lines(body: list[str], number: int) -> list[str]:
    starts = [i for i, line in enumerate(body) if line[:1].strip()] + [len(body)]
    return body[starts[number]:starts[number + 1]]


@pytest.mark.parametrize("width", WIDTHS)
def test_stacked_rows_when_the_column_would_be_too_narrow(width):
    columns = [Column("级别"), Column("工作表"), Column("单元格"), Column("规则"), Column("说明", wraps=True)]
    rows = [["错误", "2024年常住外来劳动力失业登记人员就业服务工作经费", "E17", "ZP404", CRAFTED[2]]]
    lines = [line.plain for line in table_lines(columns, rows, width)]
    assert all(cell_len(line) <= width for line in lines)
    assert re.sub(r"\s", "", CRAFTED[2]) in re.sub(r"\s", "", "".join(lines))


def test_rule_and_profile_tables_fit_and_keep_document_numbers(tmp_path):
    from ziping.cli import app
    from typer.testing import CliRunner

    for width in WIDTHS:
        for command in ("rules", "profiles"):
            result = CliRunner().invoke(app, [command], env={"COLUMNS": str(width), "TERM": "dumb"})
            assert result.exit_code == 0
            lines = result.output.splitlines()
            assert all(cell_len(line) <= width for line in lines), (command, width)
            if command == "profiles":
                assert any("财预〔2020〕10号" in line for line in lines)


# Messages of score and export: wrapped on a terminal only


@pytest.fixture(scope="module")
def score_message(tmp_path_factory):
    from addin.filebook import run_on_file

    return run_on_file("score", SAMPLE, tmp_path_factory.mktemp("score") / "scored.xlsx")


@pytest.mark.parametrize("width", WIDTHS)
def test_score_and_export_messages_wrap_on_a_terminal(score_message, width):
    export = ("已导出 7 张自评表到 /tmp/报送/2024/北京市丰台区人力资源和社会保障局/北京市丰台区人力资源公共服务中心。\n"
              "· 2024年常住外来劳动力失业登记人员就业服务工作经费：表1.xlsx（第 2 版；空白的执行率、得分已按规则填入）\n"
              "有 1 张自评表存在错误，未导出：\n· 2024 年服务大厅公共设施维修费：" + CRAFTED[2])
    for message in (score_message, export):
        out = io.StringIO()
        print_wrapped(Console(file=out, width=width, force_terminal=True, color_system=None), message, indent=2)
        lines = out.getvalue().rstrip("\n").split("\n")
        assert all(cell_len(line) <= width for line in lines)
        paragraphs, read = message.split("\n"), []
        for line in lines:  # a line that does not start with the indent starts a paragraph
            if line.startswith("  ") and read:
                read[-1].append(line[2:])
            else:
                read.append([line])
        assert ["".join(pieces) for pieces in read] == paragraphs
        for paragraph, pieces in zip(paragraphs, read):
            assert breaks_inside_atoms(paragraph, pieces, width - 2) == [], pieces


def test_piped_messages_stay_one_line_each(score_message):
    out = io.StringIO()
    print_wrapped(Console(file=out, width=40, color_system=None), score_message, indent=2)
    assert out.getvalue().rstrip("\n") == score_message
