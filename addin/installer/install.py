"""Offline installer for ziping, local mode (MODE = local).

安装.cmd finds a CPython 3.11/3.12 and runs this script with it, from the unpacked bundle
made by `ziping bundle`. Standard library only: nothing is installed yet when it runs.

Every location comes from the environment, never from a hard-coded drive, so the script
runs per-user without admin rights, and a test can run it on any OS with the variables
pointed at scratch folders:

    %LOCALAPPDATA%\\ziping\\venv                the virtual environment ziping is installed into
    %APPDATA%\\Microsoft\\Excel\\XLSTART          the add-in (a trusted location Excel loads at start)
    %USERPROFILE%\\.ziping\\ziping.conf          the user settings read by the add-in's VBA

The numbered steps printed here are the ones README.md lists under "离线安装包"; a test
compares the two.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MANIFEST = "bundle.json"
ADDIN_NAME = "绩效自评.xlam"

STEPS = (
    "检查 Python 和安装包",
    "创建 Python 虚拟环境",
    "安装 ziping 及其依赖（只用安装包中的文件，不联网）",
    "安装 Excel 加载项",
    "写入用户设置 ziping.conf",
)

# INTERPRETER_WIN: what xlwings' VBA (Main.bas of the xlwings version built into the add-in)
# does with it, and why the venv's Scripts\python.exe is the right value:
# - The ribbon calls RunPython. Without "USE UDF SERVER" that is ExecuteWindows: it checks
#   FileExists(INTERPRETER_WIN), cds into the interpreter's folder and starts
#   cmd.exe /C "<INTERPRETER_WIN>" -B -c "import xlwings.utils; ..." hidden (window style 0)
#   with stderr sent to a log it shows on failure. No DLL is involved, so a venv's
#   Scripts\python.exe works as is, and python.exe (not pythonw.exe) loses nothing.
# - The xlwings DLL (xlwings64-<version>.dll) is needed only by UDFs and the UDF server.
#   XLPyLoadDLL loads it from ParentFolder(INTERPRETER_WIN) ("standard installation") or else
#   ParentFolder(ParentFolder(INTERPRETER_WIN)) ("Virtualenv"). The xlwings wheel ships the
#   DLL in its .data/data folder, which pip installs into sys.prefix, i.e. the venv root:
#   exactly the second folder for <venv>\Scripts\python.exe.
# - GetConfig passes every value through WScript.Shell's ExpandEnvironmentStrings, so the
#   path is written with %LOCALAPPDATA%: the file stays ASCII even for a Chinese user name.
# INTERPRETER (the legacy key) is written too: a workbook made from the ziping template has
# a ziping.conf sheet whose INTERPRETER_WIN row is empty, and the sheet wins over this file;
# xlwings then falls back to GetConfig("INTERPRETER", "python"), which this file answers.
INTERPRETER_WIN = r"%LOCALAPPDATA%\ziping\venv\Scripts\python.exe"
OWNED_KEYS = ("MODE", "INTERPRETER_WIN", "INTERPRETER")  # set by every run; others only when missing

# xlwings' GetConfigFromFile reads the file with VBA `Open ... For Input` / `Input #`, which
# decodes bytes in the system ANSI code page (GBK on Chinese Windows) and knows no BOM; lines
# are what VBA's `Write #` produces: "KEY","VALUE" and CRLF. So: the ANSI code page ("mbcs"),
# no BOM, CRLF. What this script writes is ASCII, the same bytes in every code page.
CONF_ENCODING = "mbcs" if os.name == "nt" else "utf-8"


class InstallError(Exception):
    """The installation cannot go on; the message is for the person at the keyboard."""


class Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own messages are English
        raise InstallError(f"参数有误（{message}）。用法：安装.cmd [--profile 评分口径]")


def say(text: str = "") -> None:
    print(text, flush=True)


def step(number: int) -> None:
    say(f"[{number}/{len(STEPS)}] {STEPS[number - 1]}")


def detail(text: str) -> None:
    say(f"      {text}")


# ---- locations ---------------------------------------------------------------------------

def env_folder(name: str) -> Path:
    value = os.environ.get(name, "").strip()
    if not value:
        raise InstallError(f"环境变量 {name} 未设置，无法确定安装位置。")
    return Path(value)


class Places:
    def __init__(self):
        self.home = env_folder("LOCALAPPDATA") / "ziping"
        self.venv = self.home / "venv"
        self.old_venv = self.home / "venv.old"
        self.log = self.home / "install.log"
        self.xlstart = env_folder("APPDATA") / "Microsoft" / "Excel" / "XLSTART"
        self.addin = self.xlstart / ADDIN_NAME
        self.conf = env_folder("USERPROFILE") / ".ziping" / "ziping.conf"

    def venv_python(self) -> Path:
        if os.name == "nt":
            return self.venv / "Scripts" / "python.exe"
        return self.venv / "bin" / "python"


def platform_tag() -> str:
    return sysconfig.get_platform().replace("-", "_").replace(".", "_")


# ---- step 1: checks ------------------------------------------------------------------------

def read_manifest(bundle: Path) -> dict:
    try:
        return json.loads((bundle / MANIFEST).read_text("utf-8"))
    except FileNotFoundError:
        raise InstallError(f"找不到 {MANIFEST}：请把安装包完整解压后，在解压出的文件夹中运行 安装.cmd。") from None
    except (OSError, ValueError) as exc:
        raise InstallError(f"{MANIFEST} 无法读取（{exc}）：安装包可能已损坏，请重新解压。") from None


def check_python(manifest: dict) -> None:
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    wanted = manifest["pythons"]
    if sys.implementation.name != "cpython" or version not in wanted:
        raise InstallError(f"需要 CPython {' 或 '.join(wanted)}，当前是 {sys.implementation.name} {version}"
                           f"（{sys.executable}）。")
    if platform_tag() != manifest["platform"]:
        hint = "请安装 64 位 Python。" if manifest["platform"] == "win_amd64" and os.name == "nt" else ""
        raise InstallError(f"安装包适用于 {manifest['platform']}，当前 Python 是 {platform_tag()}。{hint}")
    if "WindowsApps" in sys.executable or "WindowsApps" in sys.base_prefix:
        raise InstallError("这是 Microsoft Store 版的 Python：它写入 AppData 的文件会被转到隔离的私有文件夹，Excel 找不到。"
                           "请改装 python.org 的 Python 3.11 或 3.12（安装时选“为当前用户安装”，不需要管理员权限）。")
    try:
        import ensurepip  # noqa: F401
        import venv  # noqa: F401
    except ImportError:
        raise InstallError("这个 Python 缺少 venv 或 ensurepip 模块，无法建立虚拟环境。请安装 python.org 的完整 Python。") from None


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_wheels(manifest: dict, wheels: Path) -> int:
    expected = manifest["wheels"]
    if not wheels.is_dir():
        raise InstallError(f"找不到 wheel 文件夹：{wheels}。请把安装包完整解压。")
    for name, digest in sorted(expected.items()):
        path = wheels / name
        if not path.is_file():
            raise InstallError(f"安装包不完整，缺少 {name}。请重新解压完整的安装包。")
        if sha256(path) != digest:
            raise InstallError(f"安装包中的文件已损坏：{name}。请重新复制、解压安装包。")
    return len(expected)


def find_addin(bundle: Path) -> Path:
    named = bundle / ADDIN_NAME
    if named.is_file():
        return named
    found = sorted(bundle.glob("*.xlam"))  # an unzip tool that mangled the Chinese file name
    if len(found) == 1:
        return found[0]
    raise InstallError(f"安装包中找不到加载项 {ADDIN_NAME}。请重新解压完整的安装包。")


def check_writable(folder: Path) -> None:
    """Whether `folder` can be made and written to, without making anything: a temporary
    file in its nearest existing ancestor."""
    ancestor = folder
    while not ancestor.exists() and ancestor.parent != ancestor:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise InstallError(f"无法建立文件夹 {folder}：{ancestor} 不是文件夹。")
    try:
        handle, probe = tempfile.mkstemp(prefix=".ziping-", dir=ancestor)
        os.close(handle)
        os.remove(probe)
    except OSError as exc:
        raise InstallError(f"无法写入文件夹 {ancestor}（{exc.strerror or exc}）。") from None


def check_not_in_use(path: Path) -> None:
    """Excel keeps an add-in it has loaded open, and Windows refuses to replace it."""
    if not path.exists():
        return
    try:
        with path.open("r+b"):
            pass
    except OSError:
        raise InstallError(f"{path} 正在被使用：请先关闭所有 Excel 窗口，再运行 安装.cmd。") from None


# ---- steps 2 and 3: the virtual environment ----------------------------------------------

def clean_env() -> dict[str, str]:
    """This environment without what would make the new venv's Python look elsewhere
    (PYTHONPATH, PYTHONHOME, …) or pip read another index (PIP_INDEX_URL, …); without
    XLWINGS_LICENSE_KEY too, so the check sees what Excel's RunPython will see."""
    env = {key: value for key, value in os.environ.items()
           if not key.upper().startswith(("PIP_", "PYTHON", "XLWINGS_LICENSE_KEY"))}
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def run_logged(command: list[str], log: Path, what: str) -> None:
    with log.open("a", encoding="utf-8") as stream:
        stream.write(f"\n$ {' '.join(command)}\n")
        stream.flush()
        result = subprocess.run(command, stdout=stream, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env=clean_env(), cwd=log.parent)
    if result.returncode != 0:
        raise InstallError(f"{what}失败，详细信息见 {log}")


def install_venv(places: Places, manifest: dict, wheels: Path) -> str:
    """Steps 2 and 3 as one change: a failure restores the environment there was before."""
    places.home.mkdir(parents=True, exist_ok=True)
    if places.old_venv.exists():
        shutil.rmtree(places.old_venv, ignore_errors=True)
    had_old = places.venv.exists()
    if had_old:
        try:
            places.venv.rename(places.old_venv)
        except OSError:
            raise InstallError(f"已有的虚拟环境 {places.venv} 正在被使用：请先关闭所有 Excel 窗口，再运行 安装.cmd。") from None
    try:
        step(2)
        detail(str(places.venv))
        run_logged([sys.executable, "-m", "venv", str(places.venv)], places.log, "创建虚拟环境")
        python = places.venv_python()
        step(3)
        detail(f"ziping {manifest['version']}，从 {wheels} 安装，约需 1～3 分钟……")
        run_logged([str(python), "-m", "pip", "--isolated", "install", "--no-index", "--find-links", str(wheels),
                    "--only-binary=:all:", "--disable-pip-version-check", "--no-warn-script-location",
                    f"ziping=={manifest['version']}"], places.log, "安装 ziping")
        versions = verify(python, places.log, manifest)
    except BaseException:
        shutil.rmtree(places.venv, ignore_errors=True)
        if had_old:
            try:
                places.old_venv.rename(places.venv)
            except OSError:
                pass
        raise
    if had_old:
        shutil.rmtree(places.old_venv, ignore_errors=True)
    return versions


VERIFY = """
import xlwings.utils  # first, as RunPython's command does
import json, sys
import addin, xlwings
from addin.xlwings_env import xw
from addin.actions import ACTIONS
from ziping.cli import app  # the ziping command, whose packages (portal, ziping) are in the wheel too
if sys.platform == "win32":
    import win32com.client  # RunPython drives Excel through pywin32
print(json.dumps({"ziping": addin.__version__, "xlwings": xlwings.__version__}))
"""


def verify(python: Path, log: Path, manifest: dict) -> str:
    result = subprocess.run([str(python), "-c", VERIFY], capture_output=True, text=True, encoding="utf-8",
                            errors="replace", stdin=subprocess.DEVNULL, env=clean_env(), cwd=log.parent)
    with log.open("a", encoding="utf-8") as stream:
        stream.write(f"\n$ verify\n{result.stdout}{result.stderr}")
    try:
        found = json.loads(result.stdout.strip().splitlines()[-1]) if result.returncode == 0 else None
    except (ValueError, IndexError):
        found = None
    if not found:
        raise InstallError(f"安装后无法载入 ziping，详细信息见 {log}")
    if found["ziping"] != manifest["version"] or found["xlwings"] != manifest["xlwings"]:
        raise InstallError(f"安装的版本不对：ziping {found['ziping']}、xlwings {found['xlwings']}，"
                           f"应为 ziping {manifest['version']}、xlwings {manifest['xlwings']}。")
    return f"ziping {found['ziping']}，xlwings {found['xlwings']}"


# ---- step 4: the add-in ----------------------------------------------------------------------

def install_addin(source: Path, places: Places) -> None:
    target = places.addin
    if target.is_file() and target.read_bytes() == source.read_bytes():
        detail(f"{target}（已是这个版本）")
        return
    places.xlstart.mkdir(parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(prefix=".ziping-", suffix=".xlam", dir=places.xlstart)
    os.close(handle)
    try:
        shutil.copyfile(source, scratch)  # the data only: no "downloaded from the internet" mark
        os.replace(scratch, target)
    except OSError:
        if os.path.exists(scratch):
            os.remove(scratch)
        raise InstallError(f"无法写入 {target}：请先关闭所有 Excel 窗口，再运行 安装.cmd。") from None
    detail(str(target))


# ---- step 5: ziping.conf ------------------------------------------------------------------

def conf_line(key: str, value: str) -> str:
    return f'"{key}","{value}"'


def parse_conf(text: str) -> list[tuple[str, str]] | None:
    """The "KEY","VALUE" lines VBA's Write # produces; None if any line is something else."""
    entries = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if not (line.startswith('"') and line.endswith('"')) or line.count('"') != 4:
            return None
        key, sep, value = line[1:-1].partition('","')
        if not sep:
            return None
        entries.append((key, value))
    return entries


def render(entries) -> str:
    return "".join(conf_line(key, value) + "\r\n" for key, value in entries)


def write_text(path: Path, text: str) -> None:
    """Write next to the target, then replace it: never a half-written file."""
    handle, scratch = tempfile.mkstemp(prefix=".ziping-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding=CONF_ENCODING, newline="") as stream:
            stream.write(text)
        os.replace(scratch, path)
    except BaseException:
        if os.path.exists(scratch):
            os.remove(scratch)
        raise


def backup_name(path: Path) -> Path:
    candidate = path.with_name(path.name + ".bak")
    if candidate.exists():
        candidate = path.with_name(path.name + time.strftime(".bak-%Y%m%d-%H%M%S"))
    return candidate


def write_conf(places: Places, profile: str, profile_given: bool) -> None:
    path = places.conf
    path.parent.mkdir(parents=True, exist_ok=True)
    wanted = {"MODE": "local", "INTERPRETER_WIN": INTERPRETER_WIN, "INTERPRETER": INTERPRETER_WIN, "PROFILE": profile}
    if not path.exists():
        write_text(path, render(wanted.items()))
        detail(f"{path}：MODE = local，PROFILE = {profile}，INTERPRETER_WIN = {INTERPRETER_WIN}")
        return
    try:
        original = path.read_bytes()
        entries = parse_conf(original.decode(CONF_ENCODING))
    except (OSError, UnicodeDecodeError):
        entries = None
    if entries is None:
        proposal = path.with_name(path.name + ".new")
        write_text(proposal, render(wanted.items()))
        detail(f"已有的 {path} 格式无法识别，未作改动；本次的设置写在 {proposal}，请核对后替换。")
        return
    forced = set(OWNED_KEYS) | ({"PROFILE"} if profile_given else set())
    updated, changes, seen = [], [], set()
    for key, value in entries:
        upper = key.upper()
        if upper in wanted and upper not in seen:
            seen.add(upper)
            if upper in forced and value != wanted[upper]:
                changes.append(f"{upper}：{value or '（空）'} → {wanted[upper]}")
                value = wanted[upper]
        updated.append((key, value))
    for key, value in wanted.items():
        if key not in seen:
            updated.append((key, value))
            changes.append(f"{key}：（无） → {value}")
    if not changes:
        detail(f"{path} 已有这些设置，保持不变。")
        return
    backup = backup_name(path)
    shutil.copyfile(path, backup)
    write_text(path, render(updated))
    detail(f"已修改 {path}（其余设置保持不变），修改前的文件备份为 {backup}：")
    for change in changes:
        detail(f"  {change}")


# ---- main -----------------------------------------------------------------------------------

def install(argv: list[str] | None) -> None:
    parser = Parser(prog="install.py", add_help=False)
    parser.add_argument("--profile", default=None)
    parser.add_argument("--wheels", default=None)
    args = parser.parse_args(argv)

    step(1)
    manifest = read_manifest(HERE)
    profile = args.profile or "national"
    if '"' in profile or (profile not in manifest["profiles"] and not profile.lower().endswith(".json")):
        raise InstallError(f"没有名为“{profile}”的评分口径。可用：{'、'.join(manifest['profiles'])}，或口径 JSON 文件路径。")
    check_python(manifest)
    detail(f"Python {sys.version.split()[0]}（{sys.executable}）")
    wheels = Path(args.wheels).resolve() if args.wheels else HERE / "wheels"
    count = check_wheels(manifest, wheels)
    addin = find_addin(HERE)
    places = Places()
    for folder in (places.home, places.xlstart, places.conf.parent):
        check_writable(folder)
    check_not_in_use(places.addin)
    detail(f"安装包：ziping {manifest['version']}，{count} 个 wheel 文件，校验无误")

    versions = install_venv(places, manifest, wheels)
    detail(f"已安装：{versions}")
    step(4)
    install_addin(addin, places)
    step(5)
    write_conf(places, profile, args.profile is not None)
    say()
    say("安装完成。请重新启动 Excel：功能区中会出现“绩效自评”选项卡。")
    say(f"Python 环境：{places.venv}；安装记录：{places.log}")


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        install(argv)
    except InstallError as exc:
        print(f"\n安装未完成：{exc}", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        print("\n已中断，安装未完成。", file=sys.stderr, flush=True)
        return 130
    except OSError as exc:
        where = f"{exc.filename}：" if exc.filename else ""
        print(f"\n安装未完成：{where}{exc.strerror or exc}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
