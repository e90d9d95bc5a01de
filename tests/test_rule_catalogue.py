"""Every rule of the registry: documented, and proven by its own passing and failing examples,
run with only that rule enabled (failing examples must flag exactly the cells they list)."""

import re

import pytest

from ziping.rule_docs import rules_markdown
from tests.helpers import ROOT, write_xlsx
from validation import check, load_profile
from validation.narrative.document import from_text
from validation.rules import DEPARTMENT, FORM, REPORT, REPORT_FORM, SCORE_TABLE, get_rule, registry
from validation.text_checks import check_document
from validation.rules.codes import CODES, REDIRECTS
from validation.rules.example_form import example_record, patched
from validation.rules.example_department import patched_department
from validation.scoretable.example_table import example_table, patched_table
from validation.scoretable import check_score_table
from workbooks.checking.batch import check_file

RULES = list(registry().values())
IDS = [r.code for r in RULES]


def test_codes_table_is_the_registry():
    assert list(registry()) == sorted(CODES)
    assert all(re.fullmatch(r"ZP\d{3}", code) for code in CODES)
    assert not set(REDIRECTS) & set(CODES), "a retired code must not be reused"
    slugs = [r.slug for r in RULES]
    assert len(slugs) == len(set(slugs))


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_rule_is_documented(rule):
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.slug)
    assert rule.severity in ("error", "warning", "info")
    assert rule.title and re.search(r"[\u4e00-\u9fff]", rule.title)
    for part in ("what", "why", "example", "fix"):
        text = getattr(rule.rationale, part)
        assert text and re.search(r"[\u4e00-\u9fff]", text), f"{rule.code} rationale.{part} is empty or not Chinese"
    assert rule.passing, f"{rule.code} has no passing example"
    assert rule.failing, f"{rule.code} has no failing example"
    assert rule.messages and all(rule.messages.values())


def test_example_form_is_clean():
    report = check(example_record())
    assert report.findings == []
    assert report.total_computed == 100 and report.grade == "优"


def test_example_score_table_is_clean():
    report = check_score_table(example_table())
    assert report.findings == []
    assert report.total_computed == 98 and report.grade == "优" and report.weight_total == 100


def _form_findings(rule, example):
    if rule.scope == DEPARTMENT:
        return [f for f in rule.check(patched_department(example.patch, example.profile)) if f.rule == rule.code]
    if rule.scope == SCORE_TABLE:
        report = check_score_table(patched_table(example.patch), load_profile(example.profile), select={rule.code})
        return [f for f in report.findings if f.rule == rule.code]
    report = check(patched(example.patch), load_profile(example.profile), select={rule.code})
    return [f for f in report.findings if f.rule == rule.code]


def _text_findings(rule, example):
    """A report rule's example: its text, read as a report (with the example form as its form)."""
    profile = load_profile(example.profile)
    form = check(patched(example.patch), profile) if rule.scope == REPORT_FORM else None
    return check_document(from_text(example.text), profile, form, select={rule.code})


def _findings(rule, example, tmp_path):
    if rule.scope in (REPORT, REPORT_FORM):
        return _text_findings(rule, example)
    if rule.scope in (FORM, SCORE_TABLE, DEPARTMENT):
        return _form_findings(rule, example)
    return _grid_findings(rule, example, tmp_path)


def _grid_findings(rule, example, tmp_path):
    sheets = example.grid if isinstance(example.grid, dict) else {"Sheet1": example.grid}
    path = write_xlsx(tmp_path / f"{rule.code}.xlsx", {}, extra={n: [list(r) for r in rows] for n, rows in sheets.items()})
    result = check_file(path, load_profile(example.profile))
    assert result.error is None
    return [f for f in result.all_findings if f.rule == rule.code]


def _examples(kind):
    for rule in RULES:
        for i, example in enumerate(getattr(rule, kind)):
            yield pytest.param(rule, example, id=f"{rule.code}-{kind}-{i}")


@pytest.mark.parametrize("rule, example", list(_examples("passing")))
def test_passing_example_is_not_flagged(rule, example, tmp_path):
    assert _findings(rule, example, tmp_path) == []


@pytest.mark.parametrize("rule, example", list(_examples("failing")))
def test_failing_example_is_flagged_on_its_cells(rule, example, tmp_path):
    found = _findings(rule, example, tmp_path)
    if rule.scope in (REPORT, REPORT_FORM):  # a report's finding is on a paragraph and quotes its sentence
        assert sorted(f.paragraph for f in found) == sorted(example.paragraphs)
        lines = example.text.splitlines()
        for finding in found:
            assert finding.cell is None and finding.message.startswith(f"第{finding.paragraph}段：")
            assert finding.quote and finding.quote.replace(" ", "")[:8] in lines[finding.paragraph - 1].replace(" ", "")
        return
    assert sorted(f.cell or "" for f in found) == sorted(c or "" for c in example.cells)
    for finding in found:
        assert finding.message and re.search(r"[\u4e00-\u9fff]", finding.message)
        if finding.cell:
            assert finding.message.startswith(finding.cell + "：")


def test_profile_can_change_severity_and_disable_rules():
    from validation.profile import profile_from_dict

    data = dict(load_profile("national").data)
    data["name"] = "strict"
    data["rules"] = {"severity": {"ZP401": "error"}, "disabled": ["ZP202"]}
    strict = profile_from_dict(data)
    report = check(patched({"indicators.0.actual": "按计划完成"}), strict)
    assert ("ZP401", "error") in [(f.rule, f.severity) for f in report.findings]
    assert all(f.rule != "ZP202" for f in check(patched({"indicators.0.weight": 15, "indicators.4.weight": 20}), strict).findings)


def test_rules_can_be_looked_up_by_code_or_slug():
    assert get_rule("zp203").slug == "total-does-not-add-up"
    assert get_rule("total-does-not-add-up").code == "ZP203"
    assert get_rule("ZP999") is None


def test_rules_reference_is_generated_from_the_registry():
    committed = (ROOT / "docs" / "rules.md").read_text("utf-8")
    assert committed == rules_markdown(), "docs/rules.md is stale: run `python -m ziping.rule_docs`"
