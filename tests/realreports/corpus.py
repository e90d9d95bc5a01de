"""The real-report corpus: published 自评报告 and 评价报告, transcribed, each with a sidecar of
hand-computed expectations (findings that must appear, relations that hold and must not be
flagged). `measure()` gives each rule's precision and recall over the corpus."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from validation import load_profile
from validation.text_checks import check_document
from validation.narrative.document import from_text

HERE = Path(__file__).parent
OUTLINE_RULE = "ZP959"  # a transcription of a report's opening sections cannot be judged on its outline


@dataclass
class Case:
    name: str
    text: str
    meta: dict

    @property
    def select(self) -> set[str] | None:
        if not self.meta.get("truncated"):
            return None
        from validation.rules import REPORT, registry
        return {code for code, rule in registry().items() if rule.scope == REPORT and code != OUTLINE_RULE}

    def findings(self, profile=None):
        document = from_text(self.text, self.name)
        return check_document(document, profile or load_profile(), select=self.select)


def cases() -> list[Case]:
    found = []
    for sidecar in sorted(HERE.glob("*.json")):
        text_file = sidecar.with_suffix(".txt")
        if text_file.exists():
            found.append(Case(sidecar.stem, text_file.read_text("utf-8"), json.loads(sidecar.read_text("utf-8"))))
    return found


def matches(finding, expectation: dict) -> bool:
    return finding.rule == expectation["rule"] and expectation["quote"].replace(" ", "") in (finding.quote or "").replace(" ", "")


def measure(all_cases: list[Case] | None = None) -> dict:
    """Per rule: true positives, false positives (findings no sidecar expects), false negatives."""
    tp, fp, fn = Counter(), Counter(), Counter()
    misses, false_alarms = [], []
    for case in all_cases or cases():
        findings = case.findings()
        expected = case.meta.get("expected", [])
        for finding in findings:
            if any(matches(finding, e) for e in expected):
                tp[finding.rule] += 1
            else:
                fp[finding.rule] += 1
                false_alarms.append((case.name, finding))
        for e in expected:
            if not any(matches(f, e) for f in findings):
                fn[e["rule"]] += 1
                misses.append((case.name, e))
    return {"tp": tp, "fp": fp, "fn": fn, "misses": misses, "false_alarms": false_alarms}


if __name__ == "__main__":  # python -m tests.realreports.corpus: the table for the notes
    result = measure()
    rules = sorted(set(result["tp"]) | set(result["fp"]) | set(result["fn"]))
    print(f"{'rule':6} {'TP':>3} {'FP':>3} {'FN':>3}  precision  recall")
    for rule in rules:
        t, f, n = result["tp"][rule], result["fp"][rule], result["fn"][rule]
        precision = f"{t / (t + f):.2f}" if t + f else "–"
        recall = f"{t / (t + n):.2f}" if t + n else "–"
        print(f"{rule:6} {t:3} {f:3} {n:3}  {precision:>9}  {recall:>6}")
    for name, finding in result["false_alarms"]:
        print("FALSE ALARM", name, finding.rule, finding.severity, finding.message)
    for name, expectation in result["misses"]:
        print("MISSED", name, expectation["rule"], expectation["quote"])
