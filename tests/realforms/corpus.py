"""The real-form corpus: sidecars, and how an engine result compares with their expectations.

Used by the corpus test and by `python -m tests.realforms.corpus`, which prints the table of
regions × forms × what holds for the README.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass
class Outcome:
    """Each expectation of one form, held or not, with what was found instead."""

    slug: str
    held: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def check(self, what: str, ok: bool, found=None) -> None:
        if ok:
            self.held.append(what)
        else:
            self.failed.append(f"{what} (found: {found})")

    @property
    def total(self) -> int:
        return len(self.held) + len(self.failed)


def sidecars() -> list[Path]:
    return sorted(p for p in HERE.glob("*.json"))


def workbook_of(sidecar: Path) -> Path:
    for suffix in (".xlsx", ".xls", ".xlsm"):
        path = sidecar.with_suffix(suffix)
        if path.exists():
            return path
    raise FileNotFoundError(f"no workbook for {sidecar.name}")


def _close(a, b, tolerance: float = 0.005) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), abs_tol=tolerance)


def _matches(finding: dict, wanted: dict) -> bool:
    if finding["rule"] != wanted["rule"]:
        return False
    if wanted.get("sheet") and finding.get("sheet") not in (None, wanted["sheet"]):
        return False
    return not wanted.get("cell") or finding.get("cell") == wanted["cell"]


def compare(slug: str, expected: dict, result: dict) -> Outcome:
    """Compare a file's `ziping check --json` entry with a sidecar's expectation."""
    outcome = Outcome(slug)
    outcome.check("file read", result["error"] is None, result["error"])
    tables = result["tables"]
    findings = result["findings"] + [f for t in tables for f in t["findings"]]
    projects = [f for f in expected["forms"] if f["kind"] == "project"]
    others = [f for f in expected["forms"] if f["kind"] != "project"]
    outcome.check(f"{len(projects)} 项目表 found", len(tables) == len(projects), len(tables))
    for form in others:
        outcome.check(f"{form['kind']} recognised (ZP008)",
                      any(f["rule"] == "ZP008" and f.get("sheet") == form["sheet"] for f in findings), "no ZP008")
    for form, table in zip(projects, tables):
        where = f"{form['sheet']}/{form.get('project', '')[:12]}"
        funds = table["funds"]
        outcome.check(f"{where} execution rate", _close(funds["execution_rate"], form["execution_rate"], 0.00005),
                      funds["execution_rate"])
        outcome.check(f"{where} execution score", _close(funds["execution_score"], form["execution_score"]),
                      funds["execution_score"])
        by_row = {i["row"]: i for i in table["indicators"]}
        read_rows = sorted(i["row"] for i in table["indicators"] if i["status"] is not None)
        outcome.check(f"{where} indicator rows", read_rows == sorted(i["row"] for i in form["indicators"]), read_rows)
        for want in form["indicators"]:
            got = by_row.get(want["row"])
            label = f"{where} row {want['row']} {want['name'][:10]}"
            if got is None:
                outcome.check(f"{label} read", False, "row not read")
                continue
            outcome.check(f"{label} status {want['status']}", got["status"] == want["status"], got["status"])
            outcome.check(f"{label} score {want['score']}", _close(got["score_computed"], want["score"]), got["score_computed"])
            outcome.check(f"{label} needs_reason {want['needs_reason']}", got["needs_reason"] == want["needs_reason"],
                          got["needs_reason"])
        outcome.check(f"{where} total {form['total']}", _close(table["total_computed"], form["total"]), table["total_computed"])
        outcome.check(f"{where} grade {form['grade']}", table["grade"] == form["grade"], table["grade"])
    for wanted in expected.get("must", ()):
        outcome.check(f"must {wanted['rule']} {wanted.get('cell') or ''}".strip(),
                      any(_matches(f, wanted) for f in findings), sorted({f["rule"] for f in findings}))
    for wanted in expected.get("must_not", ()):
        hits = [f"{f['rule']} {f.get('cell')}" for f in findings if _matches(f, wanted)]
        outcome.check(f"must not {wanted['rule']} {wanted.get('cell') or ''}".strip(), not hits, hits)
    must = expected.get("must", ())
    unexpected = [f"{f['rule']} {f.get('cell')}" for f in findings
                  if f["severity"] == "error" and not any(_matches(f, w) for w in must)]
    outcome.check("no error beyond the expected", not unexpected, unexpected)
    return outcome


def run_corpus(profile_for=None) -> list[tuple[dict, Outcome]]:
    """Check every corpus workbook with its sidecar's profile; (sidecar, outcome) per form."""
    from validation import load_profile
    from workbooks.checking.batch import check_file

    results = []
    for path in sidecars():
        sidecar = json.loads(path.read_text("utf-8"))
        result = check_file(workbook_of(path), load_profile(sidecar.get("profile", "national")), keep_evaluation=False)
        results.append((sidecar, compare(path.stem, sidecar["expected"], result.to_dict())))
    return results


def markdown_table(results) -> str:
    lines = ["| 地区 | 层级 | 表 | 文件 | 版式特点 | 预期成立 |", "|---|---|---|---|---|---|"]
    for sidecar, outcome in results:
        forms = ", ".join(f.get("project", f["kind"])[:18] for f in sidecar["expected"]["forms"])
        suffix = workbook_of(HERE / f"{outcome.slug}.json").suffix
        features = ", ".join(sidecar.get("features", []))
        lines.append(f"| {sidecar['region']} | {sidecar['level']} | {forms} | `{outcome.slug}{suffix}` | {features} "
                     f"| {len(outcome.held)}/{outcome.total} |")
    held = sum(len(o.held) for _, o in results)
    total = sum(o.total for _, o in results)
    provinces = len({s["province"] for s, _ in results if s["province"]})
    lines.append(f"\n{len(results)} 个工作簿、{provinces} 个省级地区；预期 {held}/{total} 项成立。")
    return "\n".join(lines)


if __name__ == "__main__":
    results = run_corpus()
    print(markdown_table(results))
    for _, outcome in results:
        for failure in outcome.failed:
            print(f"  ✗ {outcome.slug}: {failure}")
