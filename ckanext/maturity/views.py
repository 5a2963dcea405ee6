"""Pages: results, the assessment form, history, CSV export (per
organization) and the network view. Rights are those of the actions."""
from __future__ import annotations

from typing import Any

from flask import Blueprint

import ckan.plugins.toolkit as tk
from ckanext.municipal_opendata import exports, pages
from ckanext.municipal_opendata.compat import csrf_protected
from ckanext.municipal_opendata.lang import current_lang

from . import display as dsp
from . import framework as fw
from . import network as network_rules
from . import registry
from . import tables

__all__ = [
    "maturity",
]


maturity = csrf_protected(Blueprint("maturity", __name__))


def _page_vars(org: dict[str, Any], **extra) -> dict[str, Any]:
    return {"group_dict": org, "group_type": "organization",
            "can_edit": pages.can("maturity_assessment_create",
                                  organization_id=org["id"]),
            **extra}


def _display(result: dict[str, Any], framework: fw.Framework,
             previous: dict[str, Any] | None = None,
             medians: dict[str, Any] | None = None) -> dict[str, Any]:
    return dsp.result_display(result, framework, current_lang(), tk._,
                              previous, medians)


def _submitted(org_id: str) -> list[dict[str, Any]]:
    return [a for a in pages.action("maturity_assessment_list",
                                    organization_id=org_id)
            if a["state"] == "submitted"]


@maturity.route("/organization/<id>/maturity")
def results(id: str):
    org = pages.organization_or_abort(id)
    listed = pages.action("maturity_assessment_list",
                          organization_id=org["id"])
    submitted = [a for a in listed if a["state"] == "submitted"]
    draft = next((a for a in listed if a["state"] == "draft"), None)
    wanted = tk.request.args.get("assessment")
    chosen = next((a for a in submitted if a["id"] == wanted),
                  submitted[0] if submitted else None)
    if wanted and (chosen is None or chosen["id"] != wanted):
        tk.abort(404, tk._("Assessment not found"))
    display = assessment = previous = None
    if chosen:
        assessment = pages.action("maturity_assessment_show", id=chosen["id"])
        framework = registry.get(assessment["framework_version"])
        older = submitted[submitted.index(chosen) + 1:]
        previous = older[0] if older else None
        display = _display(assessment["result"], framework,
                           previous["result"] if previous else None)
    return tk.render("maturity/results.html", _page_vars(
        org, assessment=assessment, display=display, previous=previous,
        draft=draft, submitted=submitted,
        can_share=bool(assessment) and pages.can(
            "maturity_assessment_update", id=assessment["id"])))


@maturity.route("/organization/<id>/maturity/share", methods=["POST"])
def share(id: str):
    org = pages.organization_or_abort(id)
    assessment_id = tk.request.form.get("assessment_id", "")
    shared = tk.request.form.get("shared") == "true"
    try:
        pages.action("maturity_assessment_update", id=assessment_id,
                     shared=shared)
    except tk.NotAuthorized:
        tk.abort(403, tk._("Not authorized to change sharing"))
    except tk.ObjectNotFound:
        tk.abort(404, tk._("Assessment not found"))
    tk.h.flash_success(tk._("The results are now shared with the network")
                       if shared else
                       tk._("The results are no longer shared"))
    return tk.redirect_to("maturity.results", id=org["name"],
                          assessment=assessment_id)


def _find_draft(org_id: str) -> dict[str, Any] | None:
    drafts = pages.action("maturity_assessment_list", organization_id=org_id,
                          state="draft")
    return pages.action("maturity_assessment_show", id=drafts[0]["id"]) \
        if drafts else None


def _render_step(org, draft, framework, step, errors=None, values=None):
    answers = dict(draft["answers"])
    shown = dict(answers, **(values or {}))
    return tk.render("maturity/assess.html", _page_vars(
        org, draft=draft, step=step, answers=answers, shown=shown,
        errors=errors or {},
        **dsp.step_form(framework, draft, step, current_lang(), tk._)))


def _start(org, form):
    """Start a draft (or find the one another editor just started) and go
    to its form."""
    try:
        pages.action("maturity_assessment_create",
                     organization_id=org["id"],
                     copy_previous=form.get("copy_previous") == "true",
                     shared=form.get("shared") == "true")
    except tk.ValidationError as e:
        if "draft_id" not in e.error_dict:
            raise
    return tk.redirect_to("maturity.assess", id=org["name"])


@maturity.route("/organization/<id>/maturity/assess",
                methods=["GET", "POST"])
def assess(id: str):
    org = pages.organization_or_abort(id)
    if not pages.can("maturity_assessment_create", organization_id=org["id"]):
        tk.abort(403, tk._("Only editors and admins of the organization can "
                           "take its assessment"))
    form = tk.request.form
    if tk.request.method == "POST" and form.get("start"):
        return _start(org, form)

    draft = _find_draft(org["id"])
    if draft is None:
        return tk.render("maturity/start.html", _page_vars(
            org, has_previous=bool(_submitted(org["id"]))))
    framework = registry.get(draft["framework_version"])
    step = dsp.step_of(framework, draft, tk.request.args.get("step")
                       or tk.request.form.get("step"))
    if tk.request.method == "GET":
        return _render_step(org, draft, framework, step)

    # POST: save this step's answers that the user changed
    changed, posted = dsp.form_changes(framework.domains[step], form)
    go = form.get("go", "stay")
    if changed:
        try:
            draft = pages.action("maturity_assessment_update", id=draft["id"],
                                 version=form.get("version"), answers=changed)
        except tk.ValidationError as e:
            if "conflict" in e.error_dict:
                draft = pages.action("maturity_assessment_show",
                                     id=draft["id"])
                return _render_step(org, draft, framework, step,
                                    dsp.error_messages(e.error_dict))
            return _render_step(org, draft, framework, step,
                                dsp.error_messages(e.error_dict),
                                values=posted)
    if go == "submit":
        try:
            pages.action("maturity_assessment_submit", id=draft["id"],
                         version=draft["version"])
        except tk.ValidationError as e:
            return _render_step(org, draft, framework, step,
                                dsp.error_messages(e.error_dict))
        tk.h.flash_success(tk._("Assessment submitted. Here are your "
                                "results."))
        return tk.redirect_to("maturity.results", id=org["name"])
    step = dsp.next_step(go, step, framework)
    if go == "stay":
        tk.h.flash_success(tk._("Draft saved"))
    return tk.redirect_to("maturity.assess", id=org["name"], step=step)


@maturity.route("/organization/<id>/maturity/history")
def history(id: str):
    org = pages.organization_or_abort(id)
    listed = pages.action("maturity_assessment_list",
                          organization_id=org["id"])
    submitted = [a for a in listed if a["state"] == "submitted"]
    args = tk.request.args
    a_id = args.get("a") or (submitted[1]["id"] if len(submitted) > 1
                             else None)
    b_id = args.get("b") or (submitted[0]["id"] if submitted else None)
    by_id = {a["id"]: a for a in submitted}
    comparison = None
    if a_id and b_id:
        if a_id not in by_id or b_id not in by_id:
            tk.abort(404, tk._("Assessment not found"))
        a, b = by_id[a_id], by_id[b_id]
        framework = registry.get(b["framework_version"])
        shown = _display(b["result"], framework, a["result"])
        comparison = {"a": a, "b": b, "chart": shown["chart"],
                      "rows": dsp.comparison_rows(shown["rows"], framework,
                                                  current_lang())}
    return tk.render("maturity/history.html", _page_vars(
        org, assessments=listed, submitted=submitted, comparison=comparison,
        a_id=a_id, b_id=b_id))


@maturity.route("/organization/<id>/maturity/export.csv")
def export(id: str):
    org = pages.organization_or_abort(id)
    submitted = _submitted(org["id"])
    wanted = tk.request.args.get("assessment")
    chosen = next((a for a in submitted if a["id"] == wanted),
                  None if wanted else (submitted[0] if submitted else None))
    if chosen is None:
        tk.abort(404, tk._("Assessment not found"))
    framework = registry.get(chosen["framework_version"])
    display = _display(chosen["result"], framework)
    header, rows = tables.assessment_table(
        org, chosen, display["priorities"], tk._)
    return exports.csv_response(
        f"maturity-{org['name']}-{(chosen['submitted'] or '')[:10]}",
        header, rows)


@maturity.route("/maturity")
def network():
    wanted = tk.request.args.get("organization")
    try:
        summary = pages.action(
            "maturity_network_summary",
            **({"organization_id": wanted} if wanted else {}))
    except tk.ValidationError:
        tk.abort(404, tk._("Organization not found"))
    framework = registry.get(summary["framework_version"])
    lang = current_lang()
    stats = summary["statistics"]
    own = summary["own"]
    rows = network_rules.table_rows(framework, stats, own, lang)
    own_display = None
    if own and own.get("result"):
        own_display = _display(own["result"], framework,
                               medians=(stats or {}).get("domains"))
    user_orgs = (tk.h.organizations_available("read")
                 if tk.current_user.is_authenticated else [])
    return tk.render("maturity/network.html", {
        "summary": summary, "rows": rows, "own_display": own_display,
        "wanted": wanted, "user_orgs": user_orgs,
        **dsp.network_tables(summary, framework, lang),
    })
