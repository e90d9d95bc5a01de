"""Every door, every bad file: each hostile workbook through `check`, `score`, `export`,
`review` and the server gets one clear Chinese message or a clean result — never a traceback,
never a crash, never a half-written file — and memory stays within the stated limits."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from openpyxl import load_workbook

from addin.server.app import ServerSettings, create_app
from addin.server.tokens import Token, digest
from tests.hostile.hostile_files import KINDS
from tests.remote import payload
from workbooks.writing.samples import sample_path

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

EXE = Path(sys.executable).with_name("ziping")
MAX_RSS_MB = 400  # the limits (64 MB a part, 256 MB a file, 1,000,000 cells a sheet) keep one file well under this
CJK = lambda text: any("\u4e00" <= ch <= "\u9fff" for ch in text)  # noqa: E731


# Runs the CLI in a child and reports that child's own peak RSS (ru_maxrss of a waited child).
_MEASURE = ("import resource, subprocess, sys; p = subprocess.run(sys.argv[1:]); "
            "sys.stderr.write('\\nPEAK_RSS_KB=%d\\n' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
            "sys.exit(p.returncode)")


def run(*args: str) -> tuple[subprocess.CompletedProcess, float]:
    """Run the CLI as a reviewer would; return the result and its peak RSS in MB."""
    env = dict(os.environ, COLUMNS="200", PYTHONIOENCODING="utf-8")
    proc = subprocess.run([sys.executable, "-c", _MEASURE, str(EXE), *args], capture_output=True, text=True,
                          env=env, timeout=300)
    err, _, peak = proc.stderr.rpartition("\nPEAK_RSS_KB=")
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout, err), int(peak.strip()) / 1024


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    return {name: builder(folder) for name, (builder, _) in KINDS.items()}


def _no_traceback(proc) -> None:
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr[-2000:]
    assert proc.returncode in (0, 1, 2), (proc.returncode, proc.stderr[-2000:])


@pytest.mark.parametrize("kind", list(KINDS))
def test_check_gives_one_clear_message_or_a_clean_result(files, kind):
    proc, peak_mb = run("check", "--json", str(files[kind]))
    _no_traceback(proc)
    assert peak_mb < MAX_RSS_MB, f"peak RSS {peak_mb:.0f} MB"
    result = json.loads(proc.stdout)["files"][0]
    phrase = KINDS[kind][1]
    if phrase is None:
        assert result["error"] is None, result["error"]
        assert proc.returncode in (0, 1)
    else:
        assert proc.returncode == 2 or result["findings"], proc.stdout[:500]
        message = result["error"] or " ".join(f["message"] for f in result["findings"])
        assert phrase in message and CJK(message), message
        assert "Error" not in message and "error" not in message  # no library message in English


@pytest.mark.parametrize("kind", list(KINDS))
def test_score_writes_a_whole_file_or_none(files, kind, tmp_path):
    out = tmp_path / "已计分.xlsx"
    proc, _ = run("score", str(files[kind]), "-o", str(out))
    _no_traceback(proc)
    leftovers = [p.name for p in tmp_path.iterdir() if p != out]
    assert leftovers == [], leftovers
    if proc.returncode == 2:
        assert not out.exists() and CJK(proc.stdout + proc.stderr)
    elif out.exists():
        load_workbook(out)  # a whole workbook, never half of one


@pytest.mark.parametrize("kind", list(KINDS))
def test_export_leaves_only_whole_files(files, kind, tmp_path):
    target = tmp_path / "报送"
    proc, _ = run("export", str(files[kind]), "--to", str(target), "--no-pdf")
    _no_traceback(proc)
    written = [p for p in target.rglob("*") if p.is_file()] if target.exists() else []
    for path in written:
        if path.suffix == ".lock":  # the unit folder's lock file, empty, never taken for a submission
            continue
        assert not path.name.startswith((".", "~")) and not path.name.endswith((".tmp", ".part")), path
        assert target.resolve() in path.resolve().parents  # never outside the submission folder
        if path.suffix == ".xlsx":
            book = load_workbook(path)
            assert not [c for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]
        if path.name == "manifest.json":
            json.loads(path.read_text("utf-8"))
    if KINDS[kind][1] is not None:
        assert not [p for p in written if p.suffix == ".xlsx"]


def test_review_of_a_folder_of_every_hostile_file(files, tmp_path):
    folder = next(iter(files.values())).parent
    out = tmp_path / "审核结果.xlsx"
    proc, _ = run("review", str(folder), "-o", str(out), "--jobs", "2")
    _no_traceback(proc)
    assert proc.returncode in (0, 1, 2)
    book = load_workbook(out)
    unreadable = [row[0] for row in book["无法读取的文件"].iter_rows(min_row=2, values_only=True) if row[0]]
    refused = {path.name for kind, path in files.items()  # .xlsb is no workbook type a review looks for
               if KINDS[kind][1] is not None and "数据区域过大" not in KINDS[kind][1] and path.suffix != ".xlsb"}
    assert refused <= {Path(p).name for p in unreadable}
    assert not [c for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]


TOKEN = "hostile-suite-token-000000001"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    settings = ServerSettings([Token(digest(TOKEN), "北京市丰台区人力资源和社会保障局", "*", "审核")],
                              max_bytes=2 * 1024 * 1024, submission_dir=tmp_path_factory.mktemp("export"))
    return TestClient(create_app(settings), raise_server_exceptions=False)


def _hostile_payloads():
    base = payload(sample_path())
    yield "not JSON", b"{not json"
    yield "JSON nested 5,000 deep", b'{"a":' * 5000 + b"null" + b"}" * 5000
    yield "a list, not a book", b"[1,2,3]"
    no_sheets = copy.deepcopy(base)
    no_sheets["sheets"] = "many"
    yield "sheets is a string", json.dumps(no_sheets).encode()
    wrong_values = copy.deepcopy(base)
    wrong_values["sheets"][0]["values"] = [[{"nested": "object"}]]
    yield "a cell holding an object", json.dumps(wrong_values).encode()
    controls = copy.deepcopy(base)
    controls["sheets"][0]["values"][2][2] = "培训\x00\x07\x1b项目\ud800"[:-1]
    yield "control characters", json.dumps(controls).encode()
    injected = copy.deepcopy(base)
    injected["sheets"][0]["values"][2][2] = '=HYPERLINK("http://example.com","点我领奖")'
    yield "formula injection", json.dumps(injected).encode()
    huge_cell = copy.deepcopy(base)
    huge_cell["sheets"][0]["values"][2][2] = "长" * 500_000
    yield "a 1.5 MB cell", json.dumps(huge_cell).encode()
    yield "over the size limit", b'{"x":"' + b"a" * (3 * 1024 * 1024) + b'"}'


@pytest.mark.parametrize("name, body", list(_hostile_payloads()), ids=[n for n, _ in _hostile_payloads()])
@pytest.mark.parametrize("action", ["validate", "score", "summary"])
def test_server_answers_hostile_payloads_without_a_500(client, name, body, action):
    response = client.post(f"/{action}", content=body, headers={"Authorization": TOKEN, "Content-Type": "application/json"})
    assert response.status_code in (200, 400, 413), (response.status_code, response.text[:300])
    if response.status_code != 200:
        assert CJK(response.text) and "Traceback" not in response.text
    else:
        actions = response.json()["actions"]
        for action_ in actions:  # text that starts with "=" goes back marked as text
            for row in action_.get("values") or []:
                for value in row:
                    assert not (isinstance(value, str) and value.startswith("=HYPERLINK")), value
