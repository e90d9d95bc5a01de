"""The 说明 sheet: how to fill the form, written from the profile in use."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font

from validation.numbers import fmt
from validation.profile import Profile

from .styles import FONT_NAME


def _lines(profile: Profile) -> list[tuple[str, str]]:
    """(kind, text) pairs: kind is "title", "heading" or "text"."""
    bands = profile.qualitative["bands"]
    band = lambda tier: f"{fmt(bands[tier][1] * 100)}%–{fmt(bands[tier][0] * 100)}%"  # noqa: E731
    grades = "，".join(f"{g} ≥ {fmt(m)}" for g, m, _ in profile.grades[:-1]) + f"，其余为{profile.grades[-1][0]}"
    over = profile.scoring["overachievement"]
    reverse = ("超出目标时按“分值 × 年度指标值 ÷ 实际完成值”计分" if profile.scoring["reverse_strategy"] == "ratio"
               else "超出目标时按偏离度计分：分值 × (1 − 超出部分 ÷ 年度指标值)，超出一倍得 0 分")
    lines = [
        ("title", "项目支出绩效自评表填写说明"),
        ("text", f"评分口径：{profile.title}。每个项目填写一张表（一个工作表）；需要更多项目时，点击“绩效自评”选项卡的“新增项目表”，或复制工作表。"),
        ("heading", "一、填写顺序"),
        ("text", "1. 填写项目名称、主管部门、实施单位。"),
        ("text", "2. 项目资金以万元为单位：年初预算数、全年预算数（调整后）、全年执行数；年度资金总额应等于当年财政拨款、上年结转资金、其他资金之和。执行率和执行得分自动计算。"),
        ("text", "3. 年度总体目标：照抄批复的预期目标，如实写实际完成情况。"),
        ("text", "4. 绩效指标：一级、二级指标从下拉列表选择；三级指标写具体衡量什么（如“回访人数”），不要照抄二级指标名称。不需要的预置行留空即可，需要更多行时插入行。"),
        ("text", f"5. 分值：预算执行率 {fmt(profile.execution_weight)} 分，其余分给各项指标，合计 {fmt(profile.data['weights']['total'])} 分；总分行的分值合计不等于 100 时显示为红色。"),
        ("heading", "二、年度指标值与实际完成值的写法"),
        ("text", "定量指标写“比较符号 + 数值 + 单位”：≥2.3万份、≤100万元、=3672.2平方米、≥95%、≤24小时、≤11月（表示11月底前完成）。"),
        ("text", "比较符号：≥（不低于、不少于、达到）、≤（不高于、不超过、以内）、=、>、<。成本、时效类指标一般用“≤”。"),
        ("text", "实际完成值写实际达到的数值，单位与年度指标值一致或可换算（元与万元、人与万人可以互换）：98%、1.1万人、426.22万元、12月9日。"),
        ("text", "不要只写“按时完成”“实现预期目标”：定量指标必须写出数值，否则无法核对，审核时会被退回。"),
        ("text", "定性指标的年度指标值可写目标描述（如“稳步提升”）或评价等级（如“优良中差”“高中低”“好坏”）；实际完成值从下拉列表选择评价档次，或写等级中的一个字（如“优”）。"),
        ("heading", "三、得分"),
        ("text", "正向指标（≥）：完成即得满分；未完成按“分值 × 实际完成值 ÷ 年度指标值”计分。"),
        ("text", f"反向指标（≤，如成本、时效）：不超出即得满分；{reverse}。完成时间按一年中的第几天比较。"),
        ("text", f"定性指标：达成年度指标得分为分值的 {band('met')}，部分达成 {band('partly_met')}，未达成 {band('not_met')}。"),
        ("text", f"总分 = 预算执行率得分 + 各指标得分，四舍五入保留两位小数；等级：{grades}。"),
        ("heading", "四、偏差原因分析及改进措施"),
        ("text", f"以下情况必须填写：得分低于分值；定量目标未完成；实际完成值达到年度指标值的 {fmt(over['reason_ratio'])} 倍及以上（目标可能设置偏低）；定性评价低于“达成”。"),
    ]
    if profile.reason_below_rate is not None:
        lines.append(("text", f"本口径要求：预算执行率低于 {fmt(profile.reason_below_rate * 100)}% 时，须在实际完成情况中说明原因及改进措施。"))
    lines += [
        ("text", "原因要具体（如“合同约定12月9日完成”“窗口实际缩减为18个”），并写明改进措施。"),
        ("heading", "五、校验与报送"),
        ("text", "“校验”标出有问题的单元格（红色为错误，黄色为警告）并列出清单；“计算得分”按规则填入空白得分，与填报得分不同时只提示不覆盖；"
                 "“偏差分析”列出需要说明原因而未说明的行；“清除标记”去掉校验留下的颜色和清单；“导出报送”把没有错误的表导出到报送文件夹。"),
        ("text", "工作表已保护（无密码）以免误改标题和公式；需要调整格式时可在“审阅 → 撤消工作表保护”中取消保护。设置（评分口径、运行方式等）在隐藏的“ziping.conf”工作表中。"),
    ]
    return lines


def write_instructions(book, profile: Profile):
    ws = book.create_sheet("说明")
    fonts = {"title": Font(name=FONT_NAME, size=14, bold=True), "heading": Font(name=FONT_NAME, size=11, bold=True),
             "text": Font(name=FONT_NAME, size=10)}
    for row, (kind, text) in enumerate(_lines(profile), start=1):
        cell = ws.cell(row, 1, text)
        cell.font = fonts[kind]
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = 24 if kind != "text" else max(18, 15 * (len(text) // 60 + 1))
    ws.column_dimensions["A"].width = 120
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.protection.sheet = True
    return ws
