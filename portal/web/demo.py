"""`ziping serve --demo`: a portal to try at once, on the embedded SQLite database.

In the demo folder (./demo-portal/ unless --submission-dir says otherwise): the submission folder
报送/ with its default database 报送/.ziping/portal.sqlite3, and the uploads folder 上传文件/. A clerk is
created for each 实施单位 of the shipped sample (workbooks/samples, fengtai-2024.xlsx), plus a
主管部门 reviewer and a 财政局 administrator, all with the fixed DEMO_PASSWORD; each clerk uploads the
sample through the same code as the browser and submits its unit's forms that have no errors.
Running it again resets the demo passwords and adds nothing twice.
"""

from __future__ import annotations

import shutil
import secrets
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from workbooks.checking.batch import check_file
from workbooks.submission.export import sha256_of
from workbooks.writing.samples import sample_path

from ..store.accounts import create_user, find_user, set_disabled, set_password
from ..store.connect import open_database
from ..store.models import BUREAU_ADMIN, CLERK, DEPARTMENT_REVIEWER, ROLE_NAMES, Upload
from .context import Portal, PortalConfig
from .forms import Received
from .uploads import submit_upload, store_upload

DEMO_FOLDER = "demo-portal"
DEMO_PASSWORD = "ziping-demo"
CLERK_LOGINS = ("tianbao", "tianbao2", "tianbao3", "tianbao4")


@dataclass
class DemoAccount:
    login: str
    role: str
    name: str
    scope: str


@dataclass
class Demo:
    accounts: list[DemoAccount] = field(default_factory=list)
    submitted: list[str] = field(default_factory=list)  # one line per clerk

    def message(self, address: str) -> str:
        lines = [f"演示报送平台：{address}", f"演示账号（密码均为 {DEMO_PASSWORD}）："]
        lines += [f"  {a.login:<10} {ROLE_NAMES[a.role]}：{a.scope}" for a in self.accounts]
        lines += self.submitted
        return "\n".join(lines)


def _account(session, login: str, role: str, name: str, department: str | None, unit: str | None) -> None:
    if find_user(session, login) is None:
        create_user(session, login, role, DEMO_PASSWORD, name, department, unit)
    else:
        set_password(session, login, DEMO_PASSWORD)
        set_disabled(session, login, False)


def prepare_demo(database_url: str, submission_dir: Path, uploads_dir: Path, max_bytes: int) -> Demo:
    """Create the demo accounts and submissions (see the module docstring)."""
    sample = sample_path()
    config = PortalConfig(database_url, Path(submission_dir).resolve(), Path(uploads_dir).resolve(), max_bytes)
    database = open_database(database_url)
    portal = Portal(config, threading.Lock(), database)
    demo = Demo()
    try:
        reports = [r for r in check_file(sample, portal.profile).reports if not r.blank]
        units = Counter((r.department, r.unit) for r in reports if r.department and r.unit)
        ordered = [key for key, _ in units.most_common()][:len(CLERK_LOGINS)]
        department = ordered[0][0]
        with database.write() as session:
            for login, (dept, unit) in zip(CLERK_LOGINS, ordered):
                _account(session, login, CLERK, f"{unit}填报人", dept, unit)
                demo.accounts.append(DemoAccount(login, CLERK, f"{unit}填报人", unit))
            _account(session, "shenhe", DEPARTMENT_REVIEWER, "主管部门审核人", department, None)
            demo.accounts.append(DemoAccount("shenhe", DEPARTMENT_REVIEWER, "主管部门审核人", department))
            _account(session, "caizheng", BUREAU_ADMIN, "财政局管理员", None, None)
            demo.accounts.append(DemoAccount("caizheng", BUREAU_ADMIN, "财政局管理员", "全部主管部门"))
        digest = sha256_of(sample)
        for account in demo.accounts:
            if account.role != CLERK:
                continue
            with database.session() as session:
                user = find_user(session, account.login)
                done = session.scalar(select(Upload.id).where(Upload.unit_id == user.unit_id, Upload.sha256 == digest))
            if done is not None:
                demo.submitted.append(f"  {account.login}：示例已上传并报送过，未重复。")
                continue
            scratch = config.uploads_dir / ".incoming"
            scratch.mkdir(parents=True, exist_ok=True)
            temporary = scratch / f".{secrets.token_hex(8)}.part.xlsx"
            shutil.copyfile(sample, temporary)
            stored = store_upload(portal, user, Received(sample.name, ".xlsx", temporary, temporary.stat().st_size))
            with database.session() as session:
                upload = session.scalar(select(Upload).where(Upload.key == stored.key))
            outcome = submit_upload(portal, user, upload, [r.sheet for r in reports])
            mine = sum(1 for r in reports if r.unit == account.scope)
            demo.submitted.append(f"  {account.login}：上传示例 {sample.name}，本单位 {mine} 张表中报送 {len(outcome.new)} 张"
                                  f"（有错误未报送 {mine - len(outcome.new) - len(outcome.unchanged)} 张）。")
    finally:
        database.dispose()
    return demo
