"""Schemas of the actions, and the translated messages for problems found
by the pure framework module."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata.labels import pick_label

from .. import framework as fw
from .validators import _shown


def _v(name):
    return tk.get_validator(name)


def create_schema():
    return {
        "organization_id": [_v("not_empty"), _v("unicode_safe"),
                            _v("maturity_organization")],
        "framework_version": [_v("ignore_missing"), _v("unicode_safe"),
                              _v("maturity_framework_version")],
        "shared": [_v("ignore_missing"), _v("maturity_boolean")],
        "copy_previous": [_v("ignore_missing"), _v("maturity_boolean")],
    }


def update_schema():
    return {
        "id": [_v("not_empty"), _v("unicode_safe"),
               _v("maturity_identifier")],
        "version": [_v("ignore_missing"), _v("int_validator")],
        "shared": [_v("ignore_missing"), _v("maturity_boolean")],
    }


def submit_schema():
    return {
        "id": [_v("not_empty"), _v("unicode_safe"),
               _v("maturity_identifier")],
        "version": [_v("ignore_missing"), _v("int_validator")],
    }


def show_schema():
    return {"id": [_v("not_empty"), _v("unicode_safe"),
                   _v("maturity_identifier")]}


def list_schema():
    return {
        "organization_id": [_v("not_empty"), _v("unicode_safe"),
                            _v("maturity_organization")],
        "state": [_v("ignore_missing"),
                  _v("one_of")(["draft", "submitted"])],
    }


def network_schema():
    return {
        "organization_id": [_v("ignore_missing"), _v("unicode_safe"),
                            _v("maturity_organization")],
    }


def framework_show_schema():
    return {
        "version": [_v("ignore_missing"), _v("unicode_safe"),
                    _v("maturity_framework_version")],
        "lang": [_v("ignore_missing"), _v("unicode_safe"),
                 _v("maturity_identifier")],
    }


def answer_label(framework: fw.Framework, key: str, lang: str) -> str:
    """'Domain: statement' (or 'Domain: need') for an answer key."""
    domain_code, _, item = key.partition(".")
    domain = framework.domain(domain_code)
    if domain is None:
        return key
    name = pick_label(domain.name, lang)
    if item == fw.NEED:
        return tk._("{domain}: need to improve").format(domain=name)
    statement = domain.statement(item)
    return f"{name}: {pick_label(statement.text, lang)}" if statement else key


def problem_message(problem: fw.Problem) -> str:
    # values come from the request: quoted short and printable
    params = {k: _shown(v) for k, v in problem.params.items()}
    if problem.code == "unknown_domain":
        return tk._("Unknown domain: {domain}").format(**params)
    if problem.code == "unknown_statement":
        return tk._("Unknown statement {statement} in domain "
                    "{domain}").format(**params)
    if problem.code == "out_of_scale":
        return tk._("Answer {value} is outside the scale: choose a whole "
                    "number from {min} to {max}").format(**params)
    if problem.code == "not_a_mapping":
        return tk._("Answers must be an object of answer keys and values")
    return problem.code


def problems_to_errors(problems: list[fw.Problem]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem.field, []).append(problem_message(problem))
    return errors
