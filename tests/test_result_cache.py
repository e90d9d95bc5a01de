"""The result cache of check --json, review and summary: a warm run gives exactly what a cold run
gives, every part of the key changes the answer it serves, a damaged entry is recomputed, several
processes at once are safe, and the folder stays within its bound."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.helpers import ROOT, ziping
from validation import load_profile
from workbooks.checking import cache as cache_module
from workbooks.checking.cache import ResultCache, engine_digest, fingerprint
from workbooks.review.folders import review, reviewed_without_info
from workbooks.writing.samples import sample_path


@pytest.fixture
def folder(tmp_path):
    """Three distinct workbooks: the sample, and two with one figure changed each."""
    from openpyxl import load_workbook as load

    root = tmp_path / "报送"
    root.mkdir()
    shutil.copy(sample_path(), root / "a.xlsx")
    for name, value in (("b.xlsx", 41), ("c.xlsx", 43)):
        book = load(sample_path())
        sheet = book["表4"]
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value == 41.7:
                    cell.value = value
        book.save(root / name)
    return root


def run(*args, cache_dir):
    proc = ziping(*args, "--cache-dir", str(cache_dir))
    assert "Traceback" not in proc.stderr
    return proc


def cells(path):
    book = load_workbook(path, read_only=True)
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}


def entries(cache_dir):
    return sorted(Path(cache_dir).glob("*/*/*.json"))


def test_warm_runs_answer_exactly_as_cold_runs(folder, tmp_path):
    cache_dir = tmp_path / "缓存"
    cold = ziping("check", "--json", "--no-cache", str(folder))
    first = run("check", "--json", str(folder), cache_dir=cache_dir)
    warm = run("check", "--json", str(folder), cache_dir=cache_dir)
    assert cold.stdout == first.stdout == warm.stdout and cold.returncode == warm.returncode
    assert len(entries(cache_dir)) == 3
    for command in ("review", "summary"):
        ziping(command, str(folder), "-o", str(tmp_path / f"{command}-cold.xlsx"), "--no-cache")
        run(command, str(folder), "-o", str(tmp_path / f"{command}-1.xlsx"), cache_dir=cache_dir)
        proc = run(command, str(folder), "-o", str(tmp_path / f"{command}-2.xlsx"), cache_dir=cache_dir)
        assert "其中 3 个文件的结果取自缓存" in proc.stdout
        assert cells(tmp_path / f"{command}-cold.xlsx") == cells(tmp_path / f"{command}-2.xlsx")
    assert len(entries(cache_dir)) == 9  # three kinds of result for three files


def test_no_cache_writes_nothing(folder, tmp_path):
    cache_dir = tmp_path / "缓存"
    run("check", "--json", "--no-cache", str(folder), cache_dir=cache_dir)
    assert not cache_dir.exists()


def test_a_changed_file_is_checked_again(folder, tmp_path):
    cache_dir = tmp_path / "缓存"
    run("check", "--json", str(folder), cache_dir=cache_dir)
    shutil.copy(folder / "b.xlsx", folder / "a.xlsx")  # a's content is now b's: its answer is b's, at a's path
    warm = json.loads(run("check", "--json", str(folder), cache_dir=cache_dir).stdout)
    cold = json.loads(ziping("check", "--json", "--no-cache", str(folder)).stdout)
    assert warm == cold
    assert warm["files"][0]["path"].endswith("a.xlsx")


def test_every_part_of_the_key_changes_it(tmp_path):
    national = load_profile("national")
    codec = cache_module.codec_for(reviewed_without_info)
    base = fingerprint(national, codec)
    assert fingerprint(load_profile("national"), codec) == base  # deterministic
    # the profile's content, not its name
    changed = dict(national.data)
    changed["execution"] = {**changed["execution"], "weight": 20}
    from validation.profile import profile_from_dict

    assert fingerprint(profile_from_dict(changed), codec) != base
    assert fingerprint(load_profile("hubei"), codec) != base
    # the kind of result (check --json, review rows with or without 提示, summary rows)
    from workbooks.review.folders import reviewed, reviewed_forms

    names = {fingerprint(national, cache_module.codec_for(t)) for t in (reviewed, reviewed_without_info, reviewed_forms)}
    assert len(names) == 3 and base in names
    # options
    assert fingerprint(national, codec, {"stated_average": 98.08}) != base
    # the engine: ziping's version, and every source and data file of validation/ and workbooks/
    copy = tmp_path / "validation"
    shutil.copytree(ROOT / "validation", copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = engine_digest((copy,))
    labels = copy / "data" / "directions.json"
    labels.write_text(labels.read_text("utf-8").replace("}", " }", 1), "utf-8")
    assert engine_digest((copy,)) != before
    rule = copy / "rules" / "totals" / "grade_does_not_match_total.py"
    after_data = engine_digest((copy,))
    rule.write_text(rule.read_text("utf-8") + "\n# changed\n", "utf-8")
    assert engine_digest((copy,)) != after_data


def test_the_version_is_part_of_the_engine_digest(tmp_path, monkeypatch):
    root = tmp_path / "pkg"
    root.mkdir()
    (root / "a.py").write_text("x = 1\n")
    before = engine_digest((root,))
    monkeypatch.setattr(cache_module, "__version__", "99.0")
    assert engine_digest((root,)) != before


def test_a_damaged_entry_is_recomputed_and_replaced(folder, tmp_path):
    cache_dir = tmp_path / "缓存"
    expected = run("check", "--json", str(folder), cache_dir=cache_dir).stdout
    damaged = entries(cache_dir)
    damaged[0].write_text("{not json", "utf-8")
    head, _, payload = damaged[1].read_bytes().partition(b"\n")
    damaged[1].write_bytes(head + b"\n" + payload[:-10] + b"0123456789")  # the payload changed: its checksum fails
    head, _, payload = damaged[2].read_bytes().partition(b"\n")
    data = json.loads(head)
    data["value"]["errors"] = "many"  # parses, but fails the codec's schema
    damaged[2].write_bytes(json.dumps(data).encode() + b"\n" + payload)
    assert run("check", "--json", str(folder), cache_dir=cache_dir).stdout == expected
    for entry in entries(cache_dir):
        head, _, payload = entry.read_bytes().partition(b"\n")
        data = json.loads(head)
        assert data["codec"] == "check-json" and isinstance(data["value"]["errors"], int)
        assert cache_module.hashlib.sha256(payload).hexdigest() == data["payload"]


def test_review_with_info_is_not_served_the_rows_without(folder, tmp_path):
    cache_dir = tmp_path / "缓存"
    run("review", str(folder), "-o", str(tmp_path / "r.xlsx"), cache_dir=cache_dir)
    run("review", str(folder), "-o", str(tmp_path / "r-info.xlsx"), "--info", cache_dir=cache_dir)
    ziping("review", str(folder), "-o", str(tmp_path / "cold-info.xlsx"), "--info", "--no-cache")
    assert cells(tmp_path / "r-info.xlsx") == cells(tmp_path / "cold-info.xlsx")
    assert any(row[4] == "提示" for row in cells(tmp_path / "r-info.xlsx")["问题清单"][1:])


def test_a_stated_average_is_checked_afresh_on_a_warm_run(folder, tmp_path):
    cache_dir = tmp_path / "缓存"
    run("check", "--json", str(folder), "--stated-average", "98.08", cache_dir=cache_dir)
    for average in ("98.08", "99.83", "50"):
        warm = run("check", "--json", str(folder), "--stated-average", average, cache_dir=cache_dir)
        cold = ziping("check", "--json", "--no-cache", str(folder), "--stated-average", average)
        assert warm.stdout == cold.stdout and warm.returncode == cold.returncode


def test_several_processes_share_one_cache(folder, tmp_path):
    cache_dir = tmp_path / "缓存"
    exe = Path(sys.executable).with_name("ziping")
    env = dict(os.environ, ZIPING_CACHE_DIR=str(cache_dir), PYTHONIOENCODING="utf-8")
    processes = [subprocess.Popen([str(exe), "check", "--json", str(folder)], stdout=subprocess.PIPE, env=env)
                 for _ in range(6)]
    outputs = [p.communicate(timeout=300)[0] for p in processes]
    assert len(set(outputs)) == 1
    assert outputs[0] == ziping("check", "--json", "--no-cache", str(folder)).stdout.encode()
    assert len(entries(cache_dir)) == 3 and not list(cache_dir.glob("*/*/.*.tmp"))
    for entry in entries(cache_dir):
        json.loads(entry.read_bytes().partition(b"\n")[0])


def test_the_folder_keeps_within_its_bound_dropping_the_oldest(folder, tmp_path):
    cache_dir = tmp_path / "缓存"
    result_cache = ResultCache(cache_dir)
    review([folder], tmp_path / "r.xlsx", load_profile(), jobs=1, cache=result_cache)
    stored = entries(cache_dir)
    assert len(stored) == 3
    for age, entry in enumerate(stored):
        os.utime(entry, (1_000_000 + age, 1_000_000 + age))
    sizes = [e.stat().st_size for e in stored]
    bounded = ResultCache(cache_dir, max_bytes=sizes[1] + sizes[2])
    assert bounded.trim() == 1
    assert entries(cache_dir) == stored[1:]


def test_cache_commands(folder, tmp_path):
    cache_dir = tmp_path / "缓存"
    run("check", "--json", str(folder), cache_dir=cache_dir)
    info = ziping("cache", "info", "--cache-dir", str(cache_dir))
    assert info.returncode == 0 and "3 条" in info.stdout and str(cache_dir) in info.stdout
    cleared = ziping("cache", "clear", "--cache-dir", str(cache_dir))
    assert cleared.returncode == 0 and "删除 3 条" in cleared.stdout and entries(cache_dir) == []


def test_a_result_that_names_its_file_is_not_cached(tmp_path):
    """The same bytes at another path must not be told the first path's name: such a result is
    recomputed each time rather than stored."""
    from ziping.check_json import RenderedFile, render_file

    path = str(tmp_path / "单位甲.xlsx")
    Path(path).write_bytes(b"any bytes")
    wrapped = ResultCache(tmp_path / "缓存").wrap(render_file, load_profile())
    named = RenderedFile('{"path":' + json.dumps(path, ensure_ascii=False) + ',"error":"单位甲.xlsx 已损坏"}', True, 0, 0, 0)
    plain = RenderedFile('{"path":' + json.dumps(path, ensure_ascii=False) + ',"error":null}', False, 0, 0, 0)
    digest = cache_module.file_digest(path)
    wrapped.save(digest, named, path)
    assert entries(tmp_path / "缓存") == []
    wrapped.save(digest, plain, path)
    hit, _ = wrapped.load(path)
    assert hit.json == plain.json and hit.cached
