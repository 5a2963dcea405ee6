"""A dataset exported from an Open Data DK-shaped portal (its package_show
output, extras and resources included) goes into package_create and comes
back out of package_show with no field lost or changed."""
import copy

import pytest

from ckan.tests import helpers

from .conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("clean_db", "clean_index")]

# package_show of a harvested dataset on portal.opendata.dk (CKAN 2.11,
# oddk_schema.yaml): the portal's own fields and values, extras the DCAT
# harvester left, EU licence codes on the resources, the register's `cco`.
ODDK_EXPORT = {
    "id": "5d3c8f0e-7a1b-4c55-9a43-1f0c2b9d7e21",
    "name": "affaldsindsamling-odense",
    "title": "Affaldsindsamling i Odense",
    "title_translated": {"da": "Affaldsindsamling i Odense",
                         "en": "Waste collection in Odense"},
    "notes": "Tømningsdage for dagrenovation pr. adresse.",
    "notes_translated": {"da": "Tømningsdage for dagrenovation pr. adresse.",
                         "en": "Collection days per address."},
    "license_id": "cco",
    "author": "Odense Kommune, By- og Kulturforvaltningen",
    "author_email": "opendata@odense.dk",
    "maintainer": "Odense Kommune",
    "maintainer_email": "data@odense.dk",
    "url": "https://www.odense.dk/affald",
    "version": "1.2",
    "private": False,
    "state": "active",
    "type": "dataset",
    "data_themes": ["ENVI", "GOVE"],
    "update_frequency": "CONTINOUOUS",
    "temporal_start": "2019-01-01",
    "temporal_end": "2025-12-31",
    "documentation": "https://www.odense.dk/affald/dokumentation.pdf",
    "data_directory": True,
    "tags": [{"name": "affald", "display_name": "affald", "state": "active",
              "vocabulary_id": None},
             {"name": "renovation", "display_name": "renovation",
              "state": "active", "vocabulary_id": None}],
    "extras": [
        {"key": "uri", "value": "https://portal.opendata.dk/dataset/affald"},
        {"key": "identifier", "value": "affaldsindsamling-odense"},
        {"key": "contact_uri", "value": "https://www.odense.dk/kontakt"},
        {"key": "spatial_text", "value": "Odense Kommune"},
    ],
    "resources": [
        {"id": "0b7f3d2e-58a9-4f11-b1c1-2e6a4d8c9f10",
         "name": "Tømningsdage",
         "description": "Alle adresser med tømningsdage",
         "url": "https://www.odense.dk/affald/toemningsdage.csv",
         "format": "CSV", "license_id": "CC0",
         "planned_availability": "OP_DATPRO",
         "mimetype": "text/csv", "position": 0, "state": "active"},
        {"id": "9c1d0a44-6e0b-4b3f-8d2a-7f5e3c1b2a90",
         "name": "Tømningsdage (JSON)",
         "url": "https://www.odense.dk/affald/toemningsdage.json",
         "format": "JSON", "license_id": "CC_BYSA",
         "planned_availability": "STABLE", "position": 1,
         "state": "active"},
    ],
    # what CKAN computes: ignored on the way in
    "organization": {"name": "odense-kommune"},
    "num_resources": 2, "num_tags": 2,
    "metadata_created": "2021-04-01T09:00:00.000000",
    "metadata_modified": "2024-12-01T09:00:00.000000",
    "license_title": "Creative Commons CC0 1.0 Universelt (CC0 1.0)",
    "isopen": True,
}
COMPUTED = ("organization", "owner_org", "num_resources", "num_tags",
            "metadata_created", "metadata_modified", "license_title",
            "isopen", "license_url", "creator_user_id", "groups",
            "relationships_as_object", "relationships_as_subject")


def test_export_of_an_open_data_dk_portal_round_trips(municipality):
    org = municipality("461", name="odense-kommune")
    exported = copy.deepcopy(ODDK_EXPORT)
    created = helpers.call_action("package_create",
                                  **dict(exported, owner_org=org["id"]))
    shown = helpers.call_action("package_show", id=created["id"])
    for key, value in ODDK_EXPORT.items():
        if key in COMPUTED or key in ("tags", "extras", "resources"):
            continue
        assert shown[key] == value, key
    assert sorted(t["name"] for t in shown["tags"]) == ["affald",
                                                       "renovation"]
    assert sorted((e["key"], e["value"]) for e in shown["extras"]) == sorted(
        (e["key"], e["value"]) for e in ODDK_EXPORT["extras"])
    assert len(shown["resources"]) == 2
    for before, after in zip(ODDK_EXPORT["resources"], shown["resources"]):
        for key, value in before.items():
            assert after[key] == value, (before["name"], key)
    # the municipality, from the organization, is the one field added
    assert shown["municipality_code"] == "461"

    # and the next edit, with package_show's output, changes nothing
    edited = helpers.call_action("package_update", **copy.deepcopy(shown))
    for key in ODDK_EXPORT:
        if key not in COMPUTED:
            assert edited[key] == shown[key], key
