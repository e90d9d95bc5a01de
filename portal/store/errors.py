"""Exceptions of the portal's storage layer; each message is written for the person who acts on it."""

from __future__ import annotations

from validation.errors import ZipingError


class PortalError(ZipingError):
    """Base class of the portal's errors."""


class DatabaseUnavailable(PortalError):
    """A database URL that cannot be used, or a database that cannot be reached or migrated."""


class AccountError(PortalError):
    """An account that cannot be created or changed as asked (unknown login, bad role binding, weak password)."""


class LoginRefused(PortalError):
    """Wrong login, wrong password, locked or disabled account: always the same message, on purpose."""


class IndexingError(PortalError):
    """A submitted file that cannot be recorded in the index."""
