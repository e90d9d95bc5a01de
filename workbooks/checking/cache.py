"""A content-keyed cache of per-file results, so that a repeat run over unchanged workbooks
costs a hash and a small read per file instead of a check.

A result is stored under the SHA-256 of the file's bytes, inside a folder named by the run's
fingerprint: ziping's version, the source of the engine (validation/, workbooks/), the
profile's content (not its name), the data files the reader and scorer use, the options that
change the result, and the kind of result (the codec). Anything that can change an answer
changes the fingerprint, so an entry is never served for a question it did not answer.

Entries are JSON, written to a temporary file and renamed (safe with several processes and
workers at once; no lock is held while checking) and never trusted blindly: one that does not
parse, or fails its codec's schema, is recomputed and replaced. The folder is bounded: after a
run, the oldest entries go until it is under its size limit. Results are cached only by the
batch paths (`iter_check_collected` with a registered transform), in the worker that checks.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Callable

from jsonschema import Draft202012Validator

from validation import __version__

ENV = "ZIPING_CACHE_DIR"
FORMAT = 1
DEFAULT_MAX_BYTES = 512 * 1024 * 1024
MISS = object()


def default_dir() -> Path:
    """The user's cache folder: %LOCALAPPDATA%\\ziping\\Cache on Windows, ~/Library/Caches/ziping on
    macOS, $XDG_CACHE_HOME/ziping or ~/.cache/ziping elsewhere; ZIPING_CACHE_DIR overrides it."""
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "ziping" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "ziping"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ziping"


@dataclass(frozen=True)
class Codec:
    """How one kind of result goes to JSON and back. `encode` leaves the file's path out (the
    same bytes may lie at several paths) and gives (value, payload): a small JSON object checked
    against `schema`, and text stored as it is (a rendered JSON document need not be escaped into
    another); `decode(value, payload, path)` puts the path it is asked for back in."""

    name: str
    encode: Callable[[object, str], tuple[dict, str]]
    decode: Callable[[dict, str, str], object]
    schema: dict


_CODECS: dict[Callable, Codec] = {}


def register(transform: Callable, codec: Codec) -> None:
    _CODECS[transform] = codec


def codec_for(transform) -> Codec | None:
    return _CODECS.get(transform)


def engine_digest(roots) -> str:
    """The source and data files (.py, .json) under `roots`, with ziping's version."""
    digest = hashlib.sha256(__version__.encode())
    for root in roots:
        root = Path(root)
        for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".json")
                           and "__pycache__" not in p.parts):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _engine_digest() -> str:
    """The packages that read, check and score: validation/ and workbooks/ as installed."""
    return engine_digest(tuple(Path(str(resources.files(package))) for package in ("validation", "workbooks")))


def fingerprint(profile, codec: Codec, options: dict | None = None) -> str:
    parts = {"format": FORMAT, "engine": _engine_digest(), "codec": codec.name,
             "profile": json.dumps(profile.data, sort_keys=True, ensure_ascii=False), "options": options or {}}
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def file_digest(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@lru_cache(maxsize=16)
def _validator(schema_text: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads(schema_text))


ENTRY_SCHEMA = {
    "type": "object",
    "required": ["format", "codec", "payload", "value"],
    "properties": {"format": {"const": FORMAT}, "codec": {"type": "string"},
                   "payload": {"type": "string", "pattern": "^[0-9a-f]{64}$"}, "value": {"type": "object"}},
}
ENTRY_SCHEMA_TEXT = json.dumps(ENTRY_SCHEMA)


@dataclass(frozen=True)
class CachedTransform:
    """A batch transform whose results go through the cache (picklable: workers use it too)."""

    transform: Callable
    folder: str  # <cache dir>/<fingerprint>

    @property
    def codec(self) -> Codec:
        return _CODECS[self.transform]

    def __call__(self, result):
        return self.transform(result)

    def _entry(self, digest: str) -> Path:
        return Path(self.folder) / digest[:2] / f"{digest}.json"

    def load(self, path: str):
        """(the cached result for the file at `path` or MISS, the file's digest). An entry is one
        line of JSON (format, codec, the payload's SHA-256, value) and the payload after it; one
        that does not parse, fails a schema or its checksum is a MISS, recomputed and replaced."""
        try:
            digest = file_digest(path)
        except OSError:
            return MISS, None
        try:
            head, _, payload = self._entry(digest).read_bytes().partition(b"\n")
            data = json.loads(head)
        except (OSError, ValueError):
            return MISS, digest
        codec = self.codec
        if (not _validator(ENTRY_SCHEMA_TEXT).is_valid(data) or data["codec"] != codec.name
                or hashlib.sha256(payload).hexdigest() != data["payload"]
                or not _validator(json.dumps(codec.schema)).is_valid(data["value"])):
            return MISS, digest
        try:
            return codec.decode(data["value"], payload.decode("utf-8"), path), digest
        except (KeyError, TypeError, ValueError):
            return MISS, digest

    def save(self, digest: str, value, path: str) -> None:
        entry = self._entry(digest)
        try:
            encoded, payload = self.codec.encode(value, path)
        except ValueError:  # a result this codec cannot store faithfully: not cached
            return
        body = payload.encode("utf-8")
        head = json.dumps({"format": FORMAT, "codec": self.codec.name, "payload": hashlib.sha256(body).hexdigest(),
                           "value": encoded}, ensure_ascii=False, separators=(",", ":"))
        scratch = entry.with_name(f".{entry.name}.{os.getpid()}.{secrets.token_hex(3)}.tmp")
        try:
            try:
                handle = open(scratch, "wb")
            except FileNotFoundError:
                entry.parent.mkdir(parents=True, exist_ok=True)
                handle = open(scratch, "wb")
            with handle:
                handle.write(head.encode("utf-8") + b"\n" + body)
            os.replace(scratch, entry)
        except OSError:  # a full or read-only disk: the result is still good, only not kept
            scratch.unlink(missing_ok=True)


class ResultCache:
    """A cache folder: where entries live, how big it may grow, what it holds."""

    def __init__(self, folder: str | Path | None = None, max_bytes: int = DEFAULT_MAX_BYTES):
        self.folder = Path(folder) if folder is not None else default_dir()
        self.max_bytes = max_bytes

    def wrap(self, transform, profile, options: dict | None = None):
        """`transform` through the cache, when it has a codec; else `transform` itself."""
        codec = codec_for(transform)
        if codec is None:
            return transform
        return CachedTransform(transform, str(self.folder / fingerprint(profile, codec, options)))

    def entries(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return [p for p in self.folder.glob("*/*/*.json") if p.is_file()]

    def info(self) -> tuple[int, int]:
        """(entries, bytes)."""
        sizes = [p.stat().st_size for p in self.entries()]
        return len(sizes), sum(sizes)

    def clear(self) -> int:
        count = len(self.entries())
        if self.folder.is_dir():
            for child in self.folder.iterdir():
                if child.is_dir() and len(child.name) == 64:  # a fingerprint folder: ours
                    shutil.rmtree(child, ignore_errors=True)
        return count

    def trim(self) -> int:
        """Remove the oldest entries until the folder is within `max_bytes`; returns how many went."""
        entries = []
        for path in self.entries():
            try:
                stat = path.stat()
            except OSError:
                continue
            entries.append((stat.st_mtime, stat.st_size, path))
        total = sum(size for _, size, _ in entries)
        removed = 0
        for _, size, path in sorted(entries):
            if total <= self.max_bytes:
                break
            path.unlink(missing_ok=True)
            total -= size
            removed += 1
        return removed
