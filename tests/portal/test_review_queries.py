"""The reviewer queries on both databases, over the dataset of review_data: the dashboard agrees
with `ziping summary` (units_frame of the same files, checked again), the forms table filters,
sorts and pages in two statements, and a form's detail shows its versions and what changed."""

from __future__ import annotations

import json
import math
from contextlib import contextmanager

import pytest
from sqlalchemy import event, func, select

from portal.store.models import GRADES, STATUSES, SubmissionVersion
from portal.store.review.common import QueryError, jsonable
from portal.store.review.dashboard import dashboard
from portal.store.review.form_detail import form_detail
from portal.store.review.forms_table import FormFilters, SORTS, forms_table
from tests.portal.review_data import (ADMIN, CLERKS, EDU, EDU_IDLE, HR, HR_CENTRE, HR_SKILLS, PROFILE, REVIEWERS,
                                      REVISED, SCHOOL_1, loaded, review_data)  # noqa: F401 - fixtures
from workbooks.checking.batch import check_file
from workbooks.submission.export import sha256_of
from workbooks.review.summary import forms_frame, units_frame

ALL = 200  # a page size that holds every form of the dataset


def plain(value):
    return None if isinstance(value, float) and math.isnan(value) else value


def expected_lines(rows) -> list[dict]:
    """units_frame of these rows, as dicts (NaN as None)."""
    frame = units_frame(forms_frame(rows))
    return [{k: plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def dashboard_lines(board) -> list[dict]:
    lines = [{"主管部门": u.department, "实施单位": u.unit, **u.totals.summary_values()} for u in board.units]
    if board.units:
        lines.append({"主管部门": "合计", "实施单位": "", **board.total.summary_values()})
    return lines


@contextmanager
def statements(db):
    """The SQL statements run inside the block (not SQLite's BEGIN, which database.py emits itself)."""
    seen = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.strip().upper() != "BEGIN":
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


# --- dashboard ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("login, department, unit", [
    (ADMIN, None, None), (REVIEWERS[HR], HR, None), (REVIEWERS[EDU], EDU, None), (CLERKS[HR_CENTRE], HR, HR_CENTRE),
    (CLERKS[SCHOOL_1], EDU, SCHOOL_1)])
@pytest.mark.parametrize("year", [2024, 2023, None])
def test_the_dashboard_is_the_summary_of_the_same_files(loaded, login, department, unit, year):
    rows = loaded.data.rows(year, department, unit)
    with loaded.db.session() as session:
        board = dashboard(session, loaded.users[login], year)
    assert dashboard_lines(board) == expected_lines(rows)
    assert board.total.forms == len(rows) and board.total.submitted == len(rows)
    assert board.total.returned == board.total.approved == 0
    assert board.total.forms_with_errors == sum(1 for r in rows if r.errors)
    assert board.total.forms_with_warnings == sum(1 for r in rows if r.warnings)
    for line in board.departments:  # each department's figures are its own 合计
        mine = [r for r in rows if r.department == line.department]
        assert {"主管部门": "合计", "实施单位": "", **line.totals.summary_values()} == expected_lines(mine)[-1]
        assert line.units == len({r.unit for r in mine})


def test_the_dataset_has_every_grade_errors_and_two_years(review_data):
    rows = review_data.rows(2024)
    assert {r.grade for r in rows} == set(GRADES)
    assert sorted(r.project for r in rows if r.errors) == ["2024 年服务大厅公共设施维修费", "2024年信息系统运维类项目"]
    assert len(rows) == 19 and len(review_data.rows(2023)) == 2
    assert any(r.total_computed != r.total_reported for r in rows)  # 平均分 takes the computed total


def test_the_dashboard_lists_idle_units_years_and_scope(loaded):
    with loaded.db.session() as session:
        admin = dashboard(session, loaded.users[ADMIN], 2024)
        hr = dashboard(session, loaded.users[REVIEWERS[HR]], 2024)
        edu_2023 = dashboard(session, loaded.users[REVIEWERS[EDU]], 2023)
        idle = dashboard(session, loaded.users[CLERKS[EDU_IDLE]], 2024)
    assert [u.unit for u in admin.idle_units] == [EDU_IDLE] and hr.idle_units == []
    assert {u.unit for u in edu_2023.idle_units} == {EDU_IDLE, "北京市丰台区第二中学", "北京市丰台区教育技术中心"}
    assert admin.years == [2024, 2023] and hr.years == [2024]
    assert (admin.scope, hr.scope, idle.scope) == ("全部主管部门", HR, EDU_IDLE)
    assert [d.department for d in admin.departments] == sorted([HR, EDU])
    assert idle.units == [] and idle.total.forms == 0 and idle.total.average_score is None
    assert [u.unit for u in idle.idle_units] == [EDU_IDLE]
    json.dumps(jsonable(admin), ensure_ascii=False)


def test_only_the_current_version_counts(loaded):
    with loaded.db.session() as session:
        assert session.scalar(select(func.count()).select_from(SubmissionVersion)) == 22  # 21 forms, one twice
        board = dashboard(session, loaded.users[REVIEWERS[HR]], 2024)
        page = forms_table(session, loaded.users[REVIEWERS[HR]], 2024, FormFilters(text="窗口聘用"))
    centre = next(u for u in board.units if u.unit == HR_CENTRE)
    assert centre.totals.forms == 8 and centre.totals.grades["中"] == 1  # version 2's grade, not version 1's 优
    [row] = page.rows
    assert (row.project, row.number, row.grade, row.score) == (REVISED, 2, "中", 65.5)


# --- the forms table ----------------------------------------------------------------------------------------------

def test_pages_cover_every_form_once_and_the_count_is_of_all_pages(loaded):
    viewer = loaded.users[ADMIN]
    with loaded.db.session() as session:
        pages = [forms_table(session, viewer, 2024, page=n, page_size=5) for n in (1, 2, 3, 4)]
        whole = forms_table(session, viewer, 2024, page_size=ALL)
        beyond = forms_table(session, viewer, 2024, page=99, page_size=5)
        tiny = forms_table(session, viewer, 2024, page=0, page_size=0)
        huge = forms_table(session, viewer, 2024, page_size=10_000)
    assert [(p.total, p.pages, p.page, len(p.rows)) for p in pages] == [(19, 4, 1, 5), (19, 4, 2, 5), (19, 4, 3, 5),
                                                                        (19, 4, 4, 4)]
    ids = [r.submission_id for p in pages for r in p.rows]
    assert ids == [r.submission_id for r in whole.rows] and len(set(ids)) == 19
    assert (beyond.page, [r.submission_id for r in beyond.rows]) == (4, ids[15:])
    assert (tiny.page, tiny.page_size, len(tiny.rows), tiny.pages) == (1, 1, 1, 19)
    assert huge.page_size == 200
    assert {r.project for r in whole.rows} == {r.project for r in loaded.data.rows(2024)}


def test_rows_carry_the_figures_of_the_current_file(loaded):
    expected = {r.project: r for r in loaded.data.rows(2024)}
    with loaded.db.session() as session:
        page = forms_table(session, loaded.users[ADMIN], 2024, page_size=ALL)
    for row in page.rows:
        want = expected[row.project]
        assert (row.department, row.unit, row.grade, row.total_computed, row.total_reported, row.execution_rate,
                row.budget, row.executed, row.errors, row.warnings) == \
            (want.department, want.unit, want.grade, want.total_computed, want.total_reported, want.rate, want.budget,
             want.executed, want.errors, want.warnings)
        assert row.score == (want.total_computed if want.total_computed is not None else want.total_reported)
        assert row.status == "submitted" and row.status_name == "已报送" and row.year == 2024
        assert row.submitted_at is not None and row.submitted_at.tzinfo is not None
        assert row.submitted_by in ("丰台人社局令牌", f"{row.unit}填报人")
    json.dumps(jsonable(page), ensure_ascii=False)


GRADE_RANK = {g: i for i, g in enumerate(GRADES)}
STATUS_RANK = {s: i for i, s in enumerate(STATUSES)}
KEYS = {
    "project": lambda r: (r.project,),
    "unit": lambda r: (r.unit, r.project),
    "department": lambda r: (r.department, r.unit, r.project),
    "score": lambda r: (r.score,),
    "grade": lambda r: (GRADE_RANK.get(r.grade, len(GRADES)),),
    "status": lambda r: (STATUS_RANK[r.status],),
    "submitted": lambda r: (r.submitted_at,),
    "errors": lambda r: (r.errors,),
    "warnings": lambda r: (r.warnings,),
}


@pytest.mark.parametrize("key", sorted(SORTS))
@pytest.mark.parametrize("descending", [False, True])
def test_every_sort_orders_the_whole_list_and_ties_by_id(loaded, key, descending):
    sort = f"-{key}" if descending else key
    with loaded.db.session() as session:
        page = forms_table(session, loaded.users[ADMIN], None, sort=sort, page_size=ALL)
        paged = [r.submission_id for n in range(1, 6)
                 for r in forms_table(session, loaded.users[ADMIN], None, sort=sort, page=n, page_size=5).rows]
    rows = page.rows
    assert len(rows) == 21 and paged == [r.submission_id for r in rows]
    expected = sorted(rows, key=lambda r: (KEYS[key](r), r.submission_id), reverse=descending)
    assert [r.submission_id for r in rows] == [r.submission_id for r in expected]


def test_scores_sort_numerically(loaded):
    with loaded.db.session() as session:
        best = forms_table(session, loaded.users[REVIEWERS[EDU]], 2024, sort="-score", page_size=ALL).rows
    assert [r.score for r in best] == sorted((r.total_computed for r in loaded.data.rows(2024, EDU)), reverse=True)
    assert best[0].score == 91.5 and best[-1].score == 34.31


def _ids(loaded, department=None, unit=None):
    from portal.store.models import Department, Unit

    with loaded.db.session() as session:
        if unit:
            return session.scalar(select(Unit.id).where(Unit.name == unit))
        return session.scalar(select(Department.id).where(Department.name == department))


def test_filters(loaded):
    data = loaded.data
    rows = data.rows(2024)

    def projects(**filters):
        with loaded.db.session() as session:
            page = forms_table(session, loaded.users[ADMIN], 2024, FormFilters(**filters), page_size=ALL)
        assert page.total == len(page.rows)
        return sorted(r.project for r in page.rows)

    def want(predicate):
        return sorted(r.project for r in rows if predicate(r))

    assert projects(department_id=_ids(loaded, EDU)) == want(lambda r: r.department == EDU)
    assert projects(unit_id=_ids(loaded, unit=HR_SKILLS)) == want(lambda r: r.unit == HR_SKILLS)
    for grade in GRADES:
        assert projects(grade=grade) == want(lambda r: r.grade == grade)
    assert projects(status="submitted") == want(lambda r: True) and projects(status="approved") == []
    assert projects(has_errors=True) == want(lambda r: r.errors > 0) and len(projects(has_errors=True)) == 2
    assert projects(has_errors=False) == want(lambda r: r.errors == 0)
    assert projects(has_warnings=True) == want(lambda r: r.warnings > 0)
    assert projects(has_warnings=False) == []
    for rule in ("ZP404", "ZP802", "ZP202", "zp501 "):
        assert projects(rule=rule) == want(lambda r: rule.strip().upper() in data.rules(r.project))
    assert projects(rule="ZP404") == ["2024 年服务大厅公共设施维修费"]
    assert projects(text="校舍") == ["2024年校舍维修改造经费"]
    assert projects(text="  窗口 ") == ["2024年丰台区人力资源公共服务窗口服务经费", REVISED]
    assert projects(text="%") == [] and projects(text="_") == []  # LIKE wildcards are taken literally
    assert projects(grade="差", department_id=_ids(loaded, EDU), has_warnings=True) == \
        want(lambda r: r.grade == "差" and r.department == EDU)
    assert projects(unit_id=_ids(loaded, unit=HR_SKILLS), department_id=_ids(loaded, EDU)) == []


@pytest.mark.parametrize("arguments, message", [
    (dict(sort="size"), "无法按“size”排序"),
    (dict(filters=FormFilters(status="pending")), "状态应为"),
    (dict(filters=FormFilters(grade="A")), "等级应为 优、良、中、差 之一"),
    (dict(filters=FormFilters(text="长" * 101)), "搜索文字过长"),
])
def test_unknown_sorts_and_filters_are_refused_in_chinese(loaded, arguments, message):
    with loaded.db.session() as session, pytest.raises(QueryError, match=message):
        forms_table(session, loaded.users[ADMIN], 2024, **arguments)


def test_a_fixed_number_of_statements_however_many_rows(loaded):
    viewer = loaded.users[ADMIN]
    with loaded.db.session() as session:
        for page_size in (1, 5, ALL):
            for filters, sort in ((None, "-submitted"), (FormFilters(rule="ZP202", has_warnings=True), "unit")):
                with statements(loaded.db) as seen:
                    page = forms_table(session, viewer, None, filters, sort, page_size=page_size)
                assert len(seen) == 2 and len(page.rows) == min(page_size, page.total)
        with statements(loaded.db) as seen:
            dashboard(session, viewer, None)
        assert len(seen) == 3  # figures, units, years (a bureau's scope needs no name)
        for project in (REVISED, "2024年信息系统运维类项目"):  # two versions / many findings
            submission_id = loaded.submission_id(project)
            with statements(loaded.db) as seen:
                detail = form_detail(session, viewer, submission_id)
            assert len(seen) == 4 and detail.current.findings


# --- one form -----------------------------------------------------------------------------------------------------

def test_the_detail_of_a_form_with_two_versions(loaded):
    root = loaded.root
    with loaded.db.session() as session:
        detail = form_detail(session, loaded.users[REVIEWERS[HR]], loaded.submission_id(REVISED))
    assert (detail.project, detail.department, detail.unit, detail.year, detail.status) == \
        (REVISED, HR, HR_CENTRE, 2024, "submitted")
    first, second = detail.versions
    assert detail.current is second and second.current and not first.current and detail.can_review
    assert "历史版本" in first.path and "历史版本" not in second.path
    for version in detail.versions:
        assert version.sha256 == sha256_of(root / version.path)
        report = check_file(root / version.path, PROFILE).reports[0]
        assert (version.total_computed, version.total_reported, version.grade, version.errors, version.warnings) == \
            (report.total_computed, report.total_reported, report.grade, report.errors, report.warnings)
        assert [(f.rule, f.severity, f.cell, f.message) for f in version.findings] == \
            [(f.rule, f.severity, f.cell, f.message) for f in report.findings]
    assert [(e.kind, e.kind_name, e.number, e.actor) for e in detail.events] == [
        ("submitted", "报送", 1, "丰台人社局令牌"), ("resubmitted", "重新报送", 2, f"{HR_CENTRE}填报人")]
    assert first.submitted_by == "丰台人社局令牌" and second.submitted_by == f"{HR_CENTRE}填报人"

    [change] = detail.changes
    assert (change.before, change.after, change.changed) == (1, 2, True)
    fields = {f.field: (f.label, f.before, f.after) for f in change.fields}
    assert fields["total_computed"] == ("总分（计算）", 100.0, 65.5)
    assert fields["grade"] == ("等级", "优", "中")
    assert fields["execution_rate"] == ("执行率", 1.0, 0.7)
    assert "budget" not in fields  # the same 全年预算数 in both

    def keyed(findings):
        from collections import Counter

        return Counter((f.rule, f.cell) for f in findings)

    assert keyed(change.added) == keyed(second.findings) - keyed(first.findings)
    assert keyed(change.removed) == keyed(first.findings) - keyed(second.findings)
    assert change.added and change.removed
    json.dumps(jsonable(detail), ensure_ascii=False)


def test_the_detail_of_a_form_with_errors(loaded):
    with loaded.db.session() as session:
        detail = form_detail(session, loaded.users[ADMIN], loaded.submission_id("2024 年服务大厅公共设施维修费"))
    assert detail.current.errors == 1 and detail.changes == [] and len(detail.versions) == 1
    assert [(f.rule, f.severity_name, f.cell) for f in detail.current.findings if f.severity == "error"] == \
        [("ZP404", "错误", "E17")]
    assert (detail.current.total_computed, detail.current.total_reported, detail.current.score) == (98.73, 98.0, 98.73)


def test_no_detail_for_a_submission_that_does_not_exist(loaded):
    with loaded.db.session() as session:
        assert form_detail(session, loaded.users[ADMIN], 10**9) is None
