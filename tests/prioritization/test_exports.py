"""The ranking (CSV, XLSX) and coverage (XLSX) exports write every text
cell as text: a dataset or organization title that starts like a formula
is not a formula in the secretariat's spreadsheet (issue #17, item 3)."""
import csv
import io

import openpyxl
import pytest

from ckan.tests import factories, helpers

from ..test_exports import PAYLOAD, STARTS
from .conftest import PLUGINS, SECRETARIAT, headers

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", PLUGINS),
    pytest.mark.ckan_config(
        "ckanext.prioritization.secretariat_organization", SECRETARIAT),
    pytest.mark.usefixtures("clean_db", "clean_index"),
]

TYPE = [{"key": "dataset_type_code", "value": "parking"}]


def org_title(i):
    return STARTS[i] + f'HYPERLINK("https://evil.example/?org={i}","Org")'


@pytest.fixture
def hostile(roles):
    """One municipality per formula character, titled with it, each with a
    private candidate titled with it (parking, for the coverage)."""
    site = {"ignore_auth": True}
    for i, start in enumerate(STARTS):
        org = factories.Organization(name=f"evil-{i}", title=org_title(i))
        pkg = factories.Dataset(owner_org=org["id"], name=f"evil-set-{i}",
                                title=start + PAYLOAD, private=True,
                                extras=TYPE)
        helpers.call_action("prioritization_screening_update",
                            context=dict(site), id=pkg["id"],
                            status="candidate", scores={"demand": 2},
                            personal_data="none", confidentiality="none")


def expected_titles():
    return {f"evil-set-{i}": (start + PAYLOAD, org_title(i))
            for i, start in enumerate(STARTS)}


def test_ranking_csv(app, roles, tokens, hostile):
    body = app.get("/prioritization/ranking.csv",
                   headers=headers(tokens, "secretary")).get_data()
    header, *rows = csv.reader(io.StringIO(body.decode("utf-8-sig"),
                                           newline=""))
    name, title, org, score = (header.index(h) for h in (
        "Dataset", "Title", "Organization", "Score"))
    got = {r[name]: (r[title], r[org]) for r in rows}
    assert got == {n: ("'" + t, "'" + o)
                   for n, (t, o) in expected_titles().items()}
    assert all(float(r[score]) > 0 for r in rows)  # still a number


def test_ranking_xlsx(app, roles, tokens, hostile):
    response = app.get("/prioritization/ranking.xlsx",
                       headers=headers(tokens, "secretary"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.get_data())).active
    header = [c.value for c in sheet[1]]
    name, title, org, score = (header.index(h) for h in (
        "Dataset", "Title", "Organization", "Score"))
    got = {}
    for row in sheet.iter_rows(min_row=2):
        assert (row[title].data_type, row[org].data_type) == ("s", "s")
        assert row[score].data_type == "n"
        got[row[name].value] = (row[title].value, row[org].value)
    assert got == expected_titles()


def test_coverage_xlsx(app, roles, tokens, hostile):
    response = app.get("/prioritization/coverage.xlsx",
                       headers=headers(tokens, "secretary"))
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    header = book["Coverage"][1]
    titles = {org_title(i) for i in range(len(STARTS))}
    shown = [c for c in header if c.value in titles]
    assert {c.value for c in shown} == titles
    assert {c.data_type for c in shown} == {"s"}


# -- issue #20: exports that open cleanly in a spreadsheet -------------------

def read_csv_download(response):
    data = response.get_data()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"),
                                       newline="")))


def test_ranking_csv_labels_codes_and_numbers(app, roles, tokens,
                                              candidates):
    """In Danish: translated headers; the status's label in one column,
    its code in the next; the score a number."""
    header, *rows = read_csv_download(app.get(
        "/da_DK/prioritization/ranking.csv",
        headers=headers(tokens, "secretary")))
    assert header[:3] == ["Placering", "Datasæt", "Titel"]
    status, code, score = (header.index(h) for h in (
        "Status", "Statuskode", "Score"))
    first = rows[0]
    assert (first[1], first[status], first[code]) == (
        "leuven-parking", "Kandidat", "candidate")
    assert float(first[score]) == 66.67
    demand = header.index("Efterspørgsel")  # a criterion's step, 0-4
    assert first[demand] == "4"


def _book(response):
    return openpyxl.load_workbook(io.BytesIO(response.get_data()))


def _assert_table_sheet(sheet, freeze="B2"):
    header = sheet[1]
    assert all(c.font.bold for c in header)
    assert sheet.freeze_panes == freeze
    assert sheet.auto_filter.ref == f"A1:{header[-1].column_letter}" \
        f"{max(sheet.max_row, 2)}"
    for cell in header:  # each column at least as wide as its header
        width = sheet.column_dimensions[cell.column_letter].width
        assert width >= min(len(cell.value), 60)


def test_ranking_xlsx_layout_and_explanations(app, roles, tokens,
                                              candidates):
    book = _book(app.get("/prioritization/ranking.xlsx",
                         headers=headers(tokens, "secretary")))
    assert book.sheetnames == ["Ranking", "About the columns"]
    sheet = book["Ranking"]
    _assert_table_sheet(sheet)
    header = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(header, sheet[2])}
    assert (row["Status"].value, row["Status code"].value) == (
        "Candidate", "candidate")
    assert (row["Score"].data_type, row["Score"].value) == ("n", 66.67)
    assert (row["Demand"].data_type, row["Demand"].value) == ("n", 4)
    assert row["Unknown criteria"].data_type == "n"
    notes = book["About the columns"]
    _assert_table_sheet(notes, freeze="A2")
    explained = {r[0]: r for r in notes.iter_rows(min_row=2,
                                                  values_only=True)}
    assert set(header) <= set(explained)
    assert explained["Demand"][2:7] == (
        "No known request", "An occasional request",
        "Regular requests from one audience",
        "Regular requests from several audiences",
        "Widely requested, also in council or the open-data census")


def test_coverage_xlsx_scores_are_numbers(app, roles, tokens):
    site = {"ignore_auth": True}
    leuven = factories.Dataset(owner_org=roles.org["id"], private=True,
                               extras=TYPE)
    factories.Dataset(owner_org=roles.other_org["id"], extras=TYPE)
    helpers.call_action("prioritization_screening_update",
                        context=dict(site), id=leuven["id"],
                        status="candidate", scores={"demand": 4},
                        personal_data="none", confidentiality="none")
    book = _book(app.get("/prioritization/coverage.xlsx",
                         headers=headers(tokens, "secretary")))
    assert book.sheetnames == ["Coverage", "Joint publication",
                               "About the columns"]
    for name in book.sheetnames:
        _assert_table_sheet(book[name],
                            "A2" if name == "About the columns" else "B2")
    sheet = book["Coverage"]
    header = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(header, sheet[2])}
    assert (row["Dataset type"].value, row["Dataset type code"].value) == (
        "parking", "parking")  # no type catalogue loaded: the code
    municipalities = {roles.org["title"], roles.other_org["title"]}
    assert municipalities <= set(header)
    cells = {h: row[h] for h in municipalities}
    assert cells[roles.other_org["title"]].value == "Published"
    candidate = cells[roles.org["title"]]
    assert candidate.data_type == "n" and candidate.value > 0
    joint = book["Joint publication"]
    score = [c.value for c in joint[1]].index("Mean candidate score")
    assert joint[2][score].data_type == "n"
