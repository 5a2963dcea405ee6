"""Actions of the maturity self-assessment.

maturity_framework_show, maturity_assessment_create | update | submit |
show | list, maturity_network_summary | release. The scoring is done by the pure
``framework`` module; this module stores, checks rights and translates.
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata import actions
from ckanext.municipal_opendata.validation import validated
from ckanext.municipal_opendata.lang import current_lang

from .. import framework as fw
from .. import model as mmodel
from .. import network
from .. import registry
from . import schema as sch

__all__ = [
    "maturity_assessment_create",
    "maturity_assessment_list",
    "maturity_assessment_show",
    "maturity_assessment_submit",
    "maturity_assessment_update",
    "maturity_framework_show",
    "maturity_network_release",
    "maturity_network_summary",
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


def _framework_of(assessment) -> fw.Framework | None:
    return registry.get(assessment.framework_version)


def _get(context, assessment_id, lock=False) -> mmodel.Assessment:
    query = context["model"].Session.query(mmodel.Assessment).filter(
        mmodel.Assessment.id == assessment_id)
    if lock:
        query = query.with_for_update().populate_existing()
    assessment = query.one_or_none()
    if assessment is None:
        raise tk.ObjectNotFound(tk._("Assessment not found"))
    return assessment


def _dictize(context, assessment, with_answers=True) -> dict[str, Any]:
    framework = _framework_of(assessment)
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


def _check(framework, answers) -> dict[str, int | None]:
    clean, problems = fw.check_answers(framework, answers)
    if problems:
        raise tk.ValidationError(sch.problems_to_errors(problems))
    return clean


def _apply(context, assessment, clean, user_id) -> bool:
    """Store changed answers at the assessment's next version; True when
    anything changed."""
    existing = {f"{a.domain}.{a.item}": a for a in assessment.answers}
    changed = {k: v for k, v in clean.items()
               if k not in existing and v is not None
               or k in existing and existing[k].value != v}
    if not changed:
        return False
    assessment.version += 1
    now = mmodel.now()
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


# -- framework ---------------------------------------------------------------

@tk.side_effect_free
def maturity_framework_show(context, data_dict):
    """The framework: domains, statements, scales, levels, needs,
    principles and actions.

    :param version: a framework version (default: the current one)
    :param lang: only this language's texts (default: all languages)
    """
    tk.check_access("maturity_framework_show", context, data_dict)
    data = validated(data_dict, sch.framework_show_schema(), context)
    framework = registry.get(data.get("version"))
    result = framework.as_dict(data.get("lang"))
    result["current"] = framework.version == registry.current_version()
    result["versions"] = sorted(registry.frameworks())
    return result


# -- assessments -------------------------------------------------------------

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
    clean = _check(framework, answers)
    session = context["model"].Session
    org_id = data["organization_id"]

    draft = session.query(mmodel.Assessment).filter_by(
        organization_id=org_id, state=mmodel.DRAFT).first()
    if draft is not None:
        raise tk.ValidationError({"organization_id": [tk._(
            "This organization already has a draft assessment; continue "
            "that one or submit it first")], "draft_id": [draft.id]})

    if data.get("copy_previous"):
        previous = session.query(mmodel.Assessment).filter_by(
            organization_id=org_id, state=mmodel.SUBMITTED).order_by(
            mmodel.Assessment.submitted.desc()).first()
        if previous is not None:
            copied, _problems = fw.check_answers(framework, {
                k: v for k, v in previous.answer_values().items()
                if k.split(".")[0] in {d.code for d in framework.domains}})
            known = set(framework.keys())
            clean = {**{k: v for k, v in copied.items() if k in known},
                     **clean}

    user_id = actions.acting_user_id(context)
    assessment = mmodel.Assessment(
        organization_id=org_id, framework_version=framework.version,
        state=mmodel.DRAFT, version=0, shared=bool(data.get("shared")),
        created_by=user_id, modified_by=user_id)
    session.add(assessment)
    _apply(context, assessment, clean, user_id)
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
    return _dictize(context, assessment)


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
    assessment = _get(context, data["id"], lock=True)
    user_id = actions.acting_user_id(context)
    try:
        if answers:
            if assessment.state != mmodel.DRAFT:
                raise tk.ValidationError({"answers": [tk._(
                    "This assessment has been submitted and can no longer "
                    "change; start a new assessment instead")]})
            framework = _framework_of(assessment)
            if framework is None:
                raise tk.ValidationError({"framework_version": [tk._(
                    "Unknown framework version: {version}").format(
                        version=assessment.framework_version)]})
            clean = _check(framework, answers)
            base = data.get("version")
            if base is None:
                raise tk.ValidationError({"version": [tk._(
                    "Missing value: the assessment version the answers are "
                    "based on")]})
            if base > assessment.version or base < 0:
                raise tk.ValidationError({"version": [tk._(
                    "Unknown assessment version: {version}").format(
                        version=base)]})
            stored = {f"{a.domain}.{a.item}": a for a in assessment.answers}
            conflicts = [k for k, v in clean.items()
                         if k in stored and stored[k].changed_in > base
                         and stored[k].value != v]
            if conflicts:
                lang = current_lang()
                names = "; ".join(sch.answer_label(framework, k, lang)
                                  for k in conflicts)
                raise tk.ValidationError({
                    "conflict": [tk._(
                        "Someone else changed these answers after you "
                        "opened the form: {answers}. Your answers were not "
                        "saved; look at theirs and answer again."
                    ).format(answers=names)],
                    "conflict_keys": conflicts,
                    "version": [str(assessment.version)]})
            _apply(context, assessment, clean, user_id)
        if "shared" in data and data["shared"] != assessment.shared:
            assessment.shared = data["shared"]
            assessment.modified = mmodel.now()
            assessment.modified_by = user_id
            if assessment.state == mmodel.SUBMITTED:
                # public from now on, for good (see _advance_network)
                assessment.was_shared = (assessment.was_shared
                                         or assessment.shared)
                _advance_network(context)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return _dictize(context, assessment)


def maturity_assessment_submit(context, data_dict):
    """Submit a complete draft: it is scored and kept unchanged from then on.

    :param id: the assessment
    :param version: optional; when given and older than the stored
        version, the submit is refused (someone changed the answers since)
    """
    tk.check_access("maturity_assessment_submit", context, data_dict)
    data = validated(data_dict, sch.submit_schema(), context)
    session = context["model"].Session
    assessment = _get(context, data["id"], lock=True)
    try:
        if assessment.state != mmodel.DRAFT:
            raise tk.ValidationError({"state": [tk._(
                "This assessment has already been submitted")]})
        if data.get("version") not in (None, assessment.version):
            raise tk.ValidationError({"conflict": [tk._(
                "Someone else changed this assessment after you opened it; "
                "check the answers before you submit")]})
        framework = _framework_of(assessment)
        if framework is None:
            raise tk.ValidationError({"framework_version": [tk._(
                "Unknown framework version: {version}").format(
                    version=assessment.framework_version)]})
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
        now = mmodel.now()
        assessment.state = mmodel.SUBMITTED
        assessment.submitted = now
        assessment.submitted_by = user_id
        assessment.modified = now
        assessment.modified_by = user_id
        assessment.version += 1
        assessment.result = fw.score(framework, answers)
        assessment.was_shared = assessment.shared
        session.flush()
        _advance_network(context)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return _dictize(context, assessment)


@tk.side_effect_free
def maturity_assessment_show(context, data_dict):
    """One assessment with its answers, progress and result.

    :param id: the assessment
    """
    tk.check_access("maturity_assessment_show", context, data_dict)
    data = validated(data_dict, sch.show_schema(), context)
    return _dictize(context, _get(context, data["id"]))


@tk.side_effect_free
def maturity_assessment_list(context, data_dict):
    """The assessments of an organization, newest first. Members see all;
    others only the submitted assessments the organization shared.

    :param organization_id: name or id of the organization (or ``id``,
        as CKAN's own list actions name it)
    :param state: ``draft`` or ``submitted`` (default: both)
    """
    if not data_dict.get("organization_id") and data_dict.get("id"):
        data_dict = {**data_dict, "organization_id": data_dict["id"]}
        data_dict.pop("id")
    tk.check_access("maturity_assessment_list", context, data_dict)
    data = validated(data_dict, sch.list_schema(), context)
    org_id = data["organization_id"]
    query = context["model"].Session.query(mmodel.Assessment).filter_by(
        organization_id=org_id)
    if data.get("state"):
        query = query.filter_by(state=data["state"])
    if not actions.can_read_organization(context, org_id):
        query = query.filter_by(state=mmodel.SUBMITTED, shared=True)
    query = query.order_by(mmodel.Assessment.created.desc())
    return [_dictize(context, a, with_answers=False) for a in query]


def _latest_submitted(context) -> list[mmodel.Assessment]:
    """The latest submitted assessment of every active organization."""
    model = context["model"]
    rows = model.Session.query(mmodel.Assessment).join(
        model.Group, model.Group.id == mmodel.Assessment.organization_id
    ).filter(
        mmodel.Assessment.state == mmodel.SUBMITTED,
        model.Group.state == "active",
    ).order_by(mmodel.Assessment.organization_id,
               mmodel.Assessment.submitted.desc())
    latest = {}
    for row in rows:
        latest.setdefault(row.organization_id, row)
    return list(latest.values())


def _min_count() -> int:
    return tk.config.get("ckanext.maturity.network_min_count")


def _latest_release(session) -> mmodel.NetworkRelease | None:
    return session.query(mmodel.NetworkRelease).order_by(
        mmodel.NetworkRelease.id.desc()).first()


# One network release at a time, even when two municipalities submit at
# once (a transaction-scoped PostgreSQL advisory lock; the number is
# arbitrary but fixed).
_RELEASE_LOCK = 7_203_114_553


def _advance_network(context) -> None:
    """Move the network figures on after the cohort changed (a submission,
    a result shared or unshared), in the caller's transaction; see
    network.advance for when a figure moves."""
    session = context["model"].Session
    session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                    {"key": _RELEASE_LOCK})
    cohort = {a.id: network.member(a.organization_id, a.result)
              for a in _latest_submitted(context)
              if a.result and not a.shared and not a.was_shared}
    previous = _latest_release(session)
    published = previous.published if previous else {}
    members = dict(previous.members) if previous else {}
    framework = registry.get()
    advanced = network.advance(framework, published, members, cohort,
                               _min_count())
    if advanced == published:
        return
    members.update(cohort)
    session.add(mmodel.NetworkRelease(
        published=advanced, members=network.prune(advanced, members)))


def maturity_network_release(context, data_dict):
    """Move the network figures on from the current results, by the same
    rule as a submission does (docs/maturity.md, section 3): needed once
    after upgrading to migration 0002, whose release table starts empty.
    Sysadmins only. Returns whether the figures moved.
    """
    tk.check_access("maturity_network_release", context, data_dict)
    session = context["model"].Session
    before = _latest_release(session)
    try:
        _advance_network(context)
        session.commit()
    except Exception:
        session.rollback()
        raise
    after = _latest_release(session)
    return {"moved": (after.id if after else None)
            != (before.id if before else None)}


@tk.side_effect_free
def maturity_network_summary(context, data_dict):
    """The network of municipalities: per domain, how many are at each level
    and need and the median level, over the municipalities' unshared
    results, published by the rule of docs/maturity.md ("Network figures
    that cannot be undone"): a figure is shown only when at least
    ``ckanext.maturity.network_min_count`` - 1 results lie outside its most
    common value, and it changes only when that many new, varied results
    came in. Also the latest results of the municipalities that shared
    them, and, for an organization the user may read (or that shared), its
    level against the median.

    :param organization_id: optional, name or id of an organization
    """
    tk.check_access("maturity_network_summary", context, data_dict)
    data = validated(data_dict, sch.network_schema(), context)
    framework = registry.get()
    session = context["model"].Session
    latest = _latest_submitted(context)
    min_count = _min_count()
    release = _latest_release(session)
    stats = None
    if release is not None:
        ids = list(release.members)
        public = {aid for (aid,) in session.query(mmodel.Assessment.id).filter(
            mmodel.Assessment.id.in_(ids),
            mmodel.Assessment.was_shared.is_(True))} if ids else set()
        stats = network.figures(framework, release.published,
                                release.members, public, min_count)
        if stats is not None:
            stats["released"] = release.created.isoformat()
    shared = [{
        "organization_name": d["organization_name"],
        "organization_title": d["organization_title"],
        "assessment_id": d["id"],
        "submitted": d["submitted"],
        "result": d["result"],
    } for d in (_dictize(context, a, with_answers=False)
                for a in latest if a.shared)]
    summary = {
        "framework_version": framework.version,
        "count": len([a for a in latest if a.result]),
        "min_count": min_count,
        "statistics": stats,
        "shared": sorted(shared, key=lambda s: s["organization_title"]
                         or ""),
        "own": None,
    }
    org_id = data.get("organization_id")
    if org_id:
        own = next((a for a in latest if a.organization_id == org_id), None)
        if own is not None and (own.shared or actions.can_read_organization(context, org_id)):
            summary["own"] = {
                "assessment_id": own.id,
                "result": own.result,
                "position": (network.position(own.result, stats)
                             if stats else None),
            }
    return summary
