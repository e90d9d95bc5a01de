"""`ziping`: the command line for reviewers and for scripts.

Every command is a thin adapter over a library call; bad input ends in one Chinese line on
stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.errors import MarkupError
from rich.text import Text

from validation import __version__
from validation.errors import ZipingError
from validation.profile import DEFAULT_PROFILE, Profile, load_profile, profile_from_dict, shipped_names

from .cli_chinese import ChineseTyper, print_error
from .contract import EXIT_UNUSABLE, check_output_text, exit_code, render_file, rendered_exit_code
from .portal.cli import DB_ENV, users_app
from .terminal_wrap import print_wrapped

PROFILE_HELP = "评分口径名称或口径 JSON 文件路径"

app = ChineseTyper(
    name="ziping",
    help="绩效自评助手：校验、计分项目支出绩效自评表。",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(users_app, name="users")


def _fail(message: str, code: int = EXIT_UNUSABLE):
    """`错误：message` on stderr and exit. The message is rich markup: escape() what may hold [brackets]."""
    try:
        shown = Text.from_markup(message)
    except MarkupError:  # a stray [/…] in a path: print it as it is
        shown = Text(message)
    print_error(shown)
    raise typer.Exit(code)


def resolve_profile_option(value: str) -> Profile:
    """A shipped profile name, or the path of a profile JSON file."""
    if value in shipped_names():
        return load_profile(value)
    path = Path(value)
    if path.suffix.lower() == ".json" or path.exists():
        try:
            data = json.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            _fail(f"评分口径文件不存在：{value}")
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            _fail(f"评分口径文件无法读取：{value}（{exc}）")
        return profile_from_dict(data)
    return load_profile(value)


def _version(value: bool):
    if value:
        typer.echo(f"ziping {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="显示版本号")):
    """绩效自评助手 ziping。"""


@app.command("check")
def check_command(
    paths: List[str] = typer.Argument(..., metavar="文件或文件夹", help="工作簿文件或文件夹（递归查找 .xlsx .xlsm .xls）"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON（结构见 validation/schemas/check-output.schema.json）"),
    profile: str = typer.Option(DEFAULT_PROFILE, "--profile", "-p", metavar="口径", help=PROFILE_HELP),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, metavar="个数", help="并行进程数，默认使用全部 CPU 核"),
    info: bool = typer.Option(False, "--info", help="同时显示提示级别的信息"),
    stated_average: Optional[str] = typer.Option(
        None, "--stated-average", metavar="平均分",
        help="部门说明的平均分（如 98.08）：与所查各项目按规则计算的总分平均数核对；不给时，在汇总工作表中查找“平均分”"),
):
    """校验自评表和评分表。

    退出码：0 无错误，1 有错误，2 有文件无法读取或参数有误。"""
    from validation.department import stated_figure
    from workbooks.batch import check_paths
    from workbooks.department import check_department, file_totals

    given = None
    if stated_average is not None:
        try:
            given = stated_figure(stated_average)
        except ValueError:
            _fail(f"--stated-average 应为数字，如 98.08（收到“{stated_average}”）。")
    try:
        chosen = resolve_profile_option(profile)
        if as_json:
            rendered = check_paths(paths, chosen, jobs=jobs, transform=render_file)
            department = check_department([r.totals for r in rendered], chosen, given)
        else:
            results = check_paths(paths, chosen, jobs=jobs)
            department = check_department([file_totals(r) for r in results], chosen, given)
    except ZipingError as exc:
        _fail(str(exc))
    if as_json:
        _write_utf8(check_output_text(rendered, chosen.name, department) + "\n")
        raise typer.Exit(rendered_exit_code(rendered, department))
    from .render_text import render, render_department

    console = Console(highlight=False)
    render(results, console, show_info=info, profile_title=chosen.title)
    render_department(department, console)
    raise typer.Exit(exit_code(results, department))


def _write_utf8(text: str) -> None:
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:
        sys.stdout.write(text)
    else:
        stream.write(text.encode("utf-8"))
        stream.flush()


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
    from workbooks.score_table_template import build_score_table_template
    from workbooks.template import build_template

    if kind not in ("self-evaluation", "score-table"):
        _fail(f"--kind 应为 self-evaluation（自评表）或 score-table（评分表），收到“{kind}”。")

    if out.suffix.lower() != ".xlsx":
        _fail("模板文件名应以 .xlsx 结尾。")
    if out.exists() and not force:
        _fail(f"文件已存在：{out}（如确需覆盖，请加 --force）。")
    try:
        chosen = resolve_profile_option(profile)
        build = build_score_table_template if kind == "score-table" else build_template
        path = build(out, projects=projects, year=year, profile=chosen)
    except ZipingError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"无法写入 {out}：{exc.strerror or exc}")
    what = "评分表" if kind == "score-table" else "项目表"
    typer.echo(f"已生成模板：{path}（{projects} 张{what}，评分口径 {chosen.name}）")


@app.command("serve")
def serve_command(
    tokens: Optional[Path] = typer.Option(None, "--tokens", "-t", metavar="文件",
                                          help="令牌文件（JSON），每个令牌绑定主管部门和实施单位（--demo、--reindex 时可省略）"),
    host: str = typer.Option("127.0.0.1", "--host", metavar="地址", help="监听地址；单位内网服务请设为本机内网地址或 0.0.0.0"),
    port: int = typer.Option(8000, "--port", min=1, max=65535, metavar="端口", help="监听端口"),
    max_mb: float = typer.Option(20, "--max-mb", min=0.1, max=500, metavar="大小",
                                 help="单次请求大小上限（MB），也是报送平台每个上传工作簿的上限"),
    submission_dir: Optional[Path] = typer.Option(None, "--submission-dir", metavar="文件夹", help="导出报送时写入的文件夹"),
    workers: int = typer.Option(1, "--workers", "-w", min=1, max=64, metavar="个数",
                                help="工作进程数：每个进程同一时间处理一个请求，多人同时使用时可设为 CPU 核数"),
    db: Optional[str] = typer.Option(None, "--db", envvar=DB_ENV, show_envvar=False, metavar="数据库",
                                     help="报送平台数据库：SQLite 文件路径或 postgresql+psycopg://…（启动时自动升级结构）"),
    reindex: bool = typer.Option(False, "--reindex",
                                 help="根据 --submission-dir 报送文件夹重建数据库中的报送记录，完成后退出"),
    uploads_dir: Optional[Path] = typer.Option(None, "--uploads-dir", metavar="文件夹",
                                               help="报送平台保存上传工作簿的文件夹，默认为报送文件夹旁的“<报送文件夹名>-上传文件”"),
    demo: bool = typer.Option(False, "--demo",
                              help="演示：在 ./demo-portal/ 建立报送平台（内置 SQLite）、演示账号和示例报送，然后启动"),
):
    """启动服务器：Excel 加载项（服务器方式）的接口。

    给出数据库和报送文件夹时，同时提供报送平台网页（/portal/）。"""
    from .server.settings import SETTINGS_ENV, ServerSettings
    from .server.tokens import load_tokens

    if demo and reindex:
        _fail("--demo 与 --reindex 不能同时使用。")
    if tokens is None and not (demo or reindex):
        _fail("请用 --tokens 指定令牌文件（只有 --demo、--reindex 时可以省略）。")
    demo_setup = None
    if demo:
        from .portal.cli import demo_folders

        submission_dir, uploads_dir = demo_folders(submission_dir, uploads_dir)
    database = None
    if db or reindex or demo:
        from .portal.cli import serve_database

        database = serve_database(db, submission_dir, reindex)  # with --reindex: rebuilds the index and exits
    if demo:
        from .portal.cli import serve_demo

        demo_setup = serve_demo(database, submission_dir, uploads_dir, int(max_mb * 1024 * 1024))
    try:
        settings = ServerSettings(load_tokens(tokens) if tokens else [], int(max_mb * 1024 * 1024), submission_dir,
                                  workers=workers)
    except ZipingError as exc:
        _fail(str(exc))
    if database:
        settings.extra["database"] = database
        if uploads_dir is not None:
            settings.extra["uploads_dir"] = str(uploads_dir.resolve())
    import uvicorn

    from .portal.cli import portal_address

    portal_line = portal_address(settings, host, port, demo_setup)
    if workers == 1:
        from .server.app import create_app

        typer.echo(f"ziping 服务器：http://{host}:{port}（{len(settings.tokens)} 个令牌）")
        if portal_line:
            typer.echo(portal_line)
        uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
        return
    # uvicorn starts each worker by importing the app by name: the settings (token digests, limits,
    # folder) go to every worker through the environment, exactly as checked here.
    os.environ[SETTINGS_ENV] = settings.to_env()
    typer.echo(f"ziping 服务器：http://{host}:{port}（{len(settings.tokens)} 个令牌，{workers} 个工作进程）")
    if portal_line:
        typer.echo(portal_line)
    uvicorn.run("addin.server.app:app_from_env", factory=True, workers=workers, host=host, port=port, log_level="info",
                http="addin.server.protocol:NoDelayHTTPProtocol")  # TCP_NODELAY, as with one worker


@app.command("build-addin")
def build_addin_command(
    out: Path = typer.Option(Path("."), "--out", "-o", metavar="文件夹", show_default="当前文件夹", help="输出文件夹"),
    year: Optional[int] = typer.Option(None, "--year", "-y", min=2000, max=2100, metavar="年度",
                                       help="模板的预算年度，默认当前评价年度"),
    profile: str = typer.Option(DEFAULT_PROFILE, "--profile", "-p", metavar="口径", help="模板使用的评分口径（内置口径名称）"),
):
    """生成 Excel 加载项（绩效自评.xlam）和启用宏的模板（绩效自评模板.xlsm）。"""
    from workbooks.template import default_year

    from .build import build_addin, build_macro_template

    if profile not in shipped_names():
        _fail(f"没有名为“{profile}”的内置评分口径。可用：{'、'.join(shipped_names())}")
    try:
        paths = [build_addin(out), build_macro_template(out, year or default_year(), profile)]
    except OSError as exc:
        _fail(f"无法写入 {out}：{exc.strerror or exc}")
    for path in paths:
        typer.echo(f"已生成：{path}")


def _single_file(path: Path) -> None:
    if not path.is_file():
        _fail(f"文件不存在：{path}")


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
    from workbooks.batch import check_file
    from workbooks.export import export_reports

    _single_file(file)
    try:
        chosen = resolve_profile_option(profile)
        result = check_file(file, chosen)
        if result.error:
            _fail(f"{file}：{result.error}")
        exported = export_reports(result.reports, file.name, to, chosen, year=year, pdf=None if pdf else False)
    except ZipingError as exc:
        _fail(str(exc))
    print_wrapped(Console(highlight=False), exported.message(to), indent=2)
    raise typer.Exit(1 if exported.refused else 0)


@app.command("summary")
def summary_command(
    paths: List[str] = typer.Argument(..., metavar="文件或文件夹", help="工作簿文件或文件夹"),
    out: Path = typer.Option(..., "--out", "-o", metavar="文件", help="汇总工作簿，如 汇总.xlsx"),
    profile: str = typer.Option(DEFAULT_PROFILE, "--profile", "-p", metavar="口径", help=PROFILE_HELP),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, metavar="个数", help="并行进程数"),
    force: bool = typer.Option(False, "--force", help="输出文件已存在时覆盖（不加时保留原文件，新文件名后加“（2）”“（3）”……）"),
):
    """汇总：每张自评表一行，加单位平均分、等级分布、按预算加权的执行率和得分图。"""
    import signal

    from workbooks.review import summarize

    try:
        chosen = resolve_profile_option(profile)
        result = summarize(paths, out, chosen, jobs=jobs, overwrite=force)
    except KeyboardInterrupt:  # workers stopped, nothing written: one line, exit code 130
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not interrupt the goodbye
        Console(stderr=True, highlight=False).print("已中断：未生成汇总。")
        raise typer.Exit(130)
    except ZipingError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"无法写入 {out}：{exc.strerror or exc}")
    console = Console(highlight=False)
    for path, error in result.unreadable:
        print_wrapped(console, Text.assemble(("无法读取", "red"), f" {path}：{error}"), indent=2)
    total = result.units.iloc[-1] if len(result.units) else None
    average = total["平均分"] if total is not None else None
    tables = f"，{result.tables} 张评分表见“评分表”工作表" if result.tables else ""
    print_wrapped(console, f"已生成汇总：{result.path}（{result.forms} 张自评表，"
                           f"平均分 {average if average is not None else '—'}{tables}）")
    _note_kept(console, out, result.path)
    raise typer.Exit(2 if result.unreadable else 0)


def _note_kept(console, asked: Path, written: Path) -> None:
    if Path(written) != Path(asked):
        print_wrapped(console, f"{asked} 已存在，未覆盖；本次结果写入 {Path(written).name}（加 --force 可覆盖）。")


@app.command("review")
def review_command(
    folders: List[str] = typer.Argument(..., metavar="文件夹", help="报送文件夹（递归查找工作簿；“历史版本”文件夹不计）"),
    out: Path = typer.Option(Path("审核结果.xlsx"), "--out", "-o", metavar="文件", help="审核结果工作簿"),
    profile: str = typer.Option(DEFAULT_PROFILE, "--profile", "-p", metavar="口径", help=PROFILE_HELP),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, metavar="个数", help="并行进程数，默认使用全部 CPU 核"),
    info: bool = typer.Option(False, "--info", help="问题清单中同时列出提示级别的信息"),
    force: bool = typer.Option(False, "--force", help="输出文件已存在时覆盖（不加时保留原文件，新文件名后加“（2）”“（3）”……）"),
):
    """批量审核：审核报送文件夹中的全部工作簿，生成审核结果工作簿。

    审核结果工作簿包括汇总、问题清单、单位汇总和无法读取的文件四张工作表。"""
    import signal
    import time

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from workbooks.review import review

    # files done/total, forms per second, time left; on stderr, gone when done
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("个文件"),
               TextColumn("{task.fields[rate]} 张表/秒"), TextColumn("剩余"), TimeRemainingColumn())
    try:
        chosen = resolve_profile_option(profile)
        with Progress(*columns, console=Console(stderr=True, highlight=False), transient=True) as bar:
            line = bar.add_task("审核中", total=None, rate="—")
            done = {"files": 0, "forms": 0, "total": None, "start": time.monotonic()}

            def started(total: int) -> None:
                done["total"], done["start"] = total, time.monotonic()
                bar.update(line, total=total)

            def progress(item) -> None:
                done["files"] += 1
                done["forms"] += len(item.forms)
                elapsed = time.monotonic() - done["start"]
                rate = f"{done['forms'] / elapsed:,.0f}" if elapsed > 0.5 else "—"
                saving = done["files"] == done["total"]  # all checked: the workbook is being saved
                bar.update(line, advance=1, rate=rate, description="保存中" if saving else "审核中")

            result = review(folders, out, chosen, jobs=jobs, progress=progress, started=started, with_info=info,
                            overwrite=force)
    except KeyboardInterrupt:  # workers stopped, nothing written: one line, exit code 130
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not interrupt the goodbye
        Console(stderr=True, highlight=False).print("已中断：未生成审核结果。")
        raise typer.Exit(130)
    except ZipingError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"无法写入 {out}：{exc.strerror or exc}")
    console = Console(highlight=False)
    tables = f"、{result.tables} 张评分表" if result.tables else ""
    print_wrapped(console, f"已审核 {result.files} 个文件、{result.forms} 张自评表{tables}：错误 {result.errors}，"
                           f"警告 {result.warnings}。")
    if result.unreadable:
        print_wrapped(console, Text.assemble((f"{len(result.unreadable)} 个文件无法读取", "red"),
                                             "，见审核结果的“无法读取的文件”工作表。"))
    print_wrapped(console, f"审核结果：{result.path}")
    _note_kept(console, out, result.path)
    raise typer.Exit(2 if result.unreadable else 1 if result.errors else 0)


@app.command("score")
def score_command(
    file: Path = typer.Argument(..., metavar="工作簿", help="要计分的工作簿（只读取，不修改）"),
    out: Path = typer.Option(..., "--out", "-o", metavar="文件", help="写出计分后的工作簿"),
    force: bool = typer.Option(False, "--force", help="输出文件已存在时覆盖"),
):
    """计算得分：与 Excel 中的“计算得分”按钮相同，把结果写入新文件。"""
    from .filebook import run_on_file

    _single_file(file)
    if out.suffix.lower() not in (".xlsx", ".xlsm"):
        _fail("输出文件名应以 .xlsx 或 .xlsm 结尾。")
    if out.exists() and not force:
        _fail(f"文件已存在：{out}（如确需覆盖，请加 --force）。")
    if out.exists() and out.resolve() == file.resolve():
        _fail("输出文件不能与原工作簿相同：原工作簿只读取、不修改。")
    try:
        message = run_on_file("score", file, out)
    except ZipingError as exc:
        _fail(str(exc))
    print_wrapped(Console(highlight=False), message + f"\n已写出：{out}", indent=2)


@app.command("sample")
def sample_command(
    out: Path = typer.Argument(..., metavar="文件", help="要生成的示例工作簿"),
    force: bool = typer.Option(False, "--force", help="目标文件已存在时覆盖"),
):
    """生成示例工作簿：北京丰台 2024 年九张公开自评表（按原表转录）。"""
    from workbooks.build import build_committed_sample

    if out.exists() and not force:
        _fail(f"文件已存在：{out}（如确需覆盖，请加 --force）。")
    path = build_committed_sample(out)
    typer.echo(f"已生成示例：{path}")


@app.command("rule")
def rule_command(code: str = typer.Argument(..., metavar="规则", help="规则编号（如 ZP203）或名称（如 total-does-not-add-up）")):
    """显示一条规则的说明：检查什么、为什么、示例、如何改正。"""
    from .rule_docs import rule_text
    from validation.rules import get_rule

    rule = get_rule(code)
    if rule is None:
        _fail(f"没有规则“{code}”。用 ziping rules 查看全部规则。")
    print_wrapped(Console(highlight=False), rule_text(rule).rstrip("\n"), always=True)


@app.command("rules")
def rules_command():
    """列出全部规则。"""
    from validation.findings import SEVERITY_NAMES
    from validation.rules import registry

    from .terminal_table import Column, print_table

    columns = [Column("编号"), Column("名称"), Column("级别"), Column("说明", wraps=True)]
    rows = [[code, rule.slug, SEVERITY_NAMES[rule.severity], rule.title] for code, rule in registry().items()]
    print_table(Console(highlight=False), columns, rows)


@app.command("profiles")
def profiles_command():
    """列出可用的评分口径。"""
    from .terminal_table import Column, print_table

    columns = [Column("名称"), Column("口径", wraps=True), Column("执行率分值"), Column("说明", wraps=True)]
    rows = []
    for name in shipped_names():
        profile = load_profile(name)
        marker = "（默认）" if name == DEFAULT_PROFILE else ""
        rows.append([name + marker, profile.title, f"{profile.execution_weight:g}",
                     profile.data.get("description", "")])
    print_table(Console(highlight=False), columns, rows)


@app.command("bundle")
def bundle_command(
    out: Path = typer.Option(Path("."), "--out", "-o", metavar="文件夹", help="输出文件夹"),
    python: List[str] = typer.Option(["3.11", "3.12"], "--python", metavar="版本",
                                     help="本机方式安装包支持的 Python 版本，可重复给出"),
    platform: str = typer.Option("win_amd64", "--platform", metavar="平台",
                                 help="win_amd64：64 位 Windows；current：当前这台电脑的平台和 Python（用于测试）"),
    kind: List[str] = typer.Option(["local", "server"], "--kind", metavar="类型",
                                   help="local：本机方式；server：服务器方式；可重复给出"),
):
    """生成离线安装包（zip）：供不能联网的电脑安装加载项。本机方式含全部 Python 依赖，服务器方式只含加载项。需要访问 PyPI。"""
    from rich.markup import escape

    from .bundle import BundleError, build_bundles

    console = Console(highlight=False, soft_wrap=True)
    try:
        bundles = build_bundles(out, pythons=python, platform=platform, kinds=kind,
                                log=lambda line: console.print(line, markup=False))
    except BundleError as exc:
        _fail(escape(str(exc)))  # pip's messages hold [brackets]
    for bundle in bundles:
        console.print(f"已生成：{bundle.describe()}", markup=False)
        for label, names in bundle.added.items():
            if names:
                console.print(f"  {label}：按目标环境的标记补充了 {'、'.join(names)}", markup=False)


def run() -> None:
    """Console-script entry point: never let a traceback reach the person at the keyboard."""
    try:
        app()
    except ZipingError as exc:
        print_error(str(exc))
        sys.exit(EXIT_UNUSABLE)
    except KeyboardInterrupt:
        Console(stderr=True).print("已中断。")
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    run()
