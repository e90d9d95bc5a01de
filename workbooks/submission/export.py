"""Export checked forms to a submission folder: <DIR>/<年度>/<主管部门>/<实施单位>/<项目名称>.xlsx.

Only forms without errors leave; the others are refused with their reasons. Every file is
written to a temporary name and renamed into place, so an interrupted export leaves no
half-written file, and the unit's manifest.json is rewritten after each form, so it lists
exactly the files that were written. An earlier export is never replaced silently: it
is copied to 历史版本/<项目名称>.v<N>.xlsx and the manifest says which version is current.
Each form is recorded under the unit folder's lock and through a journal (manifest.commit),
so a killed export or two exports at once lose no form and no version.
The clerk's own workbook is only read.
"""

from __future__ import annotations

import glob
import hashlib
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from validation.findings import ERROR
from validation.profile import Profile

from . import manifest
from ..writing.office import OfficeError, convert_many, soffice
from .safe_paths import inside, safe_part
from ..checking.batch import check_file
from .submitted_form import write_submission

HISTORY = manifest.HISTORY


@dataclass
class Exported:
    sheet: str
    project: str
    file: Path
    pdf: Path | None
    version: int
    unchanged: bool = False
    filled: list[str] = field(default_factory=list)  # computed cells left blank, filled in the file


@dataclass
class Prepared:
    """A form's submission workbook, built in the scratch folder and checked."""

    report: object  # the check of the clerk's form
    stem: str
    path: Path
    digest: str
    checked: object | None  # the check of the built file (None: it could not be read back)
    filled: list = field(default_factory=list)  # submission.FilledCell: blank computed cells filled in

    @property
    def faithful(self) -> bool:
        """The built file reads back as the clerk's form: one form, no error the clerk's had not."""
        return self.checked is not None and self.checked.errors == 0


@dataclass
class Refused:
    sheet: str
    project: str
    reasons: list[str]


@dataclass
class ExportResult:
    exported: list[Exported] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    blank: int = 0
    pdf_note: str | None = None

    def message(self, target: Path) -> str:
        lines = []
        if self.exported:
            new = [e for e in self.exported if not e.unchanged]
            same = len(self.exported) - len(new)
            if new:
                lines.append(f"已导出 {len(new)} 张自评表到 {target}" + (f"；另有 {same} 张与上次导出相同，未重复生成" if same else "") + "。")
            else:
                lines.append(f"{same} 张自评表与上次导出到 {target} 的内容相同，未重复生成。")
            for item in self.exported:
                note = "与上次相同" if item.unchanged else f"第 {item.version} 版"
                if item.filled and not item.unchanged:
                    note += f"；空白的{'、'.join(item.filled)}已按规则填入"
                lines.append(f"· {item.project}：{item.file.name}（{note}）")
        if self.refused:
            lines.append(f"有 {len(self.refused)} 张自评表存在错误，未导出：")
            for item in self.refused:
                reasons = [r.rstrip("。") for r in item.reasons[:3]]
                lines.append(f"· {item.project or item.sheet}：" + "；".join(reasons) + ("……" if len(item.reasons) > 3 else "。"))
        if self.blank:
            lines.append(f"{self.blank} 张空白表未导出。")
        if self.pdf_note:
            lines.append(self.pdf_note)
        if not lines:
            lines.append("没有找到可导出的自评表。")
        return "\n".join(lines)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _scores(report, filled) -> dict:
    """The figures beside the file: what the unit filed and what the rules give, side by side
    (`report` is the check of the submitted file itself, so cells are the file's)."""
    funds, cells = report.funds, report.cells
    ours = {f.cell for f in filled}  # filled by the export: nothing the unit filed

    def filed(value, cell):
        return None if cell in ours else value

    rate_cell = report.evaluation.funds.rate_reported if report.evaluation is not None else None
    return {
        "execution_rate": funds["execution_rate"],
        "execution_rate_reported": filed(rate_cell.value if rate_cell is not None else None, cells.get("rate")),
        "execution_score": funds["execution_score"],
        "execution_score_reported": filed(funds["execution_score_reported"], cells.get("execution_score")),
        "total_reported": filed(report.total_reported, cells.get("total")),
        "scores_reported_sum": report.scores_reported_sum,
        "total_computed": report.total_computed,
        "grade_reported": filed(report.grade_reported, cells.get("grade")),
        "indicators": [{"name": i.name, "weight": i.weight,
                        "score": i.score_computed if i.score_computed is not None else i.score_reported,
                        "score_reported": filed(i.score_reported, i.score_cell), "score_computed": i.score_computed,
                        "status": i.status} for i in report.indicators],
        "filled": [f.to_dict() for f in filled],
    }


def _findings(report) -> dict:
    return {"errors": report.errors, "warnings": report.warnings, "infos": report.infos,
            "items": [{"rule": f.rule, "severity": f.severity, "cell": f.cell, "message": f.message}
                      for f in report.findings]}


class _Writer:
    """Writes one form into its unit folder; everything it creates is temporary until renamed."""

    def __init__(self, target: Path, profile: Profile, year: int | None, pdf: bool, scratch: Path):
        self.target, self.profile, self.year, self.pdf, self.scratch = target, profile, year, pdf, scratch

    def folder(self, report) -> tuple[Path, str, str, int | None]:
        year = report.year or self.year
        department = report.department or "未填写主管部门"
        unit = report.unit or "未填写实施单位"
        folder = inside(self.target, safe_part(year or "未注明年度"), safe_part(department), safe_part(unit))
        folder.mkdir(parents=True, exist_ok=True)
        return folder, department, unit, year

    def prepare(self, report, stem: str, index: int) -> Prepared:
        """Build the submission workbook in the scratch folder (nothing in the target yet) and
        check the built file as a reviewer will: the figures and findings recorded beside it
        are those of the file itself."""
        folder = self.scratch / str(index)
        folder.mkdir()
        path = folder / f"{stem}.xlsx"
        submission = write_submission(report, path, self.profile, (report.year or self.year) or 0)
        result = check_file(path, self.profile)
        built = result.reports[0] if not result.error and len(result.reports) == 1 else None
        return Prepared(report, stem, path, sha256_of(path), built, submission.filled)

    def pdfs(self, built: list[Path]) -> dict[Path, Path]:
        if not self.pdf or not built:
            return {}
        try:
            converted = convert_many(built, "pdf", self.scratch / "pdf")
        except OfficeError:
            return {}
        return dict(zip(built, converted))

    def unchanged(self, report, stem: str, digest: str) -> bool:
        """The current export of this form has exactly these bytes already."""
        current = self.folder(report)[0] / f"{stem}.xlsx"
        return current.exists() and sha256_of(current) == digest

    def write(self, prepared: Prepared, source: str, pdf_built: Path | None) -> Exported:
        """Record one form: under the unit folder's lock, archive the current files, put the new ones
        in place and update manifest.json in one journaled step (manifest.commit)."""
        report, stem, built, digest, checked = prepared.report, prepared.stem, prepared.path, prepared.digest, prepared.checked
        folder, department, unit, year = self.folder(report)
        with manifest.updating(folder):
            now = _now()
            data = manifest.load(folder, self.profile.name, year, department, unit, now)
            current, current_pdf = folder / f"{stem}.xlsx", folder / f"{stem}.pdf"
            entry = next((f for f in data["forms"] if f["file"] == current.name), None)
            if entry is not None and current.exists() and sha256_of(current) == digest:
                return Exported(report.sheet, report.project, current, folder / entry["pdf"]["file"] if entry["pdf"] else None,
                                entry["version"], unchanged=True)
            moves, removals = [], []
            history = list(entry["history"]) if entry else []
            # The version in place: the manifest's, else (a file it does not list) one after the archived ones.
            if entry is not None:
                last = entry["version"]
            else:
                last = len(list((folder / HISTORY).glob(glob.escape(stem) + ".v*.xlsx"))) + current.exists()
            if current.exists():
                history.append(self._archive(folder, stem, last, entry, moves))
            version = last + 1  # never a number already given out, even if the current file went missing
            moves.append((manifest.stage(built, current), current))
            pdf_entry = None
            if pdf_built is not None:
                moves.append((manifest.stage(pdf_built, current_pdf), current_pdf))
                pdf_entry = {"file": current_pdf.name, "sha256": sha256_of(pdf_built)}
            elif current_pdf.exists():
                removals.append(current_pdf)  # an old PDF must not pass for the new version
            record = {
                "project": report.project, "source": source, "file": current.name, "sha256": digest, "pdf": pdf_entry,
                "version": version, "exported_at": now, "profile": self.profile.name,
                "scores": _scores(checked, prepared.filled), "grade": checked.grade, "findings": _findings(checked),
                "history": history,
            }
            data["forms"] = [f for f in data["forms"] if f["file"] != current.name] + [record]
            data["updated_at"] = now
            manifest.commit(folder, data, moves, removals)
        return Exported(report.sheet, report.project, current, current_pdf if pdf_entry else None, version,
                        filled=[f.field for f in prepared.filled])

    def _archive(self, folder: Path, stem: str, version: int, entry: dict | None, moves: list) -> dict:
        """Copy the current files towards 历史版本/<stem>.v<version>.*; they land there with the commit,
        and the current file stays in place until the new one replaces it."""
        history = folder / HISTORY
        history.mkdir(exist_ok=True)
        archived = history / f"{stem}.v{version}.xlsx"
        staged = manifest.stage(folder / f"{stem}.xlsx", archived)
        moves.append((staged, archived))
        pdf = None
        if (folder / f"{stem}.pdf").exists():
            archived_pdf = history / f"{stem}.v{version}.pdf"
            staged_pdf = manifest.stage(folder / f"{stem}.pdf", archived_pdf)
            moves.append((staged_pdf, archived_pdf))
            pdf = {"file": f"{HISTORY}/{archived_pdf.name}", "sha256": sha256_of(staged_pdf)}
        return {"version": version, "file": f"{HISTORY}/{archived.name}", "sha256": sha256_of(staged), "pdf": pdf,
                "exported_at": entry["exported_at"] if entry else _now()}


def export_reports(reports, source: str, target: str | Path, profile: Profile, year: int | None = None,
                   pdf: bool | None = None) -> ExportResult:
    """Export every form without errors. `pdf=None` makes PDFs when LibreOffice is installed."""
    target = Path(target)
    result = ExportResult()
    want_pdf = soffice() is not None if pdf is None else pdf
    if pdf is None and not want_pdf:
        result.pdf_note = "未安装 LibreOffice，未生成 PDF（可在 Excel 中打开导出的文件另存为 PDF）。"
    stems: dict[tuple[int | None, str, str], set[str]] = {}
    with tempfile.TemporaryDirectory(prefix="ziping-export-") as scratch:
        writer = _Writer(target, profile, year, want_pdf, Path(scratch))
        planned = []
        for report in reports:
            if report.blank:
                result.blank += 1
                continue
            if report.errors:
                reasons = [f.message for f in report.findings if f.severity == ERROR]
                result.refused.append(Refused(report.sheet, report.project, reasons))
                continue
            key = (report.year or year, report.department or "", report.unit or "")
            stem = safe_part(report.project or report.sheet, fallback=safe_part(report.sheet))
            if stem in stems.setdefault(key, set()):
                stem = safe_part(f"{stem}（{report.sheet}）")  # two forms of one export with the same name
            stems[key].add(stem)
            prepared = writer.prepare(report, stem, len(planned))
            if not prepared.faithful:  # never submit a file that does not say what the clerk's form says
                result.refused.append(Refused(report.sheet, report.project, [
                    "生成的报送文件读回后与原表的校验结果不一致，未导出；请把原工作簿发给管理员核查。"]))
                continue
            planned.append(prepared)
        changed = [p.path for p in planned if not writer.unchanged(p.report, p.stem, p.digest)]
        pdfs = writer.pdfs(changed)
        if want_pdf and changed and not pdfs:
            result.pdf_note = "LibreOffice 未能生成 PDF，本次只导出了 xlsx。"
        for prepared in planned:
            result.exported.append(writer.write(prepared, f"{source}｜{prepared.report.sheet}", pdfs.get(prepared.path)))
    return result
