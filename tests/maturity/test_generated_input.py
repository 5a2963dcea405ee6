"""Generated bad input for the maturity actions, through CKAN's HTTP API
(``/api/3/action/maturity_*``), as an editor with an API token and as an
anonymous visitor: wrong types, huge strings, NUL characters, unknown
domains and statements, levels out of range, nested junk.

Whatever comes in, the answer is never a 500, and a refused request stores
nothing (assessments, answers and network releases are counted before and
after each request)."""
import json

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ckan.model as model
from ckan.tests import factories

from ckanext.maturity import registry

pytestmark = [pytest.mark.ckan_config("ckan.plugins",
                                      "postgres_search maturity")]

EXAMPLES = 500  # per role: 1,000 generated requests in all

FRAMEWORK = registry.get()
VALID_KEYS = FRAMEWORK.keys()

huge = st.sampled_from(["x" * 50_000, "é" * 20_000, "\x00" * 5000])
with_nul = st.text(max_size=20).map(lambda t: t[:5] + "\x00" + t[5:])
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(),
    st.integers(min_value=2 ** 63, max_value=2 ** 80),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30), with_nul, huge,
    st.sampled_from(["", " ", "1e400", "-1", "4", "3.5", "true", "null",
                     "nowhere", "leuven\x00", "2025.1\x00", "../../etc"]))
junk = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3),
    st.dictionaries(st.text(max_size=8), inner, max_size=3)), max_leaves=6)
bad_levels = st.one_of(
    st.integers().filter(lambda n: n not in (0, 1, 2, 3)),
    st.floats(allow_nan=False, allow_infinity=False).filter(
        lambda x: x not in (0, 1, 2, 3)),
    st.sampled_from(["3\x00", "two", "", True, False, [], {}, "1e400"]),
    junk)
answer_keys = st.one_of(
    st.sampled_from(VALID_KEYS),
    st.sampled_from(["nowhere.budget", "sponsoring.nope", "sponsoring",
                     ".need", "legal.need.extra", "sponsoring.\x00"]),
    st.text(max_size=40))
answers = st.one_of(
    st.dictionaries(answer_keys, bad_levels, min_size=1, max_size=4),
    junk)


def payloads(ids):
    """A request body for each action: each parameter sometimes sensible
    (so that validation gets past it), sometimes junk."""
    org = st.one_of(st.just("leuven"), junk)
    ident = st.one_of(st.sampled_from(ids), junk)
    version = st.one_of(st.integers(min_value=0, max_value=3), junk)

    def body(action, fields):
        return st.tuples(st.just(action), st.fixed_dictionaries(
            {}, optional=fields))
    return st.one_of(
        body("maturity_framework_show", {"version": junk, "lang": junk}),
        body("maturity_assessment_create", {
            "organization_id": org, "framework_version": junk,
            "shared": junk, "copy_previous": junk, "answers": answers}),
        body("maturity_assessment_update", {
            "id": ident, "version": version, "answers": answers,
            "shared": junk}),
        body("maturity_assessment_submit", {"id": ident,
                                            "version": version}),
        body("maturity_assessment_show", {"id": ident}),
        body("maturity_assessment_list", {"organization_id": org,
                                          "state": junk}),
        body("maturity_network_summary", {"organization_id": org}),
        body("maturity_network_release", {"organization_id": org}),
        # not an object at all
        st.tuples(st.sampled_from(["maturity_assessment_create",
                                   "maturity_assessment_update"]),
                  st.one_of(st.lists(scalars, max_size=2), scalars)),
    )


STORED = sa.text(
    "SELECT (SELECT count(*) FROM maturity_assessment),"
    " (SELECT count(*) FROM maturity_answer),"
    " (SELECT max(version) FROM maturity_assessment),"
    " (SELECT count(*) FROM maturity_network_release)")


def stored():
    """Assessments, answers, the highest assessment version (every saved
    change raises it) and network releases."""
    model.Session.remove()
    return tuple(model.Session.execute(STORED).one())


@pytest.fixture
def target(clean_db, app):
    """Leuven with an editor (API token), a submitted assessment and a
    draft."""
    editor = factories.User(name="fuzz_editor")
    factories.Organization(name="leuven", users=[
        {"name": editor["name"], "capacity": "editor"}])
    token = factories.APIToken(user=editor["id"])["token"]
    answers = {key: (1 if key.endswith(".need") else 2)
               for key in VALID_KEYS}
    headers = {"Authorization": token}
    submitted = app.post("/api/3/action/maturity_assessment_create",
                         json={"organization_id": "leuven",
                               "answers": answers},
                         headers=headers).json["result"]
    app.post("/api/3/action/maturity_assessment_submit",
             json={"id": submitted["id"]}, headers=headers)
    draft = app.post("/api/3/action/maturity_assessment_create",
                     json={"organization_id": "leuven"},
                     headers=headers).json["result"]
    return {"editor": headers, "anonymous": {},
            "ids": [submitted["id"], draft["id"], "nope"]}


READ_ONLY = {"maturity_framework_show", "maturity_assessment_show",
             "maturity_assessment_list", "maturity_network_summary"}


def _send(app, headers, action, body, as_get):
    if as_get and action in READ_ONLY and isinstance(body, dict):
        # the read-only actions also answer GET with query parameters
        params = {k: v if isinstance(v, str) else json.dumps(v)
                  for k, v in body.items()}
        return app.get(f"/api/3/action/{action}", query_string=params,
                       headers=headers)
    try:
        data = json.dumps(body)
    except ValueError:  # nothing a client could send
        return None
    return app.post(f"/api/3/action/{action}", data=data,
                    headers=dict(headers, **{
                        "Content-Type": "application/json"}))


@pytest.mark.parametrize("who", ["editor", "anonymous"])
def test_bad_input_never_500_and_stores_nothing(app, target, who):
    seen = {"sent": 0, "refused": 0}

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow,
                                     HealthCheck.data_too_large])
    @given(request=payloads(target["ids"]), as_get=st.booleans())
    def check(request, as_get):
        action, body = request
        before = stored()
        response = _send(app, target[who], action, body, as_get)
        if response is None:
            return
        seen["sent"] += 1
        assert response.status_code != 500, (action, body, response.body)
        if response.status_code != 200:
            seen["refused"] += 1
            assert stored() == before, (action, body, response.body)
            if response.status_code == 400:
                # CKAN's own refusals: a body that is not a JSON object,
                # or (CKAN 2.11, whose validation flattens any list that
                # starts with an object) a list mixing objects and others.
                assert ("Bad request" in response.body
                        or "Values in lists need to be dicts"
                        in response.body), (action, body, response.body)
                return
            answer = response.json
            assert answer["success"] is False, (action, body)
            if response.status_code == 409:
                # a validation error names the field
                assert answer["error"]["__type"] == "Validation Error"
                assert set(answer["error"]) - {"__type", "message"}, answer
        elif who == "anonymous":
            # anonymous requests that succeed only read
            assert stored() == before, (action, body)

    check()
    assert seen["sent"] >= EXAMPLES * 0.95
    assert seen["refused"] >= seen["sent"] * 0.5
