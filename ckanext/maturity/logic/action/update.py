"""The actions that change an assessment: its answers and sharing, and
submitting it."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata import actions
from ckanext.municipal_opendata.lang import current_lang
from ckanext.municipal_opendata.model import utcnow
from ckanext.municipal_opendata.validation import validated

from ... import framework as fw
from ... import model as mmodel
from .. import assessments
from .. import releases
from .. import schema as sch

__all__ = [
    "maturity_assessment_submit",
    "maturity_assessment_update",
]


def _conflict_error(framework, conflicts, version) -> tk.ValidationError:
    lang = current_lang()
    names = "; ".join(sch.answer_label(framework, k, lang)
                      for k in conflicts)
    return tk.ValidationError({
        "conflict": [tk._(
            "Someone else changed these answers after you "
            "opened the form: {answers}. Your answers were not "
            "saved; look at theirs and answer again."
        ).format(answers=names)],
        "conflict_keys": conflicts,
        "version": [str(version)]})


def _save_answers(assessment, answers, base, user_id) -> None:
    """Check the answers given on assessment version ``base`` and merge
    them into the draft (fw.merge_answers), or ValidationError."""
    if assessment.state != mmodel.DRAFT:
        raise tk.ValidationError({"answers": [tk._(
            "This assessment has been submitted and can no longer "
            "change; start a new assessment instead")]})
    framework = assessments.framework_or_refusal(assessment)
    clean = assessments.check_answers(framework, answers)
    if base is None:
        raise tk.ValidationError({"version": [tk._(
            "Missing value: the assessment version the answers are "
            "based on")]})
    if base > assessment.version or base < 0:
        raise tk.ValidationError({"version": [tk._(
            "Unknown assessment version: {version}").format(
                version=base)]})
    stored = {f"{a.domain}.{a.item}": (a.value, a.changed_in)
              for a in assessment.answers}
    _changed, conflicts = fw.merge_answers(stored, clean, base)
    if conflicts:
        raise _conflict_error(framework, conflicts, assessment.version)
    assessments.apply_answers(assessment, clean, user_id)


def _set_shared(context, assessment, shared, user_id) -> None:
    if shared == assessment.shared:
        return
    assessment.shared = shared
    assessment.modified = utcnow()
    assessment.modified_by = user_id
    if assessment.state == mmodel.SUBMITTED:
        # public from now on, for good (see releases.advance)
        assessment.was_shared = assessment.was_shared or assessment.shared
        releases.advance(context)


def maturity_assessment_update(context, data_dict):
    """Save answers to a draft, or change whether an assessment is shared.

    :param id: the assessment
    :param version: the assessment version the answers were based on
        (required with ``answers``). When other editors saved in between,
        answers to different statements are merged; if someone else changed
        one of the same answers to another value, nothing is saved and a
        conflict is reported.
    :param answers: ``{"domain.statement": 0..3 or null, "domain.need":
        0..2 or null}``; only the answers to change
    :param shared: share this assessment's answers with the network
    """
    tk.check_access("maturity_assessment_update", context, data_dict)
    answers = data_dict.get("answers")
    data = validated({k: v for k, v in data_dict.items() if k != "answers"},
                     sch.update_schema(), context)
    session = context["model"].Session
    assessment = assessments.get(context, data["id"], lock=True)
    user_id = actions.acting_user_id(context)
    try:
        if answers:
            _save_answers(assessment, answers, data.get("version"), user_id)
        if "shared" in data:
            _set_shared(context, assessment, data["shared"], user_id)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return assessments.dictize(context, assessment)


def maturity_assessment_submit(context, data_dict):
    """Submit a complete draft: it is scored and kept unchanged from then on.

    :param id: the assessment
    :param version: optional; when given and older than the stored
        version, the submit is refused (someone changed the answers since)
    """
    tk.check_access("maturity_assessment_submit", context, data_dict)
    data = validated(data_dict, sch.submit_schema(), context)
    session = context["model"].Session
    assessment = assessments.get(context, data["id"], lock=True)
    try:
        if assessment.state != mmodel.DRAFT:
            raise tk.ValidationError({"state": [tk._(
                "This assessment has already been submitted")]})
        if data.get("version") not in (None, assessment.version):
            raise tk.ValidationError({"conflict": [tk._(
                "Someone else changed this assessment after you opened it; "
                "check the answers before you submit")]})
        framework = assessments.framework_or_refusal(assessment)
        answers = assessment.answer_values()
        missing = fw.missing_answers(framework, answers)
        if missing:
            lang = current_lang()
            raise tk.ValidationError({
                "answers": [tk._(
                    "The assessment is not complete. Not answered yet: "
                    "{answers}").format(answers="; ".join(
                        sch.answer_label(framework, k, lang)
                        for k in missing))],
                "missing": missing})
        user_id = actions.acting_user_id(context)
        now = utcnow()
        assessment.state = mmodel.SUBMITTED
        assessment.submitted = now
        assessment.submitted_by = user_id
        assessment.modified = now
        assessment.modified_by = user_id
        assessment.version += 1
        assessment.result = fw.score(framework, answers)
        assessment.was_shared = assessment.shared
        session.flush()
        releases.advance(context)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return assessments.dictize(context, assessment)
