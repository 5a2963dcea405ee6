"""The actions that create: a draft assessment, a network release."""
from __future__ import annotations

from sqlalchemy.exc import IntegrityError

import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata import actions
from ckanext.municipal_opendata.validation import validated

from ... import framework as fw
from ... import model as mmodel
from ... import registry
from .. import assessments
from .. import releases
from .. import schema as sch

__all__ = [
    "maturity_assessment_create",
    "maturity_network_release",
]


def _previous_answers(session, org_id, framework) -> dict[str, int | None]:
    """The answers of the organization's last submitted assessment that
    exist in ``framework`` (none when it has none)."""
    previous = session.query(mmodel.Assessment).filter_by(
        organization_id=org_id, state=mmodel.SUBMITTED).order_by(
        mmodel.Assessment.submitted.desc()).first()
    if previous is None:
        return {}
    copied, _problems = fw.check_answers(framework, {
        k: v for k, v in previous.answer_values().items()
        if k.split(".")[0] in {d.code for d in framework.domains}})
    known = set(framework.keys())
    return {k: v for k, v in copied.items() if k in known}


def maturity_assessment_create(context, data_dict):
    """Start a draft assessment for an organization.

    :param organization_id: name or id of the organization
    :param framework_version: default: the current framework
    :param shared: share the answers with the network once submitted
    :param copy_previous: start from the answers of the organization's last
        submitted assessment (those that exist in the framework used)
    :param answers: optional first answers, ``{"domain.statement": 0..3,
        "domain.need": 0..2}``
    """
    tk.check_access("maturity_assessment_create", context, data_dict)
    answers = data_dict.get("answers") or {}
    data = validated({k: v for k, v in data_dict.items() if k != "answers"},
                     sch.create_schema(), context)
    version = data.get("framework_version") or registry.current_version()
    framework = registry.get(version)
    clean = assessments.check_answers(framework, answers)
    session = context["model"].Session
    org_id = data["organization_id"]

    draft = session.query(mmodel.Assessment).filter_by(
        organization_id=org_id, state=mmodel.DRAFT).first()
    if draft is not None:
        raise tk.ValidationError({"organization_id": [tk._(
            "This organization already has a draft assessment; continue "
            "that one or submit it first")], "draft_id": [draft.id]})

    if data.get("copy_previous"):
        clean = {**_previous_answers(session, org_id, framework), **clean}

    user_id = actions.acting_user_id(context)
    assessment = mmodel.Assessment(
        organization_id=org_id, framework_version=framework.version,
        state=mmodel.DRAFT, version=0, shared=bool(data.get("shared")),
        created_by=user_id, modified_by=user_id)
    session.add(assessment)
    assessments.apply_answers(assessment, clean, user_id)
    assessment.version = max(assessment.version, 1)
    for answer in assessment.answers:
        answer.changed_in = assessment.version
    try:
        session.commit()
    except IntegrityError:  # a concurrent create won the race
        session.rollback()
        raise tk.ValidationError({"organization_id": [tk._(
            "This organization already has a draft assessment; continue "
            "that one or submit it first")]})
    return assessments.dictize(context, assessment)


def maturity_network_release(context, data_dict):
    """Move the network figures on from the current results, by the same
    rule as a submission does (docs/maturity.md, section 3): needed once
    after upgrading to migration 0002, whose release table starts empty.
    Sysadmins only. Returns whether the figures moved.
    """
    tk.check_access("maturity_network_release", context, data_dict)
    session = context["model"].Session
    before = releases.latest_release(session)
    try:
        releases.advance(context)
        session.commit()
    except Exception:
        session.rollback()
        raise
    after = releases.latest_release(session)
    return {"moved": (after.id if after else None)
            != (before.id if before else None)}
