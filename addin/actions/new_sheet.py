"""新增项目表: add a blank form sheet in the template's layout.

Through the server client a new sheet can carry values (including formulas, which Excel
reads from text starting with "="), fills and number formats — not borders, merged cells
or dropdowns. Those come with the template; the sheet added here is complete for filling
and for ziping, and a clerk who wants the printed look copies a template sheet instead.
"""

from __future__ import annotations

from workbooks.writing.layout import WIDTH, Rows, form_cells
from workbooks.writing.styles import AMOUNT, COMPUTED_FILL, LABEL_FILL, RATE, SCORE, TEXT
from workbooks.writing.template import blank_form, computed_refs, default_year, formulas, label_ranges


def _hex(fill) -> str:
    return "#" + fill.fgColor.rgb[-6:]


def _free_name(surface) -> str:
    names = set(surface.sheet_names())
    n = 1
    while f"项目{n}" in names:
        n += 1
    return f"项目{n}"


def new_sheet(surface, context) -> str:
    name = _free_name(surface)
    year = context.settings.get("YEAR") or ""
    year = int(year) if year.isdigit() else default_year()
    form = blank_form(name, context.profile)
    rows = Rows(len(form["indicators"]))
    cells, _ = form_cells(form, "clean", year)
    grid = [[None] * WIDTH for _ in range(rows.height)]
    for (r, c), value in cells.items():
        grid[r][c] = value
    from validation.findings import split_a1

    for ref, formula in formulas(rows, context.profile).items():
        r, c = split_a1(ref)
        grid[r - 1][c - 1] = formula
    surface.add_sheet(name)
    surface.set_values(name, "A1", grid)
    for ref in label_ranges(rows):
        surface.set_fill(name, ref, _hex(LABEL_FILL))
    for ref in computed_refs(rows):
        surface.set_fill(name, ref, _hex(COMPUTED_FILL))
    first, last = rows.first_indicator + 1, rows.total
    for ref, number_format in (("D6:F9", AMOUNT), ("H6", RATE), ("I6", SCORE), (f"E{first}:F{last}", TEXT),
                               (f"H{rows.total + 1}", SCORE)):
        surface.set_number_format(name, ref, number_format)
    surface.activate(name)
    return f"已新增项目表“{name}”（{year}年度），请填写后点击“校验”。"
