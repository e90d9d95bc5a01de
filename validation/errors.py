"""Typed exceptions for bad input. The edges (CLI, ribbon, HTTP) turn each into one clear
Chinese message; nothing below them prints or exits."""


class ZipingError(Exception):
    """Base class: the message is already written for the person who has to act on it."""


class InputError(ZipingError):
    """A file, sheet or value that cannot be used."""


class RecordError(InputError):
    """A record (form data as JSON) that does not match the record schema."""


class ProfileError(ZipingError):
    """A scoring profile that does not exist or does not match the profile schema."""
