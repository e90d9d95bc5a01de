"""Builders for real workbook files used across the tests."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

from openpyxl import Workbook

from workbooks.writing.layout import form_cells, put_value, write_form
from workbooks.writing.samples import sample_data

ROOT = Path(__file__).resolve().parents[1]


def seed_forms() -> list[dict]:
    return copy.deepcopy(sample_data()["forms"])


def seed_form(number: int) -> dict:
    return seed_forms()[number - 1]


def write_xlsx(path: Path, sheets: dict[str, list[tuple[dict, int, int, str]]], extra: dict[str, list[list]] | None = None) -> Path:
    """sheets: name -> [(form, top, left, label style)]; extra: name -> rows of plain values."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in (extra or {}).items():
        sheet = book.create_sheet(name)
        for r, values in enumerate(rows, start=1):
            for c, value in enumerate(values, start=1):
                if value is not None:
                    put_value(sheet.cell(r, c), value)
    for name, forms in sheets.items():
        sheet = book.create_sheet(name)
        for form, top, left, style in forms:
            write_form(sheet, form, top=top, left=left, style=style, year=2024)
    book.save(path)
    return path


def write_xls(path: Path, forms: list[dict]) -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for form in forms:
        sheet = book.add_sheet(form["sheet"])
        cells, merges = form_cells(form, "clean", 2024)
        for (r, c), value in cells.items():
            if value is not None:
                sheet.write(r, c, value)
    book.save(str(path))
    return path


def ziping(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the installed console script exactly as a reviewer would."""
    exe = Path(sys.executable).with_name("ziping")
    env = dict(os.environ, COLUMNS="200", PYTHONIOENCODING="utf-8")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, cwd=cwd or ROOT, env=env, timeout=300)


def check_json(*args: str) -> tuple[int, dict]:
    proc = ziping("check", "--json", *args)
    assert proc.stderr == "" or "Traceback" not in proc.stderr
    return proc.returncode, json.loads(proc.stdout)
