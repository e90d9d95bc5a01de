"""Storage and accounts of the 报送与审核平台 (submission and review portal).

- models: the tables (departments, units, users, submissions, versions, findings, review events);
- database: which database (SQLite file by default, PostgreSQL by URL) and how to open it;
- migrate: Alembic migrations shipped in migrations/, run from code (`upgrade`);
- accounts: users, argon2id passwords, login-attempt limiting;
- index: one exported form → one submission version, in one transaction;
- reindex: the index rebuilt from a submission folder (manifests and files).
"""
