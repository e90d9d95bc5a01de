"""The files handed to clerks: the add-in and macro template (`build-addin`) and the offline installers (`bundle`)."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.markup import escape

from validation.profile import DEFAULT_PROFILE, shipped_names

from ..app import app, fail


@app.command("build-addin")
def build_addin_command(
    out: Path = typer.Option(Path("."), "--out", "-o", metavar="文件夹", show_default="当前文件夹", help="输出文件夹"),
    year: Optional[int] = typer.Option(None, "--year", "-y", min=2000, max=2100, metavar="年度",
                                       help="模板的预算年度，默认当前评价年度"),
    profile: str = typer.Option(DEFAULT_PROFILE, "--profile", "-p", metavar="口径", help="模板使用的评分口径（内置口径名称）"),
):
    """生成 Excel 加载项（绩效自评.xlam）和启用宏的模板（绩效自评模板.xlsm）。"""
    from addin.build import build_addin, build_macro_template
    from workbooks.writing.template import default_year

    if profile not in shipped_names():
        fail(f"没有名为“{profile}”的内置评分口径。可用：{'、'.join(shipped_names())}")
    try:
        paths = [build_addin(out), build_macro_template(out, year or default_year(), profile)]
    except OSError as exc:
        fail(f"无法写入 {out}：{exc.strerror or exc}")
    for path in paths:
        typer.echo(f"已生成：{path}")


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

    from addin.bundle import BundleError, build_bundles

    console = Console(highlight=False, soft_wrap=True)
    try:
        bundles = build_bundles(out, pythons=python, platform=platform, kinds=kind,
                                log=lambda line: console.print(line, markup=False))
    except BundleError as exc:
        fail(escape(str(exc)))  # pip's messages hold [brackets]
    for bundle in bundles:
        console.print(f"已生成：{bundle.describe()}", markup=False)
        for label, names in bundle.added.items():
            if names:
                console.print(f"  {label}：按目标环境的标记补充了 {'、'.join(names)}", markup=False)
