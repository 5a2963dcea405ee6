"""The pure screening module: score, unknown criteria, derived criteria,
recommendation, input checks and the rows of the pages."""
import pytest

from ckanext.prioritization import criteria as cr
from ckanext.prioritization import screening as sc

MODEL = cr.load_model()
EQUAL = {c.code: 1 for c in MODEL.criteria}


def values(**given):
    return {c.code: given.get(c.code) for c in MODEL.criteria}


def test_model_has_value_and_readiness_criteria_with_five_steps():
    assert {c.group for c in MODEL.criteria} == {"value", "readiness"}
    assert [c.code for c in MODEL.criteria if c.derived] == \
        ["scale", "obligation"]
    for c in MODEL.criteria:
        assert len(c.steps) == 5, c.code
        for step in c.steps:
            assert set(step) == {"en", "da", "nl", "sv"}, c.code


def test_all_top_is_100_all_bottom_is_0():
    assert sc.score(MODEL, EQUAL, values(**{c.code: 4 for c in
                                           MODEL.criteria}), {}).score == 100
    assert sc.score(MODEL, EQUAL, values(**{c.code: 0 for c in
                                           MODEL.criteria}), {}).score == 0


def test_unknown_is_not_zero_and_is_counted():
    result = sc.score(MODEL, EQUAL, values(demand=4, quality=2), {})
    assert result.score == 75.0  # mean of 4/4 and 2/4, not of 8 criteria
    assert result.known == 2
    assert result.unknown == 6
    assert "transparency" in result.unknown_criteria


def test_nothing_known_has_no_score():
    result = sc.score(MODEL, EQUAL, values(), {})
    assert result.score is None
    assert result.unknown == len(MODEL.criteria)


def test_weights_and_contributions_add_up():
    weights = dict(EQUAL, demand=3)
    result = sc.score(MODEL, weights, values(demand=4, quality=0), {})
    assert result.score == 75.0
    points = {b.criterion: b.points for b in result.breakdown}
    assert points["demand"] == 75.0
    assert points["quality"] == 0
    assert sum(points.values()) == pytest.approx(result.score)


def test_zero_weight_criterion_does_not_count():
    weights = dict(EQUAL, quality=0)
    assert sc.score(MODEL, weights, values(demand=4, quality=0),
                    {}).score == 100


@pytest.mark.parametrize("gates,expected", [
    ({"personal_data": "none", "confidentiality": "none"}, "publish_now"),
    ({"personal_data": "low", "confidentiality": "none"},
     "publish_after_anonymisation"),
    ({"personal_data": "none", "confidentiality": "low"},
     "publish_after_anonymisation"),
    ({"personal_data": "high", "confidentiality": "low"}, "do_not_publish"),
    ({"personal_data": "none"}, "risk_not_assessed"),
    ({}, "risk_not_assessed"),
])
def test_gates_change_recommendation_never_the_score(gates, expected):
    v = values(demand=3, quality=3)
    result = sc.score(MODEL, EQUAL, v, gates)
    assert result.recommendation == expected
    assert result.score == sc.score(MODEL, EQUAL, v, {}).score == 75.0


@pytest.mark.parametrize("municipalities,step", [
    (0, 0), (1, 0), (2, 1), (3, 2), (4, 2), (5, 3), (9, 3), (10, 4), (98, 4)])
def test_scale_from_municipalities_holding_the_type(municipalities, step):
    assert sc.scale_step(MODEL, municipalities) == step


def test_derived_criteria():
    facts = sc.Facts(dataset_type_code="parking", hvd_category="c_b79e35eb",
                     municipalities_with_type=5, demand_signals=3)
    v = sc.effective_values(MODEL, {"demand": 1}, False, facts)
    assert v["scale"] == 3
    assert v["obligation"] == 4
    assert v["demand"] == 2  # raised by 3 signals
    none = sc.effective_values(MODEL, {}, False, sc.Facts())
    assert none["scale"] is None  # no dataset type: unknown
    assert none["obligation"] == 0
    assert none["demand"] is None
    assert sc.effective_values(MODEL, {}, True, sc.Facts())["obligation"] == 4


def test_typed_demand_above_signals_stays():
    assert sc.demand_step(MODEL, 4, 1) == 4
    assert sc.demand_step(MODEL, None, 0) is None
    assert sc.demand_step(MODEL, None, 10) == 3


def test_check_screening_clean():
    clean, problems = cr.check_screening(MODEL, {
        "status": "candidate", "scores": {"demand": "3", "quality": 2,
                                          "effort": ""},
        "evidence": {"demand": " Asked by 3 firms "},
        "personal_data": "none", "confidentiality": "none",
        "legal_duty": "on"})
    assert problems == []
    assert clean["scores"] == {"demand": 3, "quality": 2}
    assert clean["evidence"] == {"demand": "Asked by 3 firms"}
    assert clean["legal_duty"] is True
    assert clean["reason"] is None


@pytest.mark.parametrize("data,field,code", [
    ({"status": "maybe"}, "status", "unknown_status"),
    ({}, "status", "missing"),
    ({"status": "candidate", "scores": {"demand": 5}}, "scores.demand",
     "out_of_scale"),
    ({"status": "candidate", "scores": {"demand": -1}}, "scores.demand",
     "out_of_scale"),
    ({"status": "candidate", "scores": {"demand": "high"}}, "scores.demand",
     "out_of_scale"),
    ({"status": "candidate", "scores": {"demand": 2.5}}, "scores.demand",
     "out_of_scale"),
    ({"status": "candidate", "scores": {"demand": True}}, "scores.demand",
     "out_of_scale"),
    ({"status": "candidate", "scores": {"scale": 4}}, "scores.scale",
     "derived"),
    ({"status": "candidate", "scores": {"beauty": 4}}, "scores.beauty",
     "unknown_criterion"),
    ({"status": "candidate", "scores": [1, 2]}, "scores", "not_a_mapping"),
    ({"status": "candidate", "personal_data": "some"}, "personal_data",
     "unknown_risk_level"),
    ({"status": "candidate", "confidentiality": "top"}, "confidentiality",
     "unknown_risk_level"),
    ({"status": "declined"}, "reason", "reason_required"),
    ({"status": "candidate", "personal_data": "high",
      "confidentiality": "none"}, "reason", "reason_required"),
    ({"status": "candidate", "legal_duty": "perhaps"}, "legal_duty",
     "not_a_boolean"),
    ({"status": "candidate", "reason": "x" * 2001}, "reason", "too_long"),
])
def test_check_screening_problems(data, field, code):
    _clean, problems = cr.check_screening(MODEL, data)
    assert (field, code) in [(p.field, p.code) for p in problems]


@pytest.mark.parametrize("weights,field,code", [
    ({**EQUAL, "demand": -1}, "weights.demand", "negative_weight"),
    ({**EQUAL, "demand": "lots"}, "weights.demand", "not_a_number"),
    ({**EQUAL, "demand": float("nan")}, "weights.demand", "negative_weight"),
    ({k: 0 for k in EQUAL}, "weights", "all_zero"),
    ({**EQUAL, "beauty": 1}, "weights.beauty", "unknown_criterion"),
    ({"demand": 1}, "weights.quality", "missing"),
    ("1,2", "weights", "not_a_mapping"),
])
def test_check_weights_problems(weights, field, code):
    clean, problems = cr.check_weights(MODEL, weights)
    assert (field, code) in [(p.field, p.code) for p in problems]


def test_check_weights_clean():
    clean, problems = cr.check_weights(MODEL, {**EQUAL, "demand": "2.5"})
    assert problems == []
    assert clean["demand"] == 2.5


@pytest.mark.parametrize("value,text", [
    (73.5, "073.50"), (100, "100.00"), (0, "000.00"), (5.125, "005.12"),
    (None, "")])
def test_sortable_score_sorts_as_text(value, text):
    assert sc.sortable_score(value) == text


def test_sortable_scores_sort_like_numbers():
    numbers = [9.5, 100, 73.25, 0, 10]
    assert sorted(numbers) == [float(s) for s in sorted(
        sc.sortable_score(n) for n in numbers)]


def test_reason_names_strongest_weakest_and_unknown():
    result = sc.score(MODEL, EQUAL, values(demand=4, quality=1, effort=3),
                      {})
    why = sc.reason(result.breakdown, result.score, result.unknown)
    assert why.strongest == ("demand",)
    assert why.weakest == ("quality",)
    assert why.unknown == 5


def test_ranking_rows_number_from_offset():
    result = sc.score(MODEL, EQUAL, values(demand=4), {}).as_dict()
    rows = sc.ranking_rows([dict(result, name="a"), dict(result, name="b")],
                           offset=20)
    assert [r["rank"] for r in rows] == [21, 22]
    assert rows[0]["reason"]["strongest"] == ("demand",)


def test_effective_status():
    assert sc.effective_status(None, False) == "published"
    assert sc.effective_status(None, True) is None
    assert sc.effective_status("declined", False) == "declined"


def test_coverage_matrix_counts_and_joint_ranking():
    items = [
        {"dataset_type_code": "parking", "municipality": "aarhus",
         "status": "published", "score": None},
        {"dataset_type_code": "parking", "municipality": "aarhus",
         "status": "candidate", "score": 90},
        {"dataset_type_code": "parking", "municipality": "gent",
         "status": "candidate", "score": 40},
        {"dataset_type_code": "parking", "municipality": "gent",
         "status": "in_preparation", "score": 60},
        {"dataset_type_code": "noise", "municipality": "gent",
         "status": "candidate", "score": 80},
        {"dataset_type_code": "noise", "municipality": "leuven",
         "status": "declined", "score": 99},
        {"dataset_type_code": None, "municipality": "gent",
         "status": "candidate", "score": 99},
    ]
    c = sc.coverage(items)
    assert c["types"] == ["noise", "parking"]
    assert c["municipalities"] == ["aarhus", "gent"]
    assert c["cells"]["parking|aarhus"]["state"] == "published"
    assert c["cells"]["parking|gent"] == {"state": "candidate", "score": 60,
                                          "status": "in_preparation"}
    assert "noise|leuven" not in c["cells"]
    assert c["per_type"]["parking"] == {"published": 1, "candidates": 1,
                                        "mean_score": 60}
    assert c["per_municipality"]["gent"] == {"published": 0,
                                             "candidates": 2}
    assert [j["dataset_type_code"] for j in c["joint"]] == ["noise",
                                                            "parking"]


def test_bad_model_file(tmp_path):
    bad = tmp_path / "criteria.yaml"
    bad.write_text("criteria: [{code: x}]")
    with pytest.raises(cr.ModelError):
        cr.load_model(bad)
