"""自评报告 files for the portal's tests, written with python-docx (and by hand where a hostile file
is wanted): a report of 表2 of the shipped sample (2024年窗口聘用人员经费, 北京市丰台区人力资源公共服务中心),
clean or with one figure wrong, and the files a reader must refuse."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from tests.helpers import scanned_pdf  # noqa: F401 - the portal tests take it from here with the other files

PROJECT = "2024年窗口聘用人员经费"  # 表2 of workbooks/samples/fengtai-2024.xlsx
SHEET = "表2"
EXECUTED = "506.55"  # its 全年执行数（万元）
WRONG_EXECUTED = "500.55"
OTHER_PROJECT = "2024年流动人员人事档案数字化加工费"  # 表8
OTHER_SHEET = "表8"
MB = 1024 * 1024


def _paragraphs(project: str, budget: tuple[str, str, str], score: str, deviation: str) -> list[tuple[str, bool]]:
    initial, annual, executed = budget
    return [
        ("一、基本情况", True),
        (f"本项目为{project}，主管部门为北京市丰台区人力资源和社会保障局，实施单位为北京市丰台区人力资源公共服务中心。", False),
        (f"2024年度项目年初预算数{initial}万元，全年预算数{annual}万元，全年执行数{executed}万元，预算执行率100.00%。", False),
        ("二、绩效目标", True),
        ("按月支付聘用人员工资、保险和公积金，保障服务窗口正常运转。", False),
        ("三、自评工作组织情况", True),
        ("中心成立自评工作小组，对照年初绩效目标逐项核实完成情况。", False),
        ("四、自评结论", True),
        (f"项目自评得分{score}分，评价等级为“优”。", False),
        ("五、绩效指标完成情况", True),
        ("各项产出、效益、成本和满意度指标均完成年度指标值。", False),
        ("六、偏差原因分析", True),
        (deviation, False),
        ("七、存在的问题及改进措施", True),
        ("聘用人员流动较快，下一步加强岗位培训。", False),
        ("八、其他需要说明的问题", True),
        ("无。", False),
    ]


def write_report(path: Path, executed: str = EXECUTED, project: str = PROJECT,
                 budget: tuple[str, str] = ("506.58", "506.55"), score: str = "100",
                 deviation: str = "各项绩效指标均完成年度指标值，未出现需要分析原因的偏差。") -> Path:
    """A 自评报告 of `project` in the national outline; with `executed` other than the form's
    全年执行数 the report disagrees with the form (ZP960)."""
    document = docx.Document()
    document.add_heading(f"{project}绩效自评报告", 0)
    for text, heading in _paragraphs(project, (*budget, executed), score, deviation):
        if heading:
            document.add_heading(text, 1)
        else:
            document.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


def write_other_report(path: Path) -> Path:
    """A clean report of 表8 (2024年流动人员人事档案数字化加工费: 153.80 / 151.80 / 151.80 万元)."""
    return write_report(path, "151.8", OTHER_PROJECT, ("153.8", "151.8"), "98",
                        "支出进度指标年度指标值为11月前，实际于12月9日支付完毕，偏差原因是档案加工验收推迟，"
                        "下一步将提前安排验收。")


def zip_bomb(path: Path) -> Path:
    """A .docx whose document.xml inflates to 300 MB (a few hundred KB on disk)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            chunk = bytes(MB)
            for _ in range(300):
                member.write(chunk)
    return path


def encrypted_docx(source: Path, path: Path) -> Path:
    """`source` encrypted by Office's own scheme (an open password), as Word saves it."""
    from msoffcrypto.format import ooxml

    with source.open("rb") as reading, path.open("wb") as writing:
        ooxml.OOXMLFile(reading).encrypt("1234", writing)
    return path


