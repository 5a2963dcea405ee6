"""Scores hidden by ``public_scores = false`` stay hidden on every output
path (issue 17, item 2), tested as a matrix through the HTTP API: every
search parameter that could name a score field x every score field x
every role, and the other paths (package_show, activities, the ranking
export).

One world per module (users, organizations, four screened datasets with
distinct values in every score field, activities), so that ~750 requests
take about a minute. A response leaks when it shows a score field's
value of a dataset whose score the role may not see: as a result key (or
inside the dataset JSON an ``fl`` returns), as a facet value, or, for a
request naming a score field, by returning such a dataset at all (a
filter picked it, a sort placed it).
"""
from __future__ import annotations

import csv
import io
import json
from types import SimpleNamespace

import pytest

import ckan.plugins as plugins
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.prioritization import hiding
from ckanext.prioritization import screening as sc
from ckanext.prioritization.hiding import FIELDS
from .conftest import SECRETARIAT

CONFIG = {
    "ckan.plugins": "activity dcat postgres_search prioritization",
    "ckan.activity_streams_enabled": "true",
    "ckanext.prioritization.secretariat_organization": SECRETARIAT,
    "ckanext.prioritization.public_scores": "false",
}
MIGRATED = ("activity", "postgres_search", "prioritization")


@pytest.fixture(autouse=True)
def _suite_plugins(world):
    """The module's world loads the plugins once: reloading them for each
    of ~700 requests (the suite's default) took 0.5 s a request. CKAN's
    pytest plugin resets the configuration before every test; the world's
    comes back here."""
    tk.config.update(world.config)

# Leuven (org A): admin, editor, member; Gent (org B): other.
ROLES = ("anonymous", "reuser", "member", "editor", "admin", "other",
         "secretary", "sysadmin")
A = ("a-pub", "a-priv")
B = ("b-pub", "b-priv")
VISIBLE = {"anonymous": (), "reuser": (), "member": A, "editor": A,
           "admin": A, "other": B, "secretary": A + B, "sysadmin": A + B}
# Distinct values in every field: a value seen names its dataset.
SCREENINGS = {
    "a-pub": {"status": "candidate", "personal_data": "none",
              "confidentiality": "none", "scores": {"demand": 4}},
    "a-priv": {"status": "in_preparation", "personal_data": "low",
               "confidentiality": "none", "scores": {"demand": 3}},
    "b-pub": {"status": "published", "personal_data": "high",
              "confidentiality": "none", "scores": {"demand": 2}},
    "b-priv": {"status": "declined", "scores": {"demand": 1}},
}


@pytest.fixture(scope="module")
def world(reset_db, migrate_db_for, reset_index):
    patch = pytest.MonkeyPatch()
    for key, value in CONFIG.items():
        patch.setitem(tk.config, key, value)
    plugins.load_all()
    from ckan.lib.app_globals import _CONFIG_CACHE
    _CONFIG_CACHE.clear()
    app = helpers._get_test_app()
    # building the app loads the environment anew; the plugins' declared
    # options come back with the plugins
    plugins.load_all()
    try:
        reset_db()
        for plugin in MIGRATED:
            migrate_db_for(plugin)
        reset_index()
        yield _build(app)
    finally:
        plugins.unload_all()
        patch.undo()


def _build(app) -> SimpleNamespace:
    users = {name: factories.User(name=f"hf_{name}")
             for name in ROLES[1:] if name != "sysadmin"}
    users["sysadmin"] = factories.Sysadmin(name="hf_sysadmin")
    orgs = {
        "a": factories.Organization(name="hf-leuven", users=[
            {"name": users[r]["name"], "capacity": r}
            for r in ("member", "editor", "admin")]),
        "b": factories.Organization(name="hf-gent", users=[
            {"name": users["other"]["name"], "capacity": "admin"}]),
        "secretariat": factories.Organization(name=SECRETARIAT, users=[
            {"name": users["secretary"]["name"], "capacity": "member"}]),
    }
    site = {"user": users["sysadmin"]["name"]}
    datasets, values = {}, {}
    for name, screening in SCREENINGS.items():
        pkg = helpers.call_action(
            "package_create", context=dict(site), name=name, title=name,
            owner_org=orgs[name[0]]["id"], private=name.endswith("priv"))
        helpers.call_action("prioritization_screening_update",
                            context=dict(site), id=pkg["id"],
                            reason="a reason", **screening)
        # an edit after the screening: an activity with the dataset as
        # package_show gives it, scores and all
        helpers.call_action("package_patch", context=dict(site),
                            id=pkg["id"], notes="edited")
        shown = helpers.call_action("package_show", context=dict(site),
                                    id=pkg["id"])
        datasets[name] = shown
        values[name] = _values(shown)
    assert len({v["prioritization_status"] for v in values.values()}) == 4
    assert len({v["prioritization_score"] for v in values.values()}) == 4
    tokens = {who: factories.APIToken(user=users[who]["id"])["token"]
              for who in ROLES if who != "anonymous"}
    return SimpleNamespace(users=users, orgs=orgs, datasets=datasets,
                           values=values, tokens=tokens,
                           ids={d["id"]: n for n, d in datasets.items()},
                           app=app, config=dict(tk.config))


def _values(shown: dict) -> dict[str, str]:
    score = shown["prioritization_score"]
    return {
        "prioritization_status": shown["prioritization_status"],
        "prioritization_recommendation":
            shown["prioritization_recommendation"],
        "prioritization_score": str(float(score)),
        "prioritization_score_sort": sc.sortable_score(score),
    }


def _allowed(world, who: str) -> dict[str, set[str]]:
    return {f: {world.values[n][f] for n in VISIBLE[who]} for f in FIELDS}


def _value(field: str, value) -> str:
    if field == "prioritization_score" and not isinstance(value, str):
        return str(float(value))
    return str(value)


def _headers(world, who: str) -> dict:
    return {} if who == "anonymous" else {
        "Authorization": world.tokens[who]}


# -- what a response shows ---------------------------------------------------

def _dicts(result: dict):
    """A result dict and the dataset dicts it carries as JSON."""
    yield result
    for key in hiding.JSON_KEYS:
        inner = result.get(key)
        if isinstance(inner, str):
            try:
                inner = json.loads(inner)
            except ValueError:
                continue
        if isinstance(inner, dict):
            yield inner


def _dataset_of(world, result: dict) -> str | None:
    for d in _dicts(result):
        if d.get("name") in world.datasets:
            return d["name"]
        if d.get("id") in world.ids:
            return world.ids[d["id"]]
    return None


def search_leaks(world, who: str, result: dict, names_field: bool):
    visible, allowed = VISIBLE[who], _allowed(world, who)
    leaks = []
    for row in result["results"]:
        dataset = _dataset_of(world, row)
        if names_field and dataset and dataset not in visible:
            leaks.append(f"returned {dataset}")
        for d in _dicts(row):
            for field in FIELDS & set(d):
                if d[field] is None:
                    continue
                if dataset and dataset not in visible or _value(
                        field, d[field]) not in allowed[field]:
                    leaks.append(f"{field}={d[field]!r} of {dataset}")
    for key, facet in (result.get("search_facets") or {}).items():
        for field in hiding.names_hidden(key, FIELDS):
            leaks.extend(f"facet {key}={item['name']}"
                         for item in facet["items"]
                         if item["name"] not in allowed[field])
    for key, counts in (result.get("facets") or {}).items():
        for field in hiding.names_hidden(key, FIELDS):
            leaks.extend(f"facets {key}={name}" for name in counts
                         if name not in allowed[field])
    return leaks


# -- the search matrix -------------------------------------------------------

def _field_probes(field: str) -> list[tuple[str, dict]]:
    escaped = field.replace("_", "\\_")
    return [
        ("fq", {"fq": f"{field}:[* TO *]"}),
        ("fq-negated", {"fq": f"-{field}:[* TO *]"}),
        ("fq-escaped", {"fq": f"{escaped}:[* TO *]"}),
        ("fq_list", {"fq_list": [f"{field}:[* TO *]"]}),
        ("q", {"q": f"{field}:[* TO *]"}),
        ("q-or", {"q": f"name:nothing OR {field}:[* TO *]"}),
        ("sort-asc", {"sort": f"{field} asc"}),
        ("sort-desc", {"sort": f"{field} desc, name asc"}),
        ("facet.field", {"facet.field": [field]}),
        ("facet.field-mixed", {"facet.field": ["organization", field]}),
        ("facet.query", {"facet.query": f"{field}:[* TO *]"}),
        ("facet.range", {"facet.range": field}),
        ("qf", {"q": "candidate", "qf": field}),
        ("bf", {"bf": f"field({field})"}),
        ("fl-alias", {"fl": ["name", f"v:{field}"]}),
    ]


def _output_probes(field: str) -> list[tuple[str, dict]]:
    """Output only: answered as asked, the field stripped per dataset."""
    return [("fl", {"fl": [field]}),
            ("fl-with-id", {"fl": ["id", "name", field]})]


PLAIN_PROBES = [
    ("plain", {}),
    ("private", {"include_private": True}),
    ("fl-validated_data_dict", {"fl": ["validated_data_dict"]}),
    ("fl-data_dict", {"fl": ["data_dict"]}),
    ("fl-all", {"fl": ["*"]}),
    ("fl-glob", {"fl": ["id", "prioritization_*"]}),
    ("fl-both-json", {"fl": ["id", "validated_data_dict", "data_dict"]}),
    ("use_default_schema", {"use_default_schema": True}),
]
PROBES = [(f"{name}-{field}", params, True)
          for field in sorted(FIELDS)
          for name, params in _field_probes(field)] + [
    (f"{name}-{field}", params, False)
    for field in sorted(FIELDS)
    for name, params in _output_probes(field)] + [
    (name, params, False) for name, params in PLAIN_PROBES]


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("probe,params,names_field", PROBES,
                         ids=[p[0] for p in PROBES])
def test_package_search(world, who, probe, params, names_field):
    data = dict({"include_private": True, "rows": 50}, **params)
    response = world.app.post("/api/3/action/package_search", json=data,
                              headers=_headers(world, who),
                              expect_errors=True)
    # a parameter CKAN or postgres_search does not take is refused with
    # its reason, never answered with a server error
    assert response.status_code in (200, 400, 409), response.body
    if response.status_code != 200:
        assert response.json["error"]["message"], response.body
        return
    leaks = search_leaks(world, who, response.json["result"], names_field)
    assert not leaks, leaks


@pytest.mark.parametrize("who", ROLES)
def test_a_scoped_search_still_answers_over_the_visible(world, who):
    """Not hidden from those who may see: a filter on the score finds
    exactly the datasets whose score the role sees."""
    response = world.app.post(
        "/api/3/action/package_search", headers=_headers(world, who),
        json={"fq": "prioritization_score_sort:[* TO *]", "rows": 50,
              "include_private": True, "facet.field": [
                  "prioritization_status"]})
    result = response.json["result"]
    # (the secretariat reads private candidates, but CKAN's search lists
    # private datasets to their organizations' members only)
    expected = set(VISIBLE[who]) - ({"a-priv", "b-priv"}
                                    if who == "secretary" else set())
    assert {r["name"] for r in result["results"]} == expected
    statuses = {i["name"] for i in result["search_facets"].get(
        "prioritization_status", {}).get("items", [])}
    assert statuses == {world.values[n]["prioritization_status"]
                        for n in expected}


@pytest.mark.parametrize("who", ROLES)
def test_a_default_sort_on_a_score(world, who):
    """A listing ordered by hidden scores would rank what it hides."""
    tk.config["ckan.search.default_package_sort"] = \
        "prioritization_score_sort desc"
    result = world.app.post("/api/3/action/package_search", json={},
                            headers=_headers(world, who)).json["result"]
    assert result["sort"] == (
        "prioritization_score_sort desc" if who in ("secretary", "sysadmin")
        else "score desc, metadata_modified desc")


# -- the other output paths ---------------------------------------------------

@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("dataset", A + B)
def test_package_show(world, who, dataset):
    response = world.app.get("/api/3/action/package_show",
                             params={"id": dataset},
                             headers=_headers(world, who),
                             expect_errors=True)
    if response.status_code == 403:  # a private dataset of others
        return
    shown = response.json["result"]
    if dataset in VISIBLE[who]:
        assert _values(shown) == world.values[dataset]
    else:
        assert not FIELDS & set(shown), shown


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("dataset", A + B)
def test_package_activity_list(world, who, dataset):
    response = world.app.get("/api/3/action/package_activity_list",
                             params={"id": dataset},
                             headers=_headers(world, who),
                             expect_errors=True)
    if response.status_code == 403:
        return
    activities = response.json["result"]
    # (the secretariat reads private candidates, not their activity)
    assert activities or who not in ("sysadmin", "admin")
    for activity in activities:
        package = (activity.get("data") or {}).get("package") or {}
        # the derived score is never part of a stored activity
        assert not FIELDS & set(package), (activity["activity_type"],
                                           sorted(FIELDS & set(package)))


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("path", [
    # (JSON-LD: ckanext-dcat cannot write Turtle paging links for a
    # query with spaces)
    "/catalog.jsonld?fq=prioritization_score_sort:[* TO *]",
    "/catalog.jsonld?q=prioritization_status:*",
    "/catalog.ttl", "/dataset/a-pub.ttl", "/dataset/b-pub.jsonld"])
def test_rdf(world, who, path):
    """DCAT: neither the fields nor a catalogue filtered on them."""
    response = world.app.get(path, headers=_headers(world, who),
                             expect_errors=True)
    assert response.status_code == 200, response.body[:300]
    # (a filtered catalogue's paging links repeat the query)
    assert "prioritization" not in response.body.replace(
        path.partition("?")[2].split("=")[-1], "").replace(
        path.partition("?")[2].split("=")[-1].replace(" ", "%20"), "")
    if "prioritization" in path:
        listed = {n for n, d in world.datasets.items()
                  if d["id"] in response.body}
        assert listed <= set(VISIBLE[who]), listed


@pytest.mark.parametrize("who", ROLES)
def test_ranking_export(world, who):
    response = world.app.get("/prioritization/ranking.csv",
                             headers=_headers(world, who),
                             expect_errors=True)
    if response.status_code == 403:
        return
    rows = list(csv.reader(io.StringIO(response.body)))
    listed = {n for n in world.datasets for row in rows for cell in row
              if cell == world.datasets[n]["title"]}
    assert listed <= set(VISIBLE[who])


# -- the Solr path ----------------------------------------------------------

class _Solr:
    """What pysolr.Solr answers, recording each request: every document
    with the score fields as Solr stores and returns them (the dataset
    JSON), whatever the filters, so that only the hooks can hide them."""

    def __init__(self, world):
        self.requests = []
        self.docs = [{"id": d["id"], "validated_data_dict": json.dumps(d),
                      "data_dict": json.dumps(d)}
                     for d in world.datasets.values()]

    def search(self, q, **params):
        self.requests.append(dict(params, q=q))
        return SimpleNamespace(hits=len(self.docs),
                               docs=[dict(d) for d in self.docs],
                               facets={"facet_fields": {}})


@pytest.mark.parametrize("who", ROLES)
def test_solr_gets_the_scope_and_its_answer_is_stripped(world, who,
                                                        monkeypatch):
    solr = _Solr(world)
    monkeypatch.setattr("ckan.lib.search.query.make_connection",
                        lambda *a, **k: solr)
    response = world.app.post(
        "/api/3/action/package_search", headers=_headers(world, who),
        json={"facet.field": ["prioritization_status"], "rows": 50,
              "fl": ["id", "validated_data_dict", "data_dict"]})
    result = response.json["result"]
    if not VISIBLE[who]:
        # nobody's score to count: the search is not even sent
        assert solr.requests == [] and result["results"] == []
        return
    (sent,) = solr.requests
    scope = [fq for fq in sent["fq"] if "owner_org:(" in fq]
    assert (scope == []) == (who in ("secretary", "sysadmin")), sent["fq"]
    # Solr's answer ignored the scope here; the dicts still lose what
    # the role may not see
    for row in result["results"]:
        dataset = world.ids[row["id"]]
        for key in hiding.JSON_KEYS:
            inner = json.loads(row[key])
            assert bool(FIELDS & set(inner)) == (dataset in VISIBLE[who])


# -- activities stored before the fix -----------------------------------------

def test_migration_cleans_stored_activities(world, migrate_db_for):
    from ckan import model
    from ckanext.activity.model import Activity
    pkg = world.datasets["b-priv"]
    stored = Activity(user_id=world.users["sysadmin"]["id"],
                      object_id=pkg["id"], activity_type="changed package",
                      data={"package": dict(pkg), "actor": "hf_sysadmin"})
    model.Session.add(stored)
    model.Session.commit()
    activity_id = stored.id
    assert FIELDS & set(model.Session.get(Activity, activity_id)
                        .data["package"])
    migrate_db_for("prioritization", "0001", False)
    migrate_db_for("prioritization")
    model.Session.expire_all()
    cleaned = model.Session.get(Activity, activity_id).data
    assert not FIELDS & set(cleaned["package"])
    # what the editors typed stays
    assert cleaned["package"]["notes"] == "edited"
    assert cleaned["actor"] == "hf_sysadmin"
