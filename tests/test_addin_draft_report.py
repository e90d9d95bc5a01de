"""生成自评报告: the ribbon action on real workbooks through the xlwings server engine, with payloads
shaped like the VBA client's — locally (drafts beside the workbook) and on the server (a pointer
to the portal); the clerk's workbook is only read."""

import copy
import hashlib
import shutil
import warnings

import pytest
from docx import Document

from addin import run_in_excel
from addin.actions.draft_report import DRAFT_FOLDER, NOT_LOCAL, UNSAVED
from addin.server.app import ServerSettings, create_app
from addin.server.tokens import Token, digest
from addin.xlwings_env import xw
from reports.drafting import report_file_name
from tests.remote import apply, payload, remote_bas_subs, with_settings
from tests.workbook_fingerprint import fingerprint
from validation import load_profile
from workbooks.checking.batch import check_file
from workbooks.writing.samples import sample_path
from workbooks.writing.template import build_template

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "bureau-reviewer-token-0001"
TOKENS = [Token(digest(TOKEN), "北京市丰台区人力资源和社会保障局", "*", "局审核")]


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_local(source, fullname):
    """The action as RunPython runs it on the clerk's computer: Excel's FullName is the file's path
    (the server engine's book has no other name than the one the payload gives it)."""
    data = payload(source)
    data["book"]["name"] = str(fullname)
    with xw.Book(json=data) as book:
        message = run_in_excel("draft_report", book)
        actions = book.json()["actions"]
    return message, actions


@pytest.fixture()
def sample(tmp_path):
    return shutil.copy(sample_path(), tmp_path / "fengtai-2024.xlsx")


def test_drafts_one_report_per_form_beside_the_workbook(sample, tmp_path):
    before = _sha(sample)
    message, actions = run_local(sample, sample)
    folder = tmp_path / DRAFT_FOLDER
    drafts = sorted(folder.iterdir())
    filled = [r for r in check_file(sample, load_profile()).reports if not r.blank]
    assert len(filled) == 9 and len(drafts) == 9
    assert {p.name for p in drafts} == {report_file_name(r.project) for r in filled}
    text = "\n".join(p.text for p in Document(drafts[0]).paragraphs)
    assert "【请填写" in text
    # one message box: how many, where, what to write, which sheets have errors
    assert [a["func"] for a in actions] == ["alert"] and actions[0]["args"][0] == message
    assert actions[0]["args"][3] == "info"
    assert "9 份" in message and str(folder) in message and "【请填写：…】" in message
    assert "“表5”、“表9”有错误" in message and "校验" in message
    # nothing changes in the workbook: the file is only read, and no action touches the open book
    assert _sha(sample) == before
    applied = apply(actions, sample, tmp_path / "applied.xlsx")
    assert applied == [message] and fingerprint(tmp_path / "applied.xlsx") == fingerprint(sample)
    # a second run keeps the first drafts and names the new ones “（2）”
    first = {p.name: _sha(p) for p in drafts}
    again, _ = run_local(sample, sample)
    assert len(list(folder.iterdir())) == 18 and "9 份与文件夹中已有的文件同名" in again
    assert all(_sha(folder / name) == digest_ for name, digest_ in first.items())


@pytest.mark.parametrize("fullname, expected", [("工作簿1", UNSAVED), ("Book1", UNSAVED),
                                                ("https://d.docs.live.net/0a1b2c/文档/自评表.xlsx", NOT_LOCAL)],
                         ids=["unsaved", "unsaved-english", "onedrive"])
def test_a_workbook_without_a_folder_is_one_sentence(sample, tmp_path, fullname, expected, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a relative name must not be taken for a file in the working folder
    message, actions = run_local(sample, fullname)
    assert message is None
    [alert] = actions
    assert alert["func"] == "alert" and alert["args"][0] == expected and alert["args"][3] == "critical"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fengtai-2024.xlsx"]


def test_a_workbook_of_blank_forms_drafts_nothing(tmp_path):
    blank = build_template(tmp_path / "空白.xlsx", projects=2, year=2024)
    message, _ = run_local(blank, blank)
    assert message == "工作簿中的 2 张自评表都还没有填写，未生成自评报告。"
    assert not (tmp_path / DRAFT_FOLDER).exists()


def _server(tmp_path, portal: bool) -> TestClient:
    settings = ServerSettings(TOKENS, submission_dir=tmp_path / "server-export")
    if portal:  # what `ziping serve --db` sets: the exports are recorded in the portal's index
        settings.on_export = lambda *args: ""
    return TestClient(create_app(settings))


@pytest.mark.parametrize("portal", [True, False], ids=["with-portal", "without-portal"])
def test_on_the_server_the_clerk_is_sent_to_the_portal(tmp_path, portal):
    data = with_settings(payload(sample_path()), MODE="server", SERVER_URL="http://10.1.2.3:8000")
    response = _server(tmp_path, portal).post("/draft_report", json=copy.deepcopy(data),
                                              headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200 and response.content.isascii()
    actions = response.json()["actions"]
    assert [a["func"] for a in actions] == ["alert"] and {a["func"] for a in actions} <= remote_bas_subs()
    message = actions[0]["args"][0]
    assert "服务器不能把文件写到您的电脑上" in message
    if portal:
        assert "报送平台（http://10.1.2.3:8000）" in message and "“下载自评报告草稿”" in message
    else:
        assert "没有可下载自评报告草稿的报送平台" in message and "管理员" in message
    assert not (tmp_path / "server-export").exists() or not any((tmp_path / "server-export").rglob("*"))


def test_on_the_server_a_workbook_without_forms_says_so(tmp_path):
    from openpyxl import Workbook

    empty = tmp_path / "empty.xlsx"
    Workbook().save(empty)
    response = _server(tmp_path, True).post("/draft_report", json=payload(empty), headers={"Authorization": TOKEN})
    [alert] = response.json()["actions"]
    assert alert["args"][0].startswith("没有找到自评表")

