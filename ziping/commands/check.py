"""`ziping check`: check workbooks and 评分表, as text or as the JSON of the contract."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console

from validation.errors import ZipingError
from validation.profile import DEFAULT_PROFILE

from ..app import CACHE_DIR_HELP, NO_CACHE_HELP, PROFILE_HELP, app, fail, resolve_profile_option, result_cache
from ..check_json import check_output_text, exit_code, render_file, rendered_exit_code


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
    no_cache: bool = typer.Option(False, "--no-cache", help=NO_CACHE_HELP),
    cache_dir: Optional[Path] = typer.Option(None, "--cache-dir", metavar="文件夹", help=CACHE_DIR_HELP),
):
    """校验自评表和评分表。

    退出码：0 无错误，1 有错误，2 有文件无法读取或参数有误。"""
    from validation.department import stated_figure
    from workbooks.checking.batch import check_paths
    from workbooks.checking.department import check_department, file_totals

    given = None
    if stated_average is not None:
        try:
            given = stated_figure(stated_average)
        except ValueError:
            fail(f"--stated-average 应为数字，如 98.08（收到“{stated_average}”）。")
    try:
        chosen = resolve_profile_option(profile)
        if as_json:  # JSON per file is cached (an unchanged file costs a hash and a small read)
            cache = result_cache(no_cache, cache_dir)
            transform = cache.wrap(render_file, chosen) if cache is not None else render_file
            rendered = check_paths(paths, chosen, jobs=jobs, transform=transform)
            if cache is not None:
                cache.trim()
            department = check_department([r.totals for r in rendered], chosen, given)
        else:
            results = check_paths(paths, chosen, jobs=jobs)
            department = check_department([file_totals(r) for r in results], chosen, given)
    except ZipingError as exc:
        fail(str(exc))
    if as_json:
        _write_utf8(check_output_text(rendered, chosen.name, department) + "\n")
        raise typer.Exit(rendered_exit_code(rendered, department))
    from ..check_report import render, render_department

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
