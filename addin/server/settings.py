"""What `ziping serve` was started with, and how it reaches each worker process.

Kept apart from the app so that the supervisor of `ziping serve --workers N` stays small: it
checks the token file and hands the settings on, and only the workers import the actions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .tokens import Token

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
SETTINGS_ENV = "ZIPING_SERVE_SETTINGS"  # the settings of every worker of `ziping serve --workers N`


@dataclass
class ServerSettings:
    tokens: list[Token]
    max_bytes: int = DEFAULT_MAX_BYTES
    submission_dir: Path | None = None
    extra: dict = field(default_factory=dict)
    workers: int = 1  # several: each action's connection is closed after its answer (see create_app)
    # Told of every export the add-in's 导出报送 wrote in server mode (target folder, ExportResult,
    # token, profile) and returns a line for the clerk; set in each process by whoever records
    # exports (the portal's index), never sent between processes.
    on_export: Callable | None = field(default=None, compare=False, repr=False)

    def to_env(self) -> str:
        """The settings as JSON for a worker process: token digests only, never a token in clear."""
        return json.dumps({
            "tokens": [{"sha256": t.digest, "department": t.department, "unit": t.unit, "name": t.name} for t in self.tokens],
            "max_bytes": self.max_bytes,
            "submission_dir": None if self.submission_dir is None else str(Path(self.submission_dir).resolve()),
            "extra": self.extra,
            "workers": self.workers,
        }, ensure_ascii=True)  # ASCII: safe in any environment block

    @classmethod
    def from_env(cls, text: str) -> "ServerSettings":
        data = json.loads(text)
        tokens = [Token(t["sha256"], t["department"], t["unit"], t.get("name", "")) for t in data["tokens"]]
        folder = data.get("submission_dir")
        return cls(tokens, int(data["max_bytes"]), Path(folder) if folder else None, dict(data.get("extra") or {}),
                   int(data.get("workers", 1)))
