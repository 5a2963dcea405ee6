"""Schemas of the actions, and the translated messages for the problems
found by the pure screening module."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata import compat
from ckanext.municipal_opendata import validation as valid
from ckanext.municipal_opendata.lang import current_lang
from ckanext.municipal_opendata.labels import pick_label

from .. import criteria as cr
from .. import registry


def _v(name):
    return tk.get_validator(name)


def _codes(what):
    return _v("prioritization_one_of_model")(what)


def id_schema():
    return {"id": [_v("not_empty"), valid.identifier, _v("unicode_safe")]}


def _code():
    """An optional code or id: text without NUL."""
    return [_v("ignore_missing"), valid.identifier, _v("unicode_safe")]


def _text():
    return [_v("ignore_missing"), valid.free_text, _v("unicode_safe")]


def ranking_schema():
    return {
        "status": [_v("ignore_missing"), _codes("statuses")],
        "recommendation": [_v("ignore_missing"), _codes("recommendations")],
        "theme": _code(),
        "municipality": _code(),
        "dataset_type_code": _code(),
        "q": _text(),
        "limit": [_v("default")(20), valid.bounded_int(0, 10000)],
        "offset": [_v("default")(0), valid.bounded_int(0, valid.MAX_OFFSET)],
        "facets": [_v("default")(True), compat.boolean_validator],
        "weights": [_v("ignore_missing")],
    }


def type_suggestion_list_schema():
    return {
        "organization": _code(),
        "limit": [_v("default")(50), valid.bounded_int(0, 1000)],
        "offset": [_v("default")(0), valid.bounded_int(0, valid.MAX_OFFSET)],
    }


def type_suggestion_confirm_schema():
    return {"id": [_v("not_empty"), valid.identifier, _v("unicode_safe")],
            "dataset_type_code": [_v("not_empty"), valid.identifier,
                                  _v("unicode_safe")]}


def coverage_schema():
    return {"theme": _code(), "dataset_type_code": _code()}


def demand_schema():
    return {
        "package_id": _code(),
        "dataset_type_code": _code(),
        "audience": [_v("not_empty"), _codes("audiences")],
        "note": _text() + [_v("prioritization_at_most_chars")(1000)],
    }


def demand_summary_schema():
    return {"package_id": _code(), "dataset_type_code": _code()}


def field_label(field: str) -> str:
    """A problem's field as people read it ('Demand', 'Weight of
    Demand', 'Status' ...)."""
    model = registry.screening_model()
    lang = current_lang()
    head, _, code = field.partition(".")
    criterion = model.criterion(code) if code else None
    name = pick_label(criterion.label, lang) if criterion else code
    if head == "scores":
        return tk._("Score of {criterion}").format(criterion=name)
    if head == "evidence":
        return tk._("Evidence for {criterion}").format(criterion=name)
    if head == "weights" and code:
        return tk._("Weight of {criterion}").format(criterion=name)
    gate = model.gate(field)
    if gate is not None:
        return pick_label(gate.label, lang)
    return {"status": tk._("Status"), "reason": tk._("Reason"),
            "weights": tk._("Weights"),
            "legal_duty": tk._("Legal duty to publish")}.get(field, field)


def problem_message(problem: cr.Problem) -> str:
    params = dict(problem.params)
    label = field_label(problem.field)
    code = problem.code
    if code == "missing":
        return tk._("{field}: missing value").format(field=label)
    if code == "unknown_status":
        return tk._("{field}: unknown status {value}; choose one of "
                    "{known}").format(field=label, value=params["value"],
                                      known=", ".join(params["known"]))
    if code == "unknown_risk_level":
        return tk._("{field}: unknown risk level {value}; choose one of "
                    "{known}").format(field=label, value=params["value"],
                                      known=", ".join(params["known"]))
    if code == "unknown_criterion":
        return tk._("Unknown criterion: {criterion}").format(**params)
    if code == "derived":
        return tk._("{field} is computed by the portal and cannot be "
                    "typed").format(field=label)
    if code == "out_of_scale":
        return tk._("{field}: {value} is not a score; choose a whole "
                    "number from {min} to {max}, or leave it unknown"
                    ).format(field=label, **params)
    if code == "not_a_mapping":
        return tk._("{field} must be an object of criterion codes and "
                    "values").format(field=label)
    if code == "not_text":
        return tk._("{field} must be text").format(field=label)
    if code == "nul":
        return tk._("{field} must not contain a NUL character").format(
            field=label)
    if code == "too_long":
        return tk._("{field} is longer than {max} characters").format(
            field=label, **params)
    if code == "not_a_boolean":
        return tk._("{field} must be true or false").format(field=label)
    if code == "reason_required":
        return tk._("{field}: record why the dataset is declined or only "
                    "recommended for restricted publication").format(
                        field=label)
    if code == "not_a_number":
        return tk._("{field}: {value} is not a number").format(
            field=label, value=params["value"])
    if code == "negative_weight":
        return tk._("{field}: a weight must be zero or more").format(
            field=label)
    if code == "weight_too_large":
        return tk._("{field}: a weight must be at most {max}").format(
            field=label, max=params["max"])
    if code == "all_zero":
        return tk._("Weights: at least one weight must be above zero")
    return f"{label}: {code}"


def problems_to_errors(problems: list[cr.Problem]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem.field, []).append(
            problem_message(problem))
    return errors
