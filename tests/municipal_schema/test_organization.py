"""The organization schema for municipalities."""
import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from .conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("clean_db", "clean_index")]


def test_municipality_fields_are_stored():
    user = factories.Sysadmin()
    org = helpers.call_action(
        "organization_create", context={"user": user["name"]},
        name="stad-gent", title="Stad Gent",
        municipality_code="44021", country="BE",
        region="Provincie Oost-Vlaanderen", website="https://stad.gent",
        contact_name="Data Gent", contact_email="data@stad.gent",
        image_url="https://stad.gent/logo.png")
    shown = helpers.call_action("organization_show", id=org["id"])
    assert shown["municipality_code"] == "44021"
    assert shown["country"] == "BE"
    assert shown["website"] == "https://stad.gent"
    assert shown["contact_email"] == "data@stad.gent"
    assert shown["image_url"] == "https://stad.gent/logo.png"


@pytest.mark.parametrize("field,value,words", [
    ("municipality_code", "00000", "is not a known municipality code"),
    ("website", "stad.gent", "is not a valid web address"),
    ("contact_email", "data(at)stad.gent", "is not a valid email address"),
])
def test_bad_values_are_refused(field, value, words):
    with pytest.raises(tk.ValidationError) as raised:
        helpers.call_action("organization_create", name="stad-gent",
                            **{field: value})
    assert words in raised.value.error_dict[field][0]
    with pytest.raises(tk.ObjectNotFound):
        helpers.call_action("organization_show", id="stad-gent")
