"""Pages: a dataset's screening (a tab of the dataset page), the ranking,
the coverage matrix, the weights, and their exports. Rights are those of
the actions; turning results into rows is done by ``screening`` and
``display``."""
from __future__ import annotations

from typing import Any

from flask import Blueprint

from ckan.lib.pagination import Page  # no toolkit equivalent
import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata import exports, pages, validation
from ckanext.municipal_opendata.compat import csrf_protected

from . import display
from . import registry
from .logic import access
from .logic import names

__all__ = [
    "prioritization",
]


prioritization = csrf_protected(Blueprint("prioritization", __name__))

FILTERS = ("status", "recommendation", "theme", "municipality",
           "dataset_type_code", "q")
PAGE_SIZE = 20
EXPORT_LIMIT = 10000


def _form_screening(form) -> dict[str, Any]:
    model = registry.screening_model()
    data: dict[str, Any] = {
        "status": form.get("status", ""),
        "scores": {c: form.get(f"score-{c}", "")
                   for c in model.scored_codes()},
        "evidence": {c.code: form.get(f"evidence-{c.code}", "")
                     for c in model.criteria if not c.derived},
        "legal_duty": form.get("legal_duty", ""),
        "reason": form.get("reason", ""),
    }
    for gate in model.gates:
        data[gate.code] = form.get(gate.code, "")
    return data


# -- a dataset's screening ----------------------------------------------------------

@prioritization.route("/dataset/<id>/screening", methods=["GET", "POST"])
def screening(id: str):
    pkg = pages.dataset_or_404(id)
    can_edit = pages.can("prioritization_screening_update", id=pkg["id"])
    can_see = pages.can("prioritization_screening_show", id=pkg["id"])
    errors: dict[str, list[str]] = {}
    given = None
    if tk.request.method == "POST":
        if not can_edit:
            tk.abort(403, tk._("Only the dataset's editors can screen it"))
        given = _form_screening(tk.request.form)
        try:
            pages.action("prioritization_screening_update", id=pkg["id"],
                         **given)
        except tk.ValidationError as e:
            errors = e.error_dict
        else:
            tk.h.flash_success(tk._("Screening saved; the score is "
                                    "updated."))
            return tk.redirect_to("prioritization.screening",
                                  id=pkg["name"])
    result = (pages.action("prioritization_screening_show", id=pkg["id"])
              if can_see else None)
    demand = pages.action("prioritization_demand_summary",
                          package_id=pkg["id"])
    r = names.reader()
    return tk.render("prioritization/screening.html", {
        "pkg_dict": pkg, "pkg": pkg, "dataset_type": pkg["type"],
        "can_edit": can_edit,
        "screening": result, "errors": errors,
        "form": display.screening_form(r, result, given),
        "view": display.screening_view(r, result) if result else None,
        "demand": display.demand_view(r, demand),
        "audiences": display.options(r, "audiences"),
        "may_register": not demand["mine"] and pages.can(
            "prioritization_demand_create", package_id=pkg["id"]),
    })


@prioritization.route("/dataset/<id>/demand", methods=["POST"])
def dataset_demand(id: str):
    pkg = pages.dataset_or_404(id)
    if not tk.current_user.is_authenticated:
        tk.abort(403, tk._("Log in to register demand"))
    try:
        pages.action("prioritization_demand_create", package_id=pkg["id"],
                     audience=tk.request.form.get("audience", ""),
                     note=tk.request.form.get("note", ""))
    except tk.ValidationError as e:
        for messages in e.error_dict.values():
            for message in messages:
                tk.h.flash_error(message)
    except tk.NotAuthorized as e:
        tk.abort(403, e.message or tk._("You may not see this dataset"))
    else:
        tk.h.flash_success(tk._("Thank you: your demand is registered."))
    return tk.redirect_to("prioritization.screening", id=pkg["name"])


@prioritization.route("/prioritization/demand", methods=["POST"])
def type_demand():
    if not tk.current_user.is_authenticated:
        tk.abort(403, tk._("Log in to register demand"))
    try:
        pages.action("prioritization_demand_create",
                     dataset_type_code=tk.request.form.get("dataset_type_code",
                                                      ""),
                     audience=tk.request.form.get("audience", ""),
                     note=tk.request.form.get("note", ""))
    except tk.ValidationError as e:
        for messages in e.error_dict.values():
            for message in messages:
                tk.h.flash_error(message)
    else:
        tk.h.flash_success(tk._("Thank you: your demand is registered."))
    return tk.redirect_to("prioritization.coverage")


# -- ranking ---------------------------------------------------------------------

def _filters() -> dict[str, str]:
    return validation.text_args(tk.request.args, FILTERS)


def _refused(error: tk.ValidationError):
    """A 400 naming each parameter refused and why."""
    tk.abort(400, "; ".join(f"{field}: {message}"
                            for field, messages in error.error_dict.items()
                            for message in messages))


def _ranking(filters, limit, offset):
    try:
        return pages.action("prioritization_ranking", limit=limit,
                            offset=offset, **filters)
    except tk.ValidationError as e:
        _refused(e)


def _audience() -> str:
    """Whose ranking the page shows: ``full`` (every candidate of the
    network), ``member`` (their organizations' candidates, and public
    scores when the portal shows them), ``public`` (the scores of public
    datasets only) or ``none`` (no score at all)."""
    viewer = access.viewer(tk.current_user.name
                           if tk.current_user.is_authenticated else "")
    if viewer.full:
        return "full"
    if viewer.org_ids:
        return "member"
    return "public" if viewer.public else "none"


@prioritization.route("/prioritization")
def ranking():
    filters = _filters()
    page = validation.page_number(tk.request.args)
    result = _ranking(filters, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    pager = Page(
        collection=range(result["count"]), page=page,
        url=lambda q=None, page=1: tk.h.url_for(
            "prioritization.ranking", page=page, **filters),
        items_per_page=PAGE_SIZE, item_count=result["count"])
    r = names.reader(types=True, themes=True, municipalities=(
        i["name"] for i in result["facets"].get("municipality") or ()))
    return tk.render("prioritization/ranking.html", {
        "result": result, "filters": filters, "page": pager,
        "rows": display.ranking_view(r, result["results"]),
        "facets": display.facets_view(
            r, result["facets"], filters,
            lambda **params: tk.h.url_for("prioritization.ranking",
                                          **params)),
        "public_scores": bool(tk.config.get(
            "ckanext.prioritization.public_scores")),
        "is_full": pages.can("prioritization_weights_update"),
        "audience": _audience(),
    })


@prioritization.route("/prioritization/ranking.<any(csv, xlsx):fmt>")
def ranking_export(fmt: str):
    result = _ranking(_filters(), EXPORT_LIMIT, 0)
    r = names.reader(types=True, municipalities=(
        row["municipality"] for row in result["results"]))
    (header, rows), notes = display.ranking_tables(r, result["results"])
    if fmt == "csv":
        return exports.csv_response("ranking", header, rows)
    return exports.xlsx_response("ranking", [
        exports.Sheet(tk._("Ranking"), header, rows),
        exports.Sheet(tk._("About the columns"), *notes, freeze="A2")])


# -- coverage ---------------------------------------------------------------------

def _coverage():
    filters = validation.text_args(tk.request.args,
                                   ("theme", "dataset_type_code"))
    try:
        return filters, pages.action("prioritization_coverage", **filters)
    except tk.ValidationError as e:
        _refused(e)


@prioritization.route("/prioritization/coverage")
def coverage():
    filters, result = _coverage()
    r = names.reader(types=True, municipalities=result["municipalities"])
    return tk.render("prioritization/coverage.html", {
        "filters": filters, "view": display.coverage_view(r, result),
        "audiences": display.options(r, "audiences"),
        "logged_in": tk.current_user.is_authenticated,
        "may_review_types": pages.can("prioritization_type_suggestion_list"),
    })


# -- suggested dataset types ----------------------------------------------------

SUGGESTIONS_PAGE_SIZE = 50


def _confirm_type() -> None:
    """The form's post: the confirmed (or chosen) type, or why not."""
    pages.require("prioritization_type_suggestion_confirm")
    form = tk.request.form
    try:
        result = pages.action("prioritization_type_suggestion_confirm",
                              id=form.get("id", ""),
                              dataset_type_code=form.get(
                                  "dataset_type_code", ""))
    except tk.ObjectNotFound:
        tk.abort(404, tk._("Dataset not found"))
    except tk.ValidationError as e:
        fields = {"dataset_type_code": tk._("Dataset type"),
                  "id": tk._("Dataset")}
        for field, messages in e.error_dict.items():
            for message in messages:
                tk.h.flash_error(f"{fields.get(field, field)}: {message}")
    else:
        tk.h.flash_success(tk._(
            "{dataset}: dataset type {type} set; the dataset now counts in "
            "the coverage.").format(dataset=result["name"],
                                    type=result["label"]))


@prioritization.route("/prioritization/type-suggestions",
                      methods=["GET", "POST"])
def type_suggestions():
    if tk.request.method == "POST":
        _confirm_type()
        return tk.redirect_to("prioritization.type_suggestions")
    pages.require("prioritization_type_suggestion_list")
    page = validation.page_number(tk.request.args)
    result = pages.action("prioritization_type_suggestion_list",
                          limit=SUGGESTIONS_PAGE_SIZE,
                          offset=(page - 1) * SUGGESTIONS_PAGE_SIZE)
    pager = Page(
        collection=range(result["count"]), page=page,
        url=lambda q=None, page=1: tk.h.url_for(
            "prioritization.type_suggestions", page=page),
        items_per_page=SUGGESTIONS_PAGE_SIZE, item_count=result["count"])
    return tk.render("prioritization/type_suggestions.html", {
        "result": result, "page": pager,
        "rows": display.type_suggestion_rows(names.reader(types=True),
                                             result["results"]),
    })


@prioritization.route("/prioritization/coverage.xlsx")
def coverage_export():
    _filters_, result = _coverage()
    r = names.reader(types=True, municipalities=result["municipalities"])
    matrix, joint, notes = display.coverage_tables(r, result)
    return exports.xlsx_response("coverage", [
        exports.Sheet(tk._("Coverage"), *matrix),
        exports.Sheet(tk._("Joint publication"), *joint),
        exports.Sheet(tk._("About the columns"), *notes, freeze="A2")])


# -- weights ---------------------------------------------------------------------

@prioritization.route("/prioritization/weights", methods=["GET", "POST"])
def weights():
    pages.require("prioritization_weights_update")
    current = pages.action("prioritization_weights_show")
    errors: dict[str, list[str]] = {}
    given = None
    preview = None
    if tk.request.method == "POST":
        given = {c["code"]: tk.request.form.get(f"weight-{c['code']}", "")
                 for c in current["criteria"]}
        try:
            if tk.request.form.get("go") == "save":
                result = pages.action("prioritization_weights_update",
                                      weights=given)
                tk.h.flash_success(tk._(
                    "Weights saved; {n} scores changed.").format(
                        n=result["rescored"]))
                return tk.redirect_to("prioritization.weights")
            preview = pages.action("prioritization_weights_show",
                                   preview=given)
        except tk.ValidationError as e:
            errors = e.error_dict
    return tk.render("prioritization/weights.html", {
        "current": current, "given": given, "errors": errors,
        "preview": (display.preview_view(names.reader(types=True), preview)
                    if preview else None),
        "history": display.history_view(
            pages.action("prioritization_weights_history"),
            current["criteria"]),
    })

