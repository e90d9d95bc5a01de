"""A realistic submission folder for the reviewer queries, and a database recording it.

Two 主管部门 with several 实施单位, two years, every grade, a form with a second version, and two
forms with errors:

- 北京市丰台区人力资源和社会保障局: the shipped sample exported (表1 → 公共服务局, 表2–4, 6–8 → 公共服务中心);
  表5 and 表9 of the sample have errors, which export refuses: they are placed in the unit folder as
  they are and recorded by hand (StoredVersion + index.record_version), as a version checked again
  under stricter rules would be; 表2 is exported again with lower figures (version 2); and a third
  unit (职业技能鉴定中心) with generated forms.
- 北京市丰台区教育委员会: three schools with generated forms of every grade (2024, and two of 2023),
  and a unit (少年宫) that has an account but no form.

Everything is exported once per run (`build_dataset`); `load` records it into a database through
index.record_export / record_version, as clerks (one per unit), and creates the reviewers.
"""

from __future__ import annotations

import copy
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from openpyxl import load_workbook

from portal.store.accounts import create_user, set_disabled
from portal.store.connect import open_database
from portal.store.index import record_export, record_version
from portal.store.review.scope import Viewer
from portal.store.submission_folder import StoredVersion
from validation import load_profile
from workbooks.checking.batch import check_file
from workbooks.submission.export import ExportResult, export_reports, sha256_of
from workbooks.submission.safe_paths import safe_part
from workbooks.writing.samples import build_plain_workbook, sample_data, sample_path
from workbooks.review.summary import FormRow, form_rows

PROFILE = load_profile()
PASSWORD = "review secret 1"

HR = "北京市丰台区人力资源和社会保障局"
HR_BUREAU = "北京市丰台区人力资源公共服务局"
HR_CENTRE = "北京市丰台区人力资源公共服务中心"
HR_SKILLS = "北京市丰台区职业技能鉴定中心"
EDU = "北京市丰台区教育委员会"
SCHOOL_1 = "北京市丰台区第一中学"
SCHOOL_2 = "北京市丰台区第二中学"
EDU_TECH = "北京市丰台区教育技术中心"
EDU_IDLE = "北京市丰台区少年宫"  # an account, no form

UNITS = {HR_BUREAU: HR, HR_CENTRE: HR, HR_SKILLS: HR, SCHOOL_1: EDU, SCHOOL_2: EDU, EDU_TECH: EDU, EDU_IDLE: EDU}
CLERKS = {HR_BUREAU: "clerk_hr_bureau", HR_CENTRE: "clerk_hr_centre", HR_SKILLS: "clerk_hr_skills",
          SCHOOL_1: "clerk_school_1", SCHOOL_2: "clerk_school_2", EDU_TECH: "clerk_edu_tech", EDU_IDLE: "clerk_edu_idle"}
REVIEWERS = {HR: "reviewer_hr", EDU: "reviewer_edu"}
ADMIN = "admin"
DISABLED_REVIEWER = "reviewer_hr_gone"
REVISED = "2024年窗口聘用人员经费"  # 表2, exported twice

# Changes to 表2 of the sample (its six indicators) that give each grade:
# indicator → (target, actual, reported score); then the share of the budget executed.
RECIPES = {
    "优": ({"聘用人员数量": ("≥70人", "35人", 7.5)}, 0.9),
    "良": ({"聘用人员数量": ("≥70人", "35人", 7.5), "支出进度": ("≥100%", "70%", 10.5)}, 0.9),
    "中": ({"聘用人员数量": ("≥70人", "35人", 7.5), "支出进度": ("≥100%", "40%", 6),
           "对外服务办公效率": ("高中低", "效率低，未达到预期", 5)}, 0.7),
    "差": ({"聘用人员数量": ("≥70人", "10人", 2), "支出进度": ("≥100%", "20%", 3), "对外服务办公效率": ("高中低", "未完成", 0),
           "对聘用人员满意度": ("≥90%", "30%", 3), "聘用成本": ("≤300万元", "506.55万元", 5)}, 0.4),
}

# unit → [(year, project, grade recipe, budget factor)]
GENERATED = {
    HR_SKILLS: [(2024, "2024年职业技能鉴定考务经费", "良", 0.3), (2024, "2024年鉴定场地租赁经费", "中", 1.7),
                (2024, "2024年技能竞赛组织经费", "优", 0.05)],
    SCHOOL_1: [(2024, "2024年校舍维修改造经费", "优", 2.5), (2024, "2024年教学设备购置经费", "差", 0.8),
               (2024, "2024年学生资助经费", "良", 1.1), (2023, "2023年校舍维修改造经费", "中", 2.0),
               (2023, "2023年课后服务经费", "优", 0.4)],
    SCHOOL_2: [(2024, "2024年食堂设备更新经费", "差", 0.6), (2024, "2024年图书采购经费", "良", 0.2)],
    EDU_TECH: [(2024, "2024年智慧校园运维经费", "中", 1.3), (2024, "2024年教育信息化培训经费", "优", 0.15)],
}


def _form(department: str, unit: str, project: str, sheet: str, grade: str, factor: float) -> dict:
    """表2 of the sample, renamed and changed to reach `grade`, with its money scaled by `factor`."""
    form = copy.deepcopy(sample_data()["forms"][1])
    form.update(sheet=sheet, project=project, department=department, unit=unit)
    actuals, executed_share = RECIPES[grade]
    for indicator in form["indicators"]:
        if indicator["name"] in actuals:
            indicator["target"], indicator["actual"], indicator["score"] = actuals[indicator["name"]]
            indicator["reason"] = "受客观因素影响，未完全达到预期。"
    total = form["funds"]["total"]
    for key in ("initial", "annual"):
        total[key] = round(total[key] * factor, 2)
    total["executed"] = round(total["annual"] * executed_share, 2)
    form["funds"]["fiscal"].update(initial=total["initial"], annual=total["annual"], executed=total["executed"])
    total["rate"] = f"{executed_share * 100:.2f}%"
    total["score"] = round(10 * executed_share, 2)
    form["total"]["score"] = round(sum(i["score"] for i in form["indicators"]) + total["score"], 2)
    return form


@dataclass
class Step:
    """One recording, in order: an export (recorded by record_export) or a hand-placed file."""

    who: str  # the clerk's login
    export: ExportResult | None = None
    stored: StoredVersion | None = None


@dataclass
class Dataset:
    root: Path
    steps: list[Step]
    current: list[tuple[int, FormRow, frozenset[str]]]  # (year, row, rule codes) of every current version, from its file

    def rows(self, year: int | None = 2024, department: str | None = None, unit: str | None = None) -> list[FormRow]:
        return [row for y, row, _ in self.current if (year is None or y == year)
                and (department is None or row.department == department) and (unit is None or row.unit == unit)]

    def rules(self, project: str, year: int = 2024) -> frozenset[str]:
        [rules] = [rules for y, row, rules in self.current if y == year and row.project == project]
        return rules


def _export(book: Path, root: Path, year: int | None = None, refused: int = 0) -> ExportResult:
    checked = check_file(book, PROFILE)
    assert checked.error is None
    result = export_reports(checked.reports, book.name, root, PROFILE, year=year, pdf=False)
    assert len(result.refused) == refused, [r.reasons for r in result.refused]
    return result


def _hand_placed(root: Path, sheet: str, scratch: Path) -> StoredVersion:
    """A sample sheet with errors, put into its unit folder as it is (no export would write it)."""
    report = next(r for r in check_file(sample_path(), PROFILE).reports if r.sheet == sheet)
    assert report.errors > 0
    book = load_workbook(sample_path())
    for name in book.sheetnames:
        if name != sheet:
            del book[name]
    stem = safe_part(report.project)
    folder = root / "2024" / HR / HR_CENTRE
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.xlsx"
    book.save(path)
    return StoredVersion(year=2024, department=HR, unit=HR_CENTRE, stem=stem, project=report.project, number=1,
                         file=path, relative=path.relative_to(root).as_posix(), sha256=sha256_of(path),
                         profile=PROFILE.name, source=f"手工放入｜{sheet}", exported_at=None)


def build_dataset(folder: Path) -> Dataset:
    root, scratch = folder / "报送", folder / "workbooks"
    scratch.mkdir(parents=True)
    steps: list[Step] = []
    sample = _export(sample_path(), root, refused=2)  # 表5, 表9
    assert len(sample.exported) == 7
    steps.append(Step("token", export=sample))
    for sheet in ("表5", "表9"):
        steps.append(Step(CLERKS[HR_CENTRE], stored=_hand_placed(root, sheet, scratch)))
    for unit, forms in GENERATED.items():
        for year in sorted({y for y, *_ in forms}):
            made = [_form(UNITS[unit], unit, project, f"表{i + 1}", grade, factor)
                    for i, (y, project, grade, factor) in enumerate(forms) if y == year]
            book = build_plain_workbook(made, scratch / f"{safe_part(unit)}-{year}.xlsx", year=year)
            result = _export(book, root, year)
            assert len(result.exported) == len(made)
            steps.append(Step(CLERKS[unit], export=result))
    revised = _form(HR, HR_CENTRE, REVISED, "表2", "中", 1.0)
    result = _export(build_plain_workbook([revised], scratch / "revised.xlsx", year=2024), root)
    assert [item.version for item in result.exported] == [2]
    steps.append(Step(CLERKS[HR_CENTRE], export=result))

    current: dict[Path, int] = {}
    for step in steps:
        if step.export:
            for item in step.export.exported:
                current[item.file] = int(item.file.relative_to(root).parts[0])
        else:
            current[step.stored.file] = step.stored.year
    rows = []
    for path, year in sorted(current.items()):
        checked = check_file(path, PROFILE)
        [row] = form_rows(path.relative_to(root).as_posix(), checked.reports)
        rows.append((year, row, frozenset(f.rule for f in checked.reports[0].findings)))
    return Dataset(root, steps, rows)


_BUILT: dict[str, Dataset] = {}


def dataset(tmp_path_factory) -> Dataset:
    """The dataset, built once per test run."""
    if "dataset" not in _BUILT:
        _BUILT["dataset"] = build_dataset(tmp_path_factory.mktemp("review-dataset"))
    return _BUILT["dataset"]


@dataclass
class Loaded:
    """A database holding the dataset, and its users (as Viewers) by login."""

    db: object
    data: Dataset
    users: dict[str, Viewer] = field(default_factory=dict)
    root: Path | None = None

    def submission_id(self, project: str, year: int = 2024) -> int:
        from sqlalchemy import select

        from portal.store.models import Submission

        with self.db.session() as session:
            return session.scalar(select(Submission.id).where(Submission.project == project, Submission.year == year))

    def current_version_id(self, project: str, year: int = 2024) -> int:
        from sqlalchemy import select

        from portal.store.models import Submission, SubmissionVersion

        with self.db.session() as session:
            return session.scalar(
                select(SubmissionVersion.id).join(Submission)
                .where(Submission.project == project, Submission.year == year,
                       SubmissionVersion.number == Submission.latest_number))


def create_users(db) -> dict[str, Viewer]:
    users = {}
    with db.write() as session:
        admin, _ = create_user(session, ADMIN, "bureau_admin", PASSWORD, "财政局管理员")
        users[ADMIN] = admin
        for department, login in REVIEWERS.items():
            users[login], _ = create_user(session, login, "department_reviewer", PASSWORD, f"{department}审核人",
                                          department)
        users[DISABLED_REVIEWER], _ = create_user(session, DISABLED_REVIEWER, "department_reviewer", PASSWORD,
                                                  "已停用的审核人", HR)
        for unit, login in CLERKS.items():
            users[login], _ = create_user(session, login, "clerk", PASSWORD, f"{unit}填报人", UNITS[unit], unit)
        set_disabled(session, DISABLED_REVIEWER)
        session.flush()
        return {login: Viewer.of(user) for login, user in users.items()}


def load(db, data: Dataset, root: Path | None = None) -> Loaded:
    """Record the dataset (from `root`, a copy of its folder, if given) into `db`, as its clerks."""
    root = root or data.root
    users = create_users(db)
    for step in data.steps:
        user = users[step.who].user_id if step.who in users else None
        label = None if user else "丰台人社局令牌"
        if step.export:
            export = step.export
            if root != data.root:
                export = copy.deepcopy(export)
                for item in export.exported:
                    item.file = root / item.file.relative_to(data.root)
            record_export(db, root, export, user=user, label=label)
        else:
            stored = step.stored
            if root != data.root:
                stored = StoredVersion(**{**stored.__dict__, "file": root / stored.relative})
            record_version(db, stored, user=user, label=label)
    return Loaded(db, data, users, root)


def copy_folder(data: Dataset, target: Path) -> Path:
    shutil.copytree(data.root, target)
    return target


# Fixtures (imported by the test modules that use them).

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="module")
def review_data(tmp_path_factory) -> Dataset:
    return dataset(tmp_path_factory)


@pytest.fixture(scope="module", params=BACKENDS)
def loaded(request, tmp_path_factory, review_data) -> Loaded:
    """The dataset recorded in a database of each kind, shared by the tests of a module that only read."""
    if request.param == "sqlite":
        url = str(tmp_path_factory.mktemp("review-db") / "portal.sqlite3")
    else:
        url = request.getfixturevalue("postgres_server").new_database()
    database = open_database(url)
    try:
        yield load(database, review_data)
    finally:
        database.dispose()


@pytest.fixture
def fresh(db, review_data, tmp_path) -> Loaded:
    """The dataset recorded in a new database of each kind, from a private copy of its folder
    (for the tests that decide, export again, or otherwise change things)."""
    return load(db, review_data, copy_folder(review_data, tmp_path / "报送"))
