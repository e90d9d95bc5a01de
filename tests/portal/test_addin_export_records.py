"""One store, two doors: the add-in's 导出报送 through `ziping serve` (server mode, payloads
shaped like the VBA client's) records what it wrote in the portal's database, on SQLite and
on PostgreSQL, so that the portal lists the add-in's submissions with its own."""

import copy
import warnings

from sqlalchemy import func, select

from portal.store.models import Submission, SubmissionVersion
from addin.server.settings import ServerSettings
from ziping.server import build_app
from addin.server.tokens import Token, digest
from tests.remote import payload
from workbooks.writing.samples import sample_path

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

DEPARTMENT = "北京市丰台区人力资源和社会保障局"
TOKEN = "bureau-export-token-000000001"


def _export(folder, url):
    settings = ServerSettings([Token(digest(TOKEN), DEPARTMENT, "*", "局报送")], submission_dir=folder,
                              extra={"database": url} if url else {})
    client = TestClient(build_app(settings))
    response = client.post("/export", json=copy.deepcopy(payload(sample_path())), headers={"Authorization": TOKEN})
    assert response.status_code == 200
    [alert] = [a for a in response.json()["actions"] if a["func"] == "alert"]
    return alert["args"][0]


def test_the_addin_export_is_recorded_in_the_portal(db, db_url, tmp_path):
    folder = tmp_path / "报送"
    message = _export(folder, db_url)
    assert "已登记到报送平台" in message
    written = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.xlsx"))
    with db.session() as session:
        versions = session.scalars(select(SubmissionVersion)).all()
        assert len(versions) == len(written) == 7  # the sample's seven forms without errors
        assert sorted(v.path for v in versions) == written
        assert {v.submitted_by_label for v in versions} == {"加载项令牌：局报送"}
    message = _export(folder, db_url)  # the same workbook again: unchanged, nothing new
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(SubmissionVersion)) == 7
        assert session.scalar(select(func.count()).select_from(Submission)) == 7


def test_an_unreachable_database_loses_no_submission(tmp_path):
    folder = tmp_path / "报送"
    url = "postgresql+psycopg://nobody:secret@127.0.0.1:9/none"
    message = _export(folder, url)
    assert "文件已写入报送文件夹" in message and "ziping serve --reindex" in message and "secret" not in message
    assert len(list(folder.rglob("*.xlsx"))) == 7
