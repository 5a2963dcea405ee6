"""Every form of the suite refuses a post that rides on a logged-in
session's cookie without that session's CSRF token, on every CKAN version,
even after CKAN stopped checking the page (issue #17, item 8).

CKAN 2.12 exempts a view from its CSRF check for the rest of the process
once a request with an API token reaches it (``csrf.exempt`` in
``ckan/config/middleware/flask_app.py``); CKAN 2.11 exempts all plugins by
default. The suite checks its forms itself (compat.csrf_protected). Here
a plain user's token-bearing request reaches each form first, as an
attacker's would; then the logged-in person's post without the token is
refused with CKAN's CSRF 400 and stores nothing, and the same post with
the token goes through as usual. The last test lists every POST route of
the suite's blueprints, so that a new form cannot escape this check."""
from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Callable

import pytest

import ckan.model as model
from ckan.tests import factories, helpers

from ckanext.charter import model as cmodel
from ckanext.maturity import model as mmodel
from ckanext.maturity import registry
from ckanext.municipal_opendata import compat
from ckanext.prioritization import model as pmodel

from .maturity.conftest import full_answers
from .roles import PASSWORD, SECRETARIAT, csrf_token_of, logged_in

PLUGINS = "postgres_search maturity prioritization charter"

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", PLUGINS),
    pytest.mark.ckan_config(
        "ckanext.prioritization.secretariat_organization", SECRETARIAT),
]



def _count(table, **where) -> int:
    """Rows of ``table`` (``column=None``: where it is NOT null)."""
    model.Session.remove()  # read what the request committed
    query = model.Session.query(table)
    for column, value in where.items():
        query = query.filter(getattr(table, column).isnot(None)
                             if value is None else
                             getattr(table, column) == value)
    return query.count()


def _submitted_assessment(site) -> str:
    """Leuven's submitted assessment (the sharing form's subject)."""
    editor = {"user": site["editor"]["name"], "ignore_auth": False}
    draft = helpers.call_action("maturity_assessment_create",
                                context=dict(editor),
                                organization_id="leuven",
                                answers=full_answers(registry.get()))
    helpers.call_action("maturity_assessment_submit", context=dict(editor),
                        id=draft["id"])
    return draft["id"]


def _shared() -> bool:
    model.Session.remove()
    return bool(model.Session.query(mmodel.Assessment).filter_by(
        state="submitted").one().shared)


@dataclass
class Form:
    url: str  # where the form posts (and, with GET, the form page)
    who: str  # a user whose right it is to post it
    data: dict | Callable[[dict], dict]  # the form, or what makes it
    stored: Callable[[], bool]  # what a successful post leaves behind
    page: str = ""  # a page with the session's token, if url is POST-only


WEIGHTS = {"weight-demand": "2", "weight-transparency": "2",
           "weight-economic_reuse": "2", "weight-scale": "2",
           "weight-obligation": "2", "weight-quality": "2",
           "weight-effort": "2", "weight-machine_readable": "2",
           "go": "save"}

#: Every form of the suite, by the endpoint it posts to.
FORMS = {
    "prioritization.screening": Form(
        "/dataset/leuven-noise/screening", "editor",
        {"status": "candidate", "personal_data": "none",
         "confidentiality": "none"},
        lambda: _count(pmodel.Screening) == 1),
    "prioritization.dataset_demand": Form(
        "/dataset/leuven-noise/demand", "reuser", {"audience": "citizen"},
        lambda: _count(pmodel.Demand, package_id=None) == 1,
        page="/dataset/leuven-noise/screening"),
    "prioritization.type_demand": Form(
        "/prioritization/demand", "reuser",
        {"dataset_type_code": "parking", "audience": "citizen"},
        lambda: _count(pmodel.Demand, dataset_type_code="parking") == 1,
        page="/prioritization/coverage"),
    "prioritization.weights": Form(
        "/prioritization/weights", "secretary", WEIGHTS,
        lambda: _count(pmodel.WeightsChange) == 1),
    "maturity.assess": Form(
        "/organization/leuven/maturity/assess", "editor", {"start": "1"},
        lambda: _count(mmodel.Assessment, state="draft") == 1),
    "maturity.share": Form(
        "/organization/leuven/maturity/share", "admin",
        lambda site: {"assessment_id": site["assessment"], "shared": "true"},
        _shared, page="/organization/leuven/maturity"),
    "charter.dataset": Form(
        "/dataset/leuven-noise/charter", "editor",
        {"charter_claims": "smart-flanders:11"},
        lambda: helpers.call_action("charter_dataset_show",
                                    id="leuven-noise")["claimed"] == [
            "smart-flanders:11"]),
    "charter.organization": Form(
        "/organization/leuven/charter", "admin",
        {"charter": "smart-flanders", "adopted": "2018-06-01",
         "decision_url": "https://leuven.example/decision"},
        lambda: _count(cmodel.Adoption) == 1),
}


#: Forms whose CSRF check is tested beside the rest of their tests, the
#: same way (a token-bearing request first, then a post without the token):
#: they need plugins this file's site does not load.
TESTED_ELSEWHERE = {
    # needs the municipal schema's catalogue
    "prioritization.type_suggestions":
        "tests/prioritization/test_type_suggestions.py",
}


@pytest.fixture
def site(clean_db, clean_index):
    """Leuven with an admin and an editor, a dataset; a re-user; the
    secretariat; and the plain user whose token is the attacker's. Users
    by role, and the plain user's token."""
    users = {who: factories.User(name=f"csrf-{who}", fullname=f"Csrf {who}",
                                 password=PASSWORD)
             for who in ("admin", "editor", "reuser", "secretary", "plain")}
    org = factories.Organization(name="leuven", users=[
        {"name": users["admin"]["name"], "capacity": "admin"},
        {"name": users["editor"]["name"], "capacity": "editor"}])
    factories.Organization(name=SECRETARIAT, users=[
        {"name": users["secretary"]["name"], "capacity": "member"}])
    factories.Dataset(name="leuven-noise", owner_org=org["id"],
                      extras=[{"key": "dataset_type_code",
                               "value": "parking"}])
    users["assessment"] = _submitted_assessment(users)
    users["plain_token"] = factories.APIToken(
        user=users["plain"]["id"])["token"]
    return users


def _reach_with_api_token(app, form, endpoint, token):
    """What makes CKAN 2.12 exempt the view: any request with an API token
    reaching it, whatever the answer (a plain user: mostly a 403)."""
    methods = _post_routes(app)[endpoint]
    client = app.test_client()
    if "GET" in methods:
        client.get(form.url, headers={"Authorization": token})
    else:
        client.post(form.url, data={}, headers={"Authorization": token})


def _attack(app, site, sessions, endpoint) -> str | None:
    """What is wrong with the form's CSRF check, or None."""
    form = FORMS[endpoint]
    _reach_with_api_token(app, form, endpoint, site["plain_token"])
    if form.who not in sessions:
        sessions[form.who] = logged_in(app, site[form.who])
    browser = sessions[form.who]
    data = form.data(site) if callable(form.data) else form.data

    forged = browser.post(form.url, data=data)
    if forged.status_code != 400 or "CSRF" not in forged.get_data(
            as_text=True):
        return f"a post without the token was answered {forged.status}"
    if form.stored():
        return "a post without the token was stored"
    token = csrf_token_of(browser, form.page or form.url)
    genuine = browser.post(form.url, data={**data, "_csrf_token": token})
    if genuine.status_code not in (200, 302) or not form.stored():
        return (f"the post with the token was answered {genuine.status} "
                "and not stored")
    return None


def test_every_form_refuses_a_post_without_the_token(app, site):
    """One site for all forms (each leaves its own trace), to keep the
    test's run short."""
    sessions: dict = {}
    failures = {endpoint: _attack(app, site, sessions, endpoint)
                for endpoint in sorted(FORMS)}
    assert {e: f for e, f in failures.items() if f} == {}


def _suite_packages() -> tuple[str, ...]:
    """The packages of the suite's plugins, from its entry points: a new
    plugin is covered without editing this test."""
    return tuple(
        ep.value.split(":")[0].rsplit(".", 1)[0] + "."
        for ep in entry_points(group="ckan.plugins")
        if ep.dist and ep.dist.name.replace("_", "-")
        == "ckanext-municipal-opendata")


def _post_routes(app) -> dict[str, set[str]]:
    """Endpoint -> methods of every route of the suite's blueprints that
    accepts a POST."""
    flask_app = app.flask_app
    packages = _suite_packages()
    routes: dict[str, set[str]] = {}
    for rule in flask_app.url_map.iter_rules():
        view = flask_app.view_functions[rule.endpoint]
        if "POST" in rule.methods and view.__module__.startswith(packages):
            routes.setdefault(rule.endpoint, set()).update(rule.methods)
    return routes


@pytest.mark.ckan_config("ckan.plugins", PLUGINS + " municipal_schema "
                         "scheming_datasets scheming_organizations dcat")
def test_every_post_route_of_the_suite_is_checked(app):
    routes = _post_routes(app)
    assert len(_suite_packages()) >= 5
    assert set(routes) == set(FORMS) | set(TESTED_ELSEWHERE), (
        "a POST route of the suite is missing from FORMS (or FORMS names "
        "one that no longer exists): add it, so its CSRF check is tested")
    flask_app = app.flask_app
    for endpoint in routes:
        blueprint = endpoint.split(".")[0]
        assert compat._check_csrf_token in flask_app.before_request_funcs.get(
            blueprint, ()), f"{blueprint} is not csrf_protected"
