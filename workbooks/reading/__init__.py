"""Reading forms: workbook files into grids of cells, and grids into 自评表 and 评分表 records."""
