"""The CLI's JSON output (DESIGN.md "The CLI contract"), built from FileResults and checked
against the schema shipped in the package."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from validation import __version__
from workbooks.checking.department import FileTotals, file_totals

EXIT_OK, EXIT_ERRORS, EXIT_UNUSABLE = 0, 1, 2


@dataclass(frozen=True)
class RenderedFile:
    """One file's part of the JSON output, rendered in a worker process."""

    json: str
    error: bool
    errors: int
    warnings: int
    tables: int
    totals: FileTotals = FileTotals()  # what the file adds to its department's average


def render_file(result) -> RenderedFile:
    text = json.dumps(result.to_dict(), ensure_ascii=False, separators=(",", ":"))
    return RenderedFile(text, result.error is not None, result.errors, result.warnings, len(result.reports),
                        file_totals(result))


def check_output_text(rendered: list[RenderedFile], profile_name: str, department: list | None = None) -> str:
    """The whole JSON document from pre-rendered files (same content as `check_output`);
    `department`: the DepartmentChecks of a stated average, when there is one."""
    head = json.dumps({"name": "ziping", "version": __version__}, ensure_ascii=False)
    summary = {
        "files": len(rendered),
        "tables": sum(r.tables for r in rendered),
        "errors": sum(r.errors for r in rendered) + sum(_errors(d) for d in department or ()),
        "warnings": sum(r.warnings for r in rendered),
    }
    extra = ""
    if department:
        extra = f',"department":{json.dumps([d.to_dict() for d in department], ensure_ascii=False)}'
    return (
        f'{{"tool":{head},"profile":{json.dumps(profile_name, ensure_ascii=False)},'
        f'"files":[{",".join(r.json for r in rendered)}]{extra},"summary":{json.dumps(summary)}}}'
    )


def _errors(check) -> int:
    return sum(1 for f in check.findings if f.severity == "error")


def rendered_exit_code(rendered: list[RenderedFile], department: list | None = None) -> int:
    if any(r.error for r in rendered):
        return EXIT_UNUSABLE
    if any(r.errors for r in rendered) or any(_errors(d) for d in department or ()):
        return EXIT_ERRORS
    return EXIT_OK


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


def exit_code(results, department: list | None = None) -> int:
    if any(r.error for r in results):
        return EXIT_UNUSABLE
    if any(r.errors for r in results) or any(_errors(d) for d in department or ()):
        return EXIT_ERRORS
    return EXIT_OK


@lru_cache(maxsize=1)
def output_schema() -> dict:
    text = resources.files("validation").joinpath("schemas/check-output.schema.json").read_text("utf-8")
    return json.loads(text)
