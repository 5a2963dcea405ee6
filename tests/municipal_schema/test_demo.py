"""The demo content loads in the schema, twice without change, and every
dataset-type page answers."""
import pytest

from ckan.tests import factories, helpers

from ckanext.municipal_schema import demo

from .conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("clean_db", "clean_index")]


def test_demo_loads_and_every_type_page_answers(app):
    admin = factories.Sysadmin()
    assert demo.load(admin["name"])["created"] == 3 + len(demo.DATASETS)
    again = demo.load(admin["name"])
    assert again["created"] == again["updated"] == 0
    hvd = helpers.call_action("package_search", fq="hvd_category:*")["count"]
    assert hvd >= 4
    for url in demo.pages():
        app.get(url, status=200)
    page = app.get("/dataset-types/air-quality").body
    for name in ("Aarhus", "Gent", "Göteborg"):
        assert name in page


def test_adapt_the_portal_demo_shape():
    adapted = demo.adapt({"maintainer": "Open Data Aarhus",
                          "maintainer_email": "od@aarhus.dk",
                          "language": "da", "data_themes": "TRAN",
                          "dataset_type_code": "parking-occupancy"})
    assert adapted["author"] == "Open Data Aarhus"
    assert adapted["language"] == ["DAN"]
    assert adapted["data_themes"] == ["TRAN"]
    assert adapted["dataset_type_code"] == "parking"
