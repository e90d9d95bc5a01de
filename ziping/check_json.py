"""The CLI's JSON output (DESIGN.md "The CLI contract"), built from FileResults and checked
against the schema shipped in the package."""

from __future__ import annotations

import json
from pathlib import Path
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from validation import __version__
from validation.department import StatedFigure
from workbooks.checking.cache import Codec, register
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
    cached: bool = False  # came from the result cache (workbooks.checking.cache)


def render_file(result) -> RenderedFile:
    text = json.dumps(result.to_dict(), ensure_ascii=False, separators=(",", ":"))
    return RenderedFile(text, result.error is not None, result.errors, result.warnings, len(result.reports),
                        file_totals(result))


# ---- the result cache: a file's rendered JSON without its path ------------------------------------

RENDERED_SCHEMA = {
    "type": "object",
    "required": ["error", "errors", "warnings", "tables", "totals"],
    "properties": {
        "error": {"type": "boolean"}, "errors": {"type": "integer"},
        "warnings": {"type": "integer"}, "tables": {"type": "integer"},
        "totals": {"type": "object", "required": ["score_tables", "self_evaluations", "listed", "stated"]},
    },
}


def _path_head(path: str) -> str:
    return '{"path":' + json.dumps(path, ensure_ascii=False) + ","


def _encode_rendered(item: RenderedFile, path: str) -> tuple[dict, str]:
    head = _path_head(path)
    if not item.json.startswith(head):
        raise ValueError("the rendered file does not start with its path")
    if Path(path).name in item.json[len(head):]:  # a message that names the file would be wrong at another path
        raise ValueError("the rendered file names its file")
    totals = item.totals
    stated = [{**vars(figure), "file": None if figure.file == path else figure.file} for figure in totals.stated]
    return ({"error": item.error, "errors": item.errors, "warnings": item.warnings,
             "tables": item.tables, "totals": {"score_tables": list(totals.score_tables),
                                               "self_evaluations": list(totals.self_evaluations),
                                               "listed": list(totals.listed), "stated": stated}},
            item.json[len(head):])


def _decode_rendered(data: dict, tail: str, path: str) -> RenderedFile:
    totals = data["totals"]
    stated = tuple(StatedFigure(**{**figure, "file": path if figure["file"] is None else figure["file"]})
                   for figure in totals["stated"])
    return RenderedFile(_path_head(path) + tail, data["error"], data["errors"], data["warnings"],
                        data["tables"], FileTotals(tuple(totals["score_tables"]), tuple(totals["self_evaluations"]),
                                                   tuple(totals["listed"]), stated), cached=True)


register(render_file, Codec("check-json", _encode_rendered, _decode_rendered, RENDERED_SCHEMA))


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
