"""manifest.json of a unit's submission folder: what was exported, when, with which checksums.

A unit folder changes only under its lock (`updating`) and only through `commit`, so that an
export killed at any moment, or two exports at once, lose nothing:

1. new files are copied next to their final names under temporary names (`temporary`:
   .<name>.<pid>.tmp) and flushed to disk; a killed export leaves only such files;
2. a journal (.manifest.json.journal) records the next manifest and the renames still to do;
3. the renames are done, manifest.json is replaced (temporary file, fsync, os.replace), and
   the journal is deleted.

A file and manifest.json are two files, so between the first rename and the new manifest
they cannot agree; a kill there leaves the journal, and the next export into the folder
first replays it (`recover`) and deletes the temporary files of dead writers. No reader takes
the temporary, journal or lock files for a submission (none ends in .xlsx or .pdf).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from pathlib import Path

from validation import __version__
from validation.errors import InputError

from .locks import exclusive

NAME = "manifest.json"
HISTORY = "历史版本"
LOCK = f".{NAME}.lock"
JOURNAL = f".{NAME}.journal"
TEMPORARY = re.compile(r"^\..+\.\d+\.tmp$")  # what `temporary` makes, and nothing a clerk would name a file


@lru_cache(maxsize=1)
def _validator():
    import jsonschema

    schema = json.loads(resources.files("validation").joinpath("schemas/manifest.schema.json").read_text("utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def validate_manifest(data: dict) -> None:
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        where = "/".join(str(p) for p in errors[0].absolute_path) or "（根）"
        raise InputError(f"{NAME} 格式不正确：{where}：{errors[0].message}")


# SHA-256 of manifest texts this process validated. Validation costs about as much as the manifest is
# long (0.2 s for a few hundred versions), and an export loads, after each form, the text it just wrote.
_VALIDATED: set[str] = set()


def load(folder: Path, profile: str, year: int | None, department: str, unit: str, now: str) -> dict:
    path = folder / NAME
    if path.exists():
        try:
            raw = path.read_bytes()
            data = json.loads(raw.decode("utf-8"))
            digest = hashlib.sha256(raw).hexdigest()
            if digest not in _VALIDATED:
                validate_manifest(data)
                _VALIDATED.add(digest)
            return data
        except (OSError, ValueError, InputError) as exc:
            raise InputError(f"报送文件夹中的 {NAME} 已损坏，未导出以免覆盖记录：{path}（{exc}）") from None
    return {"tool": {"name": "ziping", "version": __version__}, "profile": profile, "year": year,
            "department": department, "unit": unit, "updated_at": now, "forms": []}


def temporary(path: Path) -> Path:
    """The name `path` is written under before it is renamed into place: hidden, per process, and
    within the 255-byte name limit (a long CJK name is replaced by its hash)."""
    name = path.name if len(path.name.encode("utf-8")) <= 200 else hashlib.sha1(path.name.encode("utf-8")).hexdigest()
    return path.with_name(f".{name}.{os.getpid()}.tmp")


def _sync_folder(folder: Path) -> None:
    """Make the renames in `folder` durable (POSIX; Windows cannot open a folder to sync it)."""
    if os.name == "nt":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` atomically: a reader sees the old or the new file, never half of one."""
    temp = temporary(path)
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    _sync_folder(path.parent)


def stage(source: Path, target: Path) -> Path:
    """Copy `source` to the temporary name of `target`, on disk but not yet in place (see `commit`)."""
    temp = temporary(target)
    try:
        with open(source, "rb") as reader, open(temp, "wb") as writer:
            shutil.copyfileobj(reader, writer)
            writer.flush()
            os.fsync(writer.fileno())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def save(folder: Path, data: dict) -> Path:
    """Validate, then replace the manifest atomically (a reader never sees half a file)."""
    data["tool"] = {"name": "ziping", "version": __version__}
    validate_manifest(data)
    return _write_manifest(folder, data)


def _write_manifest(folder: Path, data: dict) -> Path:
    """Write a manifest that has been validated."""
    path, text = folder / NAME, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    _write_bytes(path, text)
    _VALIDATED.add(hashlib.sha256(text).hexdigest())
    return path


@contextmanager
def updating(folder: Path):
    """Hold the unit folder's lock, after finishing whatever a killed export left unfinished there.

    Everything from reading manifest.json to committing the new one must happen inside, or two
    exports would both start from the same manifest and the later one would drop the other's forms.
    """
    with exclusive(folder / LOCK):
        recover(folder)
        yield


def commit(folder: Path, data: dict, moves: list[tuple[Path, Path]], removals: list[Path]) -> None:
    """Put staged files in place and record them in manifest.json so that a kill cannot split the two.

    `moves` are (temporary, final) pairs made by `stage`; `removals` are files the new manifest no
    longer names. Call inside `updating`.
    """
    data["tool"] = {"name": "ziping", "version": __version__}
    validate_manifest(data)  # refuse before anything moves
    relative = lambda path: path.relative_to(folder).as_posix()  # noqa: E731
    journal = {"manifest": data, "moves": [[relative(s), relative(t)] for s, t in moves],
               "remove": [relative(p) for p in removals]}
    _write_bytes(folder / JOURNAL, json.dumps(journal, ensure_ascii=False).encode("utf-8"))
    _replay(folder, journal)


def _replay(folder: Path, journal: dict) -> None:
    """Carry out a journal. Safe to repeat: a rename already done has left no temporary file."""
    for staged, final in journal["moves"]:
        if (folder / staged).exists():
            os.replace(folder / staged, folder / final)
    for name in journal["remove"]:
        (folder / name).unlink(missing_ok=True)
    for changed in {(folder / final).parent for _, final in journal["moves"]} - {folder}:
        _sync_folder(changed)  # 历史版本: its renames must not be lost while the manifest names them
    _write_manifest(folder, journal["manifest"])  # validated before it was journaled
    (folder / JOURNAL).unlink()


def recover(folder: Path) -> None:
    """Finish the journal of a killed export, then delete the temporary files dead writers left.

    Call under the folder's lock: then no living export has temporary files in the folder.
    """
    path = folder / JOURNAL
    if path.exists():
        try:
            journal = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"报送文件夹中的 {JOURNAL} 无法读取，未导出以免覆盖记录：{path}（{exc}）") from None
        _replay(folder, journal)
    for directory in (folder, folder / HISTORY):
        if directory.is_dir():
            for leftover in directory.iterdir():
                if TEMPORARY.match(leftover.name) and leftover.is_file():
                    leftover.unlink(missing_ok=True)
