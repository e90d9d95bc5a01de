"""The `ziping` command and the server that opens both doors.

The top floor: it puts together what the floors below offer — the checks (validation), the
workbooks (workbooks), the Excel add-in's actions and its xlwings endpoints (addin) and the
submission portal (portal) — into the command line (`cli`, `commands/`) and the one web app of
`ziping serve` (`server`). Nothing below imports it.
"""
