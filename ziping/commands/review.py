"""批量审核 and 汇总: `ziping review` and `ziping summary` over folders of submitted workbooks."""

from __future__ import annotations

import signal
from contextlib import contextmanager
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.text import Text

from validation.errors import ZipingError
from validation.profile import DEFAULT_PROFILE

from ..app import CACHE_DIR_HELP, NO_CACHE_HELP, PROFILE_HELP, app, cached_note, fail, resolve_profile_option, result_cache
from ..terminal.wrap import print_wrapped


@contextmanager
def _making(out: Path, what: str):
    """How a review or summary ends when it cannot finish: Ctrl-C (the workers stopped, nothing
    written) is one line and exit code 130; bad input or an unwritable output one 错误 line, exit 2."""
    try:
        yield
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not interrupt the goodbye
        Console(stderr=True, highlight=False).print(f"已中断：未生成{what}。")
        raise typer.Exit(130)
    except ZipingError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"无法写入 {out}：{exc.strerror or exc}")


@app.command("summary")
def summary_command(
    paths: List[str] = typer.Argument(..., metavar="文件或文件夹", help="工作簿文件或文件夹"),
    out: Path = typer.Option(..., "--out", "-o", metavar="文件", help="汇总工作簿，如 汇总.xlsx"),
    profile: str = typer.Option(DEFAULT_PROFILE, "--profile", "-p", metavar="口径", help=PROFILE_HELP),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, metavar="个数", help="并行进程数"),
    force: bool = typer.Option(False, "--force", help="输出文件已存在时覆盖（不加时保留原文件，新文件名后加“（2）”“（3）”……）"),
    no_cache: bool = typer.Option(False, "--no-cache", help=NO_CACHE_HELP),
    cache_dir: Optional[Path] = typer.Option(None, "--cache-dir", metavar="文件夹", help=CACHE_DIR_HELP),
):
    """汇总：每张自评表一行，加单位平均分、等级分布、按预算加权的执行率和得分图。"""
    from workbooks.review.folders import summarize

    with _making(out, "汇总"):
        chosen = resolve_profile_option(profile)
        result = summarize(paths, out, chosen, jobs=jobs, overwrite=force, cache=result_cache(no_cache, cache_dir))
    console = Console(highlight=False)
    for path, error in result.unreadable:
        print_wrapped(console, Text.assemble(("无法读取", "red"), f" {path}：{error}"), indent=2)
    total = result.units.iloc[-1] if len(result.units) else None
    average = total["平均分"] if total is not None else None
    tables = f"，{result.tables} 张评分表见“评分表”工作表" if result.tables else ""
    print_wrapped(console, f"已生成汇总：{result.path}（{result.forms} 张自评表，"
                           f"平均分 {average if average is not None else '—'}{tables}）{cached_note(result.cached, result.files)}")
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
    no_cache: bool = typer.Option(False, "--no-cache", help=NO_CACHE_HELP),
    cache_dir: Optional[Path] = typer.Option(None, "--cache-dir", metavar="文件夹", help=CACHE_DIR_HELP),
):
    """批量审核：审核报送文件夹中的全部工作簿，生成审核结果工作簿。

    审核结果工作簿包括汇总、问题清单、单位汇总和无法读取的文件四张工作表。"""
    import time

    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from workbooks.review.folders import review

    # files done/total, forms per second, time left; on stderr, gone when done
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("个文件"),
               TextColumn("{task.fields[rate]} 张表/秒"), TextColumn("剩余"), TimeRemainingColumn())
    with _making(out, "审核结果"):
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
                            overwrite=force, cache=result_cache(no_cache, cache_dir))
    console = Console(highlight=False)
    tables = f"、{result.tables} 张评分表" if result.tables else ""
    print_wrapped(console, f"已审核 {result.files} 个文件、{result.forms} 张自评表{tables}：错误 {result.errors}，"
                           f"警告 {result.warnings}。{cached_note(result.cached, result.files)}")
    if result.unreadable:
        print_wrapped(console, Text.assemble((f"{len(result.unreadable)} 个文件无法读取", "red"),
                                             "，见审核结果的“无法读取的文件”工作表。"))
    print_wrapped(console, f"审核结果：{result.path}")
    _note_kept(console, out, result.path)
    raise typer.Exit(2 if result.unreadable else 1 if result.errors else 0)
