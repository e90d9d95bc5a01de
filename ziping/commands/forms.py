"""The clerk's files from the command line: a blank template, the sample, 计算得分 and 导出报送."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from validation.errors import ZipingError
from validation.profile import DEFAULT_PROFILE

from ..app import PROFILE_HELP, app, fail, require_file, resolve_profile_option
from ..terminal.wrap import print_wrapped


@app.command("template")
def template_command(
    out: Path = typer.Argument(..., metavar="文件", help="要生成的模板文件，如 绩效自评模板.xlsx"),
    projects: int = typer.Option(1, "--projects", "-n", min=1, max=200, metavar="个数", help="项目表（工作表）个数"),
    year: Optional[int] = typer.Option(None, "--year", "-y", min=2000, max=2100, metavar="年度",
                                       help="预算年度，默认当前评价年度"),
    profile: str = typer.Option(DEFAULT_PROFILE, "--profile", "-p", metavar="口径", help=PROFILE_HELP),
    force: bool = typer.Option(False, "--force", help="目标文件已存在时覆盖"),
    kind: str = typer.Option("self-evaluation", "--kind", "-k", metavar="种类",
                             help="self-evaluation：项目支出绩效自评表；score-table：绩效评价指标体系及评分表"),
):
    """生成空白自评表或评分表模板（下拉列表、公式、打印设置、填写说明）。"""
    from workbooks.writing.score_table_template import build_score_table_template
    from workbooks.writing.template import build_template

    if kind not in ("self-evaluation", "score-table"):
        fail(f"--kind 应为 self-evaluation（自评表）或 score-table（评分表），收到“{kind}”。")

    if out.suffix.lower() != ".xlsx":
        fail("模板文件名应以 .xlsx 结尾。")
    if out.exists() and not force:
        fail(f"文件已存在：{out}（如确需覆盖，请加 --force）。")
    try:
        chosen = resolve_profile_option(profile)
        build = build_score_table_template if kind == "score-table" else build_template
        path = build(out, projects=projects, year=year, profile=chosen)
    except ZipingError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"无法写入 {out}：{exc.strerror or exc}")
    what = "评分表" if kind == "score-table" else "项目表"
    typer.echo(f"已生成模板：{path}（{projects} 张{what}，评分口径：{chosen.title}）")


@app.command("sample")
def sample_command(
    out: Path = typer.Argument(..., metavar="文件", help="要生成的示例工作簿"),
    force: bool = typer.Option(False, "--force", help="目标文件已存在时覆盖"),
):
    """生成示例工作簿：北京丰台 2024 年九张公开自评表（按原表转录）。"""
    from workbooks.writing.build import build_committed_sample

    if out.exists() and not force:
        fail(f"文件已存在：{out}（如确需覆盖，请加 --force）。")
    path = build_committed_sample(out)
    typer.echo(f"已生成示例：{path}")


@app.command("score")
def score_command(
    file: Path = typer.Argument(..., metavar="工作簿", help="要计分的工作簿（只读取，不修改）"),
    out: Path = typer.Option(..., "--out", "-o", metavar="文件", help="写出计分后的工作簿"),
    force: bool = typer.Option(False, "--force", help="输出文件已存在时覆盖"),
):
    """计算得分：与 Excel 中的“计算得分”按钮相同，把结果写入新文件。"""
    from addin.filebook import run_on_file

    require_file(file)
    if out.suffix.lower() not in (".xlsx", ".xlsm"):
        fail("输出文件名应以 .xlsx 或 .xlsm 结尾。")
    if out.exists() and not force:
        fail(f"文件已存在：{out}（如确需覆盖，请加 --force）。")
    if out.exists() and out.resolve() == file.resolve():
        fail("输出文件不能与原工作簿相同：原工作簿只读取、不修改。")
    try:
        message = run_on_file("score", file, out)
    except ZipingError as exc:
        fail(str(exc))
    print_wrapped(Console(highlight=False), message + f"\n已写出：{out}", indent=2)


@app.command("export")
def export_command(
    file: Path = typer.Argument(..., metavar="工作簿", help="要导出的工作簿"),
    to: Path = typer.Option(..., "--to", metavar="文件夹", help="报送文件夹（按 年度/主管部门/实施单位 分子文件夹）"),
    profile: str = typer.Option(DEFAULT_PROFILE, "--profile", "-p", metavar="口径", help=PROFILE_HELP),
    year: Optional[int] = typer.Option(None, "--year", "-y", min=2000, max=2100, metavar="年度",
                                       help="表中没有年度时使用的年度"),
    pdf: bool = typer.Option(True, "--pdf/--no-pdf", help="有 LibreOffice 时同时生成 PDF"),
):
    """导出报送：没有错误的自评表写入报送文件夹，有错误的不导出并说明原因。

    每张表写出 xlsx、PDF，并记入 manifest.json。退出码：0 全部导出，1 有表因错误未导出，2 文件无法读取。"""
    from workbooks.checking.batch import check_file
    from workbooks.submission.export import export_reports

    require_file(file)
    try:
        chosen = resolve_profile_option(profile)
        result = check_file(file, chosen)
        if result.error:
            fail(f"{file}：{result.error}")
        exported = export_reports(result.reports, file.name, to, chosen, year=year, pdf=None if pdf else False)
    except ZipingError as exc:
        fail(str(exc))
    print_wrapped(Console(highlight=False), exported.message(to), indent=2)
    raise typer.Exit(1 if exported.refused else 0)
