"""What the portal runs with, taken from the server's settings, and what every request shares."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from validation.profile import DEFAULT_PROFILE, Profile, load_profile

from ..store.database import Database

PREFIX = "/portal"
MAX_FILES = 10  # workbooks in one upload


def default_uploads_dir(submission_dir: Path) -> Path:
    """Beside the submission folder, never inside it: `ziping review 报送文件夹` must not read uploads."""
    submission_dir = Path(submission_dir).resolve()
    return submission_dir.with_name(f"{submission_dir.name}-上传文件")


def portal_enabled(settings) -> bool:
    return bool(settings.extra.get("database")) and settings.submission_dir is not None


@dataclass
class PortalConfig:
    database_url: str
    submission_dir: Path
    uploads_dir: Path
    max_bytes: int  # per uploaded workbook: the server's request limit (--max-mb)
    profile: str = DEFAULT_PROFILE
    pdf: bool | None = None  # PDFs of submitted forms: None when LibreOffice is installed, as `ziping export`

    @classmethod
    def from_settings(cls, settings) -> PortalConfig:
        extra = settings.extra
        submission_dir = Path(settings.submission_dir).resolve()
        uploads = extra.get("uploads_dir")
        return cls(database_url=extra["database"], submission_dir=submission_dir,
                   uploads_dir=Path(uploads).resolve() if uploads else default_uploads_dir(submission_dir),
                   max_bytes=settings.max_bytes, profile=extra.get("profile") or DEFAULT_PROFILE,
                   pdf=extra.get("pdf"))


@dataclass
class Portal:
    """Shared by every request of one process: the database, the profile, and the lock of the
    xlwings engine (shared with the add-in's endpoints, see addin.server.app).

    The database is the process's one handle for its URL (portal.store.shared, also used by the
    add-in's 导出报送), opened at the first request that needs it: a database that is down when the
    server starts does not stop the add-in's endpoints, and the portal answers with a Chinese page.
    """

    config: PortalConfig
    lock: object
    database: Database | None = None
    profile: Profile = field(init=False)
    _guard: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self):
        self.profile = load_profile(self.config.profile)

    @property
    def db(self) -> Database:
        if self.database is None:
            with self._guard:
                if self.database is None:
                    from ..store.shared import database_for

                    self.database = database_for(self.config.database_url)
        return self.database

    def close(self) -> None:
        if self.database is not None:
            self.database.dispose()  # closes the pooled connections; the engine stays usable
