"""What a submission folder holds, as the index sees it: every version of every exported form.

The folder is <报送文件夹>/<年度>/<主管部门>/<实施单位>/, written by workbooks.submission.export: the current file
<项目>.xlsx, earlier ones in 历史版本/<项目>.v<N>.xlsx, and manifest.json listing both with their
SHA-256. Each version is checked again from its file (workbooks.checking.batch.check_file), so the index
holds exactly what a reviewer who opens the file sees, whoever indexes it and whenever.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from validation.errors import InputError
from validation.findings import Finding
from validation.profile import DEFAULT_PROFILE, Profile, load_profile, shipped_names
from workbooks.submission import manifest
from workbooks.checking.batch import check_file
from workbooks.submission.export import sha256_of
from workbooks.review.summary import FormRow

from .errors import IndexingError

DEPTH = 3  # <年度>/<主管部门>/<实施单位>


@dataclass(frozen=True)
class StoredVersion:
    """One version of one form in the submission folder, as manifest.json describes it."""

    year: int
    department: str
    unit: str
    stem: str  # the current file's name without .xlsx: the form's key within its unit folder
    project: str
    number: int
    file: Path
    relative: str  # `file` relative to the submission folder, with "/"
    sha256: str
    profile: str
    source: str | None
    exported_at: datetime | None
    archived: dict[int, str] = field(default_factory=dict, compare=False)  # this form's archived versions: number → relative path


@dataclass
class CheckedVersion:
    """What checking a version's file gave."""

    row: FormRow
    infos: int
    findings: list[Finding]
    profile: str


def read_manifest(folder: Path) -> dict:
    path = folder / manifest.NAME
    try:
        data = json.loads(path.read_text("utf-8"))
        manifest.validate_manifest(data)
    except FileNotFoundError:
        raise IndexingError(f"{folder} 中没有 {manifest.NAME}。") from None
    except (OSError, ValueError, InputError) as exc:
        raise IndexingError(f"{path} 无法读取或格式不正确：{exc}") from None
    return data


def unit_folders(root: Path) -> list[Path]:
    """The unit folders of a submission folder: those with a manifest.json three levels down."""
    pattern = "/".join(["*"] * DEPTH) + "/" + manifest.NAME
    return sorted(path.parent for path in Path(root).glob(pattern) if path.is_file() and not path.parent.name.startswith("."))


def _year(root: Path, folder: Path, data: dict) -> int:
    if isinstance(data.get("year"), int):
        return data["year"]
    part = folder.relative_to(root).parts[0]
    if part.isdigit():
        return int(part)
    raise IndexingError(f"{folder.relative_to(root).as_posix()}：未注明年度，无法登记（导出时请用 --year 指定年度）。")


def _time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def versions_in(root: Path, folder: Path, data: dict | None = None) -> list[StoredVersion]:
    """Every version (archived and current) of every form of a unit folder, oldest first per form."""
    root, folder = Path(root).resolve(), Path(folder).resolve()
    data = read_manifest(folder) if data is None else data
    year = _year(root, folder, data)
    found = []
    for form in data["forms"]:
        stem = Path(form["file"]).stem
        archived = {item["version"]: (folder / item["file"]).relative_to(root).as_posix() for item in form["history"]}
        common = dict(year=year, department=data["department"], unit=data["unit"], stem=stem,
                      project=form["project"] or stem, profile=form["profile"], archived=archived)
        for item in sorted(form["history"], key=lambda h: h["version"]):
            path = folder / item["file"]  # the manifest keeps no source for an archived version
            found.append(StoredVersion(number=item["version"], file=path, relative=path.relative_to(root).as_posix(),
                                       sha256=item["sha256"], source=None, exported_at=_time(item.get("exported_at")),
                                       **common))
        path = folder / form["file"]
        found.append(StoredVersion(number=form["version"], file=path, relative=path.relative_to(root).as_posix(),
                                   sha256=form["sha256"], source=form.get("source"),
                                   exported_at=_time(form.get("exported_at")), **common))
    return found


def locate(root: Path, file: Path, number: int) -> StoredVersion:
    """Version `number` of the form whose current file is `file` (it may have been archived since)."""
    file = Path(file).resolve()
    for version in versions_in(root, file.parent):
        if version.stem == file.stem and version.number == number:
            return version
    raise IndexingError(f"{manifest.NAME} 中没有 {file.name} 的第 {number} 版。")


def profile_for(name: str, chosen: Profile | None = None) -> Profile:
    """The profile a version is checked with: the one chosen, else the one it was exported with
    when it is shipped, else the default."""
    if chosen is not None:
        return chosen
    return load_profile(name if name in shipped_names() else DEFAULT_PROFILE)


def check_version(stored: StoredVersion, profile: Profile | None = None) -> CheckedVersion:
    """Check the file of a version, after making sure it is the file the manifest lists.

    The bytes are read once, compared with the manifest's SHA-256 and checked from a private copy:
    a later export that archives the file meanwhile cannot make the index check another file.
    """
    try:
        content = stored.file.read_bytes()
    except FileNotFoundError:
        raise IndexingError(f"{stored.relative}：文件不存在。") from None
    except OSError as exc:
        raise IndexingError(f"{stored.relative}：无法读取（{exc.strerror or exc}）。") from None
    with tempfile.TemporaryDirectory(prefix="ziping-index-") as scratch:
        copy = Path(scratch) / stored.file.name
        copy.write_bytes(content)
        if sha256_of(copy) != stored.sha256:
            raise IndexingError(f"{stored.relative}：文件与 {manifest.NAME} 记录的校验和不一致，可能在导出后被改动。")
        chosen = profile_for(stored.profile, profile)
        result = check_file(copy, chosen)
    if result.error:
        raise IndexingError(f"{stored.relative}：{result.error}")
    reports = [report for report in result.reports if not report.blank]
    if len(reports) != 1:
        raise IndexingError(f"{stored.relative}：应有一张自评表，实际找到 {len(reports)} 张。")
    report = reports[0]
    return CheckedVersion(FormRow.of(stored.relative, report), report.infos, list(report.findings), chosen.name)
