"""Actions that read: the charters, a dataset's evaluation and link
checks, the adoptions, and the organization and network summaries."""
from __future__ import annotations

from typing import Any

import ckan.plugins as plugins
import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata import actions
from ckanext.municipal_opendata.validation import check_ids, validated
from ckanext.municipal_opendata.lang import current_lang
from ckanext.municipal_opendata.labels import pick_label

from ... import display
from ... import messages
from ... import model as cmodel
from ... import registry
from .. import evaluation as ev
from .. import figures
from .. import schema as sch

__all__ = [
    "charter_adoption_list",
    "charter_dataset_show",
    "charter_link_check_list",
    "charter_list",
    "charter_network_summary",
    "charter_organization_summary",
    "charter_show",
]


def _lang(data) -> str:
    check_ids(data, "lang")
    return data.get("lang") or current_lang()


# -- charters ---------------------------------------------------------------

@tk.side_effect_free
def charter_list(context, data_dict):
    """The charters of the portal with their principles.

    :param lang: only this language's texts (default: all languages)
    """
    tk.check_access("charter_list", context, data_dict)
    data = validated(data_dict, sch.charter_list_schema(), context)
    return [c.as_dict(data.get("lang"))
            for c in registry.charters().values()]


@tk.side_effect_free
def charter_show(context, data_dict):
    """One charter.

    :param id: the charter's code (``smart-flanders``)
    :param lang: only this language's texts (default: all languages)
    """
    tk.check_access("charter_show", context, data_dict)
    data = validated(data_dict, sch.charter_show_schema(), context)
    return registry.get(data["id"]).as_dict(data.get("lang"))


# -- datasets ---------------------------------------------------------------

@tk.side_effect_free
def charter_dataset_show(context, data_dict):
    """A dataset's evaluation, computed now: per charter the principles
    its metadata proves and contradicts (with the reason), those its
    publisher claims, and its metadata quality score with what to fill in.

    :param id: name or id of the dataset
    :param lang: language of the texts (default: the request's)
    """
    check_ids(data_dict, "id", required=("id",))
    tk.check_access("charter_dataset_show", context, data_dict)
    data = validated(data_dict, sch.dataset_schema(), context)
    pkg = actions.package_or_404(context, data["id"])
    result = ev.evaluate(context["model"].Session, ev.show_dataset(pkg.id))
    out = display.evaluation(result, registry.charters(), _lang(data_dict),
                             messages.reason)
    out.update(package_id=pkg.id, package_name=pkg.name,
               claims=(ev.statement(context["model"].Session, pkg.id).claims
                       if ev.statement(context["model"].Session, pkg.id)
                       else {}))
    return out


@tk.side_effect_free
def charter_link_check_list(context, data_dict):
    """The link checks of a dataset's resources, with their date.

    :param id: name or id of the dataset
    """
    check_ids(data_dict, "id", required=("id",))
    tk.check_access("charter_link_check_list", context, data_dict)
    data = validated(data_dict, sch.dataset_schema(), context)
    pkg = actions.package_or_404(context, data["id"])
    return [{"resource_id": r.resource_id, "kind": r.kind, "url": r.url,
             "ok": r.ok, "status": r.status, "error": r.error,
             "checked": r.checked.isoformat()}
            for r in ev.link_rows(context["model"].Session, pkg.id)]


# -- adoptions --------------------------------------------------------------

@tk.side_effect_free
def charter_adoption_list(context, data_dict):
    """Which organizations adopted which charter (public declarations).

    :param organization_id: only this organization
    """
    tk.check_access("charter_adoption_list", context, data_dict)
    data = validated(data_dict, sch.adoption_list_schema(), context)
    model = context["model"]
    query = model.Session.query(cmodel.Adoption).join(
        model.Group, model.Group.id == cmodel.Adoption.organization_id
    ).filter(model.Group.state == "active")
    if data.get("organization_id"):
        query = query.filter(cmodel.Adoption.organization_id
                             == data["organization_id"])
    query = query.order_by(cmodel.Adoption.adopted, model.Group.name)
    return [ev.adoption_dict(context, r) for r in query
            if registry.get(r.charter) is not None]


# -- organization and network ----------------------------------------------

def _maturity(context, org_id: str, lang: str) -> dict[str, Any] | None:
    """The organization's latest submitted maturity assessment that the
    user may see, through the maturity plugin's actions (when loaded)."""
    if not plugins.plugin_loaded("maturity"):
        return None
    ctx = {"user": context.get("user"),
           "ignore_auth": context.get("ignore_auth", False)}
    try:
        listed = tk.get_action("maturity_assessment_list")(
            dict(ctx), {"organization_id": org_id, "state": "submitted"})
        if not listed:
            return {"assessment": None}
        latest = listed[0]
        framework = tk.get_action("maturity_framework_show")(
            dict(ctx), {"version": latest["framework_version"],
                        "lang": lang})
    except (tk.NotAuthorized, tk.ObjectNotFound, tk.ValidationError):
        return None
    return {"assessment": {"id": latest["id"],
                           "submitted": latest["submitted"]},
            "framework": framework, "result": latest.get("result")}


@tk.side_effect_free
def charter_organization_summary(context, data_dict):
    """How an organization's public datasets meet each charter principle,
    the organization principles from its latest submitted maturity
    assessment (when the maturity plugin is on), its average quality
    score and rating distribution, its adoptions and the ten datasets to
    fix first (its private ones too for members).

    :param id: name or id of the organization
    :param lang: language of the texts
    """
    tk.check_access("charter_organization_summary", context, data_dict)
    data = validated(data_dict, sch.organization_schema(), context)
    org_id = data["id"]
    lang = _lang(data_dict)
    session = context["model"].Session
    may_read = actions.can_read_organization(context, org_id)
    cached = figures.cached(session, org_id, lambda: {
        "aggregates": figures.aggregates(session, org_id),
        "fix_public": figures.fix_first(session, org_id, False),
        "fix_all": figures.fix_first(session, org_id, True)})
    agg = cached["aggregates"]
    maturity = _maturity(context, org_id, lang)
    return {
        "organization_id": org_id,
        "datasets": agg["datasets"],
        "average_score": agg["average_score"],
        "ratings": display.rating_rows(agg["ratings"], lang),
        "maturity": {"assessment": maturity["assessment"]}
        if maturity else None,
        "charters": [{
            "code": c.code, "title": pick_label(c.title, lang),
            "principles": display.principle_rows(
                c, agg["datasets"], agg["proven"], agg["claimed"],
                agg["contradicted"],
                display.maturity_principles(c, maturity["framework"],
                                            maturity["result"], lang)
                if maturity and maturity["assessment"] else None, lang)}
            for c in registry.applying(
                ev.adopted(session, org_id)).values()],
        "adoptions": tk.get_action("charter_adoption_list")(
            dict(context), {"organization_id": org_id}),
        "fix_first": cached["fix_all" if may_read else "fix_public"],
    }


@tk.side_effect_free
def charter_network_summary(context, data_dict):
    """The network: adoptions, per organization and principle the share
    of public datasets that meet it, the quality over time (monthly
    snapshots) and now.

    :param lang: language of the texts
    """
    tk.check_access("charter_network_summary", context, data_dict)
    lang = _lang(data_dict)
    model = context["model"]
    session = model.Session
    cached = figures.cached(session, None,
                            lambda: figures.network_counts(session))
    orgs, by_org, overall = (cached["orgs"], cached["by_org"],
                             cached["overall"])
    snapshots = session.query(cmodel.Snapshot).filter_by(
        organization_id="").order_by(cmodel.Snapshot.month).all()
    adopters: dict[str, set[str]] = {}
    for row in session.query(cmodel.Adoption):
        adopters.setdefault(row.charter, set()).add(row.organization_id)
    charters = []
    for c in registry.applying(set(adopters)).values():
        principles = [p for p in c.principles if p.scope == "dataset"]
        held = [o for o in orgs if not registry.adopted_only()
                or o["id"] in adopters.get(c.code, ())]
        charters.append({
            "code": c.code, "title": pick_label(c.title, lang),
            "principles": [{"number": p.number,
                            "title": pick_label(p.title, lang),
                            "key": f"{c.code}:{p.number}",
                            # over the datasets held to the charter
                            "share": display.share(sum(
                                by_org.get(o["id"], {}).get(
                                    f"{c.code}:{p.number}", 0)
                                for o in held),
                                sum(o["datasets"] for o in held))}
                           for p in principles],
            "organizations": [{
                "name": o["name"], "title": o["title"] or o["name"],
                "datasets": o["datasets"],
                "shares": [display.share(by_org.get(o["id"], {}).get(
                    f"{c.code}:{p.number}", 0), o["datasets"])
                    for p in principles]} for o in held],
        })
    return {
        "datasets": overall["datasets"],
        "average_score": overall["average_score"],
        "ratings": display.rating_rows(overall["ratings"], lang),
        "organizations": [{"name": o["name"], "title": o["title"] or o["name"],
                           "datasets": o["datasets"],
                           "average_score": round(float(o["average_score"]), 1)}
                          for o in orgs],
        "adoptions": tk.get_action("charter_adoption_list")(dict(context), {}),
        "charters": charters,
        "history": [{"month": s.month.isoformat()[:7],
                     "datasets": s.datasets,
                     "average_score": float(s.average_score)
                     if s.average_score is not None else None,
                     "ratings": s.ratings} for s in snapshots],
    }
