"""The offline install bundles (`ziping bundle`), built for real from this checkout and PyPI,
once per module, and checked without Windows:

- the win_amd64 wheel set installs ziping on CPython 3.11 and 3.12: pip's own dry run, and
  the closure under Windows markers that pip, running here, cannot see (pywin32, colorama);
- the zips hold a valid add-in, the template and the install scripts;
- install.py really installs, on this machine, from a bundle built for this machine, with
  LOCALAPPDATA, APPDATA and USERPROFILE pointed at scratch folders;
- the steps the scripts print are the steps README.md documents.
"""

from __future__ import annotations

import codecs
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.tags import compatible_tags, cpython_tags
from packaging.utils import canonicalize_name, parse_wheel_filename

from addin.build import ADDIN_NAME, build_addin
from tests.helpers import ROOT
from validation import __version__

PYTHONS = ("3.11", "3.12")
LOCAL_ZIP = f"ziping-本机方式-{__version__}-win_amd64.zip"
SERVER_ZIP = f"ziping-服务器方式-{__version__}.zip"
ZIPING = Path(sys.executable).with_name("ziping")


def windows(python: str) -> dict[str, str]:
    """PEP 508 marker values of CPython `python` on 64-bit Windows."""
    return {"implementation_name": "cpython", "implementation_version": f"{python}.0", "os_name": "nt",
            "platform_machine": "AMD64", "platform_python_implementation": "CPython", "platform_release": "10",
            "platform_system": "Windows", "platform_version": "10.0.19045", "python_full_version": f"{python}.0",
            "python_version": python, "sys_platform": "win32"}


def windows_tags(python: str) -> set:
    version = tuple(map(int, python.split(".")))
    abi = f"cp{python.replace('.', '')}"
    return set(cpython_tags(version, [abi], ["win_amd64"])) | set(compatible_tags(version, abi, ["win_amd64"]))


def run_ziping(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, COLUMNS="200", PYTHONIOENCODING="utf-8")
    return subprocess.run([str(ZIPING), *args], capture_output=True, text=True, env=env, timeout=1500)


def extract(archive: Path, into: Path) -> Path:
    with zipfile.ZipFile(archive) as package:
        package.extractall(into)
    (top,) = into.iterdir()
    return top


@pytest.fixture(scope="module")
def bundles(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundles")
    proc = run_ziping("bundle", "--out", str(out))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out, proc.stdout


@pytest.fixture(scope="module")
def local_tree(bundles, tmp_path_factory):
    out, _ = bundles
    return extract(out / LOCAL_ZIP, tmp_path_factory.mktemp("local"))


@pytest.fixture(scope="module")
def server_tree(bundles, tmp_path_factory):
    out, _ = bundles
    return extract(out / SERVER_ZIP, tmp_path_factory.mktemp("server"))


# ---- the win_amd64 wheel set ------------------------------------------------------------------

def test_both_zips_are_reported_with_path_and_size(bundles):
    out, stdout = bundles
    for name in (LOCAL_ZIP, SERVER_ZIP):
        assert (out / name).is_file()
        mb = (out / name).stat().st_size / 1e6
        assert f"已生成：{out / name}（{mb:.1f} MB）" in stdout
    assert not [p for p in out.iterdir() if p.name not in (LOCAL_ZIP, SERVER_ZIP)]  # no scratch left behind


@pytest.fixture(scope="module")
def modern_pip(tmp_path_factory):
    """pip 23.2 checks Requires-Python against the running interpreter, not --python-version,
    in `install --dry-run --target` (pypa/pip#12216): a separate, current pip for the dry run."""
    venv = tmp_path_factory.mktemp("pip") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "pip>=25"], check=True)
    return python


@pytest.mark.parametrize("python", PYTHONS)
def test_pip_installs_ziping_for_windows_from_the_bundle_alone(local_tree, modern_pip, tmp_path, python):
    abi = f"cp{python.replace('.', '')}"
    report = tmp_path / "report.json"
    proc = subprocess.run(
        [str(modern_pip), "-m", "pip", "install", "--dry-run", "--no-index", "--find-links", str(local_tree / "wheels"),
         "--platform", "win_amd64", "--python-version", python, "--implementation", "cp", "--abi", abi,
         "--only-binary=:all:", "--target", str(tmp_path / "target"), "--ignore-installed",
         "--disable-pip-version-check", "--report", str(report), f"ziping=={__version__}"],
        capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    chosen = {canonicalize_name(item["metadata"]["name"]): item["metadata"]["version"]
              for item in json.loads(report.read_text("utf-8"))["install"]}
    assert chosen["ziping"] == __version__
    assert chosen["xlwings"] == "0.37.8"


@pytest.mark.parametrize("python", PYTHONS)
def test_every_requirement_true_on_windows_is_in_the_bundle(local_tree, python):
    """pip, running on Linux, skips `; platform_system == "Windows"` requirements: each one,
    with the extras some bundled wheel asks for, must be satisfied by a bundled wheel."""
    tags = windows_tags(python)
    wheels = []
    for path in sorted((local_tree / "wheels").glob("*.whl")):
        name, version, _, wheel_tags = parse_wheel_filename(path.name)
        with zipfile.ZipFile(path) as archive:
            (meta,) = [n for n in archive.namelist() if n.count("/") == 1 and n.endswith(".dist-info/METADATA")]
            headers = archive.read(meta).decode("utf-8")
        fields = [line.split(": ", 1) for line in headers.split("\n\n", 1)[0].splitlines() if ": " in line]
        requires_python = SpecifierSet(next((v for k, v in fields if k == "Requires-Python"), ""))
        if set(wheel_tags) & tags and requires_python.contains(f"{python}.0"):
            wheels.append((canonicalize_name(name), version, [v for k, v in fields if k == "Requires-Dist"], path.name))
    assert wheels
    base = windows(python)
    extras: dict[str, set[str]] = {}
    for _, _, requires, _ in wheels:
        for line in requires:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate(dict(base, extra="")):
                extras.setdefault(canonicalize_name(requirement.name), set()).update(requirement.extras)
    unmet = []
    for name, _, requires, filename in wheels:
        for line in requires:
            requirement = Requirement(line)
            if requirement.marker is not None and not any(
                    requirement.marker.evaluate(dict(base, extra=extra)) for extra in {""} | extras.get(name, set())):
                continue
            if not any(n == canonicalize_name(requirement.name) and requirement.specifier.contains(v, prereleases=True)
                       for n, v, _, _ in wheels):
                unmet.append(f"{filename}: {line}")
    assert unmet == []
    names = {name for name, *_ in wheels}
    # what pip alone misses: xlwings -> pywin32 and click -> colorama are Windows-only
    assert {"pywin32", "colorama", "psycopg-binary", "xlwings"} <= names
    assert Marker('platform_system == "Windows"').evaluate(base)


def test_the_builder_reports_the_windows_only_wheels_it_added(bundles):
    _, stdout = bundles
    for python in PYTHONS:
        line = next(line for line in stdout.splitlines() if f"CPython {python} win_amd64：按目标环境的标记补充了" in line)
        assert "pywin32-" in line and f"cp{python.replace('.', '')}-win_amd64.whl" in line


# ---- what the zips hold ------------------------------------------------------------------------

def test_local_zip_holds_the_addin_template_scripts_and_a_checked_manifest(bundles, local_tree, tmp_path):
    out, _ = bundles
    with zipfile.ZipFile(out / LOCAL_ZIP) as archive:
        infos = archive.infolist()
    names = [info.filename for info in infos]
    assert names == sorted(names)  # deterministic: sorted, one timestamp
    assert {info.date_time for info in infos} == {(2024, 1, 1, 0, 0, 0)}
    for name in ("安装.cmd", "install.py", "no-python.txt", "说明.txt", "bundle.json", ADDIN_NAME, "ziping-template.xlsx"):
        assert (local_tree / name).is_file(), name
    addin = local_tree / ADDIN_NAME
    with zipfile.ZipFile(addin) as package:
        assert "xl/vbaProject.bin" in package.namelist()
        assert "customUI/customUI14.xml" in package.namelist()
    assert addin.read_bytes() == build_addin(tmp_path).read_bytes()  # built now, not an old copy
    assert (local_tree / "ziping-template.xlsx").read_bytes() == (
        ROOT / "workbooks" / "templates" / "ziping-template.xlsx").read_bytes()
    manifest = json.loads((local_tree / "bundle.json").read_text("utf-8"))
    assert manifest["version"] == __version__ and manifest["pythons"] == list(PYTHONS)
    assert manifest["platform"] == "win_amd64" and manifest["xlwings"] == "0.37.8"
    on_disk = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (local_tree / "wheels").iterdir()}
    assert manifest["wheels"] == on_disk
    assert f"ziping-{__version__}-py3-none-any.whl" in on_disk


def test_batch_files_are_ascii_with_crlf_and_say_chinese_through_unescape(local_tree, server_tree):
    for tree in (local_tree, server_tree):
        data = (tree / "安装.cmd").read_bytes()
        assert data.isascii()
        assert b"\n" not in data.replace(b"\r\n", b"")
        assert data.startswith(b"@echo off\r\n") and b"chcp 65001" in data
        escaped = re.search(rb"Unescape\('([^']*)'\)", data).group(1).decode("ascii")
        assert codecs.decode(escaped, "unicode_escape").startswith("安装未完成：请先把整个压缩包解压")
    local = (local_tree / "安装.cmd").read_text("ascii")
    assert "py -%1" in local and "call :try_py 3.12" in local and "call :try_py 3.11" in local
    assert '"%ZP_HERE%install.py" %*' in local
    assert (local_tree / "no-python.txt").read_text("utf-8").startswith("安装未完成：")


def test_server_zip_holds_the_addin_and_a_powershell_installer(bundles, server_tree, local_tree):
    out, _ = bundles
    with zipfile.ZipFile(out / SERVER_ZIP) as archive:
        assert not [n for n in archive.namelist() if n.endswith(".whl") or n.endswith(".py")]
    assert (server_tree / ADDIN_NAME).read_bytes() == (local_tree / ADDIN_NAME).read_bytes()
    with zipfile.ZipFile(server_tree / ADDIN_NAME) as package:
        assert "xl/vbaProject.bin" in package.namelist()
    script = (server_tree / "install.ps1").read_bytes()
    assert script.startswith(codecs.BOM_UTF8)  # Windows PowerShell 5.1 needs it for the Chinese text
    text = script.decode("utf-8-sig")
    for needle in ('"MODE" = "server"', '"SERVER_URL" = $ServerUrl', '"AUTH" = $Token', r"Microsoft\Excel\XLSTART",
                   '".ziping"', "-Encoding Default", "Unblock-File", ".bak"):
        assert needle in text, needle
    assert "-ExecutionPolicy Bypass -File \"%ZP_HERE%install.ps1\" %*" in (server_tree / "安装.cmd").read_text("ascii")


# ---- install.py, for real, on this machine ----------------------------------------------------

@pytest.fixture(scope="module")
def here_tree(tmp_path_factory):
    """A local-mode bundle for this machine's platform and Python."""
    out = tmp_path_factory.mktemp("here-bundle")
    proc = run_ziping("bundle", "--out", str(out), "--platform", "current", "--kind", "local")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (archive,) = out.glob("*.zip")
    return extract(archive, tmp_path_factory.mktemp("here"))


def clerk(tmp_path: Path) -> dict[str, str]:
    folders = {"LOCALAPPDATA": tmp_path / "Local", "APPDATA": tmp_path / "Roaming", "USERPROFILE": tmp_path / "张三"}
    for folder in folders.values():
        folder.mkdir(exist_ok=True)
    return {name: str(path) for name, path in folders.items()}


def install(tree: Path, env: dict[str, str], *args: str, script: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(script or tree / "install.py"), *args], capture_output=True, text=True,
                          encoding="utf-8", env=dict(os.environ, PYTHONIOENCODING="utf-8", **env), timeout=900,
                          cwd=ROOT)


def read_conf(path: Path) -> dict[str, str]:
    return dict(re.findall(r'^"([^"]*)","([^"]*)"\r$', path.read_bytes().decode("utf-8"), flags=re.M))


@pytest.fixture(scope="module")
def installed(here_tree, tmp_path_factory):
    env = clerk(tmp_path_factory.mktemp("clerk"))
    first = install(here_tree, env)
    return env, first


def test_install_py_installs_ziping_into_a_venv_the_addin_into_xlstart_and_writes_the_conf(here_tree, installed):
    env, proc = installed
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    venv = Path(env["LOCALAPPDATA"]) / "ziping" / "venv"
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    # xlwings first, as Excel's RunPython command has it, and without XLWINGS_LICENSE_KEY
    probe = subprocess.run([str(python), "-B", "-c", "import xlwings.utils; import addin, validation; "
                            "from addin.xlwings_env import xw; from addin.actions import ACTIONS; "
                            "print(addin.__file__, validation.__version__, xw.__version__)"],
                           capture_output=True, text=True, cwd=venv, env={"PATH": os.environ.get("PATH", "")})
    assert probe.returncode == 0, probe.stderr
    where, version, xlwings_version = probe.stdout.split()
    assert Path(where).resolve().is_relative_to(venv.resolve()) and version == __version__ and xlwings_version == "0.37.8"
    addin = Path(env["APPDATA"]) / "Microsoft" / "Excel" / "XLSTART" / ADDIN_NAME
    assert addin.read_bytes() == (here_tree / ADDIN_NAME).read_bytes()
    conf = Path(env["USERPROFILE"]) / ".ziping" / "ziping.conf"
    assert read_conf(conf) == {"MODE": "local", "INTERPRETER_WIN": r"%LOCALAPPDATA%\ziping\venv\Scripts\python.exe",
                               "INTERPRETER": r"%LOCALAPPDATA%\ziping\venv\Scripts\python.exe", "PROFILE": "national"}
    assert conf.read_bytes().isascii() and not conf.read_bytes().startswith(codecs.BOM_UTF8)
    assert "安装完成" in proc.stdout


def test_a_second_run_keeps_an_edited_conf_and_says_so(here_tree, installed):
    env, first = installed
    assert first.returncode == 0
    conf = Path(env["USERPROFILE"]) / ".ziping" / "ziping.conf"
    edited = conf.read_bytes().replace(b'"national"', b'"hubei"') + b'"SUBMISSION_DIR","D:\\baosong"\r\n'
    conf.write_bytes(edited)
    second = install(here_tree, env)
    assert second.returncode == 0, second.stdout + second.stderr
    assert conf.read_bytes() == edited  # the clerk's PROFILE and extra key are left alone
    assert "保持不变" in second.stdout
    assert not list(conf.parent.glob("ziping.conf.*"))


def test_a_changed_mode_is_set_back_with_a_backup(here_tree, installed, tmp_path, monkeypatch):
    """The merge itself, called on install.py's own function (no second venv needed)."""
    env, _ = installed
    spec = importlib.util.spec_from_file_location("bundle_install", here_tree / "install.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    home = tmp_path / "李四"
    home.mkdir()
    monkeypatch.setenv("USERPROFILE", str(home))
    monkeypatch.setenv("LOCALAPPDATA", env["LOCALAPPDATA"])
    monkeypatch.setenv("APPDATA", env["APPDATA"])
    conf = home / ".ziping" / "ziping.conf"
    conf.parent.mkdir()
    before = b'"MODE","server"\r\n"SERVER_URL","http://10.1.2.3:8000"\r\n"PROFILE","sichuan"\r\n'
    conf.write_bytes(before)
    module.write_conf(module.Places(), "national", profile_given=False)
    assert (conf.parent / "ziping.conf.bak").read_bytes() == before
    assert read_conf(conf) == {"MODE": "local", "SERVER_URL": "http://10.1.2.3:8000", "PROFILE": "sichuan",
                               "INTERPRETER_WIN": module.INTERPRETER_WIN, "INTERPRETER": module.INTERPRETER_WIN}
    conf.write_bytes(b"not a conf file\r\n")  # unreadable: left alone, the settings go beside it
    module.write_conf(module.Places(), "national", profile_given=False)
    assert conf.read_bytes() == b"not a conf file\r\n"
    assert read_conf(conf.parent / "ziping.conf.new")["MODE"] == "local"


def _assert_refused(proc: subprocess.CompletedProcess, message: str, env: dict[str, str]) -> None:
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().startswith("安装未完成：") and message in proc.stderr, proc.stderr
    for name in ("LOCALAPPDATA", "APPDATA", "USERPROFILE"):  # nothing written anywhere
        assert not any(Path(env[name]).iterdir()), name


def test_a_missing_wheel_stops_before_anything_is_written(here_tree, tmp_path):
    env = clerk(tmp_path)
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    for path in (here_tree / "wheels").iterdir():
        if not path.name.startswith("xlwings-"):
            os.symlink(path, wheels / path.name)
    proc = install(here_tree, env, "--wheels", str(wheels))
    _assert_refused(proc, "安装包不完整，缺少 xlwings-0.37.8", env)


def test_a_wrong_python_an_unknown_profile_and_an_unwritable_folder_are_one_message_each(here_tree, tmp_path):
    env = clerk(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(here_tree / "install.py", other)
    manifest = json.loads((here_tree / "bundle.json").read_text("utf-8"))
    (other / "bundle.json").write_text(json.dumps(dict(manifest, pythons=["3.99"])), "utf-8")
    proc = install(here_tree, env, "--wheels", str(here_tree / "wheels"), script=other / "install.py")
    _assert_refused(proc, "需要 CPython 3.99", env)
    _assert_refused(install(here_tree, env, "--profile", "mars"), "没有名为“mars”的评分口径", env)
    _assert_refused(install(here_tree, env, "--colour"), "参数有误", env)
    blocked = dict(env, APPDATA=str(tmp_path / "a-file"))
    (tmp_path / "a-file").write_text("")
    proc = install(here_tree, blocked)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "不是文件夹" in proc.stderr
    assert not any(Path(env["LOCALAPPDATA"]).iterdir()) and not any(Path(env["USERPROFILE"]).iterdir())


def test_bundle_command_refuses_bad_options_in_one_line(tmp_path):
    for args, message in ((["--platform", "macos"], "平台应为 win_amd64 或 current"),
                          (["--python", "3.9"], "ziping 需要 Python 3.11 或更高版本"),
                          (["--python", "latest"], "Python 版本应写成 3.11、3.12 这样"),
                          (["--kind", "cloud"], "安装包类型应为 local")):
        proc = run_ziping("bundle", "--out", str(tmp_path / "out"), *args)
        assert proc.returncode == 2 and message in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
        assert not (tmp_path / "out").exists()


# ---- the README's steps are the scripts' steps ---------------------------------------------

def readme_step_lists() -> list[list[str]]:
    text = (ROOT / "README.md").read_text("utf-8")
    section = text[text.index("### 离线安装包"):]
    section = section[:re.search(r"\n#{2,3} ", section[4:]).start() + 4]
    lists, current = [], []
    for line in section.splitlines():
        match = re.match(r"(\d+)\. \*\*(.+?)\*\*", line)
        if match:
            if match.group(1) == "1" and current:
                lists.append(current)
                current = []
            current.append(match.group(2))
    if current:
        lists.append(current)
    return lists


def printed_steps(output: str) -> list[str]:
    steps = re.findall(r"^\[(\d+)/(\d+)\] (.+)$", output, flags=re.M)
    assert [int(n) for n, _, _ in steps] == list(range(1, len(steps) + 1))
    assert {int(total) for _, total, _ in steps} == {len(steps)}
    return [title for _, _, title in steps]


def test_install_steps_are_the_readme_steps(installed, server_tree):
    local, server = readme_step_lists()
    _, proc = installed
    assert printed_steps(proc.stdout) == local
    script = (server_tree / "install.ps1").read_text("utf-8-sig")
    declared = re.search(r"^\$Steps = @\((.+)\)$", script, flags=re.M).group(1)
    assert re.findall(r'"([^"]+)"', declared) == server
    assert re.findall(r"^Step (\d)$", script, flags=re.M) == [str(n) for n in range(1, len(server) + 1)]
