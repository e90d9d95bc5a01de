"""The rule registry: every check of the catalogue, in code order.

Codes come from `codes.CODES`; each names the module that holds the rule (one rule per
module, with its rationale, examples and messages next to the logic).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import import_module

from .base import DEPARTMENT, FORM, REPORT, REPORT_FORM, SCORE_TABLE, SHEET, WORKBOOK, Example, Rationale, Rule
from .codes import CODES, REDIRECTS

__all__ = ["Rule", "Example", "Rationale", "registry", "get_rule", "form_rules", "active_rules",
           "score_table_rules", "department_rules", "report_rules", "DEPARTMENT", "FORM", "REPORT", "REPORT_FORM",
           "SCORE_TABLE", "SHEET", "WORKBOOK"]


@lru_cache(maxsize=1)
def registry() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    slugs: set[str] = set()
    for code, (family, module_name) in sorted(CODES.items()):
        module = import_module(f"{__name__}.{family}.{module_name}")
        rule_class = module.RULE
        if rule_class.slug in slugs:
            raise RuntimeError(f"duplicate rule slug {rule_class.slug}")
        slugs.add(rule_class.slug)
        rule_class.code = code
        rules[code] = rule_class()
    return rules


def get_rule(code_or_slug: str) -> Rule | None:
    key = code_or_slug.strip()
    key = REDIRECTS.get(key.upper(), key.upper()) if key.upper().startswith("ZP") else key
    rules = registry()
    if key in rules:
        return rules[key]
    for rule in rules.values():
        if rule.slug == code_or_slug.strip().lower():
            return rule
    return None


def form_rules() -> list[Rule]:
    return [r for r in registry().values() if r.scope == FORM]


@lru_cache(maxsize=64)
def active_rules(profile, select: frozenset[str] | None = None) -> tuple[tuple[Rule, ...], tuple[Rule, ...]]:
    """(rules for filled forms, rules for blank forms) enabled by a profile, in code order."""
    rules = [r for r in form_rules() if not profile.is_disabled(r.code) and (select is None or r.code in select)]
    return tuple(rules), tuple(r for r in rules if r.on_blank)


@lru_cache(maxsize=64)
def score_table_rules(profile, select: frozenset[str] | None = None) -> tuple[Rule, ...]:
    """The rules of the 评分表 family a profile enables, in code order."""
    return tuple(r for r in registry().values() if r.scope == SCORE_TABLE and not profile.is_disabled(r.code)
                 and (select is None or r.code in select))


@lru_cache(maxsize=64)
def department_rules(profile, select: frozenset[str] | None = None) -> tuple[Rule, ...]:
    """The rules over a department's forms together (its stated average) a profile enables."""
    return tuple(r for r in registry().values() if r.scope == DEPARTMENT and not profile.is_disabled(r.code)
                 and (select is None or r.code in select))


@lru_cache(maxsize=64)
def report_rules(profile, with_form: bool = False, select: frozenset[str] | None = None) -> tuple[Rule, ...]:
    """The rules over a 自评报告 a profile enables; those that compare it with its form only `with_form`."""
    scopes = (REPORT, REPORT_FORM) if with_form else (REPORT,)
    return tuple(r for r in registry().values() if r.scope in scopes and not profile.is_disabled(r.code)
                 and (select is None or r.code in select))
