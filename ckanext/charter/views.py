"""Pages: a dataset's charter page (evaluation, claims form), an
organization's charter page (adoption form), the network page and its
CSV export. Rights are those of the actions."""
from __future__ import annotations

import csv
import io
from typing import Any

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata.compat import csrf_protected

from . import chart
from . import charters as ch
from . import registry

charter = csrf_protected(Blueprint("charter", __name__))


def _context() -> dict[str, Any]:
    user = tk.current_user
    return {"user": user.name if user.is_authenticated else ""}


def _action(name: str, **data):
    return tk.get_action(name)(_context(), data)


def _can(auth: str, **data) -> bool:
    try:
        tk.check_access(auth, _context(), data)
        return True
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False


def _dataset(id: str) -> dict[str, Any]:
    try:
        return _action("package_show", id=id)
    except tk.ObjectNotFound:
        tk.abort(404, tk._("Dataset not found"))
    except tk.NotAuthorized:
        tk.abort(404, tk._("Dataset not found"))


def _organization(id: str) -> dict[str, Any]:
    try:
        org = _action("organization_show", id=id, include_datasets=False,
                      include_users=False, include_extras=False)
    except tk.ObjectNotFound:
        tk.abort(404, tk._("Organization not found"))
    except tk.NotAuthorized:
        tk.abort(403, tk._("Not authorized to see this organization"))
    if not org.get("is_organization"):
        tk.abort(404, tk._("Organization not found"))
    return org


def _claim_options(evaluation) -> list[dict[str, Any]]:
    lang = registry.current_lang()
    options = []
    for c in registry.charters().values():
        claimed = set((evaluation.get("claims") or {}).get(c.code) or ())
        options.append({"code": c.code, "title": ch.text(c.title, lang),
                        "principles": [{
                            "value": f"{c.code}:{p.number}",
                            "number": p.number,
                            "title": ch.text(p.title, lang),
                            "checked": p.number in claimed}
                            for p in c.principles if p.scope == "dataset"]})
    return options


@charter.route("/dataset/<id>/charter", methods=["GET", "POST"])
def dataset(id: str):
    pkg = _dataset(id)
    can_claim = _can("charter_claims_update", id=pkg["id"])
    errors: dict[str, list[str]] = {}
    if tk.request.method == "POST":
        if not can_claim:
            tk.abort(403, tk._("Not authorized to change the claims of "
                               "this dataset"))
        form = tk.request.form
        try:
            _action("charter_claims_update", id=pkg["id"],
                    charter_claims=form.getlist("charter_claims"),
                    closed_reason=form.get("closed_reason", ""))
            tk.h.flash_success(tk._("Claims saved"))
            return tk.redirect_to("charter.dataset", id=pkg["name"])
        except tk.ValidationError as e:
            errors = e.error_dict
    evaluation = _action("charter_dataset_show", id=pkg["id"])
    links = _action("charter_link_check_list", id=pkg["id"])
    return tk.render("charter/dataset.html", {
        "pkg_dict": pkg, "pkg": pkg, "evaluation": evaluation,
        "links": links, "can_claim": can_claim, "errors": errors,
        "claim_options": _claim_options(evaluation),
        "dataset_type": pkg.get("type", "dataset")})


@charter.route("/organization/<id>/charter", methods=["GET", "POST"])
def organization(id: str):
    org = _organization(id)
    can_adopt = _can("charter_adoption_create", organization_id=org["id"])
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
            _action("charter_adoption_create", organization_id=org["id"],
                    **values)
            tk.h.flash_success(tk._("Adoption recorded"))
            return tk.redirect_to("charter.organization", id=org["name"])
        except tk.ValidationError as e:
            errors = e.error_dict
    summary = _action("charter_organization_summary", id=org["id"])
    return tk.render("charter/organization.html", {
        "group_dict": org, "group_type": "organization", "summary": summary,
        "can_adopt": can_adopt, "errors": errors, "values": values,
        "charters": [{"code": c.code,
                      "title": ch.text(c.title, registry.current_lang())}
                     for c in registry.charters().values()]})


def _history_chart(history) -> str:
    return chart.line_chart(
        [{"label": h["month"], "value": h["average_score"]}
         for h in history],
        title=tk._("Average metadata quality score per month"),
        description=tk._("Average score of the public datasets of the "
                         "network at each monthly snapshot; the table "
                         "next to the chart has the same figures."))


@charter.route("/charter")
def network():
    summary = _action("charter_network_summary")
    return tk.render("charter/network.html", {
        "summary": summary, "chart": _history_chart(summary["history"])})


@charter.route("/charter/export.csv")
def export():
    summary = _action("charter_network_summary")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["charter", "principle", "principle_title",
                     "organization", "organization_title",
                     "public_datasets", "share_proven_percent"])
    for c in summary["charters"]:
        for org in c["organizations"]:
            for p, share in zip(c["principles"], org["shares"]):
                writer.writerow([c["code"], p["number"], p["title"],
                                 org["name"], org["title"], org["datasets"],
                                 share])
    return Response(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": 'attachment; filename="charter-network.csv"'})
