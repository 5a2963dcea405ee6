"""The scoring loop of a recomputation (``screening.rescore``), without
CKAN: which stored rows change and what they become."""
import dataclasses

from ckanext.prioritization import criteria as cr
from ckanext.prioritization import screening as sc

MODEL = cr.load_model()
EQUAL = {c.code: 1 for c in MODEL.criteria}


def stored(package_id="a", **given):
    row = dict(package_id=package_id, dataset_type_code=None,
               hvd_category=None, status=None, score=None,
               recommendation=None, known=0, steps={}, demand_signals=0,
               screened=False, screening_status=None, scores=None,
               legal_duty=False, personal_data=None, confidentiality=None)
    row.update(given)
    return sc.Stored(**row)


def rescore(rows, holders=None, on_dataset=None, on_type=None):
    return sc.rescore(MODEL, EQUAL, rows, holders or {}, on_dataset or {},
                      on_type or {})


def test_unscreened_and_unchanged_rows_are_left_out():
    assert rescore([stored()]) == []


def test_a_first_screening_is_scored_and_changed():
    (new,) = rescore([stored(screened=True, screening_status="candidate",
                             scores={"demand": 4}, personal_data="none",
                             confidentiality="none")])
    assert new.changed and new.status == "candidate"
    assert new.score is not None and new.known >= 2
    assert new.steps["demand"] == 4 and new.steps["obligation"] == 0
    assert new.recommendation != cr.RISK_NOT_ASSESSED


def test_a_rescored_row_equal_to_the_stored_one_is_left_out():
    row = stored(screened=True, screening_status="candidate",
                 scores={"demand": 2})
    (new,) = rescore([row])
    again = dataclasses.replace(
        row, status=new.status, score=new.score, known=new.known,
        recommendation=new.recommendation, steps=new.steps,
        demand_signals=new.demand_signals)
    assert rescore([again]) == []


def test_other_steps_or_demand_are_written_but_not_changed():
    row = stored(screened=True, screening_status="candidate",
                 scores={"demand": 2})
    (new,) = rescore([row])
    same_score = dataclasses.replace(
        row, status=new.status, score=new.score, known=new.known,
        recommendation=new.recommendation, steps=new.steps,
        demand_signals=new.demand_signals + 1)
    (written,) = rescore([same_score])
    assert not written.changed


def test_demand_signals_add_dataset_and_type_demand():
    row = stored(dataset_type_code="parking", screened=True,
                 screening_status="candidate")
    (new,) = rescore([row], holders={"parking": 3}, on_dataset={"a": 2},
                     on_type={"parking": 5})
    assert new.demand_signals == 7
    assert new.steps["scale"] == sc.scale_step(MODEL, 3)
    assert new.steps["demand"] == sc.demand_step(MODEL, None, 7)


def test_a_row_that_lost_its_screening_loses_its_score():
    (new,) = rescore([stored(status="candidate", score=50.0, known=3,
                             recommendation="publish")])
    assert new.changed
    assert (new.status, new.score, new.recommendation, new.steps) == (
        None, None, None, {})


def test_order_is_kept():
    rows = [stored(p, screened=True, screening_status="candidate")
            for p in "cab"]
    assert [r.package_id for r in rescore(rows)] == ["c", "a", "b"]
