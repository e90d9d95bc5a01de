import pytest

from tests.helpers import seed_forms, write_xlsx


@pytest.fixture(scope="session")
def seed_workbook(tmp_path_factory):
    """The nine seed-004 forms, one per sheet, at A1 with their own label styles."""
    path = tmp_path_factory.mktemp("seed") / "seed004.xlsx"
    forms = seed_forms()
    return write_xlsx(path, {form["sheet"]: [(form, 1, 1, "clean")] for form in forms})


@pytest.fixture(scope="session", autouse=True)
def result_cache_of_the_session(tmp_path_factory):
    """The commands the tests run keep their result cache in a folder of this session, not in the
    user's cache folder (workbooks.checking.cache reads ZIPING_CACHE_DIR)."""
    import os

    folder = tmp_path_factory.mktemp("result-cache")
    before = os.environ.get("ZIPING_CACHE_DIR")
    os.environ["ZIPING_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("ZIPING_CACHE_DIR", None)
    else:
        os.environ["ZIPING_CACHE_DIR"] = before
