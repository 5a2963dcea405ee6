"""Every validation rule: a ValidationError on the field, with a message
that names it, and nothing stored. No input gives a 500."""
import pytest

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from .conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("clean_db", "clean_index")]


def _rejected(org, data, field):
    with pytest.raises(tk.ValidationError) as raised:
        helpers.call_action("package_create", owner_org=org["id"], **data)
    errors = raised.value.error_dict
    assert field in errors, errors
    assert model.Session.query(model.Package).count() == 0
    return " ".join(_messages(errors[field]))


def _messages(error):
    """The texts of a field's error (a repeating field's are per entry)."""
    if isinstance(error, str):
        return [error]
    if isinstance(error, dict):
        return [m for e in error.values() for m in _messages(e)]
    return [m for e in error for m in _messages(e)]


CASES = [
    # field, changes, words of the message
    ("license_id", {"license_id": "other-closed"},
     "Licence: a public dataset needs an open licence"),
    # no licence, neither its own nor its resources' (with theirs, the
    # dataset's is derived: test_resource_licences.py)
    ("license_id", {"license_id": "", "resources": [
        {"url": "https://www.aarhus.dk/parkering.csv", "format": "CSV"}]},
     "Licence: a public dataset needs an open licence"),
    ("temporal_end", {"temporal_start": "2024-01-01",
                      "temporal_end": "2023-12-31"},
     "Temporal coverage end: 2023-12-31 is before the start 2024-01-01."),
    ("municipality_code", {"municipality_code": "9999"},
     'Municipality: "9999" is not a known municipality code.'),
    ("dataset_type_code", {"dataset_type_code": "unicorn-sightings"},
     'Dataset type: "unicorn-sightings" is not in the catalogue'),
    ("author_email", {"author_email": "not-an-email"},
     'Author email: "not-an-email" is not a valid email address.'),
    ("landing_page", {"landing_page": "www.example.org"},
     'Landing page: "www.example.org" is not a valid web address'),
    ("documentation", {"documentation": "javascript:alert(1)"},
     'Documentation: "javascript:alert(1)" is not a valid web address'),
    ("conforms_to", {"conforms_to": ["https://ok.example.org", "ftp//x"]},
     'Conforms to: "ftp//x" is not a valid web address'),
    ("temporal_start", {"temporal_start": "01/02/2020"},
     'Temporal coverage start: "01/02/2020" is not an ISO 8601 date'),
    ("temporal_end", {"temporal_end": "2020-02-30"},
     'Temporal coverage end: "2020-02-30" is not an ISO 8601 date'),
    ("issued", {"issued": "yesterday"},
     'Release date: "yesterday" is not an ISO 8601 date'),
    ("data_themes", {"data_themes": ["TRAN", "SPORTS"]},
     'Themes: "SPORTS" is not one of the allowed values.'),
    ("update_frequency", {"update_frequency": "Frequent"},
     'Update frequency: "Frequent" is not one of the allowed values.'),
    ("access_rights", {"access_rights": "OPEN"},
     'Access rights: "OPEN" is not one of the allowed values.'),
    ("hvd_category", {"hvd_category": ["Mobility"]},
     'High-value dataset category: "Mobility" is not one of the allowed'),
    ("title_translated", {"title_translated": {"Deutsch": "Parken"}},
     'Title (translations): "Deutsch" is not a language code'),
    ("data_directory", {"data_directory": "maybe"},
     'Data directory: "maybe" is neither true nor false.'),
    ("data_directory", {"data_directory": ["on", "off"]},
     'Data directory: "[\'on\', \'off\']" is neither true nor false.'),
    ("issued", {"issued": "2024-01-01T25:00"},
     'Release date: "2024-01-01T25:00" is not an ISO 8601 date'),
    ("notes", {"notes": "x" * 100_001},
     "Description: 100001 characters, more than the 100000 allowed."),
    ("publisher", {"publisher": [{"uri": "https://www.aarhus.dk"}]},
     "Publisher: each entry needs a name."),
    ("creator", {"creator": [{"name": "Teknik og Miljø"},
                             {"email": "gis@aarhus.dk"}]},
     "Creator: each entry needs a name."),
    ("author", {"author": ""}, "Author: is required."),
    ("author_email", {"author_email": None}, "Author email: is required."),
    ("notes", {"notes": "  "}, "Description: is required."),
]


@pytest.mark.parametrize("field,changes,words", CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_names_the_field_and_stores_nothing(
        municipality, municipal_dataset, field, changes, words):
    org = municipality("751")
    municipal_dataset.update(changes)
    assert words in _rejected(org, municipal_dataset, field)


def test_non_public_dataset_may_have_a_closed_licence(
        municipality, municipal_dataset):
    org = municipality("751")
    municipal_dataset.update(license_id="other-closed",
                             access_rights="RESTRICTED")
    created = helpers.call_action("package_create", owner_org=org["id"],
                                  **municipal_dataset)
    assert created["license_id"] == "other-closed"


def test_update_with_a_bad_value_keeps_the_stored_dataset(
        municipality, municipal_dataset):
    org = municipality("751")
    created = helpers.call_action("package_create", owner_org=org["id"],
                                  **municipal_dataset)
    created["temporal_end"] = "1999-01-01"
    with pytest.raises(tk.ValidationError):
        helpers.call_action("package_update", **created)
    shown = helpers.call_action("package_show", id=created["id"])
    assert shown["temporal_end"] == "2024-12-31"


BAD_VALUES = [123, 4.5, True, ["a", {"b": 1}], {"x": [1]}, "", "x" * 5000,
              "\x00", None, [None], {"da": 5}]
FIELDS = ["title", "notes", "title_translated", "notes_translated",
          "municipality_code", "dataset_type_code", "data_themes",
          "language", "license_id", "access_rights", "update_frequency",
          "temporal_start", "temporal_end", "hvd_category",
          "applicable_legislation", "conforms_to", "author", "author_email",
          "landing_page", "documentation", "issued", "modified", "version",
          "data_directory", "tag_string", "owner_org"]


def test_no_input_gives_a_server_error(app, municipality, municipal_dataset):
    org = municipality("751")
    user = factories.SysadminWithToken()
    headers = {"Authorization": user["token"]}
    failures = []
    for i, field in enumerate(FIELDS):
        for j, value in enumerate(BAD_VALUES):
            data = dict(municipal_dataset, name=f"bad-{i}-{j}",
                        owner_org=org["id"])
            data[field] = value
            response = app.post("/api/action/package_create", json=data,
                                headers=headers, status=None)
            if response.status_code >= 500:
                failures.append((field, repr(value)[:40],
                                 response.status_code))
    for field in ("resources",):
        for value in BAD_VALUES + [[{"url": 5, "license_id": 7,
                                     "planned_availability": "SOON"}]]:
            data = dict(municipal_dataset, name="bad-res", owner_org=org["id"])
            data[field] = value
            response = app.post("/api/action/package_create", json=data,
                                headers=headers, status=None)
            if response.status_code >= 500:
                failures.append((field, repr(value)[:40],
                                 response.status_code))
    assert failures == [], '\n'.join(map(str, failures))
