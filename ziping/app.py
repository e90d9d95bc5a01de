"""The `ziping` typer app and what its commands share (profile option, error exit, file checks).

Every command is a thin adapter over a library call; bad input ends in one Chinese line on
stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.errors import MarkupError
from rich.text import Text

from validation import __version__
from validation.profile import Profile, load_profile, profile_from_dict, shipped_names

from .check_json import EXIT_UNUSABLE
from .terminal.chinese_typer import ChineseTyper, print_error

PROFILE_HELP = "评分口径名称或口径 JSON 文件路径"

app = ChineseTyper(
    name="ziping",
    help="绩效自评助手：校验、计分项目支出绩效自评表。",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def fail(message: str, code: int = EXIT_UNUSABLE):
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
            fail(f"评分口径文件不存在：{value}")
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            fail(f"评分口径文件无法读取：{value}（{exc}）")
        return profile_from_dict(data)
    return load_profile(value)


def require_file(path: Path) -> None:
    if not path.is_file():
        fail(f"文件不存在：{path}")


def _version(value: bool):
    if value:
        typer.echo(f"ziping {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="显示版本号")):
    """绩效自评助手 ziping。"""


NO_CACHE_HELP = "不用结果缓存：每个文件都重新校验（也不写入缓存）"
CACHE_DIR_HELP = "结果缓存文件夹（默认为用户的缓存文件夹，也可用环境变量 ZIPING_CACHE_DIR）"


def result_cache(no_cache: bool, cache_dir: Path | None):
    """The cache of per-file results a batch command uses, or None with --no-cache."""
    if no_cache:
        return None
    from workbooks.checking.cache import ResultCache

    return ResultCache(cache_dir)


def cached_note(cached: int, files: int) -> str:
    return f"（其中 {cached} 个文件的结果取自缓存：内容与先前校验过的文件相同）" if cached else ""
