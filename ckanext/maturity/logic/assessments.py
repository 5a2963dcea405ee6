"""The CKAN side of an assessment: loading one (with a row lock for a
change), the dictionary the actions return, and storing checked answers.
The rules (checking, scoring, progress) are the pure ``framework``
module's; the actions of ``logic/action/`` share what is here."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata import actions
from ckanext.municipal_opendata.model import utcnow

from .. import framework as fw
from .. import model as mmodel
from .. import registry
from . import schema as sch

__all__ = [
    "apply_answers",
    "check_answers",
    "dictize",
    "framework_of",
    "framework_or_refusal",
    "get",
]


def _display_name(context, user_id, org) -> str | None:
    """What a page shows as who submitted: the person's full name, or the
    organization when the account has none (never the account name)."""
    user = context["model"].User.get(user_id) if user_id else None
    if user is None:
        return None
    if (user.fullname or "").strip():
        return user.fullname.strip()
    return (org.title or org.name) if org else None


def framework_of(assessment) -> fw.Framework | None:
    return registry.get(assessment.framework_version)


def framework_or_refusal(assessment) -> fw.Framework:
    """The assessment's framework, or a ValidationError naming the version
    this portal no longer knows (a change needs its rules)."""
    framework = framework_of(assessment)
    if framework is None:
        raise tk.ValidationError({"framework_version": [tk._(
            "Unknown framework version: {version}").format(
                version=assessment.framework_version)]})
    return framework


def get(context, assessment_id, lock=False) -> mmodel.Assessment:
    """The assessment or ObjectNotFound; ``lock``: row-locked until the
    transaction ends, and read afresh."""
    query = context["model"].Session.query(mmodel.Assessment).filter(
        mmodel.Assessment.id == assessment_id)
    if lock:
        query = query.with_for_update().populate_existing()
    assessment = query.one_or_none()
    if assessment is None:
        raise tk.ObjectNotFound(tk._("Assessment not found"))
    return assessment


def dictize(context, assessment, with_answers=True) -> dict[str, Any]:
    framework = framework_of(assessment)
    answers = assessment.answer_values()
    org = context["model"].Group.get(assessment.organization_id)
    # Who answered is the organization's business, as CKAN keeps its own
    # activity to members: others of a shared result see no user names.
    if actions.can_read_organization(context, assessment.organization_id):
        def person(user_id):
            return actions.user_name(context, user_id)
    else:
        def person(user_id):
            return None
    data = {
        "id": assessment.id,
        "organization_id": assessment.organization_id,
        "organization_name": org.name if org else None,
        "organization_title": (org.title or org.name) if org else None,
        "framework_version": assessment.framework_version,
        "state": assessment.state,
        "version": assessment.version,
        "shared": assessment.shared,
        "created": assessment.created.isoformat(),
        "created_by": person(assessment.created_by),
        "modified": assessment.modified.isoformat(),
        "modified_by": person(assessment.modified_by),
        "submitted": (assessment.submitted.isoformat()
                      if assessment.submitted else None),
        "submitted_by": person(assessment.submitted_by),
        "submitted_by_display": (
            _display_name(context, assessment.submitted_by, org)
            if person(assessment.submitted_by) else None),
    }
    if assessment.state == mmodel.SUBMITTED and assessment.result:
        data["result"] = assessment.result
    elif framework is not None:
        data["result"] = fw.score(framework, answers)
    else:
        data["result"] = None
    if with_answers:
        data["answers"] = answers
        data["progress"] = (fw.progress(framework, answers)
                            if framework else None)
    return data


def check_answers(framework, answers) -> dict[str, int | None]:
    """The answers checked against the framework, or ValidationError."""
    clean, problems = fw.check_answers(framework, answers)
    if problems:
        raise tk.ValidationError(sch.problems_to_errors(problems))
    return clean


def apply_answers(assessment, clean, user_id) -> bool:
    """Store changed answers at the assessment's next version; True when
    anything changed."""
    existing = {f"{a.domain}.{a.item}": a for a in assessment.answers}
    changed = fw.changed_answers(
        {k: a.value for k, a in existing.items()}, clean)
    if not changed:
        return False
    assessment.version += 1
    now = utcnow()
    for key, value in changed.items():
        answer = existing.get(key)
        if answer is None:
            domain, _, item = key.partition(".")
            answer = mmodel.Answer(domain=domain, item=item)
            assessment.answers.append(answer)
        answer.value = value
        answer.changed_in = assessment.version
        answer.modified_by = user_id
        answer.modified = now
    assessment.modified = now
    assessment.modified_by = user_id
    return True
