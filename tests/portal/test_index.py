"""The index on both databases: exports recorded with the figures the summary shows, versions,
concurrent submissions, all-or-nothing transactions, and the index rebuilt from the folder."""

import multiprocessing
import shutil
import threading
import time

import pytest
from sqlalchemy import func, select

from portal.store import index as index_module
from portal.store.accounts import create_user
from portal.store.connect import open_database
from portal.store.index import record_export, record_version
from portal.store.models import (Department, Finding, ReviewEvent, Submission, SubmissionVersion, Unit, User)
from portal.store.reindex import reindex
from portal.store.submission_folder import check_version, locate
from tests.portal.forms import PROFILE, export_file, variant
from tests.portal.workers import export_and_record
from workbooks.checking.batch import check_file
from workbooks.submission.export import HISTORY, sha256_of
from workbooks.review.summary import form_rows

DEPARTMENT = "北京市丰台区人力资源和社会保障局"
CENTRE = "北京市丰台区人力资源公共服务中心"
MODELS = (Department, Unit, User, Submission, SubmissionVersion, Finding, ReviewEvent)


@pytest.fixture
def second_db(request, db_url, tmp_path):
    """Another empty database of the same kind as `db`."""
    url = (request.getfixturevalue("postgres_server").new_database() if db_url.startswith("postgresql")
           else str(tmp_path / "second.sqlite3"))
    database = open_database(url)
    yield database
    database.dispose()


def counts(db) -> dict[str, int]:
    with db.session() as session:
        return {model.__tablename__: session.scalar(select(func.count()).select_from(model)) for model in MODELS}


def snapshot(db, archived_source: bool = True) -> list[tuple]:
    """Everything the index holds about the folder (not ids, not who indexed it or when).

    manifest.json keeps the source (the clerk's workbook and sheet) of the current version only:
    the live index knows it for every version, a rebuilt one only for the current ones.
    """
    with db.session() as session:
        rows = []
        for version in session.scalars(select(SubmissionVersion)):
            submission = version.submission
            current = version.number == submission.latest_number
            rows.append((
                submission.year, submission.department.name, submission.unit.name, submission.stem, submission.project,
                submission.latest_number, submission.status, submission.grade,
                version.number, version.path, version.sha256, version.profile, version.sheet,
                version.source if archived_source or current else None,
                version.execution_rate, version.budget, version.executed, version.total_reported,
                version.total_computed, version.grade, version.errors, version.warnings, version.infos,
                version.reasons_needed, version.status, version.exported_at,
                tuple((f.position, f.rule, f.slug, f.severity, f.sheet, f.cell, f.message) for f in version.findings),
                tuple((e.kind, e.comment, e.created_at) for e in version.events)))
        return sorted(rows, key=lambda row: (row[3], row[8]))


def test_an_export_is_indexed_with_the_figures_of_the_summary(db, exported):
    root, result = exported
    recorded = record_export(db, root, result, label="丰台人社局令牌")
    assert [r.created for r in recorded] == [True] * 7 and len({r.submission_id for r in recorded}) == 7
    assert counts(db) == {"departments": 1, "units": 2, "users": 0, "submissions": 7, "submission_versions": 7,
                          "findings": sum(len(check_file(e.file, PROFILE).reports[0].findings) for e in result.exported),
                          "review_events": 7}
    with db.session() as session:
        for item, done in zip(result.exported, recorded):
            relative = item.file.relative_to(root).as_posix()
            checked = check_file(item.file, PROFILE)
            [row] = form_rows(relative, checked.reports)
            version = session.get(SubmissionVersion, done.version_id)
            submission = version.submission
            assert (version.path, version.number, version.sha256) == (relative, 1, sha256_of(item.file))
            assert [version.sheet, submission.project, submission.department.name, submission.unit.name,
                    version.budget, version.executed, version.execution_rate, version.total_reported,
                    version.total_computed, version.grade, version.errors, version.warnings,
                    version.reasons_needed] == [row.sheet, row.project, row.department, row.unit, row.budget, row.executed,
                                                row.rate, row.total_reported, row.total_computed, row.grade, row.errors,
                                                row.warnings, row.reasons_needed]
            assert version.infos == checked.reports[0].infos and version.profile == "national"
            assert [(f.rule, f.severity, f.sheet, f.cell, f.message) for f in version.findings] == \
                [(f.rule, f.severity, f.sheet, f.cell, f.message) for f in checked.reports[0].findings]
            assert (submission.year, submission.stem, submission.latest_number, submission.status, submission.grade) == \
                (2024, item.file.stem, 1, "submitted", row.grade)
            assert version.source == f"fengtai-2024.xlsx｜{item.sheet}"
            assert [(e.kind, e.actor_label) for e in version.events] == [("submitted", "丰台人社局令牌")]
            assert version.submitted_by_label == "丰台人社局令牌" and version.exported_at is not None
    # the same export again (or an unchanged re-export) adds nothing
    assert [r.created for r in record_export(db, root, result, label="丰台人社局令牌")] == [False] * 7
    assert counts(db)["submission_versions"] == 7


def test_a_new_version_is_a_resubmission_and_the_old_file_moves_to_history(db, exported, tmp_path):
    root, result = exported
    record_export(db, root, result, label="令牌")
    with db.write() as session:
        clerk, _ = create_user(session, "zhangsan", "clerk", "clerk secret 1", "张三", DEPARTMENT, CENTRE)
    second = export_file(variant(tmp_path, "（修订）"), root)
    [recorded] = record_export(db, root, second, user=clerk)
    assert (recorded.number, recorded.created) == (2, True)
    with db.session() as session:
        submission = session.get(Submission, recorded.submission_id)
        assert submission.latest_number == 2
        first, latest = submission.versions
        stem = second.exported[0].file.stem
        assert first.path == f"2024/{DEPARTMENT}/{CENTRE}/{HISTORY}/{stem}.v1.xlsx"
        assert sha256_of(root / first.path) == first.sha256
        assert latest.path == f"2024/{DEPARTMENT}/{CENTRE}/{stem}.xlsx" and latest.submitted_by.login == "zhangsan"
        assert [(e.kind, e.user.login) for e in latest.events] == [("resubmitted", "zhangsan")]


def _assert_both_landed(db, root, numbers):
    assert sorted(numbers) == [1, 2]
    assert counts(db)["submissions"] == 1 and counts(db)["submission_versions"] == 2
    assert counts(db)["departments"] == 1 and counts(db)["units"] == 1
    with db.session() as session:
        submission = session.scalar(select(Submission))
        assert submission.latest_number == 2
        for version in submission.versions:
            assert sha256_of(root / version.path) == version.sha256
        assert [e.kind for v in submission.versions for e in v.events] == ["submitted", "resubmitted"]


def test_two_clerks_submitting_one_project_at_once_both_land_threads(db, tmp_path):
    root = tmp_path / "报送"
    files = [variant(tmp_path, "（甲）"), variant(tmp_path, "（乙）")]
    barrier = threading.Barrier(2)
    numbers, failures = [], []

    def clerk(path, label):
        try:
            result = export_file(path, root)
            barrier.wait(timeout=60)  # both index at the same moment: both try to create the same rows
            numbers.extend(r.number for r in record_export(db, root, result, label=label))
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=clerk, args=(path, f"填报人{i}")) for i, path in enumerate(files)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    _assert_both_landed(db, root, numbers)


def test_two_clerks_submitting_one_project_at_once_both_land_processes(db, db_url, tmp_path):
    root = tmp_path / "报送"
    files = [variant(tmp_path, "（丙）"), variant(tmp_path, "（丁）")]
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        barrier = manager.Barrier(2)
        with context.Pool(2) as pool:
            results = pool.starmap(export_and_record, [(str(path), str(root), db_url, f"进程{i}", barrier)
                                                       for i, path in enumerate(files)])
    assert all(created for _, created in results)
    _assert_both_landed(db, root, [number for number, _ in results])


def test_one_version_indexed_twice_at_once_is_one_row(db, exported):
    root, result = exported
    barrier = threading.Barrier(4)
    outcomes = []

    def index():
        barrier.wait(timeout=60)
        outcomes.append(record_export(db, root, result, label="令牌")[0])

    threads = [threading.Thread(target=index) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 4 and len({o.version_id for o in outcomes}) == 1
    assert sum(o.created for o in outcomes) == 1
    assert counts(db)["submission_versions"] == 7


def test_a_failure_in_the_middle_leaves_no_rows(db, exported, monkeypatch):
    root, result = exported
    original = index_module._add_findings

    def fail_after_adding(session, version, checked):
        original(session, version, checked)
        session.flush()  # the department, unit, submission, version and findings are in the transaction
        assert session.scalar(select(func.count()).select_from(Finding)) > 0
        raise RuntimeError("disk full")

    monkeypatch.setattr(index_module, "_add_findings", fail_after_adding)
    with pytest.raises(RuntimeError, match="disk full"):
        record_export(db, root, result, label="令牌")
    assert set(counts(db).values()) == {0}
    monkeypatch.setattr(index_module, "_add_findings", original)
    assert len(record_export(db, root, result, label="令牌")) == 7


def test_reindex_rebuilds_the_rows_of_the_live_index(db, second_db, exported, tmp_path):
    root, result = exported
    record_export(db, root, result, label="令牌")
    record_export(db, root, export_file(variant(tmp_path, "（修订）"), root), label="令牌")
    record_export(db, root, export_file(variant(tmp_path, "（再修订）"), root), label="令牌")
    live = snapshot(db, archived_source=False)
    assert len(live) == 9 and snapshot(db) != live  # the live index knows the source of archived versions too

    first = reindex(root, second_db)
    assert (first.folders, first.forms, first.versions, first.added, first.skipped, first.missing) == (2, 7, 9, 9, [], 0)
    assert snapshot(second_db) == live
    assert [row[13] for row in snapshot(second_db)].count(None) == 2  # v1 and v2 of the revised form
    again = reindex(root, second_db)
    assert (again.versions, again.added, again.updated, again.unchanged) == (9, 0, 0, 9)
    assert snapshot(second_db) == live

    # on the live database: nothing to add, and review decisions stay
    with db.write() as session:
        version = session.scalar(select(SubmissionVersion).where(SubmissionVersion.number == 1).limit(1))
        version.status = version.submission.status = "approved"
        session.add(ReviewEvent(version_id=version.id, kind="approved", actor_label="局审核", comment="同意"))
    reviewed = snapshot(db)
    on_live = reindex(root, db)
    assert (on_live.added, on_live.updated, on_live.unchanged) == (0, 0, 9)
    assert snapshot(db) == reviewed


def test_reindex_reports_what_it_cannot_index(db, exported):
    root, result = exported
    record_export(db, root, result, label="令牌")
    changed, gone = result.exported[0].file, result.exported[1].file
    changed.write_bytes(changed.read_bytes() + b"\0")
    gone.unlink()
    shutil.copy(result.exported[2].file, result.exported[2].file.with_name("不是导出的.xlsx"))
    counts_ = reindex(root, db)
    reasons = dict(counts_.skipped)
    assert "校验和不一致" in reasons[changed.relative_to(root).as_posix()]
    assert "文件不存在" in reasons[gone.relative_to(root).as_posix()]
    assert "未列入 manifest.json" in reasons[f"2024/{DEPARTMENT}/{CENTRE}/不是导出的.xlsx"]
    assert (counts_.versions, counts_.unchanged, counts_.missing) == (5, 5, 1)
    assert counts(db)["submission_versions"] == 7  # nothing is deleted
    message = counts_.message(root)
    assert "5 个版本" in message and "有 3 个文件或文件夹未能登记" in message and "1 个版本在报送文件夹中找不到文件" in message


def test_a_row_another_transaction_is_creating_makes_the_index_retry(db, exported):
    """Deterministic form of the race: another transaction has inserted the department but not yet
    committed. On PostgreSQL the index's insert waits for it, fails on the unique constraint once
    it commits, and the retry finds the row; on SQLite the index waits for the write lock."""
    root, result = exported
    stored = locate(root, result.exported[0].file, 1)
    checked = check_version(stored)
    outcome = []
    with db.write() as session:
        session.add(Department(name=stored.department))
        session.flush()
        thread = threading.Thread(target=lambda: outcome.append(record_version(db, stored, checked, label="令牌")))
        thread.start()
        time.sleep(1.5)
        assert outcome == []  # waiting for this transaction
    thread.join(timeout=60)
    [recorded] = outcome
    assert recorded.created and recorded.attempts == (2 if db.dialect == "postgresql" else 1)
    assert counts(db)["departments"] == 1 and counts(db)["submission_versions"] == 1
