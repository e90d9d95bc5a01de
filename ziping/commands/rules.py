"""The rule catalogue and the profiles: `ziping rule`, `ziping rules`, `ziping profiles`."""

from __future__ import annotations

import typer
from rich.console import Console

from validation.profile import DEFAULT_PROFILE, load_profile, shipped_names

from ..app import app, fail
from ..terminal.wrap import print_wrapped


@app.command("rule")
def rule_command(code: str = typer.Argument(..., metavar="规则", help="规则编号（如 ZP203）或名称（如 total-does-not-add-up）")):
    """显示一条规则的说明：检查什么、为什么、示例、如何改正。"""
    from validation.rules import get_rule

    from ..rule_docs import rule_text

    rule = get_rule(code)
    if rule is None:
        fail(f"没有规则“{code}”。用 ziping rules 查看全部规则。")
    print_wrapped(Console(highlight=False), rule_text(rule).rstrip("\n"), always=True)


@app.command("rules")
def rules_command():
    """列出全部规则。"""
    from validation.findings import SEVERITY_NAMES
    from validation.rules import registry

    from ..terminal.table import Column, print_table

    columns = [Column("编号"), Column("名称"), Column("级别"), Column("说明", wraps=True)]
    rows = [[code, rule.slug, SEVERITY_NAMES[rule.severity], rule.title] for code, rule in registry().items()]
    print_table(Console(highlight=False), columns, rows)


@app.command("profiles")
def profiles_command():
    """列出可用的评分口径。"""
    from ..terminal.table import Column, print_table

    columns = [Column("名称"), Column("口径", wraps=True), Column("执行率分值"), Column("说明", wraps=True)]
    rows = []
    for name in shipped_names():
        profile = load_profile(name)
        marker = "（默认）" if name == DEFAULT_PROFILE else ""
        rows.append([name + marker, profile.title, f"{profile.execution_weight:g}",
                     profile.data.get("description", "")])
    print_table(Console(highlight=False), columns, rows)
