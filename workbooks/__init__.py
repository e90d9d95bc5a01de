"""Spreadsheets: find 自评表 forms in grids of cell values, read workbook files, write workbooks."""
