"""LibreOffice, headless: convert workbooks (PDF, recalculated xlsx) when it is installed.

Each call uses its own throw-away user profile so that concurrent conversions and an
office suite the user has open do not block each other.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from validation.errors import ZipingError


class OfficeError(ZipingError):
    """LibreOffice is missing or a conversion failed."""


def soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in ("/usr/bin/soffice", "/Applications/LibreOffice.app/Contents/MacOS/soffice",
                      r"C:\Program Files\LibreOffice\program\soffice.exe"):
        if Path(candidate).exists():
            return candidate
    return None


def convert(source: str | Path, fmt: str, outdir: str | Path, timeout: float = 180) -> Path:
    """Convert `source` to `fmt` ("pdf", "xlsx", …) into `outdir`; returns the new file's path."""
    return convert_many([source], fmt, outdir, timeout)[0]


def convert_many(sources, fmt: str, outdir: str | Path, timeout: float = 600) -> list[Path]:
    """Convert several files in one LibreOffice run (its start-up is most of the cost)."""
    exe = soffice()
    if exe is None:
        raise OfficeError("未安装 LibreOffice，无法转换（可安装 LibreOffice，或用 Excel 另存为 PDF）。")
    sources, outdir = [Path(s) for s in sources], Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ziping-lo-") as profile:
        command = [exe, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                   "--convert-to", fmt, "--outdir", str(outdir), *map(str, sources)]
        try:
            proc = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise OfficeError(f"LibreOffice 转换超时（{timeout:.0f} 秒）。") from None
    targets = [outdir / (source.stem + "." + fmt.split(":")[0]) for source in sources]
    missing = [t for t in targets if not t.exists()]
    if proc.returncode != 0 or missing:
        detail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["无输出"]
        raise OfficeError(f"LibreOffice 未能转换 {missing[0].stem if missing else sources[0].name}：{detail[0][:200]}")
    return targets
