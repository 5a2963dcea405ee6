"""Many users at once: screeners screening the same dataset for the first
time, the secretariat saving weights twice at the same moment, editors
patching datasets while the weights change. Every call succeeds, the
weights history is a chain, and every index row holds what indexing its
dataset now would give (the scores the database has)."""
import pytest
import sqlalchemy as sa

import ckan.model as model
from ckan.tests import helpers

from ckanext.postgres_search import consistency
from ckanext.prioritization import model as pmodel
from tests.threads import at_once
from .conftest import PLUGINS, SECRETARIAT, call, make_dataset

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", PLUGINS),
    pytest.mark.ckan_config(
        "ckanext.prioritization.secretariat_organization", SECRETARIAT),
    pytest.mark.usefixtures("clean_db", "clean_index"),
]

CRITERIA = ("demand", "transparency", "economic_reuse", "scale",
            "obligation", "quality", "effort", "machine_readable")


def screen(user, name, demand):
    return lambda: call(user, "prioritization_screening_update", id=name,
                        status="candidate",
                        scores={"demand": demand, "quality": 2},
                        personal_data="none", confidentiality="none")


def weights(user, demand):
    new = dict.fromkeys(CRITERIA, 1)
    new["demand"] = demand
    return lambda: call(user, "prioritization_weights_update", weights=new)


def patch(user, name, number):
    return lambda: call(user, "package_patch", id=name,
                        notes=f"Edit number {number}")


def found_with_score(name, score):
    """Whether a search for the score finds the dataset."""
    return helpers.call_action(
        "package_search", include_private=True,
        fq=f'name:{name} prioritization_score:"{score}"')["count"] == 1


def test_concurrent_first_screenings(roles):
    make_dataset(roles.org, "leuven-parking")
    model.Session.remove()
    outcome = at_once([screen(roles.editor, "leuven-parking", n % 5)
                       for n in range(20)], timeout=30)
    assert outcome.errors == []
    assert model.Session.query(pmodel.Screening).count() == 1
    shown = call(roles.editor, "prioritization_screening_show",
                 id="leuven-parking")
    assert found_with_score("leuven-parking", shown["score"])
    assert consistency.verify() == []


def test_concurrent_weight_changes_form_a_chain(roles, candidates):
    model.Session.remove()
    outcome = at_once([weights(roles.secretary, n) for n in range(1, 21)],
                      timeout=30)
    assert outcome.errors == []
    history = call(roles.secretary, "prioritization_weights_history")
    assert len(history) == 20
    for newer, older in zip(history, history[1:]):
        assert newer["old"] == older["new"]
    assert history[0]["new"] == call(
        None, "prioritization_weights_show")["weights"]
    # the scores are those of the last weights, and so is the index
    repaired = call(roles.sysadmin, "prioritization_recompute")
    assert (repaired["rescored"], repaired["repaired"]) == (0, 0)
    assert consistency.verify() == []


def test_editors_and_weight_changes_at_once_leave_no_stale_index(
        roles, candidates):
    names = ["leuven-parking", "leuven-trees"]
    model.Session.remove()
    calls = [patch(roles.editor, names[n % 2], n) for n in range(16)]
    calls += [weights(roles.secretary, n) for n in range(2, 6)]
    outcome = at_once(calls, timeout=40)
    assert outcome.errors == []
    assert consistency.verify() == []
    for name in names:
        shown = call(roles.editor, "prioritization_screening_show", id=name)
        assert found_with_score(name, shown["score"])
    result = call(roles.sysadmin, "prioritization_recompute")
    assert (result["rescored"], result["repaired"]) == (0, 0)


def test_recompute_repairs_a_stale_index_row(roles, candidates):
    # an index row left behind with another score (as the pool exhaustion
    # of concurrent editors left 32 of 34)
    model.Session.execute(sa.text("""
        UPDATE postgres_search_index
        SET doc = jsonb_set(doc, '{prioritization_score}', '"1.0"'),
            fields = jsonb_set(fields, '{prioritization_score}', '["1.0"]')
        WHERE doc->>'name' = 'leuven-parking'"""))
    model.Session.commit()
    assert found_with_score("leuven-parking", "1.0")
    assert [s["name"] for s in consistency.verify()] == ["leuven-parking"]
    result = call(roles.sysadmin, "prioritization_recompute")
    assert (result["rescored"], result["repaired"]) == (0, 1)
    assert found_with_score("leuven-parking", 66.67)
    assert consistency.verify() == []
