"""Zip-level handling of OOXML packages: rewrite parts, and make a package reproducible."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

FIXED_TIME = (2024, 1, 1, 0, 0, 0)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def rewrite(path: str | Path, replace: dict[str, bytes] | None = None) -> None:
    """Rewrite a package with some parts replaced or added, every entry stamped FIXED_TIME,
    so that building the same content twice gives the same bytes."""
    path = Path(path)
    replace = replace or {}
    temporary = path.with_name(path.name + ".zip.tmp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as target:
        names = source.namelist()
        for name in names + [n for n in replace if n not in names]:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            data = replace[name] if name in replace else source.read(name)
            if name == "docProps/core.xml":  # openpyxl stamps the save time
                data = _MODIFIED.sub(rb"\g<1>2024-01-01T00:00:00Z\g<2>", data)
            target.writestr(info, data)
    temporary.replace(path)
