"""Streaming a review: results come from the workers in `collect` order with a bounded number
in flight, go straight into the workbook, and the unit totals added up one form at a time
equal units_frame of all the forms at once."""

from __future__ import annotations

import math
import multiprocessing
import random
import shutil

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

import workbooks.checking.batch as batch
from tests.test_writer_xlsx import generated_folder, sample_folder
from validation import load_profile
from workbooks.checking.batch import CHUNKS_PER_WORKER, check_paths, collect, iter_check_paths
from workbooks.review.folders import SKIPPED_FOLDERS, review, reviewed, reviewed_without_info
from workbooks.writing.samples import sample_path
from workbooks.review.summary import GRADES, FormRow, UnitTotals, forms_frame, units_frame

PROFILE = load_profile()


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """300 workbooks (hard links to the nine-form sample) in 6 unit folders."""
    root = tmp_path_factory.mktemp("many") / "报送"
    for n in range(300):
        folder = root / f"单位{n % 6}"
        folder.mkdir(parents=True, exist_ok=True)
        try:
            (folder / f"自评表{n:03d}.xlsx").hardlink_to(sample_path())
        except OSError:
            shutil.copy(sample_path(), folder / f"自评表{n:03d}.xlsx")
    return root


def _totals(rows: list[FormRow]) -> pd.DataFrame:
    totals = UnitTotals()
    for row in rows:
        totals.add(row)
    return totals.frame()


def test_results_stream_in_collect_order_on_every_core(many):
    order = [path for path, _ in collect([many])]
    streamed = [item.path for item in iter_check_paths([many], PROFILE, jobs=2, transform=reviewed_without_info)]
    assert streamed == order
    one_core = check_paths([many], PROFILE, jobs=1, transform=reviewed_without_info)
    two = list(iter_check_paths([many], PROFILE, jobs=2, transform=reviewed_without_info))
    assert [(i.path, i.forms, i.findings) for i in two] == [(i.path, i.forms, i.findings) for i in one_core]


def test_a_batch_in_this_process_collects_less_often_and_restores_the_callers_collector(tmp_path):
    import gc

    for n in range(2):
        shutil.copy(sample_path(), tmp_path / f"自评表{n}.xlsx")
    before = gc.get_threshold()
    seen = []
    stream = iter_check_paths([tmp_path], PROFILE, jobs=1)
    for result in stream:
        seen.append(gc.get_threshold())
        assert result.reports
    assert seen == [batch.BATCH_GC_THRESHOLD] * 2
    assert gc.get_threshold() == before != batch.BATCH_GC_THRESHOLD
    stream = iter_check_paths([tmp_path], PROFILE, jobs=1)
    next(stream)
    stream.close()  # a caller that stops early gets its collector back too
    assert gc.get_threshold() == before


def test_only_a_few_chunks_are_in_flight(many, monkeypatch):
    submitted = []

    class CountingPool(batch.ProcessPoolExecutor):
        def submit(self, fn, *args, **kwargs):
            submitted.append(len(args[0][0]))
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr(batch, "ProcessPoolExecutor", CountingPool)
    stream = iter_check_paths([many], PROFILE, jobs=2, transform=reviewed_without_info)
    consumed = 0
    window = 2 * CHUNKS_PER_WORKER
    for item in stream:
        consumed += 1
        # files handed out beyond those already consumed: at most the window's chunks
        assert len(submitted) <= window + 1 + consumed // submitted[0]
        assert sum(submitted) < 300
        if consumed == 50:
            stream.close()  # the reader stops early: pending chunks are cancelled, workers stop
            break
    assert multiprocessing.active_children() == []
    assert sum(submitted) < 300


def test_an_interrupt_stops_the_workers_and_leaves_no_file(many, tmp_path, monkeypatch):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(scratch))
    out = tmp_path / "out" / "审核结果.xlsx"
    out.parent.mkdir()
    out.write_bytes(b"an earlier review")
    done = []

    def progress(item):
        done.append(item)
        if len(done) == 40:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        review([many], out, PROFILE, jobs=2, progress=progress)
    assert multiprocessing.active_children() == []
    assert out.read_bytes() == b"an earlier review" and [p.name for p in out.parent.iterdir()] == ["审核结果.xlsx"]
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize("kind", ["sample", "generated"])
def test_unit_totals_added_one_form_at_a_time_equal_units_frame(tmp_path, kind):
    folder = sample_folder(tmp_path) if kind == "sample" else generated_folder(tmp_path)
    items = check_paths([folder], PROFILE, transform=reviewed, skip_folders=SKIPPED_FOLDERS)
    rows = [row for item in items for row in item.forms]
    expected = units_frame(forms_frame(rows))
    assert len(expected) >= 3
    assert_frame_equal(_totals(rows), expected, check_exact=True)
    shuffled = rows[:]
    random.Random(4).shuffle(shuffled)
    assert_frame_equal(_totals(shuffled), expected, check_exact=True)
    result = review([folder], tmp_path / "审核结果.xlsx", PROFILE)
    assert_frame_equal(result.units, expected, check_exact=True)


def test_the_review_result_counts_what_it_wrote(many, tmp_path):
    result = review([many], tmp_path / "审核结果.xlsx", PROFILE, jobs=2)
    items = check_paths([many], PROFILE, jobs=1, transform=reviewed_without_info)
    assert (result.files, result.forms) == (300, 2700)
    assert (result.errors, result.warnings) == (sum(i.errors for i in items), sum(i.warnings for i in items))
    assert result.units.iloc[-1]["项目数"] == 2700 and result.units.iloc[-1]["主管部门"] == "合计"


money = st.one_of(st.none(), st.just(math.nan), st.integers(0, 10**7).map(lambda cents: cents / 100))
score = st.one_of(st.none(), st.integers(0, 10_000).map(lambda n: n / 100))


@st.composite
def form_rows(draw):
    budget, executed = draw(money), draw(money)
    computed, reported = draw(score), draw(score)
    return FormRow("f.xlsx", "表1", "项目", draw(st.sampled_from(["局甲", "局乙", ""])), draw(st.sampled_from(["单位A", "单位B", ""])),
                   budget, executed, None, reported, computed, draw(st.sampled_from([*GRADES, None])),
                   draw(st.integers(0, 5)), draw(st.integers(0, 5)), 0)


@settings(max_examples=200, deadline=None)
@given(st.lists(form_rows(), max_size=60), st.randoms())
def test_unit_totals_equal_units_frame_for_any_forms_in_any_order(rows, rng):
    expected = units_frame(forms_frame(rows))
    assert_frame_equal(_totals(rows), expected, check_exact=True)
    rng.shuffle(rows)
    assert_frame_equal(_totals(rows), expected, check_exact=True)


def test_sums_are_exact_whatever_the_order():
    """0.1 ten times is 1.0 only when added without rounding; the weighted rate and average
    follow from the exact sums (hand-computed)."""
    rows = [FormRow("f.xlsx", "表1", "p", "局", "单位", 0.1, 0.07, None, 90.0, None, "优", 0, 0, 0) for _ in range(10)]
    rows.append(FormRow("f.xlsx", "表2", "p", "局", "单位", 1e16, 1e16, None, None, 80.0, "良", 1, 2, 0))
    rows.append(FormRow("f.xlsx", "表3", "p", "局", "单位", -1e16, -1e16, None, None, None, None, 0, 0, 0))
    unit = _totals(rows).iloc[0]
    assert unit["全年预算数（万元）"] == 1.0 and unit["全年执行数（万元）"] == 0.7  # the ±1e16 cancel exactly
    assert unit["平均分"] == round((90 * 10 + 80) / 11, 2) == 89.09
    assert unit["执行率（按预算加权）"] == 0.7 and unit["优"] == 10 and unit["良"] == 1 and unit["错误"] == 1
    assert_frame_equal(_totals(rows), units_frame(forms_frame(rows)), check_exact=True)
