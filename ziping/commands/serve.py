"""`ziping serve`: the add-in's endpoints and, with a database, the portal, in one or several worker processes."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer

from validation.errors import ZipingError

from ..app import app, fail
from .users import DB_ENV


@app.command("serve")
def serve_command(
    tokens: Optional[Path] = typer.Option(None, "--tokens", "-t", metavar="文件",
                                          help="令牌文件（JSON），每个令牌绑定主管部门和实施单位（--demo、--reindex 时可省略）"),
    host: str = typer.Option("127.0.0.1", "--host", metavar="地址", help="监听地址；单位内网服务请设为本机内网地址或 0.0.0.0"),
    port: int = typer.Option(8000, "--port", min=1, max=65535, metavar="端口", help="监听端口"),
    max_mb: float = typer.Option(20, "--max-mb", min=0.1, max=500, metavar="大小",
                                 help="单次请求大小上限（MB），也是报送平台每个上传工作簿的上限"),
    submission_dir: Optional[Path] = typer.Option(None, "--submission-dir", metavar="文件夹", help="导出报送时写入的文件夹"),
    workers: int = typer.Option(1, "--workers", "-w", min=1, max=64, metavar="个数",
                                help="工作进程数：每个进程同一时间处理一个请求，多人同时使用时可设为 CPU 核数"),
    db: Optional[str] = typer.Option(None, "--db", envvar=DB_ENV, show_envvar=False, metavar="数据库",
                                     help="报送平台数据库：SQLite 文件路径或 postgresql+psycopg://…（启动时自动升级结构）"),
    reindex: bool = typer.Option(False, "--reindex",
                                 help="根据 --submission-dir 报送文件夹重建数据库中的报送记录，完成后退出"),
    uploads_dir: Optional[Path] = typer.Option(None, "--uploads-dir", metavar="文件夹",
                                               help="报送平台保存上传工作簿的文件夹，默认为报送文件夹旁的“<报送文件夹名>-上传文件”"),
    demo: bool = typer.Option(False, "--demo",
                              help="演示：在 ./demo-portal/ 建立报送平台（内置 SQLite）、演示账号和示例报送，然后启动"),
):
    """启动服务器：Excel 加载项（服务器方式）的接口。

    给出数据库和报送文件夹时，同时提供报送平台网页（/portal/）。"""
    from addin.server.settings import SETTINGS_ENV, ServerSettings
    from addin.server.tokens import load_tokens

    if demo and reindex:
        fail("--demo 与 --reindex 不能同时使用。")
    if tokens is None and not (demo or reindex):
        fail("请用 --tokens 指定令牌文件（只有 --demo、--reindex 时可以省略）。")
    demo_setup = None
    if demo:
        from .portal_setup import demo_folders

        submission_dir, uploads_dir = demo_folders(submission_dir, uploads_dir)
    database = None
    if db or reindex or demo:
        from .portal_setup import serve_database

        database = serve_database(db, submission_dir, reindex)  # with --reindex: rebuilds the index and exits
    if demo:
        from .portal_setup import serve_demo

        demo_setup = serve_demo(database, submission_dir, uploads_dir, int(max_mb * 1024 * 1024))
    try:
        settings = ServerSettings(load_tokens(tokens) if tokens else [], int(max_mb * 1024 * 1024), submission_dir,
                                  workers=workers)
    except ZipingError as exc:
        fail(str(exc))
    if database:
        settings.extra["database"] = database
        if uploads_dir is not None:
            settings.extra["uploads_dir"] = str(uploads_dir.resolve())
    import uvicorn

    from .portal_setup import portal_address

    portal_line = portal_address(settings, host, port, demo_setup)
    if workers == 1:
        from ..server import build_app

        typer.echo(f"ziping 服务器：http://{host}:{port}（{len(settings.tokens)} 个令牌）")
        if portal_line:
            typer.echo(portal_line)
        uvicorn.run(build_app(settings), host=host, port=port, log_level="info")
        return
    # uvicorn starts each worker by importing the app by name: the settings (token digests, limits,
    # folder) go to every worker through the environment, exactly as checked here.
    os.environ[SETTINGS_ENV] = settings.to_env()
    typer.echo(f"ziping 服务器：http://{host}:{port}（{len(settings.tokens)} 个令牌，{workers} 个工作进程）")
    if portal_line:
        typer.echo(portal_line)
    uvicorn.run("ziping.server:app_from_env", factory=True, workers=workers, host=host, port=port, log_level="info",
                http="addin.server.protocol:NoDelayHTTPProtocol")  # TCP_NODELAY, as with one worker
