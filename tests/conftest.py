import pytest

from tests.helpers import seed_forms, write_xlsx


@pytest.fixture(scope="session")
def seed_workbook(tmp_path_factory):
    """The nine seed-004 forms, one per sheet, at A1 with their own label styles."""
    path = tmp_path_factory.mktemp("seed") / "seed004.xlsx"
    forms = seed_forms()
    return write_xlsx(path, {form["sheet"]: [(form, 1, 1, "clean")] for form in forms})
