"""Generated bad input (Hypothesis, derandomized) to every action the
five plugins register, through CKAN's HTTP API, as an anonymous visitor
and as a logged-in organization admin: wrong types (lists, objects,
numbers where ids are expected), NUL characters, huge numbers, unknown
keys and empty bodies. Then to every page of the suite, with its query
parameters.

The actions come from the plugins' ``get_actions()`` and each action's
parameters from its code (its docstring's ``:param``, the keys it reads
from ``data_dict`` and the keys of the schemas it validates with), so a
new action or parameter is covered without editing this test.

Never a 500: a refused request answers 4xx, and a validation error
(409) names the field."""
from __future__ import annotations

import inspect
import re
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ckan.tests import factories, helpers

from ckanext.charter import registry as charters

from .generated import junk, run_settings, send, unknown_keys
from .municipal_schema.conftest import ODDK_DATASET
from .test_registered_surface import DOCS, plugin_class

PLUGINS = ("postgres_search municipal_schema scheming_datasets "
           "scheming_organizations dcat maturity prioritization charter")
pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("clean_db", "clean_index")]

EXAMPLES = 450  # per role
PAGE_EXAMPLES = 200  # per role

#: Known 500s of CKAN itself, not of the suite: none so far.
CKAN_OWN_500 = ()


def registered_actions() -> dict:
    actions = {}
    for plugin in sorted(DOCS):
        cls = plugin_class(plugin)
        if hasattr(cls, "get_actions"):
            actions.update(cls().get_actions())
    return actions


PARAM = re.compile(r":param ([\w, ]+):")
READ = re.compile(r"""data_dict(?:\.get\(|\[)\s*["'](\w+)["']""")
SCHEMA = re.compile(r"\bsch\.(\w+_schema)\(\)")


def parameters(function) -> set[str]:
    """What an action reads: its docstring's parameters, the keys it
    takes from data_dict and the keys of its schemas."""
    source = inspect.getsource(function)
    names = {n.strip() for group in PARAM.findall(function.__doc__ or "")
             for n in group.split(",")}
    names |= set(READ.findall(source))
    schemas = getattr(inspect.getmodule(function), "sch", None)
    for schema in SCHEMA.findall(source):
        names |= set(getattr(schemas, schema)())
    return {n for n in names if n}


@pytest.fixture
def world(app):
    """An organization with an admin (API token), one of its datasets, a
    screening of it and an adoption of a charter."""
    admin = factories.User(name="fuzz_admin")
    org = factories.Organization(
        name="municipality-751", title="Municipality 751",
        municipality_code="751", website="https://www.example.org",
        contact_email="data@example.org",
        users=[{"name": admin["name"], "capacity": "admin"}])
    site = {"ignore_auth": True, "user": ""}
    data = dict(ODDK_DATASET, owner_org=org["id"], municipality_code="751",
                dataset_type_code="parking")
    pkg = helpers.call_action("package_create", dict(site), **data)
    token = factories.APIToken(user=admin["id"])["token"]
    charter = sorted(charters.charters())[0]
    return {"roles": {"admin": {"Authorization": token}, "anonymous": {}},
            "org": org, "pkg": pkg, "charter": charter}


def sensible(world) -> dict[str, list]:
    """Values that get past a parameter's check, so that the junk in
    another one is reached."""
    pkg, org = world["pkg"], world["org"]
    return {
        "id": [pkg["name"], pkg["id"], org["name"], world["charter"],
               "parking", "data_themes", "nope"],
        "package_id": [pkg["id"], pkg["name"]],
        "organization_id": [org["name"], org["id"]],
        "organization": [org["name"]],
        "charter": [world["charter"]],
        "dataset_type_code": ["parking"],
        "audience": ["citizen"],
        "status": ["candidate"],
        "lang": ["en", "da"],
        "limit": [1, 5], "offset": [0, 3],
        "adopted": ["2020-01-01"],
    }


def bodies(world, actions):
    """(action, body): each known parameter sometimes sensible, sometimes
    junk, plus keys no action knows; some bodies empty, some not even an
    object."""
    good = sensible(world)

    def body(name, function):
        keys = parameters(function)
        optional = {k: st.one_of(st.sampled_from(good[k]), junk)
                    if k in good else junk for k in sorted(keys)}
        return st.tuples(st.just(name), st.builds(
            lambda known, extra: {**extra, **known},
            st.fixed_dictionaries({}, optional=optional), unknown_keys))
    by_action = [body(name, f) for name, f in sorted(actions.items())]
    not_an_object = st.tuples(st.sampled_from(sorted(actions)),
                              st.one_of(st.lists(junk, max_size=2),
                                        st.integers(), st.text(max_size=5)))
    return st.one_of(st.one_of(by_action), not_an_object)


def _refused_properly(response) -> bool:
    if response.status_code == 400:  # CKAN's own: not a JSON object
        return "Bad request" in response.body or \
            "Integrity Error" in response.body or \
            "Values in lists need to be dicts" in response.body
    if response.status_code == 409:
        error = response.json["error"]
        return error["__type"] == "Validation Error" and bool(
            set(error) - {"__type", "message"})
    return 400 < response.status_code < 500


@pytest.mark.parametrize("who", ["admin", "anonymous"])
def test_every_action_answers_bad_input_with_4xx(app, world, who, capsys):
    actions = registered_actions()
    assert len(actions) >= 30, sorted(actions)
    read_only = {n for n, f in actions.items()
                 if getattr(f, "side_effect_free", False)}
    seen = {"sent": 0, "refused": 0, "actions": set()}
    started = time.monotonic()

    @run_settings(EXAMPLES)
    @given(request=bodies(world, actions), as_get=st.booleans())
    def check(request, as_get):
        action, body = request
        response = send(app, action, body, world["roles"][who],
                        as_get=as_get and action in read_only)
        seen["sent"] += 1
        seen["actions"].add(action)
        if (action, response.status_code) in CKAN_OWN_500:
            return
        assert response.status_code < 500, (action, repr(body)[:300],
                                            response.body[-800:])
        if response.status_code != 200:
            seen["refused"] += 1
            assert _refused_properly(response), (action, repr(body)[:300],
                                                 response.body[:500])
    check()
    with capsys.disabled():
        print(f"\n{who}: {seen['sent']} generated calls to "
              f"{len(seen['actions'])} actions in "
              f"{time.monotonic() - started:.0f}s")
    assert seen["actions"] == set(actions)
