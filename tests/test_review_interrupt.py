"""`ziping review` at the keyboard: a progress bar while it works, and Ctrl-C stops it (and
`ziping summary`) cleanly — workers stopped, one Chinese line, exit code 130, no output and no
temporary file, an earlier output untouched."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workbooks.writing.samples import sample_path

EXE = Path(sys.executable).with_name("ziping")
MESSAGES = {"review": "已中断：未生成审核结果。", "summary": "已中断：未生成汇总。"}


def _folder(root: Path, files: int) -> Path:
    folder = root / "报送"
    for n in range(files):
        unit = folder / f"单位{n % 10}"
        unit.mkdir(parents=True, exist_ok=True)
        try:
            (unit / f"自评表{n:04d}.xlsx").hardlink_to(sample_path())
        except OSError:
            shutil.copy(sample_path(), unit / f"自评表{n:04d}.xlsx")
    return folder


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """Enough nine-form workbooks that a review takes several seconds."""
    return _folder(tmp_path_factory.mktemp("interrupt"), 1500)


def _env(scratch: Path, **extra) -> dict:
    return dict(os.environ, TMPDIR=str(scratch), PYTHONIOENCODING="utf-8", COLUMNS="200", **extra)


def _children(pid: int) -> list[int]:
    """Processes whose parent is `pid` (from /proc/<n>/stat: "n (name) state ppid …")."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(") ")[2].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] not in "ZX"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="watches worker processes through /proc")
@pytest.mark.parametrize("earlier", [False, True], ids=["no earlier output", "earlier output kept"])
@pytest.mark.parametrize("command", ["review", "summary"])
def test_ctrl_c_stops_cleanly(large, tmp_path, command, earlier):
    scratch, out_dir = tmp_path / "scratch", tmp_path / "结果"
    scratch.mkdir()
    out_dir.mkdir()
    out = out_dir / "审核结果.xlsx"
    if earlier:
        out.write_bytes(b"last week's review")
        os.utime(out, (1_700_000_000, 1_700_000_000))
    proc = subprocess.Popen([str(EXE), command, str(large), "-o", str(out), "--jobs", "2", "--no-cache"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=_env(scratch), process_group=0)
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:  # working: the workbook is open, workers busy
        workers.update(_children(proc.pid))
        if workers and list(scratch.iterdir()):
            break
        time.sleep(0.05)
    assert proc.poll() is None and workers, "the review should still be running"
    time.sleep(0.5)
    workers.update(_children(proc.pid))
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C at a terminal reaches the whole foreground process group
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, (stdout, stderr)
    assert stderr.strip() == MESSAGES[command] and "Traceback" not in stdout + stderr
    assert not [pid for pid in workers if _alive(pid)]
    if earlier:
        assert out.read_bytes() == b"last week's review" and out.stat().st_mtime == 1_700_000_000
        assert [p.name for p in out_dir.iterdir()] == ["审核结果.xlsx"]
    else:
        assert list(out_dir.iterdir()) == []
    assert list(scratch.iterdir()) == []


def test_the_progress_bar_shows_files_rate_and_time_left(tmp_path):
    folder = _folder(tmp_path, 120)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    proc = subprocess.run([str(EXE), "review", str(folder), "-o", str(tmp_path / "审核结果.xlsx"), "--no-cache"],
                          capture_output=True,
                          text=True, timeout=300, env=_env(scratch, TTY_COMPATIBLE="1", TTY_INTERACTIVE="1"))
    assert proc.returncode == 1, proc.stderr
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", proc.stderr)  # without the terminal's colour and cursor codes
    assert re.search(r"\b120/120 个文件 [\d,]+ 张表/秒 剩余 \d+:\d\d:\d\d", shown), shown[-500:]
    assert "已审核 120 个文件、1080 张自评表" in proc.stdout
