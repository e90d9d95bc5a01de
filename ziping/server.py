"""The app of `ziping serve`: the Excel add-in's endpoints (addin.server) and, when the server
has a database, the portal (portal.web) at /portal with the add-in's exports recorded in its
index — one app, one action lock per process (the xlwings server engine is not thread-safe, and
the portal runs the same actions for its marked copies)."""

from __future__ import annotations

import os

from fastapi import FastAPI

from addin.server.app import create_app
from addin.server.settings import SETTINGS_ENV, ServerSettings

__all__ = ["build_app", "app_from_env"]


def build_app(settings: ServerSettings) -> FastAPI:
    app = create_app(settings)
    database = settings.extra.get("database")
    if database:
        from portal.store.index import addin_export_recorder

        settings.on_export = addin_export_recorder(database)
    if database and settings.submission_dir is not None:
        from portal.web import mount_portal

        mount_portal(app, settings, app.state.action_lock)
        app.state.browser_home = "/portal/"  # a browser asking for / is sent there; the add-in gets the JSON
    return app


def app_from_env() -> FastAPI:
    """The app of one worker of `ziping serve --workers N` (uvicorn imports it by name, factory=True)."""
    text = os.environ.get(SETTINGS_ENV)
    if not text:
        raise RuntimeError(f"环境变量 {SETTINGS_ENV} 未设置：请用 ziping serve --workers N 启动。")
    return build_app(ServerSettings.from_env(text))
