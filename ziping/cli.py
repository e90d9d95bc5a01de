"""`ziping`: the command line for reviewers and for scripts.

Every command is a thin adapter over a library call; bad input ends in one Chinese line on
stderr and exit code 2, never a traceback. The commands live in `commands/`, a module per
group; importing them here registers them on the app.
"""

from __future__ import annotations

import sys
from importlib import import_module

from rich.console import Console

from validation.errors import ZipingError

from .app import app
from .check_json import EXIT_UNUSABLE
from .commands.cache import cache_app
from .commands.report import report_app
from .commands.users import users_app
from .terminal.chinese_typer import print_error

# Registered in the order `ziping -h` lists them: a clerk's and a reviewer's daily commands first.
COMMAND_MODULES = ("check", "forms", "review", "serve", "rules", "addin_files")
for _module in COMMAND_MODULES:
    import_module(f"{__package__}.commands.{_module}")
app.add_typer(report_app, name="report")
app.add_typer(users_app, name="users")
app.add_typer(cache_app, name="cache")


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
