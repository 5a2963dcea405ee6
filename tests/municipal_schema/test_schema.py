"""The schema in package_create: Open Data DK's shape accepted unchanged,
the municipal and DCAT-AP 3 fields stored and shown."""
import pytest

from ckan.tests import helpers

from .conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("clean_db", "clean_index")]


def test_oddk_shaped_dataset_is_accepted_unchanged(municipality, oddk_dataset):
    org = municipality("751")
    created = helpers.call_action("package_create", owner_org=org["id"],
                                  **oddk_dataset)
    shown = helpers.call_action("package_show", id=created["id"])
    for key, value in oddk_dataset.items():
        if key == "resources":
            for field, v in value[0].items():
                assert shown["resources"][0][field] == v, field
        elif key == "tag_string":
            assert sorted(t["name"] for t in shown["tags"]) == ["parkering", "trafik"]
        else:
            assert shown[key] == value, key
    # the municipality comes from the organization when the dataset has none
    assert shown["municipality_code"] == "751"


def test_municipal_fields_are_stored(municipality, municipal_dataset):
    org = municipality("751")
    municipal_dataset["hvd_category"] = ["http://data.europa.eu/bna/c_b79e35eb"]
    created = helpers.call_action("package_create", owner_org=org["id"],
                                  **municipal_dataset)
    shown = helpers.call_action("package_show", id=created["id"])
    assert shown["dataset_type_code"] == "parking"
    assert shown["language"] == ["DAN", "ENG"]
    assert shown["hvd_category"] == ["http://data.europa.eu/bna/c_b79e35eb"]
    # an HVD category sets the applicable legislation itself
    assert shown["applicable_legislation"] == [
        "http://data.europa.eu/eli/reg_impl/2023/138/oj"]
    assert shown["issued"] == "2020-02-01"


def test_hvd_legislation_goes_with_the_category(municipality, municipal_dataset):
    org = municipality("751")
    municipal_dataset["hvd_category"] = ["http://data.europa.eu/bna/c_b79e35eb"]
    created = helpers.call_action("package_create", owner_org=org["id"],
                                  **municipal_dataset)
    created["hvd_category"] = []
    updated = helpers.call_action("package_update", **created)
    assert updated["applicable_legislation"] == []


def test_vocabulary_uris_are_accepted_as_codes(municipality, municipal_dataset):
    org = municipality("751")
    municipal_dataset["data_themes"] = [
        "http://publications.europa.eu/resource/authority/data-theme/TRAN"]
    municipal_dataset["hvd_category"] = ["c_b79e35eb"]
    created = helpers.call_action("package_create", owner_org=org["id"],
                                  **municipal_dataset)
    assert created["data_themes"] == ["TRAN"]
    assert created["hvd_category"] == ["http://data.europa.eu/bna/c_b79e35eb"]
