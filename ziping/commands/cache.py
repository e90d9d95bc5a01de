"""`ziping cache info` and `ziping cache clear`: the folder of cached per-file results."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from ..app import CACHE_DIR_HELP
from ..terminal.chinese_typer import ChineseTyper
from ..terminal.wrap import print_wrapped

cache_app = ChineseTyper(
    name="cache",
    help="结果缓存：未改动的工作簿再次校验、审核、汇总时直接取用上次的结果。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:.1f} MB" if count >= 1024 * 1024 else f"{count / 1024:.0f} KB"


@cache_app.command("info")
def info_command(cache_dir: Optional[Path] = typer.Option(None, "--cache-dir", metavar="文件夹", help=CACHE_DIR_HELP)):
    """缓存的位置、条目数和大小。"""
    from workbooks.checking.cache import ResultCache

    cache = ResultCache(cache_dir)
    entries, size = cache.info()
    print_wrapped(Console(highlight=False), f"结果缓存：{cache.folder}\n{entries} 条，{_size(size)}（上限 {_size(cache.max_bytes)}，超过时先删最早的）。")


@cache_app.command("clear")
def clear_command(cache_dir: Optional[Path] = typer.Option(None, "--cache-dir", metavar="文件夹", help=CACHE_DIR_HELP)):
    """清空结果缓存（下次校验、审核时重新计算）。"""
    from workbooks.checking.cache import ResultCache

    cache = ResultCache(cache_dir)
    removed = cache.clear()
    print_wrapped(Console(highlight=False), f"已清空结果缓存 {cache.folder}：删除 {removed} 条。")
