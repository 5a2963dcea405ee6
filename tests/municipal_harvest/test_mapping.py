"""The harvest's CKAN side in process: the import command and the harvest
map publishers with the same rules, organizations are created from the
municipality vocabulary (once), and wrong settings are refused with
translated messages naming the setting."""
import pytest

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.tests import factories

from ckanext.municipal_harvest.importer import HarvestImporter
from ckanext.municipal_harvest.source_config import Settings
from ckanext.municipal_schema.logic.importer import Importer

from . import catalogue as cat
from .conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("harvest_db")]

GENT = {"uri": "https://stad.gent/id/organisation", "name": "Stad Gent",
        "identifier": "44021"}


def _site():
    return {"user": tk.get_action("get_site_user")(
        {"ignore_auth": True}, {})["name"], "ignore_auth": True}


def test_import_command_maps_a_publisher_by_its_official_code():
    aarhus = factories.Organization(name="aarhus", title="Aarhus",
                                    municipality_code="751")
    factories.Organization(name="fallback")
    publisher = {"uri": "https://www.aarhus.dk/om-kommunen", "name":
                 "Borgmesterens Afdeling", "identifier": "0751"}
    document = cat.turtle([cat.dataset("cykler", "Cykeltællinger",
                                       publisher)])
    report = Importer(_site(), organization="fallback").run(
        document, "catalog.ttl")
    (row,) = report["rows"]
    assert row["status"] == "created", row
    dataset = tk.get_action("package_show")({"ignore_auth": True},
                                            {"id": row["name"]})
    assert dataset["owner_org"] == aarhus["id"]


def test_a_publishers_organization_is_created_once():
    importer = HarvestImporter(Settings(create_organizations=True), "src")
    name = importer.organization_for(GENT)
    gent = tk.get_action("organization_show")(
        {"ignore_auth": True}, {"id": name})
    assert (gent["title"], gent["municipality_code"], gent["country"],
            gent["region"]) == ("Stad Gent", "44021", "BE",
                                "Provincie Oost-Vlaanderen")
    again = HarvestImporter(Settings(create_organizations=True), "src")
    assert again.organization_for(dict(GENT, uri="")) == name
    assert tk.get_action("organization_list")(
        {"ignore_auth": True}, {}) == [name]


def test_no_organization_created_unless_the_source_says_so():
    factories.Organization(name="region")
    assert HarvestImporter(Settings(), "src", "region").organization_for(
        GENT) == "region"
    # nor for a dataset that is refused anyway
    assert HarvestImporter(Settings(create_organizations=True), "src",
                           "region").organization_for(
        GENT, create=False) == "region"
    assert tk.get_action("organization_list")(
        {"ignore_auth": True}, {}) == ["region"]


@pytest.mark.parametrize("lang,expected", [
    ("en", '"create_organizations": must be true or false, not "ja".'),
    ("da_DK", '"create_organizations": skal være true eller false, '
              'ikke "ja".'),
    ("sv", '"create_organizations": måste vara true eller false, '
           'inte "ja".'),
])
def test_wrong_settings_refused_in_the_users_language(app, lang, expected):
    harvester = p.get_plugin("municipal_harvest")
    with app.flask_app.test_request_context(
            "/", environ_base={"CKAN_LANG": lang,
                               "CKAN_LANG_IS_DEFAULT": lang == "en"}):
        with pytest.raises(ValueError) as error:
            harvester.validate_config('{"create_organizations": "ja"}')
    assert str(error.value) == expected
