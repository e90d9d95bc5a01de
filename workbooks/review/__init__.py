"""批量审核 and 汇总: many files checked into one review or summary workbook."""
