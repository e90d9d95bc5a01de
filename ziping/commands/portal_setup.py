"""The portal's part of `ziping serve`: its database opened and migrated (or the index rebuilt with
--reindex), the demo's folders, accounts and submissions, and the lines that say where it is."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from validation.errors import ZipingError

from ..app import fail
from ..terminal.wrap import print_wrapped
from .users import database_problem, open_database_or_fail


def echo(text: str) -> None:
    from rich.console import Console

    print_wrapped(Console(highlight=False, soft_wrap=True), text)


def serve_database(db: Optional[str], submission_dir: Optional[Path], reindex: bool) -> str:
    """For `ziping serve`: open (and migrate) the database, and return its URL for the workers.
    With `reindex`, rebuild the index from the submission folder instead, print the counts and exit."""
    from sqlalchemy.exc import SQLAlchemyError

    if reindex and submission_dir is None:
        fail("--reindex 需要用 --submission-dir 指定报送文件夹。")
    database = open_database_or_fail(db, submission_dir)
    try:
        if not reindex:
            typer.echo(f"报送平台数据库：{database.label}（已升级到最新结构）")
            return database.url.render_as_string(hide_password=False)
        from portal.store.reindex import reindex as rebuild

        try:
            counts = rebuild(submission_dir, database)
        except (ZipingError, SQLAlchemyError) as exc:
            fail(database_problem(database, exc))
        echo(counts.message(submission_dir))
        echo(f"数据库：{database.label}")
        raise typer.Exit(1 if counts.skipped else 0)
    finally:
        database.dispose()


def demo_folders(submission_dir: Optional[Path], uploads_dir: Optional[Path]) -> tuple[Path, Path]:
    """The folders of `ziping serve --demo`: ./demo-portal/报送 and ./demo-portal/上传文件 unless given."""
    from portal.web.demo import DEMO_FOLDER

    folder = Path(DEMO_FOLDER).resolve()
    submission_dir = (submission_dir or folder / "报送").resolve()
    uploads_dir = (uploads_dir or submission_dir.parent / "上传文件").resolve()
    try:
        submission_dir.mkdir(parents=True, exist_ok=True)
        uploads_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"无法建立演示文件夹：{exc.strerror or exc}")
    return submission_dir, uploads_dir


def serve_demo(database_url: str, submission_dir: Path, uploads_dir: Path, max_bytes: int):
    """Demo accounts and submissions (portal.web.demo), before the server starts."""
    from sqlalchemy.exc import SQLAlchemyError

    from portal.web.demo import prepare_demo

    typer.echo("正在准备演示：建立账号，上传并报送示例工作簿……")
    try:
        return prepare_demo(database_url, submission_dir, uploads_dir, max_bytes)
    except (ZipingError, SQLAlchemyError, OSError) as exc:
        fail(f"演示准备失败：{exc}")


def portal_address(settings, host: str, port: int, demo=None) -> str | None:
    """The lines `ziping serve` prints about the browser portal."""
    if not settings.extra.get("database"):
        return None
    if settings.submission_dir is None:
        return "未给出 --submission-dir，报送平台网页未启用（报送需要报送文件夹）。"
    from portal.web.context import PortalConfig

    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    address = f"http://{shown}:{port}/portal/"
    config = PortalConfig.from_settings(settings)
    lines = [demo.message(address) if demo else f"报送平台：{address}",
             f"报送文件夹：{config.submission_dir}", f"上传的工作簿：{config.uploads_dir}"]
    return "\n".join(lines)
