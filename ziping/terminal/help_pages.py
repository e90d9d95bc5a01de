"""The help pages of `ziping` and its commands, in Chinese.

typer's own pages (typer 0.29) are English around our texts: "Usage", "Options", "[default: …]",
type names such as <str> and <list[str]>, and "Show this message and exit." for -h. They cannot all be
changed from outside (an argument's type shows even with a metavar), so the page is drawn here from
the command's parameters, in the same layout: usage line, description, then 参数, 选项 and 命令 panels.
Descriptions are wrapped with `terminal_wrap`, never cut.
"""

from __future__ import annotations

import inspect
import re
from enum import Enum
from pathlib import Path
from typing import get_args, get_origin

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from .wrap import wrap_text

HELP_OPTION_HELP = "显示本帮助并退出。"
# What a value looks like, for an option or argument that names no metavar of its own.
TYPE_PLACEHOLDERS = {bool: "", int: "整数", float: "数字", Path: "路径"}
STYLE_NAME = "bold cyan"
STYLE_PLACEHOLDER = "yellow"
STYLE_EXTRA = "dim"
_CJK_END = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]$")
_CJK_START = re.compile(r"^[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def render_help(command, ctx) -> str:
    """The help page of `command`, as text for the terminal (with colours when it is one)."""
    console = Console(highlight=False)
    width = console.width
    with console.capture() as capture:
        console.print()
        for number, line in enumerate(wrap_text(Text("用法：", style="bold") + Text(usage(command, ctx)), width - 2, 3)):
            console.print(Text(" " if number == 0 else "    ") + line)
        for number, paragraph in enumerate(description(command.help)):
            console.print()
            for line in wrap_text(Text(paragraph, style="" if number == 0 else STYLE_EXTRA), width - 2):
                console.print(Text(" ") + line)
        console.print()
        panels = [("参数", [_parameter_row(p, command, ctx) for p in _params(command, ctx, "argument")]),
                  ("选项", [_parameter_row(p, command, ctx) for p in _params(command, ctx, "option")]),
                  ("命令", _command_rows(command, ctx))]
        panels = [(title, rows) for title, rows in panels if rows]
        label_width = max((cell_len(row[0].plain) for _, rows in panels for row in rows), default=0)
        for title, rows in panels:
            console.print(_panel(title, rows, label_width, width))
    return capture.get()


def usage(command, ctx) -> str:
    """`ziping check [选项] 文件或文件夹...`"""
    pieces = [ctx.command_path]
    if _params(command, ctx, "option"):
        pieces.append("[选项]")
    for argument in _params(command, ctx, "argument"):
        name = placeholder(argument) + ("..." if argument.nargs != 1 else "")
        pieces.append(name if argument.required else f"[{name}]")
    if hasattr(command, "commands"):
        pieces.append("命令 [参数]...")
    return " ".join(pieces)


def description(help_text: str | None) -> list[str]:
    """The paragraphs of a command's help (a docstring), each on one line."""
    text = inspect.cleandoc(help_text or "").partition("\f")[0].strip()
    return [_join_lines(paragraph) for paragraph in text.split("\n\n") if paragraph.strip()]


def short_description(command) -> str:
    """A command's line in its group's 命令 panel: its short help, else its first paragraph."""
    if command.short_help:
        return _join_lines(inspect.cleandoc(command.short_help))
    paragraphs = description(command.help)
    return paragraphs[0] if paragraphs else ""


def placeholder(param) -> str:
    """What the value of an option or argument is called: its metavar, else a name for its type;
    nothing for a flag."""
    if param.metavar is not None:
        return param.metavar
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return ""
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", str)
    while get_origin(annotation) in (list, tuple) and get_args(annotation):
        annotation = get_args(annotation)[0]
    return next((name for kind, name in TYPE_PLACEHOLDERS.items()
                 if isinstance(annotation, type) and issubclass(annotation, kind)), "值")


def _join_lines(paragraph: str) -> str:
    """Lines joined as one: with a space between Latin words, without one between Chinese characters."""
    lines = [line.strip() for line in paragraph.strip().splitlines()]
    joined = lines[0] if lines else ""
    for line in lines[1:]:
        glue = "" if _CJK_END.search(joined) or _CJK_START.search(line) else " "
        joined += glue + line
    return joined


def _params(command, ctx, kind: str) -> list:
    return [p for p in command.get_params(ctx) if p.param_type_name == kind and not getattr(p, "hidden", False)]


def _parameter_row(param, command, ctx) -> tuple[Text, Text, Text]:
    if param.param_type_name == "argument":
        label = Text.assemble((placeholder(param) + ("..." if param.nargs != 1 else ""), STYLE_NAME))
    else:
        names = ", ".join(_long_first(param.opts))
        if param.secondary_opts:
            names += " / " + ", ".join(_long_first(param.secondary_opts))
        label = Text.assemble((names, STYLE_NAME))  # a span, not the line's style: the help follows it
        shown = placeholder(param)
        if shown:
            label.append(" " + shown, style=STYLE_PLACEHOLDER)
    is_help = param is command.get_help_option(ctx)
    help_text = Text(HELP_OPTION_HELP if is_help else _join_lines(param.help or ""))
    extras = [] if is_help else _extras(param)
    if extras and help_text.plain and not re.search(r"[。！？.!?]$", help_text.plain):
        help_text.append("。")
    return label, help_text, Text("，".join(extras) + "。" if extras else "", style=STYLE_EXTRA)


def _long_first(names) -> list[str]:
    """--help, -h: the long name first, as every option is written in the help texts."""
    return sorted(names, key=lambda name: not name.startswith("--"))


def _extras(param) -> list[str]:
    """Range, choices, default, environment variable and 必填, as short Chinese phrases."""
    extras = []
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if low is not None and high is not None:
        extras.append(f"取值 {low:g}～{high:g}")
    elif low is not None:
        extras.append(f"至少 {low:g}")
    elif high is not None:
        extras.append(f"至多 {high:g}")
    descriptor = getattr(param, "type_descriptor", None)
    if getattr(descriptor, "is_choice", False) and getattr(param, "show_choices", True):
        extras.append("可选：" + "、".join(str(getattr(c, "value", c)) for c in descriptor.choices or ()))
    default = _default(param)
    if default:
        extras.append(f"默认：{default}")
    if getattr(param, "show_envvar", False) and param.envvar:
        names = [param.envvar] if isinstance(param.envvar, str) else list(param.envvar)
        extras.append("也可用环境变量 " + "、".join(names))
    if param.required:
        extras.append("必填")
    return extras


def _default(param) -> str | None:
    shown = getattr(param, "show_default", False)
    if isinstance(shown, str):
        return shown
    value = param.default
    if not shown or value is None or callable(value) or value in ((), []):
        return None
    if getattr(param, "is_flag", False):
        if param.secondary_opts:  # --pdf/--no-pdf
            return (param.opts if value else param.secondary_opts)[0]
        return None
    return "、".join(_shown(v) for v in value) if isinstance(value, (list, tuple)) else _shown(value)


def _shown(value) -> str:
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, Path) and str(value) == ".":
        return "当前文件夹"
    return str(value)


def _command_rows(command, ctx) -> list[tuple[Text, Text, Text]]:
    rows = []
    for name in command.list_commands(ctx) if hasattr(command, "commands") else ():
        sub = command.get_command(ctx, name)
        if sub is not None and not sub.hidden:
            rows.append((Text.assemble((name, STYLE_NAME)), Text(short_description(sub)), Text()))
    return rows


def _panel(title: str, rows: list[tuple[Text, Text, Text]], label_width: int, width: int) -> Panel:
    """A bordered panel: labels in a column, help beside them, wrapped; a label too long for the column
    (at most two fifths of the panel) has its help on the lines below it. The range, default and 必填
    of an option follow its help, on a line of their own if they do not fit on its last line."""
    inner = width - 4  # borders and padding
    column = min(label_width, inner * 2 // 5)
    help_width = max(inner - column - 2, 10)
    lines: list[Text] = []
    for label, help_text, extras in rows:
        indent = Text(" " * (inner - help_width))
        help_lines = wrap_text(help_text, help_width) if help_text.plain else []
        if extras.plain:
            if help_lines and cell_len(help_lines[-1].plain) + cell_len(extras.plain) <= help_width:
                help_lines[-1] = help_lines[-1] + extras
            else:
                help_lines += wrap_text(extras, help_width)
        if cell_len(label.plain) > column:
            lines.append(label)
            lines.extend(indent + line for line in help_lines)
            continue
        first = label + Text(" " * (inner - help_width - cell_len(label.plain)))
        lines.append(first + help_lines[0] if help_lines else label)
        lines.extend(indent + line for line in help_lines[1:])
    return Panel(Group(*lines), title=title, title_align="left", box=box.ROUNDED, border_style="dim",
                 padding=(0, 1), expand=True)
