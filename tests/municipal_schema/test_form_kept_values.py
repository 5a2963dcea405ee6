"""A licence or access rights kept by their web address (the import and
the API keep values of other registers as given) survive the edit form:
the select shows them by name, chosen, and saving the page keeps them.
Before, the select showed nothing chosen, and a save dropped them."""
import pytest
from bs4 import BeautifulSoup

from ckan.tests import factories, helpers

from .conftest import PLUGINS, form_as_sent

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("clean_db", "clean_index")]

LICENCE = "https://portal.example.org/licence"
RIGHTS = "https://rights.example.org/by-agreement"
LICENCE_PAGE = 2  # "Licence, access and coverage"


@pytest.fixture
def kept_dataset(municipality, oddk_dataset):
    editor = factories.User()
    org = municipality("751", users=[{"name": editor["name"],
                                      "capacity": "editor"}])
    dataset = helpers.call_action(
        "package_create", owner_org=org["id"],
        **dict(oddk_dataset, license_id=LICENCE,
               license_label="Portalens licens", access_rights=RIGHTS,
               access_rights_label="Efter aftale"))
    token = factories.APIToken(user=editor["id"])["token"]
    return dataset, {"Authorization": token}


def _chosen(html, name):
    select = BeautifulSoup(html, "html.parser").find("select",
                                                      attrs={"name": name})
    option = select.find("option", selected=True)
    return option and (option["value"], option.text.strip())


def test_the_form_shows_kept_values_chosen_by_their_names(app, kept_dataset):
    dataset, headers = kept_dataset
    page = app.get(f"/dataset/edit/{dataset['name']}/{LICENCE_PAGE}",
                   headers=headers)
    assert _chosen(page.body, "license_id") == (LICENCE, "Portalens licens")
    assert _chosen(page.body, "access_rights") == (RIGHTS, "Efter aftale")


def test_saving_the_page_unchanged_keeps_them(app, kept_dataset):
    dataset, headers = kept_dataset
    path = f"/dataset/edit/{dataset['name']}/{LICENCE_PAGE}"
    action, fields = form_as_sent(app.get(path, headers=headers).body)
    fields["save"] = ""
    response = app.post(action or path, headers=headers, data=fields,
                        follow_redirects=False)
    assert response.status_code == 302, response.body
    shown = helpers.call_action("package_show", id=dataset["id"])
    assert (shown["license_id"], shown["license_label"]) == (
        LICENCE, "Portalens licens")
    assert (shown["access_rights"], shown["access_rights_label"]) == (
        RIGHTS, "Efter aftale")


def test_a_listed_licence_shows_its_own_name(app, kept_dataset):
    dataset, headers = kept_dataset
    helpers.call_action("package_patch", id=dataset["id"], license_id="CC0")
    page = app.get(f"/dataset/edit/{dataset['name']}/{LICENCE_PAGE}",
                   headers=headers)
    value, label = _chosen(page.body, "license_id")
    assert value == "CC0" and label != "Portalens licens"
