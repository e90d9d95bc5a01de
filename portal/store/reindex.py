"""Rebuild the index from a submission folder: every version manifest.json lists, checked again.

Idempotent: a version already indexed keeps its row, status and review events, and only has its
path, figures and findings brought up to date; running it twice changes nothing the second time.
Versions the database knows but whose file is gone are counted, never deleted (their review
history matters more than the missing file).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from validation.profile import Profile
from workbooks.submission import manifest
from workbooks.checking.batch import is_workbook

from .database import Database
from .errors import IndexingError
from .index import record_version
from .models import SubmissionVersion
from .version_reports import reindex_reports
from .submission_folder import read_manifest, unit_folders, versions_in

LABEL = "重建索引"


@dataclass
class ReindexCounts:
    folders: int = 0  # unit folders read
    forms: int = 0  # forms (projects) listed in their manifests
    versions: int = 0  # versions indexed (new, updated or unchanged)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    missing: int = 0  # indexed versions whose file is no longer in the folder
    reports: int = 0  # 自评报告 given back to versions that had no report row
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why)

    def message(self, root: Path) -> str:
        lines = [f"已根据报送文件夹 {root} 重建索引：{self.folders} 个单位文件夹，{self.forms} 个项目，"
                 f"{self.versions} 个版本（新登记 {self.added} 个，更新 {self.updated} 个，未变 {self.unchanged} 个）。"]
        if self.reports:
            lines.append(f"另为 {self.reports} 个版本重新登记了随表报送的自评报告（按报送文件夹中的文件重新核对）。")
        if self.skipped:
            lines.append(f"有 {len(self.skipped)} 个文件或文件夹未能登记：")
            lines.extend(f"· {path}：{why}" for path, why in self.skipped[:50])
            if len(self.skipped) > 50:
                lines.append(f"……另有 {len(self.skipped) - 50} 个。")
        if self.missing:
            lines.append(f"数据库中有 {self.missing} 个版本在报送文件夹中找不到文件（记录保留，未删除）。")
        return "\n".join(lines)


def reindex(folder: str | Path, db: Database, profile: Profile | None = None, label: str = LABEL) -> ReindexCounts:
    root = Path(folder).resolve()
    if not root.is_dir():
        raise IndexingError(f"报送文件夹不存在：{folder}")
    counts = ReindexCounts()
    for unit_folder in unit_folders(root):
        where = unit_folder.relative_to(root).as_posix()
        try:
            data = read_manifest(unit_folder)
            stored = versions_in(root, unit_folder, data)
        except IndexingError as exc:
            counts.skipped.append((where, str(exc)))
            continue
        counts.folders += 1
        counts.forms += len(data["forms"])
        listed = {version.file.name for version in stored if version.file.parent == unit_folder}
        for path in sorted(unit_folder.iterdir()):
            if path.is_file() and is_workbook(path) and path.name not in listed:
                counts.skipped.append((path.relative_to(root).as_posix(), f"未列入 {manifest.NAME}，不是导出的文件"))
        for version in stored:
            try:
                recorded = record_version(db, version, label=label, profile=profile, refresh=True)
            except IndexingError as exc:
                counts.skipped.append((version.relative, str(exc).removeprefix(f"{version.relative}：")))
                continue
            counts.versions += 1
            if recorded.created:
                counts.added += 1
            elif recorded.updated:
                counts.updated += 1
            else:
                counts.unchanged += 1
    counts.reports, skipped = reindex_reports(db, root, profile)
    counts.skipped += skipped
    with db.session() as session:
        counts.missing = sum(1 for path in session.scalars(select(SubmissionVersion.path)) if not (root / path).is_file())
    return counts
