"""`ChineseTyper`: a typer app whose help pages and usage errors are Chinese.

Its groups and commands draw their help with `cli_help` and turn every usage error into one line
on stderr, `错误：…` from `cli_errors`, exit code 2 (typer would print English in a box). A command
added with `@app.command()` is Chinese without saying so.
"""

from __future__ import annotations

import sys
from difflib import get_close_matches

import typer
from rich.console import Console
from rich.text import Text
from typer._click.exceptions import ClickException, NoArgsIsHelpError
from typer.core import TyperCommand, TyperGroup

from .help_pages import render_help
from .usage_errors import ChineseUsageError, usage_error_message
from .wrap import print_wrapped


def print_error(message: str | Text) -> None:
    """`错误：…` on stderr: one line, wrapped only on a terminal."""
    print_wrapped(Console(stderr=True, highlight=False), Text.assemble(("错误：", "bold red"), message), indent=2)


class ChineseCommand(TyperCommand):
    def format_help(self, ctx, formatter) -> None:
        formatter.write(render_help(self, ctx))


class ChineseGroup(TyperGroup):
    def format_help(self, ctx, formatter) -> None:
        formatter.write(render_help(self, ctx))

    def resolve_command(self, ctx, args):
        name = args[0]
        if self.get_command(ctx, name) is None and not ctx.resilient_parsing and not name.startswith("-"):
            message = f"没有命令“{name}”。"
            close = get_close_matches(name, list(self.commands))
            if close:
                message += "您是不是要用" + "或".join(f"“{c}”" for c in close) + "？"
            raise ChineseUsageError(message, ctx)
        return super().resolve_command(ctx, args)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """As typer's, except that usage errors and aborts are told in Chinese."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except NoArgsIsHelpError as exc:  # `ziping` alone: the help, as typer does, exit code 2
            typer.echo(exc.ctx.get_help(), color=exc.ctx.color)
            sys.exit(exc.exit_code)
        except ClickException as exc:
            print_error(usage_error_message(exc) if hasattr(exc, "ctx") else "命令行有误。")
            sys.exit(exc.exit_code)
        except typer.Abort:  # e.g. end of input at a prompt
            Console(stderr=True, highlight=False).print("已取消。")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


class ChineseTyper(typer.Typer):
    """typer.Typer with ChineseGroup and ChineseCommand as its classes unless told otherwise."""

    def __init__(self, *args, cls=None, **kwargs):
        super().__init__(*args, cls=cls or ChineseGroup, **kwargs)

    def command(self, name=None, *, cls=None, **kwargs):
        return super().command(name, cls=cls or ChineseCommand, **kwargs)
