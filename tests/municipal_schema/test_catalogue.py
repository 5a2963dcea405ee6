"""The catalogue of municipal dataset types: action, list page, and per
type the municipalities publishing it (found through search)."""
import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from .conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("clean_db", "clean_index")]


@pytest.fixture
def published(municipality, municipal_dataset):
    for code in ("751", "101", "44021"):
        org = municipality(code)
        helpers.call_action(
            "package_create", owner_org=org["id"],
            **dict(municipal_dataset, name=f"parking-{code}",
                   title=f"Parking {code}", municipality_code=code))
    org = municipality("1480")
    helpers.call_action(
        "package_create", owner_org=org["id"],
        **dict(municipal_dataset, name="air-1480", title="Luftkvalitet",
               municipality_code="1480", dataset_type_code="air-quality"))
    private = municipality("851")
    helpers.call_action(
        "package_create", owner_org=private["id"], private=True,
        **dict(municipal_dataset, name="parking-851", municipality_code="851"))


def test_list_action(published):
    types = helpers.call_action("municipal_dataset_type_list",
                                with_counts=True, lang="da")
    by_code = {t["code"]: t for t in types}
    assert by_code["parking"]["name"] == "Parkering (placering og belægning)"
    # anonymous search: the private dataset is not counted
    assert by_code["parking"]["dataset_count"] == 3
    assert by_code["air-quality"]["hvd_category_uri"] == (
        "http://data.europa.eu/bna/c_dd313021")
    assert by_code["schools"]["dataset_count"] == 0


def test_show_action_lists_the_publishing_municipalities(published):
    shown = helpers.call_action("municipal_dataset_type_show", id="parking",
                                lang="en")
    assert [(m["code"], m["name"], m["dataset_count"])
            for m in shown["municipalities"]] == [
        ("751", "Aarhus", 1), ("44021", "Gent", 1), ("101", "København", 1)]
    assert shown["municipalities"][1]["uri"] == (
        "https://data.vlaanderen.be/id/gemeente/44021")
    assert len(shown["datasets"]) == 3


def test_show_unknown_type_is_not_found():
    with pytest.raises(tk.ObjectNotFound):
        helpers.call_action("municipal_dataset_type_show", id="nope")
    with pytest.raises(tk.ObjectNotFound):
        helpers.call_action("municipal_dataset_type_show", id=["x"])


def test_vocabulary_action():
    shown = helpers.call_action("municipal_vocabulary_show", id="access_rights")
    assert shown["authority"] == (
        "http://publications.europa.eu/resource/authority/access-right")
    assert shown["terms"][0]["label"]["sv"] == "Offentlig"
    with pytest.raises(tk.ObjectNotFound):
        helpers.call_action("municipal_vocabulary_show", id="nope")


def test_anonymous_api_access(app, published):
    response = app.get("/api/action/municipal_dataset_type_list", status=200)
    assert len(response.json["result"]) >= 25
    response = app.get("/api/action/municipal_dataset_type_show?id=parking",
                       status=200)
    assert len(response.json["result"]["municipalities"]) == 3
    response = app.get("/api/action/municipal_dataset_type_show?id=nope",
                       status=404)
    assert response.json["success"] is False
    assert response.json["error"] == {"__type": "Not Found Error",
                                      "message": "Not found: Dataset type not found"}


def test_pages(app, published):
    page = app.get("/dataset-types", status=200).body
    assert "Parking (locations and occupancy)" in page
    assert "/dataset-types/parking" in page
    page = app.get("/dataset-types/parking", status=200).body
    for name in ("Aarhus", "København", "Gent"):
        assert name in page
    assert "Aalborg" not in page  # its dataset is private
    page = app.get("/dataset-types/schools", status=200).body
    assert "No municipality publishes this type yet." in page
    page = app.get("/dataset-types/nope", status=404).body
    assert "Dataset type not found" in page


def test_pages_in_danish(app, published):
    page = app.get("/da_DK/dataset-types", status=200).body
    assert "Kommunale datasættyper" in page
    assert "Parkering (placering og belægning)" in page
    page = app.get("/da_DK/dataset-types/parking", status=200).body
    assert "Kommuner, der udgiver denne type" in page
