"""校验 of workbook files: each file read and every form in it checked (batch, in parallel on every
core), and a department's forms checked together (department)."""
