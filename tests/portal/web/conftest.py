"""Fixtures of the portal's web tests: a live portal on each database (SQLite and the test
PostgreSQL of tests/portal/conftest.py) and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import pytest

from tests.portal.live import start

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def live(db_url, tmp_path):
    """A running portal on a new database of each kind (see tests/portal/live.py)."""
    server = start(db_url, tmp_path)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--lang=zh-CN"])
        yield chromium
        chromium.close()
