"""The 项目支出绩效评价指标体系及评分表: the table an evaluator fills in a 绩效评价报告.

Four levels of indicators (一级 决策/过程/产出/效益 with their weights in the label), a
分值 and an 评价得分 per row, an 评价意见 that explains the points deducted, and a 合计.
A record of its own kind (`record`), read by `workbooks.reading.score_table`, evaluated by
`evaluate`, checked by the rules of the 评分表 family (scope "score_table").
"""

from .engine import check_score_table
from .record import ScoreRow, ScoreTable

__all__ = ["check_score_table", "ScoreTable", "ScoreRow"]
