"""Reading forms out of files and grids: workbook files into grids of values (readers, container), and
grids into records — the 自评表 found by its labels (labels, locate, extract), the 评分表 (score_table), a
department's stated average (stated_average)."""
