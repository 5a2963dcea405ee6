"""Open Data DK's datasets carry their licence on their resources only
(its scheming schema has the dataset's license_id commented out): such a
dataset, made through the API as Open Data DK's publishers make it, is
accepted when its resources' licences are open, and the dataset's licence
shown, published and scored is derived from theirs (issue 19, item 6)."""
import pytest
import rdflib

import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from ckanext.municipal_schema import rules

from .conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("clean_db", "clean_index")]


def _oddk(org, name, *licences):
    return dict(name=name, title="Affald", notes="Affaldsindsamling.",
                author="Odense Kommune", author_email="data@odense.dk",
                owner_org=org["id"], resources=[
                    {"url": f"https://odense.dk/{i}.csv", "format": "CSV",
                     "license_id": licence}
                    for i, licence in enumerate(licences)])


def test_open_resource_licences_make_the_dataset_open(app, municipality):
    org = municipality("461")
    dataset = helpers.call_action("package_create",
                                  **_oddk(org, "affald", "CC0", "cco"))
    assert dataset["license_id"] == "CC0"
    shown = helpers.call_action("package_show", id="affald")
    assert shown["isopen"] is True
    graph = rdflib.Graph().parse(data=app.get("/dataset/affald.ttl").body,
                                 format="turtle")
    dct = rdflib.Namespace("http://purl.org/dc/terms/")
    assert set(graph.objects(None, dct.license)) == {rdflib.URIRef(
        "http://publications.europa.eu/resource/authority/licence/CC0")}


def test_a_resource_licence_that_is_not_open_is_refused(municipality):
    org = municipality("461")
    with pytest.raises(tk.ValidationError) as raised:
        helpers.call_action("package_create",
                            **_oddk(org, "affald", "CC0", "CC_BYNC_4_0"))
    assert raised.value.error_dict["license_id"] == [
        "Licence: a public dataset needs an open licence, for example "
        "CC0 1.0 or CC BY 4.0."]


def test_derived_licence():
    assert rules.derived_licence(["CC0", "", None, "cc-by"]) == "CC0"
    assert rules.derived_licence(["CC0", "CC_BYNC_4_0"]) == "CC_BYNC_4_0"
    assert rules.derived_licence([]) is None
