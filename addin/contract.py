"""The CLI's JSON output (DESIGN.md "The CLI contract"), built from FileResults and checked
against the schema shipped in the package."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from validation import __version__

EXIT_OK, EXIT_ERRORS, EXIT_UNUSABLE = 0, 1, 2


def check_output(results, profile_name: str) -> dict:
    return {
        "tool": {"name": "ziping", "version": __version__},
        "profile": profile_name,
        "files": [r.to_dict() for r in results],
        "summary": {
            "files": len(results),
            "tables": sum(len(r.reports) for r in results),
            "errors": sum(r.errors for r in results),
            "warnings": sum(r.warnings for r in results),
        },
    }


def exit_code(results) -> int:
    if any(r.error for r in results):
        return EXIT_UNUSABLE
    if any(r.errors for r in results):
        return EXIT_ERRORS
    return EXIT_OK


@lru_cache(maxsize=1)
def output_schema() -> dict:
    text = resources.files("validation").joinpath("schemas/check-output.schema.json").read_text("utf-8")
    return json.loads(text)
