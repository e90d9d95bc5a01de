"""Spreadsheets, between the files and the pure rules (validation):

- reading/: workbook files into grids, grids into form records (自评表, 评分表);
- checking/: 校验 of files — read, check every form, in parallel;
- writing/: the template, the sample, streamed workbooks, LibreOffice conversions;
- submission/: 导出报送 — the submitted form, the unit folders, manifests and versions;
- review/: 批量审核 and 汇总 — review and summary workbooks of many files.

The data a domain person extends (labels.json, score_table_labels.json, their schema) sits in
data/ and schemas/, the shipped template and samples in templates/ and samples/.
"""
