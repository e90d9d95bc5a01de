"""Time the reviewer queries (portal/store/review/) on a database of 20,000 forms.

Fills a new database through the models' tables (bulk INSERTs, not exports: seconds instead of
hours) with a realistic spread: 2 years, 30 主管部门, 300 实施单位 of uneven size, every submission
with 1–3 versions (only the current one counts), statuses, grades and scores that agree, budgets,
~8 findings per version (rule codes of the catalogue, errors on a few forms), and the review events.
Then times, for a 财政局管理员 and for the reviewer of a large 主管部门, per call in a new session:

  dashboard        dashboard(year)
  first page       forms_table(year), newest first, 50 a page
  filtered page    forms_table(year, status 已报送 + grade 良 + rule ZP401 + has warnings)
  sorted page      forms_table(year, sort by score)
  deep page        forms_table(year, sort by project, the last page)

on SQLite (a temporary file) and on PostgreSQL (a temporary server started as tests/portal/conftest.py
starts it; its helpers are imported from there). Prints p50/p95 in ms over --repeat calls.

    .venv/bin/python bench/bench_portal_queries.py [--forms 20000] [--repeat 30] [--backends sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select  # noqa: E402

from portal.store.connect import open_database  # noqa: E402
from portal.store.models import (Department, Finding, ReviewEvent, Submission, SubmissionVersion, Unit,  # noqa: E402
                                 User)
from portal.store.review.dashboard import dashboard  # noqa: E402
from portal.store.review.forms_table import FormFilters, forms_table  # noqa: E402
from portal.store.review.scope import Viewer  # noqa: E402
from validation.rules.codes import CODES  # noqa: E402

YEARS = (2023, 2024)
DEPARTMENTS = 30
UNITS_PER_DEPARTMENT = 10
FINDINGS_PER_VERSION = 8
CHUNK = 5000
PAGE_SIZE = 50


def _grade(rng: random.Random) -> tuple[str, float]:
    grade = rng.choices(("优", "良", "中", "差"), weights=(60, 25, 10, 5))[0]
    low, high = {"优": (90, 100), "良": (80, 89.99), "中": (60, 79.99), "差": (20, 59.99)}[grade]
    return grade, round(rng.uniform(low, high), 2)


def fill(db, forms: int, seed: int = 2024) -> dict:
    """Insert the dataset; returns what the bench needs to know of it."""
    rng = random.Random(seed)
    rules = sorted(CODES)
    now = datetime(2025, 3, 1, tzinfo=timezone.utc)
    departments = [dict(id=d + 1, name=f"某市第{d + 1:02d}主管部门", created_at=now) for d in range(DEPARTMENTS)]
    units = [dict(id=d * UNITS_PER_DEPARTMENT + u + 1, department_id=d + 1, name=f"第{d + 1:02d}部门所属第{u + 1:02d}单位",
                  created_at=now) for d in range(DEPARTMENTS) for u in range(UNITS_PER_DEPARTMENT)]
    # uneven sizes: some units report many projects, most a few
    weights = [rng.lognormvariate(0, 0.8) for _ in units]
    users = [dict(id=1, login="admin", display_name="财政局管理员", role="bureau_admin", password_hash="-",
                  disabled=False, failed_logins=0, password_changed_at=now, created_at=now, updated_at=now)]
    for d in range(DEPARTMENTS):
        users.append(dict(id=d + 2, login=f"reviewer{d + 1:02d}", display_name=f"第{d + 1:02d}部门审核人",
                          role="department_reviewer", department_id=d + 1, password_hash="-", disabled=False,
                          failed_logins=0, password_changed_at=now, created_at=now, updated_at=now))
    clerk_of = {}
    for unit in units:
        clerk_of[unit["id"]] = len(users) + 1
        users.append(dict(id=len(users) + 1, login=f"clerk{unit['id']:03d}", display_name=f"{unit['name']}填报人",
                          role="clerk", department_id=unit["department_id"], unit_id=unit["id"], password_hash="-",
                          disabled=False, failed_logins=0, password_changed_at=now, created_at=now, updated_at=now))

    submissions, versions, findings, events = [], [], [], []
    chosen = rng.choices(units, weights=weights, k=forms)
    for n, unit in enumerate(chosen, start=1):
        year = YEARS[n % len(YEARS)]
        count = rng.choices((1, 2, 3), weights=(75, 20, 5))[0]
        status = rng.choices(("submitted", "returned", "approved"), weights=(50, 15, 35))[0]
        project = f"{year}年{rng.choice(('办公设备购置', '信息系统运维', '房屋租赁', '人员经费', '培训', '专项业务'))}项目{n:05d}"
        grade = None
        for number in range(1, count + 1):
            current = number == count
            grade, score = _grade(rng)
            budget = round(rng.lognormvariate(4, 1.2), 2) if rng.random() > 0.03 else None
            executed = round(budget * min(1.0, rng.uniform(0.4, 1.05)), 2) if budget is not None else None
            errors = rng.choice((1, 2)) if rng.random() < 0.05 else 0
            warnings = rng.randint(0, 5)
            infos = FINDINGS_PER_VERSION - errors - warnings if FINDINGS_PER_VERSION > errors + warnings else 0
            version_id = len(versions) + 1
            at = now - timedelta(days=365 * (2024 - year), minutes=rng.randint(0, 400_000)) + timedelta(minutes=number)
            versions.append(dict(
                id=version_id, submission_id=n, number=number,
                path=f"{year}/{departments[unit['department_id'] - 1]['name']}/{unit['name']}/{project}.xlsx",
                sha256=f"{rng.getrandbits(256):064x}", profile="national", sheet="表1", source=None,
                execution_rate=round(executed / budget, 4) if budget else None, budget=budget, executed=executed,
                total_reported=score if rng.random() > 0.1 else round(score - 1, 2),
                total_computed=score if rng.random() > 0.05 else None, grade=grade, errors=errors,
                warnings=warnings, infos=infos, reasons_needed=rng.randint(0, 2),
                status=status if current else "returned", submitted_by_user_id=clerk_of[unit["id"]],
                submitted_by_label=None, exported_at=at, created_at=at))
            severities = ["error"] * errors + ["warning"] * warnings + ["info"] * infos
            for position, severity in enumerate(severities):
                findings.append(dict(version_id=version_id, position=position, rule=rng.choice(rules),
                                     slug="some-rule", severity=severity, sheet="表1",
                                     cell=f"{rng.choice('BCDEFGH')}{rng.randint(5, 30)}",
                                     message="某单元格的问题说明，长度与真实的说明相近，供审核人阅读。"))
            events.append(dict(version_id=version_id, kind="submitted" if number == 1 else "resubmitted",
                               user_id=clerk_of[unit["id"]], created_at=at))
            decided = status if current else "returned"
            if decided != "submitted":
                events.append(dict(version_id=version_id, kind=decided,
                                   user_id=unit["department_id"] + 1, comment="审核意见" if decided == "returned" else None,
                                   created_at=at + timedelta(days=2)))
        submissions.append(dict(id=n, year=year, department_id=unit["department_id"], unit_id=unit["id"],
                                stem=project, project=project, latest_number=count, status=status, grade=grade,
                                created_at=now, updated_at=now))

    with db.engine.begin() as connection:
        for model, rows in ((Department, departments), (Unit, units), (User, users), (Submission, submissions),
                            (SubmissionVersion, versions), (Finding, findings), (ReviewEvent, events)):
            columns = {c.name for c in model.__table__.columns}
            for start in range(0, len(rows), CHUNK):
                chunk = [{c: row.get(c) for c in columns if c != "id" or "id" in row} for row in rows[start:start + CHUNK]]
                connection.execute(insert(model.__table__), chunk)
        if connection.dialect.name == "postgresql":
            for model in (Submission, SubmissionVersion, Finding, ReviewEvent, User, Unit, Department):
                connection.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{model.__tablename__}', 'id'), "
                                           f"(SELECT max(id) FROM {model.__tablename__}))")
    with db.engine.connect() as connection:  # statistics for the planner, as autovacuum / `ANALYZE` would give
        connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    per_department = {}
    for submission in submissions:
        if submission["year"] == 2024:
            per_department[submission["department_id"]] = per_department.get(submission["department_id"], 0) + 1
    big = max(per_department, key=per_department.get)
    return {"versions": len(versions), "findings": len(findings), "events": len(events),
            "big_department": big, "big_department_forms": per_department[big]}


def timed(db, call, repeat: int) -> tuple[float, float, object]:
    with db.session() as session:  # warm-up (statement caches, the planner's statistics)
        result = call(session)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        with db.session() as session:
            result = call(session)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, max(0, round(0.95 * len(times)) - 1))]
    return statistics.median(times), p95, result


def queries(year: int, deep_page: int):
    filtered = FormFilters(status="submitted", grade="良", rule="ZP401", has_warnings=True)
    return [
        ("dashboard", lambda s, v: dashboard(s, v, year)),
        ("first page", lambda s, v: forms_table(s, v, year, page_size=PAGE_SIZE)),
        ("filtered page", lambda s, v: forms_table(s, v, year, filtered, page_size=PAGE_SIZE)),
        ("sorted page", lambda s, v: forms_table(s, v, year, sort="score", page_size=PAGE_SIZE)),
        ("deep page", lambda s, v: forms_table(s, v, year, sort="project", page=deep_page, page_size=PAGE_SIZE)),
    ]


def describe(result) -> str:
    if hasattr(result, "total") and hasattr(result, "rows"):
        return f"{len(result.rows)} of {result.total} (page {result.page}/{result.pages})"
    return f"{result.total.forms} forms, {len(result.units)} units"


def run_backend(name: str, url: str, forms: int, repeat: int) -> list[tuple]:
    db = open_database(url)
    try:
        start = time.perf_counter()
        info = fill(db, forms)
        with db.session() as session:
            total = session.scalar(select(func.count()).select_from(Submission))
        print(f"[{name}] filled {total} submissions, {info['versions']} versions, {info['findings']} findings, "
              f"{info['events']} events in {time.perf_counter() - start:.1f} s", flush=True)
        admin = Viewer(1, "bureau_admin", name="财政局管理员")
        reviewer = Viewer(info["big_department"] + 1, "department_reviewer", info["big_department"],
                          name="审核人")
        results = []
        for who, viewer, deep in (("bureau_admin", admin, 10**6), ("department_reviewer", reviewer, 10**6)):
            for label, call in queries(2024, deep):
                p50, p95, result = timed(db, lambda s: call(s, viewer), repeat)
                results.append((name, who, label, p50, p95, describe(result)))
                print(f"  {who:<20} {label:<14} p50 {p50:8.2f} ms  p95 {p95:8.2f} ms  {describe(result)}", flush=True)
        return results
    finally:
        db.dispose()


def databases(backends: list[str], prefix: str):
    """(label, URL, scratch folder) for each backend asked for: a SQLite file in a new folder, and
    a database on a PostgreSQL server started the way the tests start theirs; all removed after."""
    if "sqlite" in backends:
        folder = Path(tempfile.mkdtemp(prefix=prefix))
        try:
            yield "SQLite", str(folder / "portal.sqlite3"), folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    if "postgresql" in backends:
        from tests.portal.conftest import _start_postgres, postgres_bin

        bin = postgres_bin()
        if bin is None:
            raise SystemExit("PostgreSQL 未安装（找不到 /usr/lib/postgresql/*/bin/initdb）：请运行 scripts/system-deps.sh。")
        server = _start_postgres(bin)
        folder = Path(tempfile.mkdtemp(prefix=prefix))
        try:
            yield f"PostgreSQL {server.bin.parent.name}", server.new_database(), folder
        finally:
            server.pg_ctl("-m", "fast", "-w", "stop", check=False)
            shutil.rmtree(server.folder, ignore_errors=True)
            shutil.rmtree(folder, ignore_errors=True)


def arguments(description: str) -> tuple[argparse.Namespace, list[str]]:
    """The options both portal benches take, and the backends asked for."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--forms", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    return args, [b.strip() for b in args.backends.split(",") if b.strip()]


def main() -> None:
    args, backends = arguments(__doc__)
    results = []
    for label, url, _folder in databases(backends, "ziping-bench-"):
        results += run_backend(label, url, args.forms, args.repeat)

    print(f"\n{args.forms} forms, {args.repeat} calls each, ms per call (a new session per call)")
    print(f"{'database':<16} {'user':<20} {'query':<14} {'p50':>8} {'p95':>8}  result")
    for backend, who, label, p50, p95, result in results:
        print(f"{backend:<16} {who:<20} {label:<14} {p50:8.2f} {p95:8.2f}  {result}")


if __name__ == "__main__":
    main()
