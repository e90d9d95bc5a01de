"""`ziping serve`: the actions over HTTP for the xlwings VBA client, in-process and over loopback."""

import copy
import json
import os
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path

import httpx
import pytest

from addin.actions import ACTIONS
from addin.marks import RESULT_SHEET
from addin.server.app import ServerSettings, create_app
from addin.server.tokens import Token, digest, load_tokens
from addin.xlwings_env import xw
from tests.helpers import check_json, seed_forms, write_xlsx
from tests.remote import payload, remote_bas_subs
from workbooks.writing.samples import sample_path

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

DEPARTMENT = "北京市丰台区人力资源和社会保障局"
CENTRE = "北京市丰台区人力资源公共服务中心"
BUREAU_TOKEN, CENTRE_TOKEN, OTHER_TOKEN = "bureau-reviewer-token-0001", "centre-clerk-token-00000001", "another-unit-token-000001"
TOKENS = [Token(digest(BUREAU_TOKEN), DEPARTMENT, "*", "局审核"), Token(digest(CENTRE_TOKEN), DEPARTMENT, CENTRE),
          Token(digest(OTHER_TOKEN), "某市教育局", "某小学")]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    return TestClient(create_app(ServerSettings(TOKENS, submission_dir=tmp_path_factory.mktemp("server-export"))))


@pytest.fixture(scope="module")
def sample_payload():
    return payload(sample_path())


def _result_rows(actions):
    """The rows written to the 校验结果 sheet: the first setValues on the sheet added last."""
    added = [a for a in actions if a["func"] == "addSheet" and a["args"][1] == RESULT_SHEET]
    assert added, "no result sheet"
    position = added[0]["args"][0]
    block = next(a for a in actions if a["func"] == "setValues" and a["sheet_position"] == position)
    return block["values"][1:]


def _parity(actions, expected):
    rows = sorted((r[1], r[2] or None, r[3], r[0]) for r in _result_rows(actions))
    names = {"error": "错误", "warning": "警告", "info": "提示"}
    findings = []
    for file in expected["files"]:
        findings += [(f["sheet"], f["cell"], f["rule"], names[f["severity"]]) for f in file["findings"]]
        for table in file["tables"]:
            findings += [(f["sheet"], f["cell"], f["rule"], names[f["severity"]]) for f in table["findings"]]
    assert rows == sorted(findings)


def test_validate_over_http_matches_the_cli(client, sample_payload):
    response = client.post("/validate", json=copy.deepcopy(sample_payload), headers={"Authorization": BUREAU_TOKEN})
    assert response.status_code == 200
    assert response.content.isascii()  # non-ASCII escaped: the VBA client decodes it whatever it assumes
    _, expected = check_json(str(sample_path()))
    _parity(response.json()["actions"], expected)


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_every_action_over_http(client, sample_payload, action):
    response = client.post(f"/{action}", json=copy.deepcopy(sample_payload), headers={"Authorization": f"Bearer {BUREAU_TOKEN}"})
    assert response.status_code == 200
    funcs = {a["func"] for a in response.json()["actions"]}
    assert funcs <= remote_bas_subs() and "alert" in funcs


def test_wrong_or_missing_token_is_401(client, sample_payload):
    for headers in ({}, {"Authorization": "not-a-token"}, {"Authorization": ""}):
        response = client.post("/validate", json=copy.deepcopy(sample_payload), headers=headers)
        assert response.status_code == 401 and "令牌" in response.text


def test_a_unit_cannot_act_on_another_units_forms(client, sample_payload, tmp_path):
    response = client.post("/validate", json=copy.deepcopy(sample_payload), headers={"Authorization": OTHER_TOKEN})
    assert response.status_code == 403 and "不能处理其他单位的自评表" in response.text
    # the sample's table 1 belongs to 公共服务局, not to the 中心: the 中心's token is refused
    response = client.post("/validate", json=copy.deepcopy(sample_payload), headers={"Authorization": CENTRE_TOKEN})
    assert response.status_code == 403 and "北京市丰台区人力资源公共服务局" in response.text
    own = write_xlsx(tmp_path / "own.xlsx", {f["sheet"]: [(f, 1, 1, "clean")] for f in seed_forms()[1:]})
    response = client.post("/validate", json=payload(own), headers={"Authorization": CENTRE_TOKEN})
    assert response.status_code == 200


def test_malformed_payloads_are_4xx_with_a_reason(client, sample_payload):
    headers = {"Authorization": BUREAU_TOKEN}
    assert client.post("/validate", content=b"{not json", headers=headers).status_code == 400
    missing = {k: v for k, v in sample_payload.items() if k != "sheets"}
    response = client.post("/validate", json=missing, headers=headers)
    assert response.status_code == 400 and "sheets" in response.text
    bad_values = dict(copy.deepcopy(sample_payload), sheets=[{"name": "x", "values": "oops"}])
    assert client.post("/validate", json=bad_values, headers=headers).status_code == 400
    assert client.post("/validate", json=[1, 2, 3], headers=headers).status_code == 400
    assert client.post("/no_such_action", json=sample_payload, headers=headers).status_code == 404


def test_another_xlwings_version_gets_a_clear_message(client, sample_payload):
    old = dict(copy.deepcopy(sample_payload), version="0.30.0")
    response = client.post("/validate", json=old, headers={"Authorization": BUREAU_TOKEN})
    assert response.status_code == 409
    assert "0.30.0" in response.text and xw.__version__ in response.text and "build-addin" in response.text


def test_oversized_payloads_are_413():
    small = TestClient(create_app(ServerSettings(TOKENS, max_bytes=10_000)))
    body = json.dumps(payload(sample_path())).encode()
    assert len(body) > 10_000
    response = small.post("/validate", content=body, headers={"Authorization": BUREAU_TOKEN, "Content-Type": "application/json"})
    assert response.status_code == 413 and "过大" in response.text


def test_token_files(tmp_path):
    good = tmp_path / "tokens.json"
    good.write_text(json.dumps({"tokens": [{"token": CENTRE_TOKEN, "department": DEPARTMENT, "unit": CENTRE},
                                           {"token_sha256": digest(BUREAU_TOKEN), "department": DEPARTMENT, "unit": "*"}]}),
                    encoding="utf-8")
    tokens = load_tokens(good)
    assert tokens[0].digest == digest(CENTRE_TOKEN) and tokens[1].unit == "*"
    from addin.server.tokens import TokenFileError

    for content, fragment in (("{}", "至少有一个令牌"), ('{"tokens": [{"token": "short", "department": "a", "unit": "b"}]}', "太短"),
                              ('{"tokens": [{"token": "x" }]}', "department"), ("nonsense", "无法读取")):
        bad = tmp_path / "bad.json"
        bad.write_text(content, encoding="utf-8")
        with pytest.raises(TokenFileError, match=fragment):
            load_tokens(bad)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("server")
    tokens = folder / "tokens.json"
    tokens.write_text(json.dumps({"tokens": [{"token": BUREAU_TOKEN, "department": DEPARTMENT, "unit": "*"}]}), encoding="utf-8")
    port = _free_port()
    exe = Path(sys.executable).with_name("ziping")
    process = subprocess.Popen([str(exe), "serve", "--tokens", str(tokens), "--host", "127.0.0.1", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=dict(os.environ))
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            raise RuntimeError("ziping serve did not start")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_real_server_over_loopback(live_server, sample_payload):
    info = httpx.get(f"{live_server}/", timeout=10).json()
    assert info["xlwings"] == xw.__version__ and set(info["actions"]) == set(ACTIONS)
    response = httpx.post(f"{live_server}/validate", json=copy.deepcopy(sample_payload),
                          headers={"Authorization": BUREAU_TOKEN}, timeout=60)
    assert response.status_code == 200
    _, expected = check_json(str(sample_path()))
    _parity(response.json()["actions"], expected)
    refused = httpx.post(f"{live_server}/validate", json=sample_payload, headers={"Authorization": "nope"}, timeout=10)
    assert refused.status_code == 401 and refused.headers["content-type"].startswith("text/plain")
