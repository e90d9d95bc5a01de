"""The one error a report reader raises: a report that cannot be read, said in one sentence."""

from __future__ import annotations

from validation.errors import InputError


class ReportUnreadable(InputError):
    """A report file that cannot be read; str() is one Chinese sentence for the clerk."""
