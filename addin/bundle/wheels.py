"""The wheel set of the local bundle: the targets (CPython versions on a platform), ziping's own
wheel built from this checkout, the dependencies downloaded from PyPI, and the closure of their
requirements under each target's environment markers (see the package's docstring)."""

from __future__ import annotations

import email.parser
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.tags import compatible_tags, cpython_tags, sys_tags
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

from validation import __version__
from validation.errors import ZipingError

PACKAGE = Path(__file__).resolve().parent.parent  # addin/
SOURCE = PACKAGE.parent  # the checkout: setup.py, constraints.txt
INSTALLER = PACKAGE / "installer"
PROJECT = "ziping"

WINDOWS = "win_amd64"
CURRENT = "current"  # the platform and Python running the build (a bundle tests can install here)
DEFAULT_PYTHONS = ("3.11", "3.12")
LOCAL_KIND, SERVER_KIND = "local", "server"
KIND_NAMES = {LOCAL_KIND: "本机方式", SERVER_KIND: "服务器方式"}
TEMPLATE = Path("workbooks") / "templates" / "ziping-template.xlsx"
TEMPLATE_NAME = "ziping-template.xlsx"
MANIFEST = "bundle.json"
CMD_NAME = "安装.cmd"

EPOCH = 1704067200  # 2024-01-01 00:00:00 UTC: every entry of every zip built here
ZIP_DATE = (2024, 1, 1, 0, 0, 0)
STORED = (".whl", ".xlam", ".xlsx", ".xlsm", ".zip")  # compressed already
# Sources of the ziping wheel: what setup.py packages (and reads).
# What setup.py packages: its files and every top-level package (a test keeps this complete).
WHEEL_SOURCES = ("setup.py", "README.md", "macros.bas", "validation", "workbooks", "reports", "addin", "portal", "ziping")

NOT_EXTRACTED = "安装未完成：请先把整个压缩包解压到一个文件夹，再双击解压出的 安装.cmd（不要在压缩包里直接运行）。"


class BundleError(ZipingError):
    pass


# ---- targets ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    """One interpreter the local bundle installs on: a CPython version on a platform."""

    python: str  # "3.11"
    platform: str  # "win_amd64", or the running machine's tag for CURRENT
    current: bool = False

    @property
    def nodot(self) -> str:
        return self.python.replace(".", "")

    @property
    def label(self) -> str:
        return f"CPython {self.python} {self.platform}"

    def pip_args(self) -> list[str]:
        if self.current:
            return []
        return ["--platform", self.platform, "--python-version", self.python, "--implementation", "cp",
                "--abi", f"cp{self.nodot}"]

    def environment(self) -> dict[str, str]:
        """Marker values on this target (PEP 508)."""
        if self.current:
            return dict(default_environment())
        if self.platform != WINDOWS:
            raise BundleError(f"不支持的平台：{self.platform}（可用 {WINDOWS} 或 {CURRENT}）。")
        full = f"{self.python}.0"
        return {
            "implementation_name": "cpython", "implementation_version": full, "os_name": "nt",
            "platform_machine": "AMD64", "platform_python_implementation": "CPython", "platform_release": "10",
            "platform_system": "Windows", "platform_version": "10.0.19045", "python_full_version": full,
            "python_version": self.python, "sys_platform": "win32",
        }

    def tags(self) -> set:
        if self.current:
            return set(sys_tags())
        version = tuple(int(part) for part in self.python.split("."))
        return set(cpython_tags(version, [f"cp{self.nodot}"], [self.platform])) | set(
            compatible_tags(version, f"cp{self.nodot}", [self.platform]))


def current_platform() -> str:
    return sysconfig.get_platform().replace("-", "_").replace(".", "_")


def targets_for(pythons: Iterable[str], platform: str) -> list[Target]:
    if platform == CURRENT:
        running = f"{sys.version_info[0]}.{sys.version_info[1]}"
        return [Target(running, current_platform(), current=True)]
    result = []
    for python in dict.fromkeys(pythons):
        if not re.fullmatch(r"3\.\d{1,2}", python):
            raise BundleError(f"Python 版本应写成 3.11、3.12 这样（收到“{python}”）。")
        if tuple(map(int, python.split("."))) < (3, 11):
            raise BundleError(f"ziping 需要 Python 3.11 或更高版本（收到“{python}”）。")
        result.append(Target(python, platform))
    if not result:
        raise BundleError("至少要给出一个 Python 版本。")
    return result


# ---- wheels and what they require ----------------------------------------------------------

@dataclass
class Wheel:
    path: Path
    name: str  # canonical
    version: Version
    tags: frozenset
    requires_python: SpecifierSet
    requires: list[str]

    @classmethod
    def read(cls, path: Path) -> Wheel:
        name, version, _build, tags = parse_wheel_filename(path.name)
        with zipfile.ZipFile(path) as archive:
            metadata = [n for n in archive.namelist() if n.count("/") == 1 and n.endswith(".dist-info/METADATA")]
            if len(metadata) != 1:
                raise BundleError(f"{path.name} 中没有唯一的 METADATA。")
            text = archive.read(metadata[0]).decode("utf-8")
        headers = email.parser.HeaderParser().parsestr(text)
        return cls(path, canonicalize_name(name), version, frozenset(tags),
                   SpecifierSet(headers.get("Requires-Python") or ""), list(headers.get_all("Requires-Dist") or []))

    def fits(self, target: Target) -> bool:
        return bool(self.tags & target.tags()) and self.requires_python.contains(f"{target.python}.0", prereleases=True)


def read_wheels(folder: Path) -> list[Wheel]:
    return [Wheel.read(path) for path in sorted(folder.glob("*.whl"))]


@dataclass
class Closure:
    """What a target installs from a wheel folder: the wheel chosen for each project, and the
    requirements (marker true on the target) that no wheel in the folder satisfies."""

    target: Target
    chosen: dict[str, Wheel] = field(default_factory=dict)
    missing: dict[str, tuple[Requirement, str]] = field(default_factory=dict)  # name -> (requirement, needed by)


def close(wheels: list[Wheel], target: Target, root: Requirement) -> Closure:
    environment = target.environment()
    fitting: dict[str, list[Wheel]] = {}
    for wheel in wheels:
        if wheel.fits(target):
            fitting.setdefault(wheel.name, []).append(wheel)
    closure = Closure(target)
    done: dict[str, set[str]] = {}  # project -> extras whose requirements were followed ("" = none)
    queue: list[tuple[Requirement, str]] = [(root, "—")]
    while queue:
        requirement, needed_by = queue.pop(0)
        name = canonicalize_name(requirement.name)
        chosen = closure.chosen.get(name)
        if chosen is None:
            candidates = [wheel for wheel in fitting.get(name, [])
                          if requirement.specifier.contains(wheel.version, prereleases=True)]
            if not candidates:
                previous = closure.missing.get(name)
                merged = requirement if previous is None else _merge(previous[0], requirement)
                closure.missing[name] = (merged, needed_by if previous is None else previous[1])
                continue
            chosen = closure.chosen[name] = max(candidates, key=lambda w: w.version)
        elif not requirement.specifier.contains(chosen.version, prereleases=True):
            raise BundleError(f"{needed_by} 需要 {requirement}，与已选的 {chosen.path.name} 冲突。")
        extras = {""} | {canonicalize_name(extra) for extra in requirement.extras}
        for extra in sorted(extras - done.setdefault(name, set())):
            done[name].add(extra)
            for line in chosen.requires:
                dependency = Requirement(line)
                if dependency.marker is None or dependency.marker.evaluate(dict(environment, extra=extra)):
                    queue.append((dependency, chosen.path.name))
    return closure


def _merge(first: Requirement, second: Requirement) -> Requirement:
    extras = sorted(set(first.extras) | set(second.extras))
    text = first.name + (f"[{','.join(extras)}]" if extras else "")
    return Requirement(text + str(first.specifier & second.specifier))


def _plain(requirement: Requirement) -> str:
    """The requirement without its marker (already evaluated for the target)."""
    extras = f"[{','.join(sorted(requirement.extras))}]" if requirement.extras else ""
    return f"{requirement.name}{extras}{requirement.specifier}"


# ---- building --------------------------------------------------------------------------------

Log = Callable[[str], None]


def _pip(args: list[str], what: str, env: dict | None = None) -> None:
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input", *args]
    result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace",
                            env=env, stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-12:])
        raise BundleError(f"{what}失败：\n{tail}")


def source_checkout() -> Path:
    for name in ("setup.py", "constraints.txt"):
        if not (SOURCE / name).is_file():
            raise BundleError(f"找不到 {SOURCE / name}：ziping bundle 需要在 ziping 的源码目录中运行（pip install -e .）。")
    return SOURCE


def build_own_wheel(work: Path, log: Log) -> Path:
    """ziping's wheel from a copy of this checkout's sources (no build/ left in the tree)."""
    source = source_checkout()
    copy = work / "source"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    copy.mkdir(parents=True)
    for name in WHEEL_SOURCES:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, copy / name, ignore=ignore)
        else:
            shutil.copy2(path, copy / name)
    out = work / "own"
    log(f"构建 ziping {__version__} 的 wheel ……")
    _pip(["wheel", "--no-deps", "--wheel-dir", str(out), str(copy)], "构建 ziping 的 wheel",
         env=dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH)))
    found = list(out.glob(f"{PROJECT}-{__version__}-*.whl"))
    if len(found) != 1:
        raise BundleError("构建 ziping 的 wheel 失败：没有得到 wheel 文件。")
    return found[0]


def collect_wheels(own: Path, folder: Path, targets: list[Target], log: Log) -> dict[str, list[str]]:
    """Fill `folder` with what every target needs; returns, per target, the wheels the
    marker closure added to what pip itself downloaded."""
    constraints = source_checkout() / "constraints.txt"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy2(own, folder / own.name)
    root = Requirement(f"{PROJECT}=={__version__}")
    added: dict[str, list[str]] = {}
    for target in targets:
        log(f"下载 {target.label} 的依赖 ……")
        _pip(["download", "--only-binary=:all:", *target.pip_args(), "-c", str(constraints), "--dest", str(folder),
              str(folder / own.name)], f"下载 {target.label} 的依赖")
        added[target.label] = []
        for _ in range(20):
            closure = close(read_wheels(folder), target, root)
            if not closure.missing:
                break
            wanted = [_plain(requirement) for requirement, _ in closure.missing.values()]
            log(f"  {target.label}：补充 pip 按本机环境标记漏掉的依赖 {'、'.join(wanted)}")
            before = {path.name for path in folder.glob("*.whl")}
            _pip(["download", "--no-deps", "--only-binary=:all:", *target.pip_args(), "-c", str(constraints),
                  "--dest", str(folder), *wanted], f"下载 {target.label} 的 {'、'.join(wanted)}")
            new = sorted({path.name for path in folder.glob("*.whl")} - before)
            if not new:
                raise BundleError(f"{target.label} 缺少 {'、'.join(wanted)}，且无法下载。")
            added[target.label] += new
        else:  # pragma: no cover - a dependency chain deeper than any real one
            raise BundleError(f"{target.label} 的依赖补充了 20 轮仍未完整。")
    return added


