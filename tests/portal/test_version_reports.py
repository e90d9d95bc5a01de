"""自评报告 in the store, on SQLite and PostgreSQL: a database at 0003 with rows upgrades to 0004
unchanged; a version gets its report (file under the submission folder, row, findings with
paragraph and quote) entirely or not at all, keeps the one it has, and the reviewer's queries
(the form's detail, the forms table) show what was stored without checking the report again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, insert, inspect, select

from portal.store import version_reports as version_reports_module
from portal.store.accounts import create_user
from portal.store.connect import open_database
from portal.store.errors import IndexingError
from portal.store.index import record_export
from portal.store.migrate import head_revision, upgrade
from portal.store.models import (ReportFinding, Submission, SubmissionVersion, Upload, User, VersionReport)
from portal.store.review.form_detail import form_detail
from portal.store.review.forms_table import forms_table
from portal.store.version_reports import ATTACHED, DIFFERENT, KEPT, FOLDER, StagedReport, attach_report
from reports.checking import check_report
from tests.portal.conftest import PROFILE
from tests.portal.report_files import PROJECT, SHEET, WRONG_EXECUTED, write_report
from workbooks.submission.export import sha256_of

DEPARTMENT = "北京市丰台区人力资源和社会保障局"
CENTRE = "北京市丰台区人力资源公共服务中心"


def staged(path: Path, forms) -> StagedReport:
    """A report checked against the sample's forms, as the portal stages it when it is uploaded."""
    check = check_report(path, PROFILE, forms)
    assert check.error is None and check.sheet == SHEET
    return StagedReport(path, f"报告-{path.name}", path.suffix, sha256_of(path), path.stat().st_size, PROFILE.name,
                        check.sheet, check.project,
                        [{"rule": f.rule, "slug": f.slug, "severity": f.severity, "paragraph": f.paragraph,
                          "quote": f.quote, "message": f.message} for f in check.findings],
                        [v.to_dict() for v in check.values], check.paragraphs)


@pytest.fixture
def recorded(db, exported):
    """The sample exported and recorded: (db, submission folder, version id of 表2, its submission id)."""
    root, result = exported
    with db.write() as session:
        clerk, _ = create_user(session, "zhangsan", "clerk", "correct horse battery", "张三", DEPARTMENT, CENTRE)
        session.flush()
        clerk_id = clerk.id
    done = record_export(db, root, result, user=clerk_id)
    table2 = next(d for item, d in zip(result.exported, done) if item.sheet == SHEET)
    return db, root, table2.version_id, table2.submission_id


def test_a_database_at_0003_with_rows_upgrades_to_0004(db_url):
    """0004 only adds tables: users, uploads, submissions and their versions are kept as they were,
    and an old version simply has no report."""
    from portal.store.timestamps import utcnow

    assert upgrade(db_url, "0003") == "0003"
    database = open_database(db_url, migrate=False)
    try:
        assert "version_reports" not in inspect(database.engine).get_table_names()
        with database.write() as session:
            clerk, _ = create_user(session, "zhangsan", "clerk", "correct horse", department="某局", unit="某中心")
            session.flush()
            session.execute(insert(Upload).values(
                key="old-upload", department_id=clerk.department_id, unit_id=clerk.unit_id, user_id=clerk.id,
                original_name="自评表.xlsx", path=f"{clerk.unit_id}/old.xlsx", sha256="0" * 64, size=1,
                profile="national", forms=1, errors=0, warnings=0, result="{}", created_at=utcnow(),
                submitted_at=utcnow()))
            submission = Submission(year=2024, department_id=clerk.department_id, unit_id=clerk.unit_id, stem="项目",
                                    project="项目", latest_number=1)
            session.add(submission)
            session.flush()
            session.add(SubmissionVersion(submission_id=submission.id, number=1, path="2024/某局/某中心/项目.xlsx",
                                          sha256="1" * 64, profile="national", sheet="表1", source="自评表.xlsx｜表1",
                                          submitted_by_user_id=clerk.id))
            submission_id = submission.id
        assert upgrade(database) == head_revision() == "0004"
        tables = set(inspect(database.engine).get_table_names())
        assert {"upload_reports", "version_reports", "report_findings"} <= tables
        with database.session() as session:
            assert session.scalar(select(Upload.original_name).where(Upload.key == "old-upload")) == "自评表.xlsx"
            assert session.scalar(select(func.count()).select_from(VersionReport)) == 0
            version = session.scalar(select(SubmissionVersion).where(SubmissionVersion.submission_id == submission_id))
            assert version.report is None and version.sheet == "表1"
            user = session.scalar(select(User).where(User.login == "zhangsan"))
            detail = form_detail(session, user, submission_id)
        assert detail.report is None and detail.current.number == 1
    finally:
        database.dispose()


def test_a_version_gets_its_report_with_findings_paragraphs_and_quotes(recorded, sample_reports, tmp_path):
    db, root, version_id, submission_id = recorded
    report = staged(write_report(tmp_path / "wrong.docx", WRONG_EXECUTED), sample_reports)
    assert attach_report(db, root, version_id, report) == ATTACHED
    with db.session() as session:
        row = session.scalar(select(VersionReport).where(VersionReport.version_id == version_id))
        findings = session.scalars(select(ReportFinding).where(ReportFinding.report_id == row.id)
                                   .order_by(ReportFinding.position)).all()
        stem = session.get(Submission, submission_id).stem
    assert row.path == f"2024/{DEPARTMENT}/{CENTRE}/{FOLDER}/{stem}.v1.docx"
    stored = root / row.path
    assert stored.read_bytes() == (tmp_path / "wrong.docx").read_bytes() and row.sha256 == report.sha256
    assert (row.sheet, row.project, row.original_name, row.errors) == (SHEET, PROJECT, "报告-wrong.docx", 2)
    assert [(f.rule, f.severity, f.paragraph, f.quote, f.message) for f in findings] == \
        [(f["rule"], f["severity"], f["paragraph"], f["quote"], f["message"]) for f in report.findings]
    wrong = next(f for f in findings if f.rule == "ZP960")
    assert wrong.severity == "error" and wrong.paragraph == 4 and WRONG_EXECUTED in wrong.quote
    assert json.loads(row.value_rows) == report.values
    assert any(v["name"] == "全年执行数" and v["agrees"] is False for v in report.values)
    assert not [p for p in stored.parent.iterdir() if p.name.endswith(".part")]


def test_a_version_keeps_the_report_it_was_submitted_with(recorded, sample_reports, tmp_path):
    db, root, version_id, _ = recorded
    first = staged(write_report(tmp_path / "first.docx"), sample_reports)
    other = staged(write_report(tmp_path / "second.docx", WRONG_EXECUTED), sample_reports)
    assert attach_report(db, root, version_id, first) == ATTACHED
    assert attach_report(db, root, version_id, first) == KEPT
    assert attach_report(db, root, version_id, other) == DIFFERENT
    with db.session() as session:
        rows = session.scalars(select(VersionReport)).all()
    assert len(rows) == 1 and rows[0].sha256 == first.sha256 and rows[0].errors == 0
    assert (root / rows[0].path).read_bytes() == (tmp_path / "first.docx").read_bytes()


def test_nothing_is_kept_when_the_transaction_fails(recorded, sample_reports, tmp_path, monkeypatch):
    db, root, version_id, _ = recorded
    report = staged(write_report(tmp_path / "wrong.docx", WRONG_EXECUTED), sample_reports)
    real_add = version_reports_module._add

    def add_then_fail(session, *args):
        real_add(session, *args)  # the rows are written, then the transaction fails
        raise RuntimeError("the database went away")

    monkeypatch.setattr(version_reports_module, "_add", add_then_fail)
    with pytest.raises(RuntimeError):
        attach_report(db, root, version_id, report)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(VersionReport)) == 0
        assert session.scalar(select(func.count()).select_from(ReportFinding)) == 0
    folder = next(root.rglob(FOLDER))
    assert [p.name for p in folder.iterdir()] == [version_reports_module.LOCK]  # no report, no temporary file
    monkeypatch.undo()
    assert attach_report(db, root, version_id, report) == ATTACHED  # and it can be attached afterwards


def test_a_report_changed_on_disk_since_its_check_is_refused(recorded, sample_reports, tmp_path):
    db, root, version_id, _ = recorded
    path = write_report(tmp_path / "report.docx")
    report = staged(path, sample_reports)
    path.write_bytes(path.read_bytes() + b"\0")
    with pytest.raises(IndexingError, match="已被改动"):
        attach_report(db, root, version_id, report)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(VersionReport)) == 0
    assert not [p for p in root.rglob("*.docx")]


def test_the_reviewer_queries_show_the_stored_report(recorded, sample_reports, tmp_path, monkeypatch):
    """The form's detail and the forms table read the report from the database: checking it again
    is never needed (the checker is made to fail to prove it)."""
    db, root, version_id, submission_id = recorded
    assert attach_report(db, root, version_id,
                         staged(write_report(tmp_path / "wrong.docx", WRONG_EXECUTED), sample_reports)) == ATTACHED
    import reports.checking.report_check as report_check

    def no_checking(*args, **kwargs):
        raise AssertionError("a stored report was checked again")

    monkeypatch.setattr(report_check, "check_document_against", no_checking)
    with db.write() as session:
        admin, _ = create_user(session, "caizheng", "bureau_admin", "correct horse battery", "财政局")
    with db.session() as session:
        admin = session.scalar(select(User).where(User.login == "caizheng"))
        detail = form_detail(session, admin, submission_id)
        page = forms_table(session, admin, 2024, page_size=50)
    report = detail.report
    assert report is not None and report.errors == 2 and report.sheet == SHEET and report.name == "报告-wrong.docx"
    wrong = next(f for f in report.findings if f.rule == "ZP960")
    assert wrong.paragraph == 4 and wrong.text.startswith("报告写全年执行数") and WRONG_EXECUTED in wrong.quote
    assert any(v["name"] == "全年执行数" and v["agrees"] is False for v in report.values)
    rows = {row.project: row for row in page.rows}
    assert rows[PROJECT].has_report and rows[PROJECT].report_errors == 2
    others = [row for row in page.rows if row.project != PROJECT]
    assert others and all(not row.has_report and row.report_errors is None for row in others)


def test_reindexing_the_folder_gives_the_versions_their_reports_back(recorded, sample_reports, tmp_path):
    """A database rebuilt from the submission folder (ziping serve --reindex) loses no report: the
    file in 自评报告/ is checked again against its version's own file, with the same findings."""
    from sqlalchemy import delete

    from portal.store.reindex import reindex

    db, root, version_id, _ = recorded
    assert attach_report(db, root, version_id, staged(write_report(tmp_path / "wrong.docx", WRONG_EXECUTED),
                                                      sample_reports)) == ATTACHED

    def stored():
        with db.session() as session:
            row = session.scalar(select(VersionReport).where(VersionReport.version_id == version_id))
            findings = session.scalars(select(ReportFinding).where(ReportFinding.report_id == row.id)
                                       .order_by(ReportFinding.position)).all()
            return ((row.path, row.sha256, row.project, row.errors, row.warnings, json.loads(row.value_rows)),
                    [(f.rule, f.severity, f.paragraph, f.quote, f.message) for f in findings],
                    (row.sheet, session.get(SubmissionVersion, version_id).sheet))

    before = stored()
    with db.write() as session:
        session.execute(delete(ReportFinding))
        session.execute(delete(VersionReport))
    counts = reindex(root, db, PROFILE)
    assert counts.reports == 1 and "重新登记了随表报送的自评报告" in counts.message(root)
    after = stored()
    assert after[:2] == before[:2]
    assert after[2][0] == after[2][1]  # the sheet as the version records it
    assert reindex(root, db, PROFILE).reports == 0  # idempotent: a version that has its report keeps it
