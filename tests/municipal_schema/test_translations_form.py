"""Open Data DK's title_translated / notes_translated in the web form: a
publisher sees and edits each language, and saving the form never drops
the translations a dataset came with."""
import pytest

from ckan.tests import factories, helpers

from .conftest import PLUGINS, form_as_sent

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("clean_db", "clean_index")]


def test_editing_in_the_form_keeps_and_changes_translations(
        app, municipality, oddk_dataset):
    editor = factories.User()
    org = municipality("751", users=[{"name": editor["name"],
                                      "capacity": "editor"}])
    dataset = helpers.call_action("package_create", owner_org=org["id"],
                                  **oddk_dataset)
    token = factories.APIToken(user=editor["id"])["token"]
    headers = {"Authorization": token}

    page = app.get(f"/dataset/edit/{dataset['name']}", headers=headers)
    action, fields = form_as_sent(page.body)
    action = action or page.request.path  # the form posts back to its page
    assert fields["title_translated-en"] == "Parking in Aarhus"
    assert fields["notes_translated-da"] == "Belægning af parkeringshuse."

    fields["title_translated-nl"] = "Parkeren in Aarhus"
    fields["save"] = ""
    response = app.post(action, headers=headers, data=fields,
                        follow_redirects=False)
    assert response.status_code == 302, response.body

    shown = helpers.call_action("package_show", id=dataset["id"])
    assert shown["title_translated"] == {
        "da": "Parkering i Aarhus", "en": "Parking in Aarhus",
        "nl": "Parkeren in Aarhus"}
    assert shown["notes_translated"] == oddk_dataset["notes_translated"]
