"""`ziping users …` (accounts of the portal) and the database part of `ziping serve` (--db, --reindex).

The database is named by --db (a SQLite file path or postgresql+psycopg://…, also from the
ZIPING_DB environment variable), else it is the default SQLite file of --submission-dir. Every
problem ends in one Chinese line on stderr and exit code 2.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from validation.errors import ZipingError

from ..cli_chinese import ChineseTyper, print_error
from ..terminal_wrap import print_wrapped

DB_ENV = "ZIPING_DB"
EXIT_UNUSABLE = 2

DB_HELP = "数据库：SQLite 文件路径，或 postgresql+psycopg://用户名:密码@主机:端口/数据库名（也可用环境变量 ZIPING_DB）"
DIR_HELP = "报送文件夹：未给出 --db 时使用其中的 .ziping/portal.sqlite3"

# Roles may be given by code or by their Chinese name.
ROLE_ALIASES = {"填报人": "clerk", "主管部门审核人": "department_reviewer", "审核人": "department_reviewer",
                "财政局管理员": "bureau_admin", "管理员": "bureau_admin"}

users_app = ChineseTyper(
    name="users",
    help="报送平台的用户：新增、停用、改密码、列出。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _fail(message: str, code: int = EXIT_UNUSABLE):
    print_error(message)
    raise typer.Exit(code)


def _echo(text: str) -> None:
    print_wrapped(Console(highlight=False), text)


def _open(db: Optional[str], submission_dir: Optional[Path]):
    from .database import open_database

    try:
        return open_database(db, submission_dir)
    except ZipingError as exc:
        _fail(str(exc))


def _problem(database, exc: Exception) -> str:
    from sqlalchemy.exc import SQLAlchemyError

    if isinstance(exc, SQLAlchemyError):
        from .database import unavailable

        return str(unavailable(database.url, exc))
    return str(exc)


def _read_password(from_stdin: bool, confirm: bool = True) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            _fail("--password-stdin：标准输入中没有密码。")
        return line.rstrip("\r\n")
    interactive = sys.stdin.isatty()

    def ask(prompt: str) -> str:
        if interactive:  # not echoed
            return getpass.getpass(prompt)
        line = sys.stdin.readline()  # piped in: one line each, no prompt
        if not line:
            raise EOFError
        return line.rstrip("\r\n")

    try:
        while True:
            password = ask("密码：")
            if not confirm or ask("再次输入密码：") == password:
                return password
            if not interactive:
                _fail("两次输入的密码不一致。")
            Console(stderr=True, highlight=False).print("两次输入的密码不一致，请重新输入。")
    except EOFError:
        _fail("没有读到密码，已取消。")


def _db_option():
    return typer.Option(None, "--db", envvar=DB_ENV, help=DB_HELP, show_envvar=False, metavar="数据库")


def _dir_option():
    return typer.Option(None, "--submission-dir", help=DIR_HELP, metavar="文件夹")


@users_app.command("add")
def add_command(
    login: str = typer.Argument(..., metavar="登录名", help="登录名"),
    role: str = typer.Option(..., "--role", "-r", metavar="角色",
                             help="角色：clerk（填报人）、department_reviewer（主管部门审核人）、bureau_admin（财政局管理员）"),
    department: Optional[str] = typer.Option(None, "--department", metavar="名称", help="主管部门（填报人、主管部门审核人必填）"),
    unit: Optional[str] = typer.Option(None, "--unit", metavar="名称", help="实施单位（填报人必填）"),
    name: Optional[str] = typer.Option(None, "--name", metavar="姓名", help="显示的姓名，默认为登录名"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="从标准输入读取密码（一行），不提示输入"),
    db: Optional[str] = _db_option(),
    submission_dir: Optional[Path] = _dir_option(),
):
    """新增用户。密码默认提示输入两次（不显示）。"""
    from sqlalchemy.exc import SQLAlchemyError

    from .accounts import check_binding, create_user, find_user, normalize_login
    from .models import ROLE_NAMES

    role = ROLE_ALIASES.get(role.strip(), role.strip())
    database = _open(db, submission_dir)
    try:
        check_binding(role, department, unit)  # refused before a password is asked
        with database.session() as session:
            if find_user(session, login) is not None:
                _fail(f"登录名“{normalize_login(login)}”已存在。")
        password = _read_password(password_stdin)
        with database.write() as session:
            user, created = create_user(session, login, role, password, name, department, unit)
            summary = f"已新增用户 {user.login}（{user.display_name}，{ROLE_NAMES[user.role]}"
            summary += "".join(f"，{part}" for part in (department, unit) if part) + "）。"
    except (ZipingError, SQLAlchemyError) as exc:
        _fail(_problem(database, exc))
    finally:
        database.dispose()
    _echo(summary + (f"新建了{'、'.join(created)}。" if created else ""))


@users_app.command("disable")
def disable_command(
    login: str = typer.Argument(..., metavar="登录名", help="登录名"),
    enable: bool = typer.Option(False, "--enable", help="重新启用已停用的用户（同时解除锁定）"),
    db: Optional[str] = _db_option(),
    submission_dir: Optional[Path] = _dir_option(),
):
    """停用用户（不删除，其报送与审核记录保留）；加 --enable 重新启用。"""
    from sqlalchemy.exc import SQLAlchemyError

    from .accounts import set_disabled

    database = _open(db, submission_dir)
    try:
        with database.write() as session:
            user = set_disabled(session, login, disabled=not enable)
            key = user.login
    except (ZipingError, SQLAlchemyError) as exc:
        _fail(_problem(database, exc))
    finally:
        database.dispose()
    _echo(f"已重新启用用户 {key}。" if enable else f"已停用用户 {key}。")


@users_app.command("passwd")
def passwd_command(
    login: str = typer.Argument(..., metavar="登录名", help="登录名"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="从标准输入读取新密码（一行），不提示输入"),
    db: Optional[str] = _db_option(),
    submission_dir: Optional[Path] = _dir_option(),
):
    """设置新密码（同时解除因输错密码造成的锁定）。"""
    from sqlalchemy.exc import SQLAlchemyError

    from .accounts import get_user, set_password

    database = _open(db, submission_dir)
    try:
        with database.session() as session:
            get_user(session, login)  # an unknown login is refused before a password is asked
        password = _read_password(password_stdin)
        with database.write() as session:
            key = set_password(session, login, password).login
    except (ZipingError, SQLAlchemyError) as exc:
        _fail(_problem(database, exc))
    finally:
        database.dispose()
    _echo(f"已为用户 {key} 设置新密码。")


@users_app.command("list")
def list_command(
    db: Optional[str] = _db_option(),
    submission_dir: Optional[Path] = _dir_option(),
):
    """列出全部用户。"""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from .accounts import describe_user
    from .models import ROLE_NAMES, Unit, User

    database = _open(db, submission_dir)
    try:
        with database.session() as session:
            users = list(session.scalars(select(User).options(selectinload(User.department))
                                         .order_by(User.role, User.login)))
            units = {u.id: u.name for u in session.scalars(select(Unit))}
            rows = [(u.login, u.display_name, ROLE_NAMES[u.role], u.department.name if u.department else "",
                     units.get(u.unit_id, ""), describe_user(u),
                     f"{u.last_login_at.astimezone():%Y-%m-%d %H:%M}" if u.last_login_at else "") for u in users]
    finally:
        database.dispose()
    if not rows:
        _echo(f"数据库 {database.label} 中还没有用户。用 ziping users add 新增。")
        return
    table = Table(title=f"用户（{len(rows)} 个）", title_justify="left")
    for column in ("登录名", "姓名", "角色", "主管部门", "实施单位", "状态", "最近登录"):
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    Console(highlight=False).print(table)


def serve_database(db: Optional[str], submission_dir: Optional[Path], reindex: bool) -> str:
    """For `ziping serve`: open (and migrate) the database, and return its URL for the workers.
    With `reindex`, rebuild the index from the submission folder instead, print the counts and exit."""
    from sqlalchemy.exc import SQLAlchemyError

    if reindex and submission_dir is None:
        _fail("--reindex 需要用 --submission-dir 指定报送文件夹。")
    database = _open(db, submission_dir)
    try:
        if not reindex:
            typer.echo(f"报送平台数据库：{database.label}（已升级到最新结构）")
            return database.url.render_as_string(hide_password=False)
        from .reindex import reindex as rebuild

        try:
            counts = rebuild(submission_dir, database)
        except (ZipingError, SQLAlchemyError) as exc:
            _fail(_problem(database, exc))
        _echo(counts.message(submission_dir))
        _echo(f"数据库：{database.label}")
        raise typer.Exit(1 if counts.skipped else 0)
    finally:
        database.dispose()


def demo_folders(submission_dir: Optional[Path], uploads_dir: Optional[Path]) -> tuple[Path, Path]:
    """The folders of `ziping serve --demo`: ./demo-portal/报送 and ./demo-portal/上传文件 unless given."""
    from .web.demo import DEMO_FOLDER

    folder = Path(DEMO_FOLDER).resolve()
    submission_dir = (submission_dir or folder / "报送").resolve()
    uploads_dir = (uploads_dir or submission_dir.parent / "上传文件").resolve()
    try:
        submission_dir.mkdir(parents=True, exist_ok=True)
        uploads_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _fail(f"无法建立演示文件夹：{exc.strerror or exc}")
    return submission_dir, uploads_dir


def serve_demo(database_url: str, submission_dir: Path, uploads_dir: Path, max_bytes: int):
    """Demo accounts and submissions (addin.portal.web.demo), before the server starts."""
    from sqlalchemy.exc import SQLAlchemyError

    from .web.demo import prepare_demo

    typer.echo("正在准备演示：建立账号，上传并报送示例工作簿……")
    try:
        return prepare_demo(database_url, submission_dir, uploads_dir, max_bytes)
    except (ZipingError, SQLAlchemyError, OSError) as exc:
        _fail(f"演示准备失败：{exc}")


def portal_address(settings, host: str, port: int, demo=None) -> str | None:
    """The lines `ziping serve` prints about the browser portal."""
    if not settings.extra.get("database"):
        return None
    if settings.submission_dir is None:
        return "未给出 --submission-dir，报送平台网页未启用（报送需要报送文件夹）。"
    from .web.context import PortalConfig

    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    address = f"http://{shown}:{port}/portal/"
    config = PortalConfig.from_settings(settings)
    lines = [demo.message(address) if demo else f"报送平台：{address}",
             f"报送文件夹：{config.submission_dir}", f"上传的工作簿：{config.uploads_dir}"]
    return "\n".join(lines)
