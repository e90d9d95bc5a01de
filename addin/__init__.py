"""Entry points: the command line, and (for Excel) ribbon actions and the HTTP server."""

from validation import __version__

__all__ = ["__version__"]
