"""The zips: their files (the add-in built here, the template, the installers with their values
filled in, bundle.json), written deterministically, and `build_bundles`, which makes both."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from packaging.requirements import Requirement

from validation import __version__
from workbooks.submission.export import sha256_of

from .wheels import (
    CMD_NAME,
    CURRENT,
    DEFAULT_PYTHONS,
    INSTALLER,
    KIND_NAMES,
    LOCAL_KIND,
    MANIFEST,
    NOT_EXTRACTED,
    PROJECT,
    SERVER_KIND,
    SOURCE,
    STORED,
    TEMPLATE,
    TEMPLATE_NAME,
    WINDOWS,
    ZIP_DATE,
    BundleError,
    Log,
    Target,
    build_own_wheel,
    close,
    collect_wheels,
    read_wheels,
    source_checkout,
    targets_for,
)


def _normalised(text: str) -> bytes:
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")


def installer_text(name: str, **values: str) -> str:
    text = (INSTALLER / name).read_text("utf-8")
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    return text


def _ps_escape(text: str) -> str:
    """For [regex]::Unescape('…') inside a double-quoted argument of an ASCII-only batch file."""
    return "".join(ch if 32 <= ord(ch) < 127 and ch not in "'\\\"%^&" else f"\\u{ord(ch):04x}" for ch in text)


def cmd_script(name: str) -> bytes:
    data = _normalised(installer_text(name, NOT_EXTRACTED=_ps_escape(NOT_EXTRACTED)))
    if any(byte > 127 for byte in data):
        raise BundleError(f"{name} must be ASCII only")
    return data


def write_zip(path: Path, top: str, files: dict[str, Path | bytes]) -> Path:
    """A deterministic zip: entries sorted under one top folder, one fixed timestamp."""
    scratch = path.with_name(path.name + ".part")
    try:
        with zipfile.ZipFile(scratch, "w") as archive:
            for name in sorted(files):
                content = files[name]
                data = content if isinstance(content, bytes) else content.read_bytes()
                info = zipfile.ZipInfo(f"{top}/{name}", date_time=ZIP_DATE)
                info.create_system = 3
                info.external_attr = 0o100644 << 16
                info.compress_type = zipfile.ZIP_STORED if name.lower().endswith(STORED) else zipfile.ZIP_DEFLATED
                archive.writestr(info, data, compresslevel=9)
        os.replace(scratch, path)
    except BaseException:
        scratch.unlink(missing_ok=True)
        raise
    return path


@dataclass
class Bundle:
    kind: str
    path: Path
    targets: list[Target] = field(default_factory=list)
    wheels: list[str] = field(default_factory=list)
    added: dict[str, list[str]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return self.path.stat().st_size

    def describe(self) -> str:
        return f"{self.path}（{self.size / 1e6:.1f} MB）"


def zip_name(kind: str, platform: str | None = None) -> str:
    suffix = f"-{platform}" if kind == LOCAL_KIND else ""
    return f"{PROJECT}-{KIND_NAMES[kind]}-{__version__}{suffix}.zip"


def _profiles() -> list[str]:
    from validation.profile import shipped_names

    return list(shipped_names())


def build_local(out: Path, targets: list[Target], addin: Path, work: Path, log: Log) -> Bundle:
    from ..xlwings_env import xw

    own = build_own_wheel(work, log)
    folder = work / "wheels"
    added = collect_wheels(own, folder, targets, log)
    root = Requirement(f"{PROJECT}=={__version__}")
    for target in targets:  # the add-in's VBA runtime is stamped with the xlwings it was built with
        bundled = close(read_wheels(folder), target, root).chosen.get("xlwings")
        if bundled is None or str(bundled.version) != xw.__version__:
            raise BundleError(f"安装包中的 xlwings（{bundled and bundled.version}）与生成加载项所用的 xlwings {xw.__version__} "
                              f"不同：请按 constraints.txt 重新安装开发环境。")
    wheels = sorted(folder.glob("*.whl"))
    platform = targets[0].platform
    manifest = {
        "name": PROJECT, "version": __version__, "kind": LOCAL_KIND, "platform": platform,
        "pythons": [target.python for target in targets], "xlwings": xw.__version__,
        "addin": addin.name, "template": TEMPLATE_NAME, "profiles": _profiles(),
        "wheels": {path.name: sha256_of(path) for path in wheels},
    }
    values = {"VERSION": __version__, "PYTHONS": " 或 ".join(manifest["pythons"]), "XLWINGS": xw.__version__}
    files: dict[str, Path | bytes] = {
        CMD_NAME: cmd_script("local-install.cmd"),
        "install.py": _normalised(installer_text("install.py")),
        "no-python.txt": _normalised(installer_text("no-python.txt")),
        "说明.txt": b"\xef\xbb\xbf" + _normalised(installer_text("readme-local.txt", **values)),
        MANIFEST: (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8"),
        addin.name: addin,
        TEMPLATE_NAME: SOURCE / TEMPLATE,
    }
    files.update({f"wheels/{path.name}": path for path in wheels})
    name = zip_name(LOCAL_KIND, platform)
    path = write_zip(out / name, name[:-4], files)
    return Bundle(LOCAL_KIND, path, targets, [p.name for p in wheels], added)


def build_server(out: Path, addin: Path) -> Bundle:
    values = {"VERSION": __version__}
    files: dict[str, Path | bytes] = {
        CMD_NAME: cmd_script("server-install.cmd"),
        # Windows PowerShell reads a script without a BOM in the ANSI code page
        "install.ps1": b"\xef\xbb\xbf" + _normalised(installer_text("server-install.ps1")),
        "说明.txt": b"\xef\xbb\xbf" + _normalised(installer_text("readme-server.txt", **values)),
        addin.name: addin,
    }
    name = zip_name(SERVER_KIND)
    return Bundle(SERVER_KIND, write_zip(out / name, name[:-4], files))


def build_bundles(out: str | Path, pythons: Iterable[str] = DEFAULT_PYTHONS, platform: str = WINDOWS,
                  kinds: Iterable[str] = (LOCAL_KIND, SERVER_KIND), log: Log = print) -> list[Bundle]:
    """Build the bundles into `out`; a failure leaves nothing there but what was before."""
    from ..build import build_addin

    kinds = list(dict.fromkeys(kinds))
    for kind in kinds:
        if kind not in KIND_NAMES:
            raise BundleError(f"安装包类型应为 {LOCAL_KIND}（本机方式）或 {SERVER_KIND}（服务器方式），收到“{kind}”。")
    if platform not in (WINDOWS, CURRENT):
        raise BundleError(f"平台应为 {WINDOWS} 或 {CURRENT}（当前电脑，用于测试），收到“{platform}”。")
    targets = targets_for(pythons, platform) if LOCAL_KIND in kinds else []
    if LOCAL_KIND in kinds:
        source_checkout()
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".ziping-bundle-", dir=out))
    except OSError as exc:
        raise BundleError(f"无法写入 {out}：{exc.strerror or exc}") from None
    try:
        log("生成 Excel 加载项 ……")
        addin = build_addin(work / "addin")
        bundles = []
        for kind in kinds:
            if kind == LOCAL_KIND:
                bundles.append(build_local(out, targets, addin, work, log))
            else:
                bundles.append(build_server(out, addin))
        return bundles
    except OSError as exc:
        raise BundleError(f"无法写入 {exc.filename or out}：{exc.strerror or exc}") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
