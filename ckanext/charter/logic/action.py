"""Actions of the charter plugin.

charter_list, charter_show, charter_dataset_show, charter_claims_update,
charter_link_check_list, charter_adoption_create | delete | list,
charter_organization_summary, charter_network_summary,
charter_snapshot_take. The pure modules (charters, rules, quality,
summary) decide; this module stores, checks rights and translates.
"""
from __future__ import annotations

import datetime
from typing import Any

import sqlalchemy as sa

import ckan.lib.search as search
import ckan.plugins as plugins
import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata import actions
from ckanext.municipal_opendata.validation import check_ids, validated
from ckanext.municipal_opendata.lang import current_lang
from ckanext.municipal_opendata.labels import pick_label

from .. import charters as ch
from .. import messages
from .. import model as cmodel
from .. import quality
from .. import registry
from .. import summary as sm
from . import evaluation as ev
from . import schema as sch

__all__ = [
    "charter_adoption_create",
    "charter_adoption_delete",
    "charter_adoption_list",
    "charter_claims_update",
    "charter_dataset_show",
    "charter_link_check_list",
    "charter_list",
    "charter_network_summary",
    "charter_organization_summary",
    "charter_show",
    "charter_snapshot_take",
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

def dataset_display(result: dict[str, Any], lang: str) -> dict[str, Any]:
    """An evaluation with the texts a person reads: per charter the
    principles proven, claimed and contradicted, each explained; the
    quality score with advice per missed indicator."""
    q = result["quality"]
    charters = []
    for code, rows in result["charters"].items():
        charter = registry.get(code)
        if charter is None:
            continue
        principles = []
        for row in rows:
            p = charter.principle(row["number"])
            derived = row["derived"]
            principles.append({
                "key": f"{code}:{p.number}", "number": p.number,
                "title": pick_label(p.title, lang),
                "explanation": pick_label(p.explanation, lang),
                "claimed": row["claimed"],
                "status": derived["status"] if derived else None,
                "reason": derived["reason"] if derived else None,
                "message": messages.reason(derived["reason"],
                                           derived["params"], lang)
                if derived else None,
            })
        charters.append({
            "code": code, "title": pick_label(charter.title, lang),
            "proven": [p for p in principles if p["status"] == "proven"],
            "contradicted": [p for p in principles
                             if p["status"] == "contradicted"],
            "claimed": [p for p in principles if p["claimed"]],
            "principles": principles,
        })
    m = quality.method()
    return {
        "quality": {
            "score": q["score"], "max": q["max"], "pending": q["pending"],
            "rating": q["rating"],
            "rating_label": pick_label(m.rating_label(q["rating"]), lang),
            "dimensions": sm.dimension_rows(q, lang),
            "indicators": sm.advice_rows(q, lang),
            "to_gain": sorted((r for r in sm.advice_rows(q, lang)
                               if r["advice"]), key=lambda r: r["order"]),
        },
        "charters": charters,
        "proven": result["proven"], "claimed": result["claimed"],
        "contradicted": result["contradicted"],
        "closed_reason": result.get("closed_reason"),
    }


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
    out = dataset_display(result, _lang(data_dict))
    out.update(package_id=pkg.id, package_name=pkg.name,
               claims=(ev.statement(context["model"].Session, pkg.id).claims
                       if ev.statement(context["model"].Session, pkg.id)
                       else {}))
    return out


def charter_claims_update(context, data_dict):
    """Set the principles a publisher claims for a dataset (replacing the
    earlier claims), and optionally why the dataset is not open.

    :param id: name or id of the dataset
    :param charter_claims: ``{"smart-flanders": [9, 16]}``, or a list or
        comma-separated string of ``"smart-flanders:9"``; only dataset
        principles of the portal's charters
    :param closed_reason: why the dataset is not open (principle "comply
        or explain"); empty removes it
    """
    check_ids(data_dict, "id", required=("id",))
    tk.check_access("charter_claims_update", context, data_dict)
    data = validated({k: v for k, v in data_dict.items()
                      if k != "charter_claims"}, sch.claims_schema(),
                     context)
    pkg = actions.package_or_404(context, data["id"])
    claims, problems = ch.parse_claims(registry.charters(),
                                       data_dict.get("charter_claims"))
    if problems:
        raise tk.ValidationError(messages.problems_to_errors(problems))
    session = context["model"].Session
    row = ev.statement(session, pkg.id)
    if row is None:
        row = cmodel.DatasetStatement(package_id=pkg.id)
        session.add(row)
    if "charter_claims" in data_dict:
        row.claims = claims
    if "closed_reason" in data_dict:
        row.closed_reason = data.get("closed_reason") or None
    row.modified = cmodel.now()
    row.modified_by = actions.acting_user_id(context)
    try:
        ev.refresh(session, pkg.id)
        session.commit()
    except Exception:
        session.rollback()
        raise
    search.rebuild(pkg.id)
    return tk.get_action("charter_dataset_show")(context, {"id": pkg.id})


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

def _adoption_dict(context, row) -> dict[str, Any]:
    org = context["model"].Group.get(row.organization_id)
    charter = registry.get(row.charter)
    return {"organization_id": row.organization_id,
            "organization_name": org.name if org else None,
            "organization_title": (org.title or org.name) if org else None,
            "charter": row.charter,
            "charter_title": pick_label(charter.title, current_lang())
            if charter else row.charter,
            "adopted": row.adopted.isoformat(),
            "decision_url": row.decision_url}


def charter_adoption_create(context, data_dict):
    """Record that an organization adopted a charter (again: replaces the
    date and decision link).

    :param organization_id: name or id of the organization
    :param charter: the charter's code
    :param adopted: date of the decision, YYYY-MM-DD, not in the future
    :param decision_url: web address of the decision
    """
    check_ids(data_dict, "organization_id", required=("organization_id",))
    tk.check_access("charter_adoption_create", context, data_dict)
    data = validated(data_dict, sch.adoption_schema(), context)
    session = context["model"].Session
    row = session.get(cmodel.Adoption, (data["organization_id"],
                                        data["charter"]))
    if row is None:
        row = cmodel.Adoption(organization_id=data["organization_id"],
                              charter=data["charter"])
        session.add(row)
    row.adopted = datetime.date.fromisoformat(data["adopted"])
    row.decision_url = data.get("decision_url")
    row.created_by = actions.acting_user_id(context)
    row.modified = cmodel.now()
    session.commit()
    if registry.adopted_only():
        ev.refresh_organization(session, data["organization_id"])
    return _adoption_dict(context, row)


def charter_adoption_delete(context, data_dict):
    """Remove an organization's adoption record of a charter.

    :param organization_id: name or id of the organization
    :param charter: the charter's code
    """
    check_ids(data_dict, "organization_id", required=("organization_id",))
    tk.check_access("charter_adoption_delete", context, data_dict)
    data = validated(data_dict, sch.adoption_delete_schema(), context)
    session = context["model"].Session
    row = session.get(cmodel.Adoption, (data["organization_id"],
                                        data["charter"]))
    if row is None:
        raise tk.ObjectNotFound(tk._("Adoption not found"))
    session.delete(row)
    session.commit()
    if registry.adopted_only():
        ev.refresh_organization(session, data["organization_id"])


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
    return [_adoption_dict(context, r) for r in query
            if registry.get(r.charter) is not None]


# -- organization and network ----------------------------------------------

PUBLIC = """
    FROM charter_evaluation e JOIN package p ON p.id = e.package_id
    WHERE p.state = 'active' AND p.private = false
"""


def _aggregates(session, org_id: str | None) -> dict[str, Any]:
    """Counts over the public datasets of one organization (or all), in
    one scan of the evaluations."""
    where = PUBLIC + (" AND p.owner_org = :org" if org_id else "")
    params = {"org": org_id} if org_id else {}
    rows = session.execute(sa.text(f"""
        WITH e AS MATERIALIZED (
            SELECT e.score, e.rating, e.proven, e.claimed, e.contradicted
            {where})
        SELECT 'total' AS kind, NULL AS k, count(*) AS n,
               avg(score) AS average FROM e
        UNION ALL SELECT 'rating', rating, count(*), NULL FROM e
            GROUP BY rating
        UNION ALL SELECT 'proven', k, count(*), NULL
            FROM e, unnest(e.proven) k GROUP BY k
        UNION ALL SELECT 'claimed', k, count(*), NULL
            FROM e, unnest(e.claimed) k GROUP BY k
        UNION ALL SELECT 'contradicted', k, count(*), NULL
            FROM e, unnest(e.contradicted) k GROUP BY k
    """), params).all()
    counts: dict[str, dict[str, int]] = {
        "rating": {}, "proven": {}, "claimed": {}, "contradicted": {}}
    total, average = 0, None
    for kind, key, n, avg in rows:
        if kind == "total":
            total, average = int(n), avg
        else:
            counts[kind][key] = int(n)
    ratings = quality.rating_counts(())
    for code, n in counts.pop("rating").items():
        if code in ratings:
            ratings[code] = n
    return {"datasets": total,
            "average_score": round(float(average), 1)
            if average is not None else None,
            "ratings": ratings, **counts}


def _fingerprint(session, org_id: str | None) -> str:
    """Changes whenever a dataset of the scope is evaluated again, edited,
    made private or public, deleted or added."""
    where = " WHERE p.owner_org = :org" if org_id else ""
    row = session.execute(sa.text(f"""
        SELECT count(*),
               count(*) FILTER (WHERE p.state = 'active' AND NOT p.private),
               max(e.computed), max(p.metadata_modified)
        FROM charter_evaluation e JOIN package p ON p.id = e.package_id
        {where}"""), {"org": org_id} if org_id else {}).one()
    return "|".join(str(v) for v in row)


def _cached(session, org_id: str | None, compute) -> dict[str, Any]:
    """``compute()`` for the scope, from the cache while its fingerprint
    holds (aggregates over 10,000 datasets take a few hundred ms)."""
    scope = org_id or ""
    fingerprint = _fingerprint(session, org_id)
    row = session.get(cmodel.SummaryCache, scope)
    if row is not None and row.fingerprint == fingerprint:
        return row.content
    content = compute()
    if row is None:
        row = cmodel.SummaryCache(scope=scope)
        session.add(row)
    row.fingerprint = fingerprint
    row.content = content
    try:
        session.commit()
    except Exception:  # a concurrent request stored it first
        session.rollback()
    return content


def _fix_first(session, org_id: str, with_private: bool,
               limit: int = 10) -> list[dict[str, Any]]:
    """The datasets with the most points to gain for the least work."""
    rows = session.execute(sa.text(f"""
        SELECT p.name, p.title, p.private, e.score, e.rating, e.gain,
               e.effort
        FROM charter_evaluation e JOIN package p ON p.id = e.package_id
        WHERE p.state = 'active' AND p.owner_org = :org AND e.gain > 0
          {'' if with_private else 'AND p.private = false'}
        ORDER BY e.gain::float / greatest(e.effort, 1) DESC, e.gain DESC,
                 p.name
        LIMIT :limit"""), {"org": org_id, "limit": limit}).mappings().all()
    return [dict(r) for r in rows]


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
    cached = _cached(session, org_id, lambda: {
        "aggregates": _aggregates(session, org_id),
        "fix_public": _fix_first(session, org_id, False),
        "fix_all": _fix_first(session, org_id, True)})
    agg = cached["aggregates"]
    maturity = _maturity(context, org_id, lang)
    return {
        "organization_id": org_id,
        "datasets": agg["datasets"],
        "average_score": agg["average_score"],
        "ratings": sm.rating_rows(agg["ratings"], lang),
        "maturity": {"assessment": maturity["assessment"]}
        if maturity else None,
        "charters": [{
            "code": c.code, "title": pick_label(c.title, lang),
            "principles": sm.principle_rows(
                c, agg["datasets"], agg["proven"], agg["claimed"],
                agg["contradicted"],
                sm.maturity_principles(c, maturity["framework"],
                                       maturity["result"], lang)
                if maturity and maturity["assessment"] else None, lang)}
            for c in registry.applying(
                ev.adopted(session, org_id)).values()],
        "adoptions": tk.get_action("charter_adoption_list")(
            dict(context), {"organization_id": org_id}),
        "fix_first": cached["fix_all" if may_read else "fix_public"],
    }


def _network_counts(session) -> dict[str, Any]:
    orgs = session.execute(sa.text("""
        SELECT g.id, g.name, g.title, count(*) AS datasets,
               avg(e.score) AS average_score
        FROM charter_evaluation e JOIN package p ON p.id = e.package_id
        JOIN "group" g ON g.id = p.owner_org AND g.state = 'active'
        WHERE p.state = 'active' AND p.private = false
        GROUP BY g.id, g.name, g.title ORDER BY g.title, g.name
    """)).mappings().all()
    proven = session.execute(sa.text(f"""
        SELECT owner_org, k, count(*) FROM (
            SELECT p.owner_org, unnest(e.proven) AS k {PUBLIC}) u
        GROUP BY owner_org, k""")).all()
    by_org: dict[str, dict[str, int]] = {}
    for org_id, key, count in proven:
        by_org.setdefault(org_id, {})[key] = count
    return {"orgs": [{**o, "average_score": float(o["average_score"])}
                     for o in orgs],
            "by_org": by_org, "overall": _aggregates(session, None)}


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
    cached = _cached(session, None, lambda: _network_counts(session))
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
                            "share": sm.share(sum(
                                by_org.get(o["id"], {}).get(
                                    f"{c.code}:{p.number}", 0)
                                for o in held),
                                sum(o["datasets"] for o in held))}
                           for p in principles],
            "organizations": [{
                "name": o["name"], "title": o["title"] or o["name"],
                "datasets": o["datasets"],
                "shares": [sm.share(by_org.get(o["id"], {}).get(
                    f"{c.code}:{p.number}", 0), o["datasets"])
                    for p in principles]} for o in held],
        })
    return {
        "datasets": overall["datasets"],
        "average_score": overall["average_score"],
        "ratings": sm.rating_rows(overall["ratings"], lang),
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


def charter_snapshot_take(context, data_dict):
    """Keep this month's figures (public datasets) for the network and
    every organization; taking it again in the same month replaces them.

    :param month: YYYY-MM (default: this month)
    """
    tk.check_access("charter_snapshot_take", context, data_dict)
    raw = data_dict.get("month") or datetime.date.today().isoformat()[:7]
    try:
        month = datetime.date.fromisoformat(f"{raw}-01")
    except ValueError:
        raise tk.ValidationError({"month": [tk._(
            "Not a month: {value}. Write it as YYYY-MM").format(value=raw)]})
    session = context["model"].Session
    org_ids = [r[0] for r in session.execute(sa.text(
        "SELECT DISTINCT p.owner_org " + PUBLIC
        + " AND p.owner_org IS NOT NULL"))]
    taken = []
    for org_id in [""] + org_ids:
        agg = _aggregates(session, org_id or None)
        row = session.get(cmodel.Snapshot, (month, org_id))
        if row is None:
            row = cmodel.Snapshot(month=month, organization_id=org_id)
            session.add(row)
        row.datasets = agg["datasets"]
        row.average_score = agg["average_score"]
        row.ratings = agg["ratings"]
        row.proven = agg["proven"]
        row.taken = cmodel.now()
        taken.append(org_id)
    session.commit()
    return {"month": month.isoformat()[:7], "organizations": len(taken) - 1}
