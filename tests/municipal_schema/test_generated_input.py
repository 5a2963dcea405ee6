"""Generated bad input through the HTTP API (Hypothesis): at least 1,000
values of the wrong type, lists, mappings, NUL characters, huge strings,
bad dates and unknown codes, each in one field of an otherwise valid
dataset, to package_create and package_update. Never a 500; a refused
request answers 409 with an error under the field it sent, and stores
nothing."""
import uuid

import pytest
from hypothesis import HealthCheck, Phase, assume, example, given, settings
from hypothesis import strategies as st

import ckan.model as model
from ckan.tests import factories, helpers

from ckanext.municipal_opendata import compat

from .conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("clean_db", "clean_index")]

DATASET_FIELDS = [
    "name", "title", "notes", "title_translated", "notes_translated",
    "tag_string", "tags", "owner_org", "municipality_code",
    "dataset_type_code", "data_themes", "language", "license_id",
    "access_rights", "update_frequency", "update_frequency_notes",
    "temporal_start", "temporal_end", "hvd_category",
    "applicable_legislation", "conforms_to", "author", "author_email",
    "landing_page", "documentation", "issued", "modified", "version",
    "data_directory", "contact", "publisher", "creator",
    "private", "resources",
]
RESOURCE_FIELDS = ["url", "name", "description", "format", "license_id",
                   "planned_availability"]
AGENT_FIELDS = ["name", "email", "uri", "url", "identifier", "type"]

BAD_DATES = ["2024-02-30", "2023-13-01", "31-12-2024", "2024/01/01",
             "yesterday", "2024-01-01T25:00:00", "0000-00-00", "2024-1-1",
             "20240101", "9999999-01-01", "2024-01-01T10:00:00+99:00"]
UNKNOWN_CODES = ["SPORTS", "daily!", "c_00000000", "9999", "00000",
                 "http://example.org/licence", "OPEN", "xx", "EN",
                 "http://publications.europa.eu/resource/authority/x/Y",
                 "unicorn-sightings", "javascript:alert(1)"]

scalars = st.one_of(
    st.integers(min_value=-2**70, max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
    st.none(), st.text(max_size=12))
bad_values = st.one_of(
    scalars,
    st.lists(st.one_of(scalars, st.dictionaries(st.text(max_size=3),
                                                scalars, max_size=2)),
             max_size=4),
    st.dictionaries(st.text(max_size=6),
                    st.one_of(scalars, st.lists(scalars, max_size=2)),
                    max_size=3),
    st.text(max_size=20).map(lambda text: text + "\x00"),
    st.dictionaries(st.sampled_from(["da", "en", "fr", "x\x00"]),
                    st.text(max_size=4).map(lambda t: t + "\x00"),
                    min_size=1, max_size=2),
    st.sampled_from([10_000, 100_001]).map(lambda n: "ø" * n),
    st.sampled_from(BAD_DATES), st.sampled_from(UNKNOWN_CODES),
)
# a field of the dataset, of its one resource, or of its first agent
targets = st.one_of(
    st.sampled_from(DATASET_FIELDS).map(lambda f: ("dataset", f)),
    st.sampled_from(RESOURCE_FIELDS).map(lambda f: ("resource", f)),
    st.tuples(st.sampled_from(["contact", "publisher", "creator"]),
              st.sampled_from(AGENT_FIELDS)))

EXAMPLES = 520  # per action: 1,040 generated values in all
# No shrinking: a failing example is reported as generated (shrinking
# megabyte strings through HTTP takes longer than the whole run).
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None,
                    derandomize=True,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow,
                                           HealthCheck.data_too_large])


def NOT_JSON_IN_SUB_RECORDS(test):
    """Floats JSON cannot write, in a sub-record's text field: scheming
    serialises sub-records after the validators, refused or not (a 500
    found on CKAN 2.12)."""
    for kind in ("contact", "publisher", "creator"):
        for value in (float("-inf"), float("inf"), float("nan")):
            test = example(target=(kind, "email"), value=value)(test)
            test = example(target=(kind, "uri"), value=value)(test)
    return test


def _with(data, target, value):
    kind, field = target
    data = dict(data, resources=[dict(r) for r in data["resources"]])
    if kind == "dataset":
        data[field] = value
    elif kind == "resource":
        data["resources"][0][field] = value
    else:
        data[kind] = [{"name": "Aarhus Kommune", field: value}]
    return data


# Lists of sub-records: CKAN's own dictization refuses a value of another
# shape before any validator runs, with 400 "Integrity Error" (CKAN's
# answer, not the suite's).
STRUCTURED = {"tags", "resources", "contact", "publisher", "creator"}


def _sub_records_to_ckan_2_11(value):
    """CKAN 2.11's dictization takes a list holding a mapping, in any
    field, for sub-records, and refuses it with its own 400 ("Values in
    lists need to be dicts") before any validator runs."""
    return compat.CKAN_2_11 and isinstance(value, list) and any(
        isinstance(item, dict) for item in value)


def _ckan_answers_before_the_schema(target, value):
    """CKAN's own 500s, before any validator of the suite runs, in its
    resource uploader (ckan.lib.uploader.ResourceUpload): it parses a
    resource's url with urlparse, which fails on anything but text, and
    package_update walks `resources` as a list of dicts whatever it is.
    On CKAN 2.11, also its boolean_validator on the core field `private`:
    it calls ``value.lower()`` on a number or a list. Recorded, not
    patched."""
    if compat.CKAN_2_11 and target == ("dataset", "private"):
        return not isinstance(value, (str, bool, type(None)))
    if target == ("resource", "url"):
        return value is not None and not isinstance(value, str)
    return target == ("dataset", "resources") and not (
        isinstance(value, list) and all(isinstance(r, dict) for r in value))


def _refused_properly(target, value, response):
    kind, field = target
    if response.status_code == 400:
        return (bool({field, kind} & STRUCTURED)
                or _sub_records_to_ckan_2_11(value)) and \
            response.json["error"]["__type"] == "Integrity Error"
    return response.status_code == 409 and _error_names(
        target, response.json["error"])


def _error_names(target, error):
    """The error answers under the field sent (an agent's or a resource's
    field under its list)."""
    kind, field = target
    expected = field if kind == "dataset" else (
        "resources" if kind == "resource" else kind)
    return expected in error or (field == "tags" and "tag_string" in error) \
        or (field == "owner_org" and "owner_org" in error) \
        or _junk_naming(field, error)


def _junk_naming(field, error):
    """CKAN 2.11 reads a list of mappings in a resource's field as
    sub-records and refuses their keys as junk, naming the field's path."""
    return any(field in str(junk) for junk in error.get("__junk", []))


@pytest.fixture
def api(app, municipality, municipal_dataset):
    org = municipality("751")
    user = factories.SysadminWithToken()

    def post(action, data):
        return app.post(f"/api/action/{action}", json=data,
                        headers={"Authorization": user["token"]},
                        status=None)
    return post, dict(municipal_dataset, owner_org=org["id"])


def _stored_count():
    model.Session.remove()
    return model.Session.query(model.Package).count()


def test_generated_values_to_package_create(api):
    post, valid = api

    @SETTINGS
    @given(target=targets, value=bad_values)
    @NOT_JSON_IN_SUB_RECORDS
    def send(target, value):
        assume(not _ckan_answers_before_the_schema(target, value))
        data = _with(dict(valid, name=f"gen-{uuid.uuid4().hex[:12]}"),
                     target, value)
        before = _stored_count()
        response = post("package_create", data)
        assert response.status_code < 500, (target, repr(value)[:80],
                                            response.body[-500:])
        if response.status_code != 200:
            assert _refused_properly(target, value, response), (
                target, repr(value)[:80], response.body[:400])
            assert _stored_count() == before, target
    send()


def test_generated_values_to_package_update(api):
    post, valid = api
    created = post("package_create", dict(valid, name="kept-as-it-was"))
    assert created.status_code == 200, created.body
    stored = helpers.call_action("package_show", id="kept-as-it-was")

    @SETTINGS
    @given(target=targets, value=bad_values)
    @NOT_JSON_IN_SUB_RECORDS
    def send(target, value):
        assume(not _ckan_answers_before_the_schema(target, value))
        data = _with(dict(valid, id=stored["id"], name=stored["name"]),
                     target, value)
        # an accepted example before this one may have changed the dataset
        model.Session.remove()
        before = helpers.call_action("package_show", id=stored["id"])
        response = post("package_update", data)
        assert response.status_code < 500, (target, repr(value)[:80],
                                            response.body[-500:])
        if response.status_code != 200:
            assert _refused_properly(target, value, response), (
                target, repr(value)[:80], response.body[:400])
            model.Session.remove()
            shown = helpers.call_action("package_show", id=stored["id"])
            assert shown["metadata_modified"] == before["metadata_modified"]
    send()
