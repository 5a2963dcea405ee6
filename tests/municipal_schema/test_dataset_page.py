"""What a visitor reads on a dataset page of the municipal schema: the
additional-info table lists the fields the dataset fills in, no empty
rows; labels in the portal's language."""
import pytest
from bs4 import BeautifulSoup

from ckan.tests import helpers

from .conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("clean_db", "clean_index")]


def _rows(html):
    """(label, text) of each row of the additional-info table."""
    table = BeautifulSoup(html, "html.parser").select_one(
        "section.additional-info table")
    return [(row.th.get_text(" ", strip=True),
             row.td.get_text(" ", strip=True))
            for row in table.select("tbody tr")]


def test_empty_fields_have_no_row(app, municipality):
    org = municipality("751")
    helpers.call_action(
        "package_create", owner_org=org["id"], name="budget-aarhus",
        title="Budget", notes="Aarhus' budget.", author="Aarhus Kommune",
        author_email="data@aarhus.dk", license_id="cc-zero",
        documentation="", conforms_to=[], data_themes=[], version="",
        title_translated={"da": "", "en": ""})
    rows = _rows(app.get("/dataset/budget-aarhus").body)
    labels = [label for label, _ in rows]
    for label, text in rows:
        assert text, (label, rows)
    assert "Author" in labels and "Municipality" in labels
    for empty in ("Documentation", "Conforms to", "Themes", "Version",
                  "Landing page", "Temporal coverage start",
                  "Update frequency"):
        assert empty not in labels, rows


def test_filled_fields_have_their_row_in_danish(app, municipality,
                                                municipal_dataset):
    org = municipality("751")
    helpers.call_action("package_create", owner_org=org["id"],
                        **municipal_dataset)
    rows = dict(_rows(app.get(
        f"/da_DK/dataset/{municipal_dataset['name']}").body))
    assert rows["Opdateringsfrekvens"] == "Dagligt"
    assert rows["Kommune"] == "Aarhus"
    assert rows["Version"] == "2.1"
    assert "Dokumentation" in rows
