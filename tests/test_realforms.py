"""Published 自评表 from across China, transcribed in their own layouts (tests/realforms/):
every expectation computed by hand in a sidecar must hold."""

import json

import jsonschema
import pytest

from tests.helpers import ROOT
from tests.realforms.build import SOURCES
from tests.realforms.corpus import compare, markdown_table, run_corpus, sidecars, workbook_of
from validation import load_profile
from workbooks.checking.batch import check_file

SIDECARS = sidecars()
SIDECAR_SCHEMA = {
    "type": "object",
    "required": ["source", "region", "province", "level", "profile", "features", "published", "expected"],
    "properties": {
        "source": {"type": "object", "required": ["url", "title"],
                   "properties": {"url": {"type": ["string", "null"], "pattern": "^https?://"}}},
        "level": {"enum": ["中央", "省", "市", "县"]},
        "expected": {
            "type": "object",
            "required": ["forms", "must", "must_not"],
            "properties": {
                "forms": {"type": "array", "minItems": 1, "items": {
                    "type": "object", "required": ["sheet", "kind"],
                    "properties": {"kind": {"enum": ["project", "department_overall"]}},
                    "if": {"properties": {"kind": {"const": "project"}}},
                    "then": {"required": ["project", "execution_rate", "execution_score", "indicators", "total", "grade"]},
                }},
                "must": {"type": "array", "items": {"type": "object", "required": ["rule"]}},
                "must_not": {"type": "array", "items": {"type": "object", "required": ["rule"]}},
            },
        },
    },
}


def test_corpus_is_there():
    assert len(SIDECARS) >= 4
    sources = [json.loads(p.read_text("utf-8")) for p in SIDECARS]
    urls = [s["source"]["url"] for s in sources if s["source"]["url"]]
    assert len(urls) == len(set(urls)), "a published form is in the corpus twice"
    for sidecar in sources:  # a form found without an address says so, and where its text came from
        assert sidecar["source"]["url"] or sidecar["notes"].startswith("SOURCE ADDRESS MISSING")


@pytest.mark.parametrize("sidecar", SIDECARS, ids=[p.stem for p in SIDECARS])
def test_sidecar_and_transcription_are_complete(sidecar):
    data = json.loads(sidecar.read_text("utf-8"))
    jsonschema.validate(data, SIDECAR_SCHEMA)
    assert (SOURCES / f"{sidecar.stem}.grid.json").exists(), "the transcription the workbook is built from"
    assert workbook_of(sidecar).exists()


@pytest.mark.parametrize("sidecar", SIDECARS, ids=[p.stem for p in SIDECARS])
def test_real_form_meets_its_expectation(sidecar):
    data = json.loads(sidecar.read_text("utf-8"))
    result = check_file(workbook_of(sidecar), load_profile(data["profile"]), keep_evaluation=False)
    outcome = compare(sidecar.stem, data["expected"], result.to_dict())
    assert outcome.failed == [], "\n".join(outcome.failed)
    assert outcome.total >= 10


def test_comparison_fails_when_the_engine_is_wrong():
    """The harness itself: a wrong score, a missing finding and an unexpected error are caught."""
    sidecar = next(p for p in SIDECARS if "yongde" in p.stem)
    data = json.loads(sidecar.read_text("utf-8"))
    result = check_file(workbook_of(sidecar), load_profile(data["profile"])).to_dict()
    table = result["tables"][0]
    table["indicators"][0]["score_computed"] = 1.0
    table["findings"] = [f for f in table["findings"] if f["rule"] != "ZP601"]
    table["findings"].append({"rule": "ZP104", "severity": "error", "sheet": "Sheet1", "cell": "G14", "message": "x"})
    failed = compare(sidecar.stem, data["expected"], result).failed
    assert any("score" in f for f in failed)
    assert any(f.startswith("must ZP601") for f in failed)
    assert any(f.startswith("must not ZP104") for f in failed)
    assert any(f.startswith("no error beyond") for f in failed)


def test_built_workbooks_match_their_transcriptions(tmp_path):
    """A committed workbook is what build.py makes of its transcription (values and merges)."""
    from tests.realforms import build
    from workbooks.reading.readers import read_workbook

    for sidecar in SIDECARS:
        grid = json.loads((SOURCES / f"{sidecar.stem}.grid.json").read_text("utf-8"))
        rebuilt = tmp_path / workbook_of(sidecar).name
        (build.build_xls if grid.get("format") == "xls" else build.build_xlsx)(grid, rebuilt)
        committed, fresh = read_workbook(workbook_of(sidecar)), read_workbook(rebuilt)
        assert [(g.sheet, g.rows, sorted(g.merged)) for g in committed.grids] == \
               [(g.sheet, g.rows, sorted(g.merged)) for g in fresh.grids], sidecar.stem


def test_readme_table_lists_the_corpus():
    readme = (ROOT / "README.md").read_text("utf-8")
    table = markdown_table(run_corpus())
    assert table in readme, "README's real-form table is stale: run `python -m tests.realforms.corpus`"
