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

from ..terminal.chinese_typer import ChineseTyper, print_error
from ..terminal.wrap import print_wrapped

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


def open_database_or_fail(db: Optional[str], submission_dir: Optional[Path]):
    from portal.store.connect import open_database

    try:
        return open_database(db, submission_dir)
    except ZipingError as exc:
        _fail(str(exc))


def database_problem(database, exc: Exception) -> str:
    from sqlalchemy.exc import SQLAlchemyError

    if isinstance(exc, SQLAlchemyError):
        from portal.store.database import unavailable

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

    from portal.store.accounts import (
        check_binding,
        create_user,
        find_user,
        normalize_login,
    )
    from portal.store.models import ROLE_NAMES

    role = ROLE_ALIASES.get(role.strip(), role.strip())
    database = open_database_or_fail(db, submission_dir)
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
        _fail(database_problem(database, exc))
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

    from portal.store.accounts import set_disabled

    database = open_database_or_fail(db, submission_dir)
    try:
        with database.write() as session:
            user = set_disabled(session, login, disabled=not enable)
            key = user.login
    except (ZipingError, SQLAlchemyError) as exc:
        _fail(database_problem(database, exc))
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

    from portal.store.accounts import get_user, set_password

    database = open_database_or_fail(db, submission_dir)
    try:
        with database.session() as session:
            get_user(session, login)  # an unknown login is refused before a password is asked
        password = _read_password(password_stdin)
        with database.write() as session:
            key = set_password(session, login, password).login
    except (ZipingError, SQLAlchemyError) as exc:
        _fail(database_problem(database, exc))
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

    from portal.store.accounts import describe_user
    from portal.store.models import ROLE_NAMES, Unit, User

    database = open_database_or_fail(db, submission_dir)
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
