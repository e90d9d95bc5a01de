"""批量审核 and 汇总: many files checked into one review or summary workbook (folders), its rows and unit
totals (summary), and the workbooks themselves (summary_book)."""
