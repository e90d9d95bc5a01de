"""Builders for real workbook files used across the tests."""

from __future__ import annotations

import copy
import io
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


def scanned_pdf(path: Path) -> Path:
    """A one-page PDF holding only a picture, as a scanner makes it: no text layer."""
    content = b"q 400 0 0 600 100 100 cm /Im1 Do Q"
    pixels = bytes([0, 255, 255, 0])
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> "
         b"/Contents 4 0 R >>"),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Length %d >>\nstream\n" % len(pixels) + pixels + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    path.write_bytes(out.getvalue())
    return path
