"""What the actions and pages say, read as a person or a client reads it
(issue #20): one rule for when a score exists, the same on every page and
API; an API field holds a value of its declared type; a refusal names
what was asked; the municipality facet names municipalities."""
import pytest

import ckan.logic as logic
from ckan.tests import factories

from .conftest import PLUGINS, SECRETARIAT, call, headers, make_dataset

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", PLUGINS),
    pytest.mark.ckan_config(
        "ckanext.prioritization.secretariat_organization", SECRETARIAT),
]

HVD = "http://data.europa.eu/bna/c_ac64a52d"
TYPE = {"key": "dataset_type_code", "value": "parking"}


def test_no_score_before_a_screening_on_every_page_and_api(app, roles,
                                                          tokens):
    """Demand alone (for the dataset and its type) gives no score: the
    Screening tab, screening_show, package_show and the ranking agree."""
    pkg = make_dataset(roles.org, "leuven-parking", extras=[TYPE])
    call(roles.reuser, "prioritization_demand_create",
         package_id=pkg["id"], audience="business")
    call(roles.reuser, "prioritization_demand_create",
         dataset_type_code="parking", audience="citizen")
    shown = call(roles.editor, "prioritization_screening_show", id=pkg["id"])
    assert (shown["score"], shown["status"], shown["breakdown"]) == (
        None, None, [])
    assert shown["demand_signals"] == 2  # still counted
    assert call(roles.editor, "package_show",
                id=pkg["id"])["prioritization_score"] is None
    assert call(roles.sysadmin, "prioritization_ranking")["count"] == 0
    body = app.get("/dataset/leuven-parking/screening",
                   headers=headers(tokens, "editor")).body
    assert "This dataset has not been screened yet." in body
    assert "prioritization-score-value" not in body
    # the demand is told as the Demand criterion counts it
    assert "1 re-user asked for this dataset through the portal; " \
        "1 asked for datasets of this type." in body

    call(roles.editor, "prioritization_screening_update", id=pkg["id"],
         status="candidate", scores={"quality": 2})
    shown = call(roles.editor, "prioritization_screening_show", id=pkg["id"])
    assert shown["score"] is not None
    assert call(roles.editor, "package_show", id=pkg["id"])[
        "prioritization_score"] == shown["score"]


def test_hvd_category_is_a_list_as_in_package_show(roles):
    # stored as a multiple-select field stores it: JSON text in an extra
    pkg = make_dataset(roles.org, "leuven-air", extras=[
        {"key": "hvd_category", "value": f'["{HVD}"]'}])
    shown = call(roles.editor, "prioritization_screening_show", id=pkg["id"])
    assert shown["hvd_category"] == [HVD]
    plain = make_dataset(roles.org, "leuven-trees")
    assert call(roles.editor, "prioritization_screening_show",
                id=plain["id"])["hvd_category"] == []
    # and the obligation criterion reads the category, not the text
    call(roles.editor, "prioritization_screening_update", id=pkg["id"],
         status="candidate", scores={"quality": 2})
    steps = {b["criterion"]: b["value"] for b in call(
        roles.editor, "prioritization_screening_show",
        id=pkg["id"])["breakdown"]}
    assert steps["obligation"] == 4


@pytest.mark.parametrize("who", ["anonymous", "reuser", "editor"])
def test_weights_history_refusal_says_what_was_asked(app, roles, tokens,
                                                     who):
    response = app.get("/api/3/action/prioritization_weights_history",
                       headers=headers(tokens, who), status=403)
    message = response.json["error"]["message"]
    assert "history of the weights" in message
    assert "change the weights" not in message
    if who != "anonymous":
        with pytest.raises(logic.NotAuthorized):
            call(roles[who], "prioritization_weights_history")


def test_municipality_facet_names_the_municipality(app, roles, candidates):
    """Without a municipality code a dataset's municipality is its
    organization: the facet shows the organization's title."""
    body = app.get("/prioritization").body
    assert '<span class="item-label">Leuven</span>' in body
    assert '<span class="item-label">leuven</span>' not in body
