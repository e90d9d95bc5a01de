"""Entry points: the command line, the ribbon actions (xlwings) and the HTTP server.

`dispatch(action)` is what the ribbon calls through RunPython: macros.bas passes the button
id, never anything derived from the workbook's file name.
"""

from validation import __version__

__all__ = ["__version__", "dispatch"]


def dispatch(action: str) -> None:
    """Run a ribbon action on the workbook that called (RunPython)."""
    from .xlwings_env import xw

    book = xw.Book.caller()
    run_in_excel(action, book)


def run_in_excel(action: str, book) -> str | None:
    """Run an action; every failure becomes one Chinese message box, never a traceback."""
    from validation.errors import ZipingError

    from .actions import run_action

    try:
        return run_action(action, book)
    except ZipingError as exc:
        book.app.alert(str(exc), title="绩效自评", buttons="ok", mode="critical")
    except Exception as exc:  # noqa: BLE001 - the clerk gets a message, the details a log line
        import logging

        logging.getLogger("ziping").exception("action %s failed", action)
        book.app.alert(f"操作未能完成（{type(exc).__name__}: {str(exc)[:200]}）。请把工作簿发给维护人员。",
                       title="绩效自评", buttons="ok", mode="critical")
    return None
