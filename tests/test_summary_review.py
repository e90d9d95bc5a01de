"""汇总 and 批量审核: numbers checked by hand, and a review of thousands of workbooks."""

import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from addin.filebook import run_on_file
from tests.forms import ARCHIVES, DIGITISATION, IMAGING
from tests.helpers import seed_forms, write_xlsx, ziping
from validation import load_profile
from workbooks.review.folders import review
from workbooks.writing.samples import sample_path
from workbooks.review.summary import form_rows, forms_frame, units_frame

PROFILE = load_profile()
CENTRE, BUREAU = "北京市丰台区人力资源公共服务中心", "北京市丰台区人力资源公共服务局"


def _units(path):
    from workbooks.checking.batch import check_file

    result = check_file(path, PROFILE)
    forms = forms_frame(form_rows(str(path), result.reports))
    return forms, units_frame(forms).set_index("实施单位")


def test_summary_of_the_nine_seed_forms_by_hand():
    forms, units = _units(sample_path())
    assert len(forms) == 9
    centre = units.loc[CENTRE]
    # 表2–表9: 506.55 + 426.22 + 41.7 + 9.82 + 29.92 + 35.80 + 151.8 + 83.21
    assert centre["项目数"] == 8 and centre["全年预算数（万元）"] == 1285.02 and centre["全年执行数（万元）"] == 1285.02
    assert centre["执行率（按预算加权）"] == 1.0
    # computed totals: 100 × 6 + 98.73 (表5) + 99.74 (表8) = 798.47 over 8
    assert centre["平均分"] == 99.81 and centre["优"] == 8 and centre["良"] == 0
    assert centre["错误"] == 3 and units.loc[BUREAU]["平均分"] == 100
    total = units.loc[""]
    assert total["项目数"] == 9 and total["全年预算数（万元）"] == 1295.02 and total["平均分"] == 99.83  # 898.47 / 9
    row = forms.set_index("工作表").loc["表9"]
    assert row["总分（填报）"] == 100 and row["总分（计算）"] == 100 and row["错误"] == 2 and row["需说明原因的行"] == 1


def test_budget_weighted_execution_rate(tmp_path):
    path = write_xlsx(tmp_path / "three.xlsx", {f["sheet"]: [(f, 1, 1, "clean")] for f in (ARCHIVES, DIGITISATION, IMAGING)})
    forms, units = _units(path)
    unit = units.loc["某区人力资源公共服务中心"]
    # (67.18 + 260 + 31.28) / (107.3 + 260 + 31.4) = 358.46 / 398.7, not the mean of 62.61%, 100%, 99.62%
    assert unit["执行率（按预算加权）"] == round(358.46 / 398.7, 4) == 0.8991
    assert unit["平均分"] == round((96.26 + 100 + 99.96) / 3, 2)


def test_summary_command_writes_tables_and_a_chart(tmp_path):
    out = tmp_path / "汇总.xlsx"
    proc = ziping("summary", str(sample_path()), "-o", str(out))
    assert proc.returncode == 0 and "9 张自评表" in proc.stdout and "99.83" in proc.stdout
    book = load_workbook(out)
    assert book.sheetnames == ["汇总", "单位汇总"]
    assert book["汇总"].max_row == 10 and book["单位汇总"]["G4"].value == 99.83
    assert any(name.startswith("xl/charts/chart") for name in zipfile.ZipFile(out).namelist())


def test_summary_button_writes_a_sheet(tmp_path):
    out = tmp_path / "with-summary.xlsx"
    message = run_on_file("summary", sample_path(), out)
    assert "平均分 99.83" in message and "优 9" in message
    ws = load_workbook(out)["汇总"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "工作表" and len([r for r in rows[1:10] if r[0]]) == 9
    assert rows[5][-1].startswith("█") and rows[5][-1].endswith("98.73")  # 表5's computed total
    assert any(r[0] == "单位汇总" for r in rows)


@pytest.fixture(scope="module")
def submissions(tmp_path_factory):
    """2,000 generated workbooks in unit folders, plus broken files and an old version."""
    root = tmp_path_factory.mktemp("review") / "报送"
    singles = []
    for form in seed_forms():
        singles.append(write_xlsx(root.parent / f"{form['sheet']}.xlsx", {form["sheet"]: [(form, 1, 1, "clean")]}))
    for n in range(2000):
        folder = root / f"单位{n % 40:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(singles[n % len(singles)], folder / f"自评表{n:04d}.xlsx")
    (root / "单位00" / "损坏.xlsx").write_bytes(b"PK\x03\x04 broken")
    (root / "单位01" / "不是表格.xlsx").write_text("文本", encoding="utf-8")
    Workbook().save(root / "单位02" / "空工作簿.xlsx")
    (root / "单位03" / "历史版本").mkdir()
    shutil.copy(singles[0], root / "单位03" / "历史版本" / "旧.v1.xlsx")
    return root


def test_review_of_two_thousand_workbooks(submissions, tmp_path):
    out = tmp_path / "审核结果.xlsx"
    result = review([submissions], out, PROFILE)
    assert result.files == 2003 and result.forms == 2000  # 历史版本 is not reviewed
    assert sorted(Path(p).name for p, _ in result.unreadable) == ["不是表格.xlsx", "损坏.xlsx"]
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["汇总", "问题清单", "单位汇总", "无法读取的文件"]
    unreadable = list(book["无法读取的文件"].iter_rows(min_row=2, values_only=True))
    assert sorted(Path(r[0]).name for r in unreadable) == ["不是表格.xlsx", "损坏.xlsx"] and all(r[1] for r in unreadable)
    assert sum(1 for _ in book["汇总"].iter_rows(values_only=True)) == 2001
    units = list(book["单位汇总"].iter_rows(min_row=2, values_only=True))
    assert units[-1][0] == "合计" and units[-1][2] == 2000
    book.close()


def test_review_links_point_into_the_files(tmp_path):
    folder = tmp_path / "报送" / "单位"
    folder.mkdir(parents=True)
    shutil.copy(sample_path(), folder / "丰台 九表.xlsx")
    out = tmp_path / "审核结果.xlsx"
    proc = ziping("review", str(tmp_path / "报送"), "-o", str(out))
    assert proc.returncode == 1 and "9 张自评表" in proc.stdout
    ws = load_workbook(out)["问题清单"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[3].value == "ZP203")
    assert row[1].value == "表9" and row[2].value == "H19"
    assert row[2].hyperlink.target == "报送/单位/丰台%20九表.xlsx" and row[2].hyperlink.location == "'表9'!H19"


def test_filed_and_computed_figures_side_by_side_with_the_differences_marked(tmp_path):
    """表8 filed 支出进度 8 and 总分 98 (the rules give 9.74, 99.74); 表9 filed 总分 100 over items
    that add up to 95. Both totals and the items' sum sit in the row, the differing ones shaded."""
    forms, _ = _units(sample_path())
    rows = forms.set_index("工作表")
    eight, nine = rows.loc["表8"], rows.loc["表9"]
    assert (eight["总分（填报）"], eight["各项得分合计（填报）"], eight["总分（计算）"]) == (98, 98, 99.74)
    assert eight["与规则不同的得分"] == 1
    assert (nine["总分（填报）"], nine["各项得分合计（填报）"], nine["总分（计算）"]) == (100, 95, 100)
    out = review([sample_path()], tmp_path / "审核结果.xlsx", PROFILE, jobs=1).path
    ws = load_workbook(out)["汇总"]
    header = [c.value for c in ws[1]]
    shaded = {}
    for rule_range in ws.conditional_formatting:
        for rule in rule_range.rules:
            [cells] = list(rule_range.sqref.ranges)
            column = header[cells.min_col - 1]
            shaded[column] = (str(rule_range.sqref), rule.formula[0])
    assert set(shaded) == {"总分（填报）", "各项得分合计（填报）", "等级（填报）", "与规则不同的得分"}
    assert shaded["总分（填报）"][0] == "I2:I10" and "$I2-$K2" in shaded["总分（填报）"][1]
    assert "$J2-$I2" in shaded["各项得分合计（填报）"][1]


@pytest.mark.parametrize("command", ["review", "summary"])
def test_a_missing_or_empty_folder_is_refused_without_a_workbook(tmp_path, command):
    empty = tmp_path / "空文件夹"
    empty.mkdir()
    (empty / "说明.txt").write_text("没有工作簿", encoding="utf-8")
    for folder, words in ((tmp_path / "不存在", "找不到"), (empty, "没有工作簿")):
        out = tmp_path / "结果.xlsx"
        proc = ziping(command, str(folder), "-o", str(out))
        assert proc.returncode == 2, proc.stdout + proc.stderr
        assert words in proc.stderr and "Traceback" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1
        assert not out.exists() and not list(tmp_path.glob("*.xlsx")) and not list(tmp_path.glob(".*tmp"))


@pytest.mark.parametrize("command", ["review", "summary"])
def test_an_existing_output_is_kept_and_the_new_one_numbered(tmp_path, command):
    out = tmp_path / "审核结果.xlsx"
    out.write_bytes(b"yesterday")
    first = ziping(command, str(sample_path()), "-o", str(out))
    second = ziping(command, str(sample_path()), "-o", str(out))
    assert out.read_bytes() == b"yesterday"
    numbered = [tmp_path / "审核结果（2）.xlsx", tmp_path / "审核结果（3）.xlsx"]
    assert all(path.exists() for path in numbered)
    assert "审核结果（2）.xlsx" in first.stdout and "审核结果（3）.xlsx" in second.stdout and "已存在" in first.stdout
    forced = ziping(command, str(sample_path()), "-o", str(out), "--force")
    assert forced.returncode in (0, 1) and out.read_bytes()[:2] == b"PK"
    assert not (tmp_path / "审核结果（4）.xlsx").exists()


def test_two_runs_finishing_at_once_never_share_a_name(tmp_path):
    """The numbered name is claimed atomically: runs racing for it each get their own file."""
    from concurrent.futures import ThreadPoolExecutor

    from workbooks.writing.xlsx_stream import place_without_overwriting

    target = tmp_path / "审核结果.xlsx"
    target.write_bytes(b"kept")
    temporaries = []
    for n in range(8):
        temporary = tmp_path / f".t{n}.tmp"
        temporary.write_bytes(str(n).encode())
        temporaries.append(temporary)
    with ThreadPoolExecutor(8) as pool:
        placed = list(pool.map(lambda t: place_without_overwriting(t, target), temporaries))
    assert len(set(placed)) == 8 and target.read_bytes() == b"kept"
    assert sorted(p.read_bytes() for p in placed) == sorted(str(n).encode() for n in range(8))
    assert not list(tmp_path.glob(".t*.tmp"))
