"""The shared export writers, read back as a spreadsheet program would: csv for CSV (with the
BOM and `;` Danish Excel expects), openpyxl for XLSX (real numbers, Danish formats, frozen
header, fitted widths), and every text cell guarded against formula injection."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from jobsporet.core.exports.tables import Column, Kind, Table, csv_bytes, xlsx_bytes

MARCH_31 = datetime.date(2023, 3, 31)
HOSTILE = ['=HYPERLINK("http://evil.example","klik")', "+45 1234", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def _table(names: list[str]) -> Table:
    return Table(
        title="Deltagere: marts/april",
        notes=["Jobsporet pr. 31.03.2023"],
        columns=[
            Column("Navn"),
            Column("Tilmeldte", Kind.INTEGER),
            Column("Timer", Kind.DECIMAL),
            Column("Beskæftigelsesandel", Kind.SHARE),
            Column("Forbrug", Kind.KRONER),
            Column("Dato", Kind.DATE),
        ],
        rows=[
            [
                name,
                121,
                Decimal("37.5"),
                39 / 121,
                Decimal("3535867.40"),
                datetime.date(2023, 3, 31),
            ]
            for name in names
        ],
    )


def _read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_csv_is_utf8_with_bom_semicolons_and_danish_numbers():
    rows = _read_csv(csv_bytes(_table(["Søren Ærø"])))
    assert rows == [
        ["Navn", "Tilmeldte", "Timer", "Beskæftigelsesandel", "Forbrug", "Dato"],
        ["Søren Ærø", "121", "37,5", "32,2 %", "3.535.867 kr.", "31.03.2023"],
    ]


@pytest.mark.parametrize("typed", HOSTILE)
def test_csv_writes_a_formula_as_text(typed):
    rows = _read_csv(csv_bytes(_table([typed])))
    assert rows[1][0] == "'" + typed


def test_csv_leaves_ordinary_text_and_empty_cells_alone():
    table = Table("t", [Column("Navn"), Column("Antal", Kind.INTEGER)], [["Anne-Mette", None]])
    assert _read_csv(csv_bytes(table))[1] == ["Anne-Mette", ""]


def _sheet(content: bytes, index: int = 0):
    return openpyxl.load_workbook(io.BytesIO(content)).worksheets[index]


def test_xlsx_has_real_numbers_with_danish_formats_and_a_frozen_bold_header():
    sheet = _sheet(xlsx_bytes([_table(["Søren Ærø"])]))
    assert sheet.title == "Deltagere- marts-april"
    assert sheet["A1"].value == "Jobsporet pr. 31.03.2023"
    assert [cell.value for cell in sheet[2]] == [
        "Navn",
        "Tilmeldte",
        "Timer",
        "Beskæftigelsesandel",
        "Forbrug",
        "Dato",
    ]
    assert all(cell.font.bold for cell in sheet[2])
    assert sheet.freeze_panes == "A3"
    _name, enrolled, hours, share, spent, day = sheet[3]
    assert (enrolled.value, enrolled.data_type, enrolled.number_format) == (121, "n", "#,##0")
    assert (hours.value, hours.number_format) == (37.5, "#,##0.0")
    assert share.value == pytest.approx(0.3223, abs=1e-4) and share.number_format == "0.0 %"
    assert (spent.value, spent.number_format) == (3535867.4, '#,##0 "kr."')
    assert day.value == datetime.datetime(2023, 3, 31) and day.number_format == "dd.mm.yyyy"


def test_xlsx_columns_are_as_wide_as_their_widest_cell():
    long_name = "Anne-Mette Kirstine Østergaard-Christiansen"
    sheet = _sheet(xlsx_bytes([_table(["Bo", long_name])]))
    assert sheet.column_dimensions["A"].width == len(long_name) + 2
    assert sheet.column_dimensions["B"].width == len("Tilmeldte") + 2
    assert sheet.column_dimensions["E"].width == len("3.535.867 kr.") + 2


@pytest.mark.parametrize("typed", HOSTILE)
def test_xlsx_stores_a_formula_as_text(typed):
    cell = _sheet(xlsx_bytes([_table([typed])]))["A3"]
    # XML reads a carriage return back as a line feed; the text is otherwise as typed.
    assert (cell.value, cell.data_type) == (typed.replace("\r", "\n"), "s")
    assert cell.quotePrefix


def test_xlsx_gives_each_table_its_own_sheet_with_a_unique_name():
    content = xlsx_bytes([_table(["a"]), _table(["b"])])
    names = openpyxl.load_workbook(io.BytesIO(content)).sheetnames
    assert names == ["Deltagere- marts-april", "Deltagere- marts-april (2)"]
