"""The CLI's JSON output (DESIGN.md "The CLI contract"), built from FileResults and checked
against the schema shipped in the package."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from validation import __version__

EXIT_OK, EXIT_ERRORS, EXIT_UNUSABLE = 0, 1, 2


@dataclass(frozen=True)
class RenderedFile:
    """One file's part of the JSON output, rendered in a worker process."""

    json: str
    error: bool
    errors: int
    warnings: int
    tables: int


def render_file(result) -> RenderedFile:
    text = json.dumps(result.to_dict(), ensure_ascii=False, separators=(",", ":"))
    return RenderedFile(text, result.error is not None, result.errors, result.warnings, len(result.reports))


def check_output_text(rendered: list[RenderedFile], profile_name: str) -> str:
    """The whole JSON document from pre-rendered files (same content as `check_output`)."""
    head = json.dumps({"name": "ziping", "version": __version__}, ensure_ascii=False)
    summary = {
        "files": len(rendered),
        "tables": sum(r.tables for r in rendered),
        "errors": sum(r.errors for r in rendered),
        "warnings": sum(r.warnings for r in rendered),
    }
    return (
        f'{{"tool":{head},"profile":{json.dumps(profile_name, ensure_ascii=False)},'
        f'"files":[{",".join(r.json for r in rendered)}],"summary":{json.dumps(summary)}}}'
    )


def rendered_exit_code(rendered: list[RenderedFile]) -> int:
    if any(r.error for r in rendered):
        return EXIT_UNUSABLE
    return EXIT_ERRORS if any(r.errors for r in rendered) else EXIT_OK


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
