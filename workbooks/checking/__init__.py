"""校验 of workbook files: each file read and every form in it checked, many files in parallel."""
