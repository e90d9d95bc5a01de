"""A 评分表 uploaded to the portal (both databases): checked and shown with its findings, like
the CLI; not offered for submission, and nothing reaches the submission folder."""

from __future__ import annotations

from tests.helpers import ROOT
from tests.portal.live import files_under, signed_in
from tests.portal.web.test_security import upload

SEED = ROOT / "workbooks" / "samples" / "fengtai-dangan-score-table-2024.xlsx"


def test_a_score_table_is_checked_in_the_browser_route(live):
    client, csrf = signed_in(live, "zhangsan")
    answer = upload(client, csrf, SEED, "评分表.xlsx")
    assert answer.status_code == 303, answer.text[-500:]
    page = client.get(answer.headers["location"].removeprefix("/portal")).text
    assert "评分表：项目支出指标体系及评分情况表" in page and "评分表不报送，只校验" in page
    assert page.count("ZP908") >= 3 and "未建立项目管理制度" in page
    assert files_under(live.submission_dir) == []
