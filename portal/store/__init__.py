"""The store of the 报送与审核平台: the submission index and the review workflow in a database.

- models: the tables (departments, units, users, submissions, versions, findings, review events);
- database: which database (SQLite file by default, PostgreSQL by URL), engines and sessions;
- migrate: Alembic migrations shipped in migrations/, run from code (`upgrade`);
- connect: `open_database`, which connects and migrates;
- accounts: users, argon2id passwords, login-attempt limiting;
- index: one exported form → one submission version, in one transaction;
- reindex: the index rebuilt from a submission folder (manifests and files);
- review/: what a reviewer may see (scope), the dashboard, the table of forms, one form in
  detail, and the decisions, approve and return (actions).

Both doors use it: the add-in's exports through `index`, the web pages (portal.web) throughout.
"""
