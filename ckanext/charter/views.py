"""Pages: a dataset's charter page (evaluation, claims form), an
organization's charter page (adoption form), the network page and its
CSV export. Rights are those of the actions."""
from __future__ import annotations

from typing import Any

from flask import Blueprint

import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata import exports, pages
from ckanext.municipal_opendata.compat import csrf_protected
from ckanext.municipal_opendata.lang import current_lang
from ckanext.municipal_opendata.labels import pick_label

from . import chart
from . import quality
from . import display
from . import registry
from . import tables

__all__ = [
    "charter",
]


charter = csrf_protected(Blueprint("charter", __name__))


def _claim_options(evaluation) -> list[dict[str, Any]]:
    """The principles a publisher may claim: those of the charters the
    dataset is held to (its organization's, see the evaluation)."""
    lang = current_lang()
    options = []
    for code in [c["code"] for c in evaluation.get("charters") or []]:
        c = registry.get(code)
        claimed = set((evaluation.get("claims") or {}).get(c.code) or ())
        options.append({"code": c.code, "title": pick_label(c.title, lang),
                        "principles": [{
                            "value": f"{c.code}:{p.number}",
                            "number": p.number,
                            "title": pick_label(p.title, lang),
                            "checked": p.number in claimed}
                            for p in c.principles if p.scope == "dataset"]})
    return options


@charter.route("/dataset/<id>/charter", methods=["GET", "POST"])
def dataset(id: str):
    pkg = pages.dataset_or_404(id)
    can_claim = pages.can("charter_claims_update", id=pkg["id"])
    errors: dict[str, list[str]] = {}
    if tk.request.method == "POST":
        if not can_claim:
            tk.abort(403, tk._("Not authorized to change the claims of "
                               "this dataset"))
        form = tk.request.form
        try:
            pages.action("charter_claims_update", id=pkg["id"],
                         charter_claims=form.getlist("charter_claims"),
                         closed_reason=form.get("closed_reason", ""))
            tk.h.flash_success(tk._("Claims saved"))
            return tk.redirect_to("charter.dataset", id=pkg["name"])
        except tk.ValidationError as e:
            errors = e.error_dict
    evaluation = pages.action("charter_dataset_show", id=pkg["id"])
    links = pages.action("charter_link_check_list", id=pkg["id"])
    return tk.render("charter/dataset.html", {
        "pkg_dict": pkg, "pkg": pkg, "evaluation": evaluation,
        "links": links, "can_claim": can_claim, "errors": errors,
        "claim_options": _claim_options(evaluation),
        "dataset_type": pkg.get("type", "dataset")})


@charter.route("/organization/<id>/charter", methods=["GET", "POST"])
def organization(id: str):
    org = pages.organization_or_abort(id)
    can_adopt = pages.can("charter_adoption_create", organization_id=org["id"])
    errors: dict[str, list[str]] = {}
    values: dict[str, str] = {}
    if tk.request.method == "POST":
        if not can_adopt:
            tk.abort(403, tk._("Only admins of the organization can record "
                               "its adoption of a charter"))
        form = tk.request.form
        values = {k: form.get(k, "") for k in
                  ("charter", "adopted", "decision_url")}
        try:
            pages.action("charter_adoption_create", organization_id=org["id"],
                         **values)
            tk.h.flash_success(tk._("Adoption recorded"))
            return tk.redirect_to("charter.organization", id=org["name"])
        except tk.ValidationError as e:
            errors = e.error_dict
    summary = pages.action("charter_organization_summary", id=org["id"])
    return tk.render("charter/organization.html", {
        "group_dict": org, "group_type": "organization", "summary": summary,
        "can_adopt": can_adopt, "errors": errors, "values": values,
        "charters": [{"code": c.code,
                      "title": pick_label(c.title, current_lang())}
                     for c in registry.charters().values()]})


def _history_chart(history) -> str:
    method = quality.method()
    return chart.line_chart(
        [{"label": h["month"], "value": h["average_score"]}
         for h in history],
        band_minimums=[r["min"] for r in method.ratings],
        max_score=method.max_points,
        title=tk._("Average metadata quality score per month"),
        description=tk._("Average score of the public datasets of the "
                         "network at each monthly snapshot; the table "
                         "next to the chart has the same figures."))


@charter.route("/charter")
def network():
    summary = pages.action("charter_network_summary")
    months = display.with_gaps(summary["history"])
    return tk.render("charter/network.html", {
        "summary": summary, "months": months,
        "chart": _history_chart(months)})


@charter.route("/charter/export.csv")
def export():
    summary = pages.action("charter_network_summary")
    header, rows = tables.network_table(summary, tk._)
    return exports.csv_response("charter-network", header, rows)
