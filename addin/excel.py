"""What the ribbon actions need from an Excel workbook, on top of an `xw.Book`.

The same actions run in Excel through RunPython (COM) and on the server against
`xw.Book(json=payload)`. Only operations every client applies are used: values, fill
colours, number formats, sheets, hyperlinks, alerts, clears — and `runMacro` into
macros.bas for the one thing the server client cannot do otherwise (removing a fill).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from validation.findings import split_a1
from workbooks.writing.conf import CONF_SHEET, read_conf
from workbooks.reading.grid import Grid

CLEAR_FILL_MACRO = "ZipingClearFill"  # in macros.bas: Sub ZipingClearFill(wb, sheetName, addresses)


def _is_remote(book) -> bool:
    return getattr(getattr(book, "app", None), "engine", None) is not None and book.app.engine.name == "remote"


@dataclass
class Surface:
    book: object  # xw.Book
    remote: bool = field(init=False)
    _names: dict[str, str] | None = field(default=None, init=False)
    _grids: dict[frozenset, list] = field(default_factory=dict, init=False)

    def __post_init__(self):
        self.remote = _is_remote(self.book)

    # ---- reading -------------------------------------------------------------------------
    def sheet_names(self) -> list[str]:
        return [sheet.name for sheet in self.book.sheets]

    def has_sheet(self, name: str) -> bool:
        return name in self.sheet_names()

    def values(self, name: str) -> tuple[list[list], int, int]:
        """(rows, top, left) of a sheet's used range."""
        rng = self.book.sheets[name].used_range
        rows = rng.options(ndim=2).value or [[]]
        return rows, rng.row, rng.column

    def grids(self, skip: set[str] = frozenset()) -> list[Grid]:
        """The sheets' values as grids, read once per action (actions write only after reading)."""
        key = frozenset(skip)
        if key not in self._grids:
            grids = []
            for name in self.sheet_names():
                if name in skip:
                    continue
                rows, top, left = self.values(name)
                grids.append(Grid(name, rows, top, left))
            self._grids[key] = grids
        return self._grids[key]

    def conf(self) -> dict[str, str]:
        if not self.has_sheet(CONF_SHEET):
            return {}
        rows, top, left = self.values(CONF_SHEET)
        if top != 1 or left != 1:
            rows = [[None] * (left - 1) + list(r) for r in rows]
        return read_conf(rows)

    def defined_names(self) -> dict[str, str]:
        """{"Sheet!NAME": "'Sheet'!$H$6"}: sheet-scoped names as Excel reports them."""
        if self._names is None:
            names = {}
            try:
                for name in self.book.names:
                    names[name.name] = name.refers_to
            except Exception:  # noqa: BLE001 - names are a convenience; a book without them is fine
                names = {}
            self._names = names
        return self._names

    # ---- writing -------------------------------------------------------------------------
    def set_values(self, sheet: str, ref: str, values) -> None:
        self.book.sheets[sheet].range(ref).value = values

    def set_number_format(self, sheet: str, ref: str, number_format: str) -> None:
        self.book.sheets[sheet].range(ref).number_format = number_format

    def color(self, sheet: str, ref: str) -> str | None:
        """The current fill as "#RRGGBB", or None when it cannot be read (server) or there is none."""
        if self.remote:
            return None
        rgb = self.book.sheets[sheet].range(ref).color
        return None if rgb is None else "#{:02X}{:02X}{:02X}".format(*rgb)

    def set_fill(self, sheet: str, ref: str, color: str | None) -> None:
        if color is not None:
            self.book.sheets[sheet].range(ref).color = color
        elif self.remote:
            self.book.app.macro(CLEAR_FILL_MACRO)(sheet, ref)
        else:
            self.book.sheets[sheet].range(ref).color = None

    def clear_fills(self, sheet: str, refs: list[str]) -> None:
        """Remove the fill of many cells (one macro call per sheet on the server)."""
        if not refs:
            return
        if self.remote:
            for start in range(0, len(refs), 40):  # Excel's Range() takes at most 255 characters
                self.book.app.macro(CLEAR_FILL_MACRO)(sheet, ",".join(refs[start:start + 40]))
        else:
            for ref in refs:
                self.book.sheets[sheet].range(ref).color = None

    def add_link(self, sheet: str, ref: str, target_sheet: str, target_ref: str, text: str) -> None:
        quoted = "'" + target_sheet.replace("'", "''") + "'"
        self.book.sheets[sheet].range(ref).add_hyperlink(f"#{quoted}!{target_ref}", text, f"转到 {target_sheet} {target_ref}")

    def add_sheet(self, name: str) -> None:
        last = self.book.sheets[len(self.book.sheets) - 1]
        self.book.sheets.add(name=name, after=last)

    def clear_sheet(self, name: str) -> None:
        self.book.sheets[name].clear()

    def delete_sheet(self, name: str) -> None:
        self.book.sheets[name].delete()

    def activate(self, name: str) -> None:
        self.book.sheets[name].activate()

    def alert(self, message: str, title: str = "绩效自评", critical: bool = False) -> None:
        self.book.app.alert(message, title=title, buttons="ok", mode="critical" if critical else "info")


def cell_range(ref: str) -> tuple[int, int]:
    row, column = split_a1(ref)
    if row is None:
        raise ValueError(f"not an A1 reference: {ref!r}")
    return row, column
