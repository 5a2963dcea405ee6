"""Deleting a dataset, by name or by id, through the API or the web form:
it succeeds, and the dataset leaves the ranking, the coverage and the
demand counts at once (and stays out once purged)."""
import pytest

import ckan.logic as logic
import ckan.model as model
from ckan.tests import helpers

from ckanext.postgres_search import consistency
from .conftest import PLUGINS, SECRETARIAT, call, headers, make_dataset

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", PLUGINS),
    pytest.mark.ckan_config(
        "ckanext.prioritization.secretariat_organization", SECRETARIAT),
    pytest.mark.usefixtures("clean_db", "clean_index"),
]

PARKING = [{"key": "dataset_type_code", "value": "parking"}]


def ranked(who=None):
    return [r["name"] for r in call(who, "prioritization_ranking")["results"]]


def assert_gone(app, name, title):
    assert model.Package.get(name).state == "deleted"
    assert name not in ranked()
    assert title not in app.get("/prioritization").body
    assert name not in [r["name"] for r in helpers.call_action(
        "package_search", include_private=True)["results"]]


@pytest.mark.parametrize("key", ["name", "id"])
def test_api_delete(app, roles, candidates, key):
    assert "leuven-parking" in ranked()
    call(roles.editor, "package_delete", id=candidates["public"][key])
    assert_gone(app, "leuven-parking", "Leuven Parking")
    assert consistency.verify() == []


def test_web_delete_by_name(app, roles, tokens, candidates):
    response = app.post("/dataset/delete/leuven-parking",
                        headers=headers(tokens, "editor"),
                        follow_redirects=False)
    assert response.status_code == 302, response.body
    assert_gone(app, "leuven-parking", "Leuven Parking")


def test_deleted_dataset_leaves_coverage_and_demand(roles):
    site = {"ignore_auth": True}
    leuven = make_dataset(roles.org, "leuven-parking", extras=PARKING)
    make_dataset(roles.other_org, "gent-parking", extras=PARKING)
    for name in ("leuven-parking", "gent-parking"):
        helpers.call_action("prioritization_screening_update",
                            context=dict(site), id=name, status="candidate",
                            scores={"demand": 2}, personal_data="none",
                            confidentiality="none")
    call(roles.reuser, "prioritization_demand_create",
         package_id=leuven["id"], audience="business")
    before = call(roles.sysadmin, "prioritization_screening_show",
                  id="gent-parking")
    coverage = call(roles.sysadmin, "prioritization_coverage")
    assert coverage["per_type"]["parking"]["candidates"] == 2

    call(roles.admin, "package_delete", id="leuven-parking")

    coverage = call(roles.sysadmin, "prioritization_coverage")
    assert coverage["per_type"]["parking"]["candidates"] == 1
    assert ranked(roles.sysadmin) == ["gent-parking"]
    with pytest.raises(logic.NotFound):
        call(roles.sysadmin, "prioritization_demand_summary",
             package_id=leuven["id"])
    # one municipality fewer holds the type: Gent's score was recomputed,
    # and its index entry with it
    after = call(roles.sysadmin, "prioritization_screening_show",
                 id="gent-parking")
    assert after["score"] != before["score"]
    assert consistency.verify() == []
    assert call(roles.sysadmin, "prioritization_recompute")[
        "rescored"] == 0


def test_purged_dataset_stays_out(app, roles, candidates):
    call(roles.editor, "package_delete", id="leuven-parking")
    helpers.call_action("dataset_purge", id="leuven-parking")
    assert "leuven-parking" not in ranked(roles.sysadmin)
    assert "Leuven Parking" not in app.get("/prioritization").body
    assert call(roles.sysadmin, "prioritization_recompute")[
        "rescored"] == 0
