"""Benchmark the 自评报告 checks and drafts against python-docx reading the same files alone.

  read     python-docx opening the .docx and walking its paragraphs and tables: the floor
  check    `check_report` (guards, reading, heading paths, every report rule) without a form
  +form    the same checked against its form (the form's sheets checked once beforehand)
  draft    drafting the nine sample projects' reports (`draft_reports`), against python-docx
           reading the nine drafts back

The 30-page report is built from the real seed reports' paragraphs (repeated with varied
figures, about 24 paragraphs a page), so the rules meet real sentences. Usage:

    .venv/bin/python bench/bench_reports.py [--pages 30] [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402

from reports.checking import check_report  # noqa: E402
from reports.drafting import draft_reports  # noqa: E402
from validation import load_profile  # noqa: E402
from validation.narrative.document import split_sentences  # noqa: E402
from validation.narrative.figures import figures  # noqa: E402
from validation.narrative.named import clear_cache as named_figures_clear  # noqa: E402
from validation.narrative.quantities import quantities  # noqa: E402
from workbooks.checking.batch import check_file  # noqa: E402
from workbooks.writing.samples import sample_path  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
CORPUS = ROOT / "tests" / "realreports"
PARAGRAPHS_PER_PAGE = 24


def source_paragraphs() -> list[str]:
    texts = [p.read_text("utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    lines = [line.strip() for text in texts for line in text.splitlines() if len(line.strip()) > 6]
    return lines


def build_report(path: Path, pages: int, rng: random.Random) -> Path:
    lines = source_paragraphs()
    document = docx.Document()
    document.add_paragraph("2024年信息系统运维类项目绩效自评报告")
    for page in range(pages):
        document.add_paragraph(f"{'一二三四五六七八九十'[page % 10]}、第{page + 1}部分")
        for _ in range(PARAGRAPHS_PER_PAGE - 1):
            line = rng.choice(lines)
            document.add_paragraph(line)
        table = document.add_table(rows=2, cols=4)
        for i, text in enumerate(["年初预算数", "全年预算数", "全年执行数", "执行率"]):
            table.cell(0, i).text = text
        for i, text in enumerate(["90", "83.21", "83.21", "100%"]):
            table.cell(1, i).text = text
    document.save(path)
    return path


def read_with_python_docx(path: Path) -> int:
    document = docx.Document(str(path))
    count = sum(len(p.text) for p in document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            count += sum(len(c.text) for c in row.cells)
    return count


def forget() -> None:
    """Each run reads the report afresh: the per-sentence caches would otherwise answer it."""
    for cached in (quantities, figures, split_sentences):
        cached.cache_clear()
    named_figures_clear()


def timed(function, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        forget()
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    profile = load_profile()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        report = build_report(tmp / "报告.docx", args.pages, rng)
        forms = [r for r in check_file(sample_path(), profile).reports if not r.blank]
        result = check_report(report, profile)
        read = timed(lambda: read_with_python_docx(report), args.repeat)
        alone = timed(lambda: check_report(report, profile), args.repeat)
        with_form = timed(lambda: check_report(report, profile, forms), args.repeat)
        print(f"30-page report: {args.pages} pages, {result.paragraphs} paragraphs, {result.figures} figures, "
              f"{len(result.findings)} findings, {report.stat().st_size / 1024:.0f} KiB")
        print(f"  read (python-docx)   {read * 1000:8.1f} ms   1.00x")
        print(f"  check                {alone * 1000:8.1f} ms   {alone / read:.2f}x")
        print(f"  check with its form  {with_form * 1000:8.1f} ms   {with_form / read:.2f}x")

        counter = iter(range(10_000))

        def draft_nine() -> list[Path]:
            return draft_reports(forms, tmp / f"drafts{next(counter)}", profile=profile)

        drafted = draft_nine()
        draft = timed(draft_nine, args.repeat)
        read_nine = timed(lambda: [read_with_python_docx(p) for p in drafted], args.repeat)
        print(f"nine drafts ({sum(p.stat().st_size for p in drafted) / 1024:.0f} KiB in all):")
        print(f"  read (python-docx)   {read_nine * 1000:8.1f} ms   1.00x")
        print(f"  draft                {draft * 1000:8.1f} ms   {draft / read_nine:.2f}x")


if __name__ == "__main__":
    main()
