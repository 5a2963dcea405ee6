"""The dataset form sent as the browser sends it before its scripts ran
(a slow page, or no JavaScript): the hidden template of a new publisher,
creator or contact entry comes along, empty. It is no entry: the form
saves, and the dataset holds only the entries the publisher made."""
import pytest

from ckan.tests import factories, helpers

from .conftest import PLUGINS, form_as_sent

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("clean_db", "clean_index")]

AGENT_FIELDS = ("contact", "publisher", "creator")


@pytest.fixture
def editor_headers(municipality):
    editor = factories.User()
    org = municipality("751", users=[{"name": editor["name"],
                                      "capacity": "editor"}])
    token = factories.APIToken(user=editor["id"])["token"]
    return org, {"Authorization": token}


def _send(app, path, headers, change):
    page = app.get(path, headers=headers)
    action, fields = form_as_sent(page.body)
    for field in AGENT_FIELDS:
        # what makes this the unscripted form: the template is still there
        assert f"{field}-REPEATING-INDEX0-name" in fields
    fields.update(change)
    return app.post(action or path, headers=headers, data=fields,
                    follow_redirects=False)


def test_contact_page_of_a_new_dataset_saves_without_entries_never_added(
        app, editor_headers, oddk_dataset):
    org, headers = editor_headers
    draft = dict(oddk_dataset, owner_org=org["id"], state="draft")
    for field in ("author", "author_email"):
        draft.pop(field)
    draft = helpers.call_action("package_create", **draft)

    response = _send(app, f"/dataset/new/{draft['name']}/3", headers,
                     {"author": "Aarhus Kommune",
                      "author_email": "opendata@aarhus.dk",
                      "save": "continue"})

    assert response.status_code == 302, response.body
    shown = helpers.call_action("package_show", id=draft["id"])
    assert shown["author"] == "Aarhus Kommune"
    for field in AGENT_FIELDS:
        assert not shown.get(field), (field, shown.get(field))


def test_editing_keeps_the_entries_made_and_adds_none(
        app, editor_headers, oddk_dataset):
    org, headers = editor_headers
    publisher = {"name": "Teknik og Miljø", "email": "tm@aarhus.dk"}
    dataset = helpers.call_action("package_create", owner_org=org["id"],
                                  publisher=[publisher], **oddk_dataset)

    response = _send(app, f"/dataset/edit/{dataset['name']}/3", headers,
                     {"save": ""})

    assert response.status_code == 302, response.body
    shown = helpers.call_action("package_show", id=dataset["id"])
    assert [{k: v for k, v in entry.items() if v}
            for entry in shown["publisher"]] == [publisher]
    assert not shown.get("contact")
    assert not shown.get("creator")
