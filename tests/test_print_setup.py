"""The review and summary workbooks print as a reviewer files them: A4 landscape, one page wide,
the header row on every page. Checked in the file (openpyxl) and on paper (LibreOffice's PDF)."""

from __future__ import annotations

import re
import subprocess

import pytest
from openpyxl import load_workbook

from validation import load_profile
from workbooks.writing.office import convert_many
from workbooks.review.folders import review, summarize
from workbooks.writing.samples import sample_path

PROFILE = load_profile()
A4_LANDSCAPE = (841.89, 595.28)  # points


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    """A review and a summary of 40 copies of the nine-form sample (enough rows for several pages)."""
    root = tmp_path_factory.mktemp("print")
    folder = root / "报送"
    folder.mkdir()
    for n in range(40):
        (folder / f"自评表{n:02d}.xlsx").hardlink_to(sample_path())
    reviewed = review([folder], root / "审核结果.xlsx", PROFILE, jobs=1).path
    summary = summarize([folder], root / "汇总.xlsx", PROFILE, jobs=1).path
    return {"review": reviewed, "summary": summary}


@pytest.mark.parametrize("which", ["review", "summary"])
def test_every_sheet_is_set_up_for_a4_landscape_one_page_wide_with_the_header_repeated(books, which):
    book = load_workbook(books[which])
    assert book.sheetnames
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert (setup.paperSize, setup.orientation) == (9, "landscape"), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert (setup.fitToWidth or 1, setup.fitToHeight) == (1, 0), sheet.title  # absent means 1 (ECMA-376)
        assert sheet.print_title_rows == "$1:$1", sheet.title
        assert "&P" in sheet.oddFooter.right.text, sheet.title


def _pages(pdf) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def test_on_paper_the_review_is_a4_landscape_and_every_page_starts_with_the_header(books, tmp_path):
    pdf = convert_many([books["review"]], "pdf", tmp_path)[0]
    info = subprocess.run(["pdfinfo", "-l", "999", str(pdf)], capture_output=True, text=True, check=True).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert sizes
    for width, height in sizes:
        assert (round(float(width)), round(float(height))) == tuple(round(v) for v in A4_LANDSCAPE)
    pages = _pages(pdf)
    findings_pages = [p for p in pages if "问题清单" in p]
    assert len(findings_pages) > 1  # a long list: several pages, each with its header row
    for page in findings_pages:
        assert "单元格" in page and "说明" in page
    # one page wide: no page of the 汇总 holds only the right-hand columns
    for page in pages:
        if "需说明原因的行" in page:
            assert "项目名称" in page
