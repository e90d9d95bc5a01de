"""Fault suite for 导出报送: `ziping export` killed with SIGKILL at random points, and two exports
into one unit folder at the same time.

Everything runs the installed console script as a real process on copies of the sample
workbook whose content changes from run to run, so that every run writes new versions
(archive the current file, write the new one, update manifest.json).

Names the export code uses for files that are not submissions (workbooks/manifest.py):
  .<name>.<pid>.tmp         a file being written (xlsx, PDF, manifest, or a copy for 历史版本)
  .manifest.json.journal    the change being committed (the next manifest and the renames to do)
  .manifest.json.lock       the unit folder's lock file (always there once a folder was written)
No reader takes them for a submission (a review reads .xlsx/.xlsm/.xls only), and the next
export into the folder finishes the journal and deletes leftover temporary files.

Knobs: ZIPING_FAULT_KILLS (100), ZIPING_FAULT_ROUNDS (20), ZIPING_FAULT_SEED (random; printed).
PDFs come from a stand-in `soffice` on PATH (a few bytes per file) so that the PDF code path
is exercised without LibreOffice's start-up time.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
from openpyxl import load_workbook

from tests.helpers import ROOT
from workbooks.submission import manifest as manifest_module
from workbooks.writing.samples import sample_path

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL and process groups need POSIX")

ZIPING = Path(sys.executable).with_name("ziping")
KILLS = int(os.environ.get("ZIPING_FAULT_KILLS", "100"))
ROUNDS = int(os.environ.get("ZIPING_FAULT_ROUNDS", "20"))
SEED = int(os.environ.get("ZIPING_FAULT_SEED", str(random.SystemRandom().randrange(1 << 32))))

HISTORY = "历史版本"
MANIFEST = "manifest.json"
TEMP = re.compile(r"^\..+\.\d+\.tmp$")
JOURNAL = ".manifest.json.journal"
LOCK = ".manifest.json.lock"
EXPORTABLE = ("表1", "表2", "表3", "表4", "表6", "表7", "表8")  # 表5 and 表9 have errors and are refused
CENTRE = Path("2024") / "北京市丰台区人力资源和社会保障局" / "北京市丰台区人力资源公共服务中心"
SCHEMA = json.loads((ROOT / "validation" / "schemas" / "manifest.schema.json").read_text("utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())

FAKE_SOFFICE = """#!{python}
# Stand-in for LibreOffice: writes <stem>.pdf for every source, derived from its bytes.
import hashlib, sys
from pathlib import Path
args = sys.argv[1:]
at = args.index("--outdir")
outdir = Path(args[at + 1])
for source in args[at + 2:]:
    digest = hashlib.sha256(Path(source).read_bytes()).hexdigest()
    (outdir / (Path(source).stem + ".pdf")).write_bytes(("%PDF-1.4\\n% " + digest + "\\n%%EOF\\n").encode())
"""


# ---------------------------------------------------------------- helpers

@pytest.fixture
def env(tmp_path):
    """Environment for the subprocesses: fake soffice first on PATH, scratch folders under tmp_path."""
    bin_dir, scratch = tmp_path / "bin", tmp_path / "scratch"
    bin_dir.mkdir()
    scratch.mkdir()
    fake = bin_dir / "soffice"
    fake.write_text(FAKE_SOFFICE.format(python=sys.executable), "utf-8")
    fake.chmod(0o755)
    return dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", TMPDIR=str(scratch),
                PYTHONIOENCODING="utf-8", COLUMNS="200")


def variants(folder: Path, count: int, sheets=EXPORTABLE, tag: str = "", renames: bool = True,
             only: bool = False) -> list[Path]:
    """`count` copies of the sample, each with different text (实际完成情况, F11) in `sheets`; with
    `only`, the other forms are left out; with `renames`, every fifth copy also renames 表6's project
    (a new file in the folder)."""
    folder.mkdir(parents=True, exist_ok=True)
    book = load_workbook(sample_path())
    for name in [s for s in book.sheetnames if only and s.startswith("表") and s not in sheets]:
        del book[name]
    originals = {s: book[s]["F11"].value for s in sheets}
    project = book["表6"]["C3"].value if "表6" in sheets else None
    paths = []
    for k in range(count):
        for sheet in sheets:
            book[sheet]["F11"] = f"{originals[sheet]}（{tag}第{k}次修改）"
        if renames and project:
            book["表6"]["C3"] = project if k % 5 else f"{project}（更名{k}）"
        path = folder / f"{tag}v{k}.xlsx"
        book.save(path)
        paths.append(path)
    return paths


def start(book: Path, root: Path, env: dict, pdf: bool) -> subprocess.Popen:
    command = [str(ZIPING), "export", str(book), "--to", str(root)] + ([] if pdf else ["--no-pdf"])
    # Own process group, so that SIGKILL also reaches a converter the export started.
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(root: Path) -> dict:
    return {str(p): (s.st_mtime_ns, s.st_size) for p in root.rglob("*") if p.is_file() for s in [p.stat()]}


def unit_folders(root: Path) -> list[Path]:
    return sorted(p for p in root.glob("*/*/*") if p.is_dir())


def listed(data: dict) -> dict[str, str]:
    """Every file a manifest names (current xlsx and PDF, earlier versions): relative path -> sha256."""
    files = {}
    for form in data["forms"]:
        for item in [form, form["pdf"], *form["history"], *(h.get("pdf") for h in form["history"])]:
            if item:
                files[item["file"]] = item["sha256"]
    return files


def read_manifest(path: Path, problems: list[str], where: str) -> dict | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        problems.append(f"{where}: {path.name} does not parse: {exc}")
        return None
    errors = list(VALIDATOR.iter_errors(data))
    if errors:
        problems.append(f"{where}: {path.name} does not validate: {errors[0].message}")
        return None
    return data


def folder_problems(folder: Path, root: Path) -> list[str]:
    """The strict invariants of one unit folder, as a reader of manifest.json relies on them."""
    where, problems = str(folder.relative_to(root)), []
    visible = [p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")]
    hidden = [p for p in folder.rglob("*") if p.is_file() and p.name.startswith(".")]
    for path in hidden:
        if not (TEMP.match(path.name) or path.relative_to(folder).as_posix() in (JOURNAL, LOCK)):
            problems.append(f"{where}: unknown hidden file {path.name}")
    for path in folder.iterdir():
        if path.is_dir() and path.name != HISTORY:
            problems.append(f"{where}: unexpected folder {path.name}")
    if not (folder / MANIFEST).exists():
        if visible:
            problems.append(f"{where}: {len(visible)} files but no {MANIFEST}")
        return problems
    data = read_manifest(folder / MANIFEST, problems, where)
    if data is None:
        return problems
    files = listed(data)
    for rel, digest in files.items():
        path = folder / rel
        if not path.is_file():
            problems.append(f"{where}: listed but missing: {rel}")
        elif sha(path) != digest:
            problems.append(f"{where}: sha256 differs from the manifest: {rel}")
    for path in visible:
        rel = path.relative_to(folder).as_posix()
        if rel != MANIFEST and rel not in files:
            kind = "archived version not in the manifest" if rel.startswith(HISTORY + "/") else "not in the manifest"
            problems.append(f"{where}: {kind}: {rel}")
    for form in data["forms"]:
        versions = [h["version"] for h in form["history"]]
        if versions != list(range(1, form["version"])):
            problems.append(f"{where}: {form['file']} is version {form['version']} with history {versions}")
        if len({h["file"] for h in form["history"]}) != len(versions):
            problems.append(f"{where}: {form['file']}: two versions share one file")
    if len({f["file"] for f in data["forms"]}) != len(data["forms"]):
        problems.append(f"{where}: a file is listed twice")
    return problems


def strict_problems(root: Path) -> list[str]:
    return [p for folder in unit_folders(root) for p in folder_problems(folder, root)]


def leftovers(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and (TEMP.match(p.name) or p.name == JOURNAL)]


def after_kill_problems(root: Path, work: Path) -> tuple[list[str], int]:
    """Invariants right after a kill. Returns (problems, folders caught mid-commit).

    A folder without a journal must satisfy the strict invariants as it is. A folder with a
    journal was killed between its first rename and the new manifest (the one moment a file
    and manifest.json cannot agree, since they are two files): there, every visible file must
    still be a complete version that manifest.json or the journal's manifest names, and the
    recovery the next export runs first must make the folder strictly consistent (checked on
    a copy, so that the next export still finds the folder as the kill left it).
    """
    problems, mid_commit = [], 0
    for folder in unit_folders(root):
        if not (folder / JOURNAL).exists():
            problems += folder_problems(folder, root)
            continue
        mid_commit += 1
        where = str(folder.relative_to(root))
        journal = json.loads((folder / JOURNAL).read_text("utf-8"))
        errors = list(VALIDATOR.iter_errors(journal["manifest"]))
        if errors:
            problems.append(f"{where}: the journal's manifest does not validate: {errors[0].message}")
            continue
        known = set(listed(journal["manifest"]).values())
        if (folder / MANIFEST).exists():
            old = read_manifest(folder / MANIFEST, problems, where)
            known |= set(listed(old).values()) if old else set()
        for path in folder.rglob("*"):
            if path.is_file() and not path.name.startswith(".") and path.name != MANIFEST and sha(path) not in known:
                problems.append(f"{where}: {path.relative_to(folder)} is no version either manifest names")
        copy = work / "recovered"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(folder, copy / folder.relative_to(root))
        manifest_module.recover(copy / folder.relative_to(root))
        problems += [f"after recovery: {p}" for p in strict_problems(copy)]
        problems += [f"after recovery: left over {p.name}" for p in leftovers(copy)]
    return problems, mid_commit


def folder_stamps(root: Path) -> list[int]:
    """Modification times of the unit folders and their 历史版本: any file created or renamed there moves one."""
    return [p.stat().st_mtime_ns for folder in unit_folders(root) for p in (folder, folder / HISTORY) if p.exists()]


def run_until_first_write(proc: subprocess.Popen, root: Path) -> float | None:
    """Wait until the export creates or renames a file in a unit folder; seconds waited (None: it ended first)."""
    t0, before = time.monotonic(), folder_stamps(root)
    while proc.poll() is None:
        if folder_stamps(root) != before:
            return time.monotonic() - t0
        time.sleep(0.002)
    return None


# ---------------------------------------------------------------- the tests

def test_sigkill_at_random_points_leaves_every_unit_folder_consistent(tmp_path, env):
    rng = random.Random(SEED)
    *books, last = variants(tmp_path / "books", 11)  # the last one only for the clean export at the end
    root = tmp_path / "报送"
    started = time.monotonic()

    # Measure exports that write new versions: how long they take and when their first write lands.
    durations, writings = [], []  # whole runs; from the first write to the end
    for number, (book, pdf) in enumerate(((books[0], False), (books[1], True), (books[2], False), (books[3], True))):
        t0 = time.monotonic()
        proc = start(book, root, env, pdf)
        first = run_until_first_write(proc, root) if number else None
        _, err = proc.communicate()
        durations.append(time.monotonic() - t0)
        if first is not None:
            writings.append(durations[-1] - first)
        assert proc.returncode == 1, err  # 表5 and 表9 refused
    assert strict_problems(root) == [] and leftovers(root) == []
    duration, writing = statistics.median(durations), max(0.05, statistics.median(writings))

    kills, completed, wrote, mid_commits, with_temps, violations = 0, 0, 0, 0, 0, []
    bad_kills, kinds = 0, Counter()
    previous = books[3]
    while kills < KILLS:
        assert kills + completed < 3 * KILLS, "too few runs were still running at their kill time"
        book = rng.choice([b for b in books if b != previous])
        previous, pdf, anywhere = book, rng.random() < 0.5, rng.random() < 0.25
        before = snapshot(root)
        proc = start(book, root, env, pdf)
        # A quarter of the kills at any moment of a run, the others at a moment of its writing phase.
        if anywhere:
            time.sleep(rng.uniform(0, duration))
        elif run_until_first_write(proc, root) is not None:
            time.sleep(rng.uniform(0, writing))
        if proc.poll() is not None:
            completed += 1
            _, err = proc.communicate()
            assert proc.returncode == 1, err
            problems = strict_problems(root) + [f"left over after a complete run: {p}" for p in leftovers(root)]
            violations += [f"complete run (seed {SEED}): {p}" for p in problems]
            continue
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        kills += 1
        wrote += snapshot(root) != before
        with_temps += bool(leftovers(root))
        problems, caught = after_kill_problems(root, tmp_path)
        mid_commits += caught
        bad_kills += bool(problems)
        kinds.update(re.sub(r"^(after recovery: )?[^:]*: ([^:]*):.*$", r"\1\2", p) for p in problems)
        violations += [f"kill {kills} ({book.name}, pdf={pdf}, seed {SEED}): {p}" for p in problems]

    # One clean export afterwards finishes what was interrupted and leaves everything consistent.
    final = start(last, root, env, True)
    out, err = final.communicate(timeout=120)
    assert final.returncode == 1 and "已导出 7 张自评表" in out and "相同" not in out, (out, err)
    problems, rest = strict_problems(root), leftovers(root)
    scratch = sorted(Path(env["TMPDIR"]).iterdir())
    print(f"\nSIGKILL faults (seed {SEED}): {kills} kills ({wrote} after the run had changed the folder, "
          f"{mid_commits} folders caught mid-commit, {with_temps} leaving temporary files), {completed} runs ended "
          f"before their kill; export {duration:.2f}s, writing phase {writing:.2f}s; {len(violations)} violations "
          f"after {bad_kills} kills {dict(kinds)}; {len(scratch)} scratch folders of killed runs left in TMPDIR; "
          f"{time.monotonic() - started:.0f}s")
    assert violations == [], f"{len(violations)} violations, e.g.:\n" + "\n".join(violations[:25])
    assert problems == [] and rest == []
    newest = [f for folder in unit_folders(root) for f in json.loads((folder / MANIFEST).read_text("utf-8"))["forms"]
              if f["source"].startswith(last.name + "｜")]
    assert len(newest) == 7 and all(f["pdf"] for f in newest)


def test_temporary_names_stay_within_the_file_name_limit():
    assert (manifest_module.JOURNAL, manifest_module.LOCK, manifest_module.TEMPORARY.pattern) == (JOURNAL, LOCK, TEMP.pattern)
    longest = Path(HISTORY) / ("项" * 80 + ".v99999.xlsx")  # safe_part keeps at most 80 characters
    name = manifest_module.temporary(longest).name
    assert TEMP.match(name) and len(name.encode("utf-8")) + 7 - len(str(os.getpid())) <= 255  # any 7-digit pid


def _reported_versions(stdout: str, project: str) -> list[int]:
    return [int(v) for v in re.findall(rf"· {re.escape(project)}：.*?（第 (\d+) 版[；）]", stdout)]


def test_two_exports_into_one_unit_folder_at_once_keep_every_entry_and_version(tmp_path, env):
    """Per round two processes export into the same unit folder at the same moment: each has two
    projects of its own and both have 表6 with different content, so 表6 gets two versions a round."""
    shared = "2024 年好差评系统建设经费"
    a_books = variants(tmp_path / "a", ROUNDS, sheets=("表2", "表3", "表6"), tag="A", renames=False, only=True)
    b_books = variants(tmp_path / "b", ROUNDS, sheets=("表4", "表7", "表6"), tag="B", renames=False, only=True)
    root = tmp_path / "报送"
    folder = root / CENTRE
    own_a = {"2024年窗口聘用人员经费", "2024 年房屋场所租赁类项目"}
    own_b = {"2024年丰台区人力资源公共服务窗口服务经费", "2024年基层党组织党建活动经费"}
    reported, violations = [], []
    for r in range(ROUNDS):
        pdf = r % 2 == 1
        procs = [start(a_books[r], root, env, pdf), start(b_books[r], root, env, pdf)]
        outputs = [p.communicate(timeout=120) for p in procs]
        for proc, (out, err) in zip(procs, outputs):
            assert proc.returncode == 0, (out, err)
            reported += _reported_versions(out, shared)
        data = json.loads((folder / MANIFEST).read_text("utf-8"))
        forms = {f["project"]: f for f in data["forms"]}
        lost = (own_a | own_b | {shared}) - set(forms)
        if lost:
            violations.append(f"round {r + 1}: manifest lost {sorted(lost)}")
        for project in (own_a | own_b) & set(forms):
            if forms[project]["version"] != r + 1:
                violations.append(f"round {r + 1}: {project} is version {forms[project]['version']}, not {r + 1}")
        if shared in forms and forms[shared]["version"] != 2 * (r + 1):
            violations.append(f"round {r + 1}: {shared} is version {forms[shared]['version']}, not {2 * (r + 1)}")
        violations += [f"round {r + 1}: {p}" for p in strict_problems(root) + [f"left over {p}" for p in leftovers(root)]]
    print(f"\nconcurrent exports: {ROUNDS} rounds, {len(violations)} violations")
    assert violations == [], f"{len(violations)} violations, e.g.:\n" + "\n".join(violations[:25])
    assert sorted(reported) == list(range(1, 2 * ROUNDS + 1))  # every version number given out once
    entry = next(f for f in json.loads((folder / MANIFEST).read_text("utf-8"))["forms"] if f["project"] == shared)
    kept = [h["sha256"] for h in entry["history"]] + [entry["sha256"]]
    assert len(set(kept)) == 2 * ROUNDS  # all versions kept, none overwritten by another
