"""manifest.json of a unit's submission folder: what was exported, when, with which checksums."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

from validation import __version__
from validation.errors import InputError

NAME = "manifest.json"


@lru_cache(maxsize=1)
def _validator():
    import jsonschema

    schema = json.loads(resources.files("validation").joinpath("schemas/manifest.schema.json").read_text("utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def validate_manifest(data: dict) -> None:
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        where = "/".join(str(p) for p in errors[0].absolute_path) or "（根）"
        raise InputError(f"{NAME} 格式不正确：{where}：{errors[0].message}")


def load(folder: Path, profile: str, year: int | None, department: str, unit: str, now: str) -> dict:
    path = folder / NAME
    if path.exists():
        try:
            data = json.loads(path.read_text("utf-8"))
            validate_manifest(data)
            return data
        except (OSError, ValueError, InputError) as exc:
            raise InputError(f"报送文件夹中的 {NAME} 已损坏，未导出以免覆盖记录：{path}（{exc}）") from None
    return {"tool": {"name": "ziping", "version": __version__}, "profile": profile, "year": year,
            "department": department, "unit": unit, "updated_at": now, "forms": []}


def save(folder: Path, data: dict) -> Path:
    """Validate, then replace the manifest atomically (a reader never sees half a file)."""
    data["tool"] = {"name": "ziping", "version": __version__}
    validate_manifest(data)
    path = folder / NAME
    temporary = folder / f".{NAME}.{os.getpid()}.tmp"
    try:
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path
