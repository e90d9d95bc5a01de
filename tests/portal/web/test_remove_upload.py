"""A clerk removes an upload never submitted (live portal, both databases): a confirmation page,
then a POST with the session's CSRF token; the row, the stored file and its marked copy go
together. Another unit's upload is not found, a reviewer is refused, an upload with submitted
forms is kept (with a Chinese explanation), and a failure half-way leaves the upload as it was.
"""

from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from portal.store.models import Upload
from tests.portal.live import files_under, signed_in
from tests.portal.web.test_security import upload, uploaded_key
from workbooks.writing.samples import sample_path


def uploads(live) -> list[tuple[str, str, bool]]:
    """(key, stored path, submitted) of every upload in the database."""
    with live.db.session() as session:
        return [(u.key, u.path, u.submitted_at is not None)
                for u in session.scalars(select(Upload).order_by(Upload.id))]


def stored_files(live) -> list[str]:
    return [p.relative_to(live.uploads_dir).as_posix() for p in files_under(live.uploads_dir)
            if ".incoming" not in p.parts]


def remove(client: httpx.Client, csrf: str, key: str) -> httpx.Response:
    return client.post(f"/clerk/uploads/{key}/delete", data={"csrf": csrf})


def test_a_clerk_removes_an_upload_never_submitted(live):
    client, csrf = signed_in(live, "zhangsan")
    first = uploaded_key(upload(client, csrf, sample_path()))
    second = uploaded_key(upload(client, csrf, sample_path()))
    assert client.get(f"/clerk/uploads/{first}/marked").status_code == 200  # a marked copy beside it
    (first_path,) = [path for key, path, _ in uploads(live) if key == first]
    assert first_path.removesuffix(".xlsx") + ".marked.xlsx" in stored_files(live)

    # Both are listed, each with its way to be removed; the result page leads there too.
    home = client.get("/clerk/").text
    for key in (first, second):
        assert f'href="/portal/clerk/uploads/{key}/delete"' in home
    page = client.get(f"/clerk/uploads/{first}").text
    assert f'href="/portal/clerk/uploads/{first}/delete"' in page and "删除这个工作簿" in page

    # The confirmation step: what goes, and a form with the session's token.
    confirm = client.get(f"/clerk/uploads/{first}/delete")
    assert confirm.status_code == 200 and "无法恢复" in confirm.text and "fengtai-2024.xlsx" in confirm.text
    assert re.search(rf'<form method="post" action="/portal/clerk/uploads/{first}/delete"', confirm.text)
    assert f'name="csrf" value="{csrf}"' in confirm.text

    # Without the token, from another unit, or as a reviewer: nothing happens.
    before = (uploads(live), stored_files(live))
    assert client.post(f"/clerk/uploads/{first}/delete", data={}).status_code == 403
    assert remove(client, "wrong", first).status_code == 403
    other, other_csrf = signed_in(live, "lisi")
    for answer in (other.get(f"/clerk/uploads/{first}/delete"), remove(other, other_csrf, first)):
        assert answer.status_code == 404 and "找不到" in answer.text
    reviewer, reviewer_csrf = signed_in(live, "shenhe")
    assert remove(reviewer, reviewer_csrf, first).status_code == 403
    assert client.get(f"/clerk/uploads/{first}/delete", follow_redirects=False).status_code == 200
    assert (uploads(live), stored_files(live)) == before

    # Removed: the row, the file and the marked copy; the other upload stays.
    answer = remove(client, csrf, first)
    assert answer.status_code == 303 and answer.headers["location"] == "/portal/clerk/"
    home = client.get("/clerk/").text
    assert "已删除“fengtai-2024.xlsx”及其校验结果。" in home and f"/clerk/uploads/{first}" not in home
    assert [key for key, _, _ in uploads(live)] == [second]
    (second_path,) = [path for _, path, _ in uploads(live)]
    assert stored_files(live) == [second_path]
    assert client.get(f"/clerk/uploads/{first}").status_code == 404
    assert remove(client, csrf, first).status_code == 404  # twice: not found


def test_an_upload_with_submitted_forms_is_kept(live):
    client, csrf = signed_in(live, "zhangsan")
    key = uploaded_key(upload(client, csrf, sample_path()))
    submitted = client.post(f"/clerk/uploads/{key}/submit", data={"csrf": csrf, "sheets[]": ["表2"]})
    assert submitted.status_code == 303 and submitted.headers["location"] == "/portal/clerk/submissions"
    assert uploads(live)[0][2]
    before = (uploads(live), stored_files(live))
    refused = remove(client, csrf, key)
    assert refused.status_code == 409 and "不能删除" in refused.text and "已有表报送" in refused.text
    assert (uploads(live), stored_files(live)) == before
    page = client.get(f"/clerk/uploads/{key}").text
    assert "删除这个工作簿" not in page and "已有表报送，不能删除" in page
    confirm = client.get(f"/clerk/uploads/{key}/delete").text
    assert "已有表报送，不能删除" in confirm and 'id="remove-form"' not in confirm
    home = client.get("/clerk/").text
    assert f"/clerk/uploads/{key}/delete" not in home and "已报送" in home


def test_refused_forms_do_not_keep_an_upload(live):
    client, csrf = signed_in(live, "zhangsan")
    key = uploaded_key(upload(client, csrf, sample_path()))
    client.post(f"/clerk/uploads/{key}/submit", data={"csrf": csrf, "sheets[]": ["表5"]})  # has errors: refused
    assert not uploads(live)[0][2]
    assert remove(client, csrf, key).status_code == 303 and uploads(live) == []


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_failure_half_way_leaves_the_upload_as_it_was(live, monkeypatch):
    client, csrf = signed_in(live, "zhangsan")
    key = uploaded_key(upload(client, csrf, sample_path()))
    assert client.get(f"/clerk/uploads/{key}/marked").status_code == 200
    before = (uploads(live), stored_files(live))

    # The database refuses the delete (after the files were moved aside): they are put back.
    def refuse(session, context):
        if any(isinstance(obj, Upload) for obj in session.deleted):
            raise RuntimeError("database refused")

    event.listen(Session, "after_flush", refuse)
    try:
        failed = remove(client, csrf, key)
    finally:
        event.remove(Session, "after_flush", refuse)
    assert failed.status_code == 500 and "服务器出错" in failed.text
    assert (uploads(live), stored_files(live)) == before

    # The marked copy cannot be moved (after the workbook was): the workbook is put back.
    import portal.web.uploads as module

    real = module.os.replace

    def stuck(source, target):
        if str(target).endswith(".removed") and ".marked" in str(source):
            raise PermissionError(13, "Permission denied")
        return real(source, target)

    monkeypatch.setattr(module.os, "replace", stuck)
    failed = remove(client, csrf, key)
    monkeypatch.undo()
    assert failed.status_code == 500
    assert (uploads(live), stored_files(live)) == before
    assert client.get(f"/clerk/uploads/{key}").status_code == 200

    # And then it goes, leaving nothing behind.
    assert remove(client, csrf, key).status_code == 303
    assert uploads(live) == [] and stored_files(live) == []
    with live.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Upload)) == 0
