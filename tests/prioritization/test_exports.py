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
