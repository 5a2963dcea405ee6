"""The pure rules of hiding.py: which search parameters name a score
field, the filter that scopes a search, and the stripping of dataset
dicts. No database, no CKAN."""
import json

import pytest

from ckanext.prioritization import hiding
from ckanext.prioritization.hiding import FIELDS, Scope

FIELD_NAMES = sorted(FIELDS)


@pytest.mark.parametrize("field", FIELD_NAMES)
@pytest.mark.parametrize("param,value", [
    ("q", "{f}:candidate"),
    ("q", "title:x AND ({f}:[10 TO 90])"),
    ("fq", "+{f}:[* TO *]"),
    ("fq", "-{f}:candidate"),
    ("fq_list", ["tags:x", "{f}:candidate"]),
    ("sort", "{f} desc"),
    ("sort", "field({f}) asc"),
    ("facet.field", ["tags", "{f}"]),
    ("facet.field", ["{{!key=x}}{f}"]),
    ("facet.query", "{f}:[50 TO *]"),
    ("facet.range", "{f}"),
    ("qf", "title^2 {f}"),
    ("bf", "field({f})"),
    ("boost", "div({f},10)"),
    ("fl", ["name", "s:{f}"]),
    ("fl", "name field({f})"),
])
def test_every_parameter_naming_a_field_is_found(field, param, value):
    if isinstance(value, list):
        value = [v.format(f=field) for v in value]
    else:
        value = value.format(f=field)
    assert hiding.references({param: value, "rows": 10}, FIELDS) == {
        param: {field}}


@pytest.mark.parametrize("spelling", [
    "prioritization\\_status:candidate",
    "prioritization\\u005fstatus:candidate",
    "PRIORITIZATION_STATUS:candidate",
    "prioritization_status\\:candidate",
])
def test_escaped_and_cased_spellings_are_found(spelling):
    assert hiding.references({"fq": spelling}, FIELDS) == {
        "fq": {"prioritization_status"}}


def test_a_parameter_named_after_a_field_is_found():
    found = hiding.references({"f.prioritization_score.facet.sort": "count"},
                              FIELDS)
    assert found == {"f.prioritization_score.facet.sort":
                     {"prioritization_score"}}


@pytest.mark.parametrize("search", [
    {"q": "parking", "fq": "tags:prioritization", "sort": "name asc"},
    {"q": "prioritization_scores:1 my_prioritization_status:x"},
    # plain names and globs in fl only ask for output, which is stripped
    {"fl": ["name", "prioritization_score", "prioritization_*", "*"]},
    {"fl": "validated_data_dict data_dict"},
    {"rows": 10, "start": 0, "facet.limit": 5, "include_private": True},
])
def test_searches_that_name_no_field(search):
    assert hiding.references(search, FIELDS) == {}


def test_nothing_hidden_names_nothing():
    assert hiding.references({"fq": "prioritization_score:1"}, ()) == {}


@pytest.mark.parametrize("scope,expected", [
    (Scope(frozenset(), False), None),
    (Scope(frozenset(), True), "capacity:public"),
    (Scope(frozenset({"b", "a"}), False), 'owner_org:("a" OR "b")'),
    (Scope(frozenset({"a"}), True),
     'capacity:public OR owner_org:("a")'),
    (Scope(frozenset({'x" OR *:*'}), False), 'owner_org:("x\\" OR *:*")'),
])
def test_scope_filter(scope, expected):
    assert hiding.scope_filter(scope) == expected
    assert scope.empty == (expected is None)


def _dataset():
    return {"id": "d1", "name": "x", "prioritization_score": 62.5,
            "prioritization_status": "candidate",
            "prioritization_recommendation": "publish_now", "notes": "n"}


def test_strip_removes_keys_and_json_inside():
    inner = _dataset()
    result = dict(_dataset(), prioritization_score_sort="062.50",
                  validated_data_dict=json.dumps(inner),
                  data_dict=json.dumps(inner))
    stripped = hiding.strip(result, FIELDS)
    assert not FIELDS & set(stripped)
    for key in hiding.JSON_KEYS:
        assert json.loads(stripped[key]) == {"id": "d1", "name": "x",
                                             "notes": "n"}


def test_strip_with_nothing_hidden_keeps_all():
    assert hiding.strip(_dataset(), frozenset()) == _dataset()


def test_strip_drops_json_it_cannot_read():
    result = {"validated_data_dict": '{"prioritization_score": 1, broken'}
    assert hiding.strip(result, FIELDS) == {}


def test_strip_leaves_other_json_alone():
    text = json.dumps({"id": "d1", "title": "prioritization_ as a word"})
    assert hiding.strip({"data_dict": text}, FIELDS) == {"data_dict": text}
