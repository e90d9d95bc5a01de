"""报送平台: the submission and review portal of `ziping serve`.

- store/: the database (models, migrations, accounts, the submission index, review queries and
  decisions) — the one store both doors (the Excel add-in, the browser) write to;
- web/: the browser's pages (routes, templates, static files), mounted at /portal.

It sits above the add-in (the web pages run the add-in's 校验 to make marked copies) and below
the command line (`ziping`), which opens the database and serves the pages.
"""
