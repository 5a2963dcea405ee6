"""The read actions of the prioritization plugin: a dataset's screening,
the weights and their history, the ranking, the coverage matrix and a
demand summary (all ``side_effect_free``). The scoring is done by the pure
``screening`` module; this module checks rights, filters to what the
viewer may see and translates."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata import actions
from ckanext.municipal_opendata.validation import check_ids, validated
from ckanext.municipal_opendata.lang import current_lang
from ckanext.municipal_opendata.labels import pick_label

from ... import criteria as cr
from ... import model as pmodel
from ... import registry
from ... import screening as sc
from .. import access
from .. import schema as sch
from .. import scores
from .. import suggestions as sg

__all__ = [
    "prioritization_coverage",
    "prioritization_demand_summary",
    "prioritization_ranking",
    "prioritization_screening_show",
    "prioritization_type_suggestion_list",
    "prioritization_weights_history",
    "prioritization_weights_show",
]


COUNT_LIMIT = 10000
FILTER_KEYS = ("status", "recommendation", "municipality",
               "dataset_type_code", "theme", "q")


def screening_dict(context, pkg) -> dict[str, Any]:
    session = context["model"].Session
    screening = session.get(pmodel.Screening, pkg.id)
    row = session.get(pmodel.Dataset, pkg.id)
    model = registry.screening_model()
    viewer = access.viewer(context)
    data = {
        "package_id": pkg.id, "name": pkg.name,
        "status": screening.status if screening else None,
        "scores": dict(screening.scores) if screening else {},
        "evidence": dict(screening.evidence) if screening else {},
        "legal_duty": bool(screening and screening.legal_duty),
        "reason": screening.reason if screening else None,
        "modified": screening.modified.isoformat() if screening else None,
        # who screened it: a name for the organization's members and
        # those who see every candidate, as CKAN shows its activity
        "modified_by": actions.user_name(context, screening and
                                  screening.modified_by)
        if viewer.full or pkg.owner_org in viewer.org_ids else None,
        "score": None, "known": 0, "unknown": len(model.criteria),
        "recommendation": None, "breakdown": [], "demand_signals": 0,
        "dataset_type_code": row.dataset_type_code if row else None,
        # a list, as package_show gives it
        "hvd_category": scores.hvd_categories(
            pkg.extras.get("hvd_category") or (row and row.hvd_category)),
    }
    for gate in model.gates:
        data[gate.code] = getattr(screening, gate.code, None) \
            if screening else None
    if row is not None:
        data.update({
            "score": float(row.score) if row.score is not None else None,
            "known": row.known, "unknown": row.unknown,
            "recommendation": row.recommendation,
            "breakdown": scores.breakdown(row.steps),
            "demand_signals": row.demand_signals,
        })
        if data["breakdown"]:
            data["reason_parts"] = sc.ranking_rows(
                [{"breakdown": data["breakdown"],
                  "score": data["score"], "unknown": row.unknown}]
            )[0]["reason"]
        # How many municipalities hold the type counts private candidates:
        # only those who see every candidate get the number itself.
        if viewer.full and row.dataset_type_code:
            data["municipalities_with_type"] = scores.holder_counts(
                [row.dataset_type_code]).get(row.dataset_type_code, 0)
    return data


@tk.side_effect_free
def prioritization_screening_show(context, data_dict):
    """The screening of a dataset, its score, breakdown and recommendation.

    :param id: the dataset's name or id
    :returns: ``score`` (a number, or null until the dataset is screened),
        ``hvd_category`` (a list of HVD category URIs, as in
        package_show), ...
    """
    check_ids(data_dict, "id", required=("id",))
    tk.check_access("prioritization_screening_show", context, data_dict)
    data = validated(data_dict, sch.id_schema(), context)
    return screening_dict(context, actions.package_or_404(context, data["id"]))


@tk.side_effect_free
def prioritization_weights_show(context, data_dict):
    """The weights in use, the configured defaults and the criteria.

    With ``preview`` (a ``{criterion: weight}`` object; sysadmins and the
    secretariat only) also the top 20 under the current and under the
    previewed weights, nothing stored."""
    tk.check_access("prioritization_weights_show", context, data_dict)
    check_ids(data_dict, "lang")
    model = registry.screening_model()
    lang = data_dict.get("lang") or current_lang()
    result = {
        "weights": scores.current_weights(),
        "defaults": registry.default_weights(),
        "criteria": [{"code": c.code, "group": c.group, "derived": c.derived,
                      "label": pick_label(c.label, lang),
                      "help": pick_label(c.help, lang),
                      "steps": [pick_label(s, lang) for s in c.steps]}
                     for c in model.criteria],
    }
    if "preview" in data_dict:
        tk.check_access("prioritization_weights_update", context, data_dict)
        clean, problems = cr.check_weights(model, data_dict["preview"])
        if problems:
            raise tk.ValidationError(sch.problems_to_errors(problems))
        result["preview"] = clean
        result["top_current"] = _preview(result["weights"])
        result["top_preview"] = _preview(clean)
    return result


def _preview(weights) -> list[dict]:
    return tk.get_action("prioritization_ranking")(
        {"ignore_auth": True}, {"limit": 20, "facets": False,
                                "weights": weights})["results"]


@tk.side_effect_free
def prioritization_weights_history(context, data_dict):
    """Every change of the weights, newest first: who, when, old, new."""
    tk.check_access("prioritization_weights_history", context, data_dict)
    changes = context["model"].Session.query(pmodel.WeightsChange).order_by(
        pmodel.WeightsChange.id.desc()).all()
    return [{"changed": c.changed.isoformat(),
             "changed_by": actions.user_name(context, c.changed_by),
             "old": c.old, "new": c.new} for c in changes]


def _visible(query, viewer: access.Viewer):
    """Only the rows whose score this viewer may see."""
    Dataset = pmodel.Dataset
    if viewer.full:
        return query
    conditions = []
    if viewer.org_ids:
        conditions.append(Dataset.owner_org.in_(sorted(viewer.org_ids)))
    if viewer.public:
        conditions.append(Dataset.private.is_(False))
    if not conditions:
        return query.filter(sa.false())
    return query.filter(sa.or_(*conditions))


def _filtered(query, data, skip=None):
    Dataset = pmodel.Dataset
    for key, column in (("status", Dataset.status),
                        ("recommendation", Dataset.recommendation),
                        ("municipality", Dataset.municipality),
                        ("dataset_type_code", Dataset.dataset_type_code)):
        if data.get(key) and key != skip:
            query = query.filter(column == data[key])
    if data.get("theme") and skip != "theme":
        query = query.filter(Dataset.themes.any(data["theme"]))
    if data.get("q"):
        like = "%{}%".format(data["q"].replace("\\", "\\\\")
                             .replace("%", "\\%").replace("_", "\\_"))
        query = query.filter(sa.or_(Dataset.title.ilike(like),
                                    Dataset.name.ilike(like)))
    return query


def _org_titles(session, org_ids) -> dict[str, tuple[str, str]]:
    if not org_ids:
        return {}
    from ckan.model import Group
    return {g.id: (g.name, g.title or g.name)
            for g in session.query(Group).filter(Group.id.in_(list(org_ids)))}


def _row_dict(row, orgs, weights) -> dict[str, Any]:
    org_name, org_title = orgs.get(row.owner_org, (None, None))
    return {
        "package_id": row.package_id, "name": row.name, "title": row.title,
        "organization": org_name, "organization_title": org_title,
        "municipality": row.municipality,
        "dataset_type_code": row.dataset_type_code,
        "hvd_category": row.hvd_category, "themes": list(row.themes or ()),
        "private": row.private, "status": row.status,
        "score": float(row.score) if row.score is not None else None,
        "known": row.known, "unknown": row.unknown,
        "recommendation": row.recommendation,
        "breakdown": scores.breakdown(row.steps, weights),
        "demand_signals": row.demand_signals,
    }


def _preview_page(session, query, weights, offset, limit) -> list[dict]:
    """A page of the ranking under other weights (the weights preview):
    every visible row scored from its stored steps, nothing stored."""
    model = registry.screening_model()
    Dataset = pmodel.Dataset
    scored = []
    for package_id, name, steps in query.with_entities(
            Dataset.package_id, Dataset.name, Dataset.steps):
        score = sc.score(model, weights, steps, {}).score if steps else None
        scored.append((score is None, -(score or 0), name, package_id,
                       score))
    scored.sort()
    chosen = scored[offset:offset + limit]
    rows = {r.package_id: r for r in session.query(Dataset).filter(
        Dataset.package_id.in_([c[3] for c in chosen]))}
    orgs = _org_titles(session, {r.owner_org for r in rows.values()
                                 if r.owner_org})
    return [dict(_row_dict(rows[c[3]], orgs, weights), score=c[4])
            for c in chosen]


@tk.side_effect_free
def prioritization_ranking(context, data_dict):
    """Screened datasets the viewer may see, by score (best first), with
    each one's breakdown and the parts of the sentence on why it ranks
    there, and facet counts over the same visible rows. ``count`` stops
    at 10,000 (``count_exact`` false beyond).

    :param status, recommendation, theme, municipality, dataset_type_code:
        filters
    :param q: words of the title or name
    :param limit: default 20 (at most 10,000); :param offset: default 0
    :param facets: default true
    """
    tk.check_access("prioritization_ranking", context, data_dict)
    data = validated(data_dict, sch.ranking_schema(), context)
    session = context["model"].Session
    Dataset = pmodel.Dataset
    viewer = access.viewer(context)
    base = _visible(session.query(Dataset).filter(
        Dataset.status.isnot(None)), viewer)
    query = _filtered(base, data)
    # Counting stops after COUNT_LIMIT rows, so that a page costs the same
    # whatever the number of candidates ("more than 10,000").
    limited = query.with_entities(Dataset.package_id).limit(
        COUNT_LIMIT + 1).subquery()
    count = session.query(sa.func.count()).select_from(limited).scalar()
    if data.get("weights") is not None:
        if not viewer.full:
            raise tk.NotAuthorized(tk._(
                "Only sysadmins and the programme's secretariat can preview "
                "weights"))
        weights, problems = cr.check_weights(registry.screening_model(),
                                             data["weights"])
        if problems:
            raise tk.ValidationError(sch.problems_to_errors(problems))
        data["weights"] = weights
        page = _preview_page(session, query, data["weights"],
                             data["offset"], data["limit"])
    else:
        found = query.order_by(Dataset.score.desc().nullslast(),
                               Dataset.name).offset(data["offset"]).limit(
            data["limit"]).all()
        orgs = _org_titles(session, {r.owner_org for r in found
                                     if r.owner_org})
        weights = scores.current_weights()
        page = [_row_dict(r, orgs, weights) for r in found]
    result = {"count": min(count, COUNT_LIMIT),
              "count_exact": count <= COUNT_LIMIT,
              "results": sc.ranking_rows(page, data["offset"]),
              "offset": data["offset"], "limit": data["limit"]}
    if data["facets"]:
        result["facets"] = _facets(session, base, data)
    return result


def _facets(session, base, data) -> dict[str, list[dict]]:
    """Counts per value of each filter, over the visible rows that match
    the other filters (as CKAN's facets)."""
    Dataset = pmodel.Dataset
    facets = {}
    columns = (("status", Dataset.status),
               ("recommendation", Dataset.recommendation),
               ("municipality", Dataset.municipality),
               ("dataset_type_code", Dataset.dataset_type_code))
    if not any(data.get(k) for k in FILTER_KEYS):
        # Nothing filtered: the four facets share one scan (grouping
        # sets); each result row has the value of exactly one of them.
        counts: dict[str, dict] = {key: {} for key, _c in columns}
        for *values, n in base.with_entities(
                *[c for _k, c in columns], sa.func.count()).group_by(
                sa.func.grouping_sets(*[sa.tuple_(c) for _k, c in columns])):
            for (key, _c), value in zip(columns, values):
                if value is not None:
                    counts[key][value] = n
        for key, _c in columns:
            facets[key] = [{"name": v, "count": n} for v, n in sorted(
                counts[key].items(), key=lambda item: (-item[1], item[0]))]
        columns = ()
    for key, column in columns:
        sub = _filtered(base, data, skip=key).with_entities(
            column, sa.func.count()).filter(column.isnot(None)).group_by(
            column).order_by(sa.func.count().desc(), column)
        facets[key] = [{"name": v, "count": n} for v, n in sub.all()]
    theme = sa.func.unnest(Dataset.themes).label("theme")
    sub = _filtered(base, data, skip="theme").with_entities(
        theme).subquery()
    facets["theme"] = [{"name": v, "count": n} for v, n in session.query(
        sub.c.theme, sa.func.count()).group_by(sub.c.theme).order_by(
        sa.func.count().desc(), sub.c.theme).all()]
    return facets


@tk.side_effect_free
def prioritization_coverage(context, data_dict):
    """Dataset types against municipalities over the datasets the viewer
    may see: each cell published, candidate (with its best score) or
    absent; counts per type and municipality; the ranking of types for
    joint publication.

    :param theme, dataset_type_code: filters
    """
    tk.check_access("prioritization_coverage", context, data_dict)
    data = validated(data_dict, sch.coverage_schema(), context)
    session = context["model"].Session
    Dataset = pmodel.Dataset
    viewer = access.viewer(context)
    query = session.query(
        Dataset.dataset_type_code, Dataset.municipality, Dataset.status,
        Dataset.private, Dataset.score, Dataset.owner_org).filter(
        Dataset.dataset_type_code.isnot(None))
    # Datasets nobody screened show as published when public; a private
    # one without a status is not a candidate yet, and is left out.
    query = _visible(query, viewer)
    if data.get("theme"):
        query = query.filter(Dataset.themes.any(data["theme"]))
    if data.get("dataset_type_code"):
        query = query.filter(
            Dataset.dataset_type_code == data["dataset_type_code"])
    items = []
    labels: dict[str, str] = {}
    for code, muni, status, private, score, owner in query.all():
        items.append({"dataset_type_code": code, "municipality": muni,
                      "status": sc.effective_status(status, private),
                      "score": float(score) if score is not None else None})
        labels.setdefault(muni, owner)
    orgs = _org_titles(session, {o for o in labels.values() if o})
    result = sc.coverage(items)
    result["municipality_labels"] = {
        m: orgs.get(o, (m, m))[1] for m, o in labels.items()}
    demand = dict(session.query(pmodel.Demand.dataset_type_code,
                                sa.func.count()).filter(
        pmodel.Demand.dataset_type_code.in_(result["types"])).group_by(
        pmodel.Demand.dataset_type_code).all()) if result["types"] else {}
    for code, counts in result["per_type"].items():
        counts["demand"] = demand.get(code, 0)
    for row in result["joint"]:
        row["demand"] = demand.get(row["dataset_type_code"], 0)
    return result


@tk.side_effect_free
def prioritization_demand_summary(context, data_dict):
    """How much demand a dataset or a dataset type has, by audience, and
    whether the current user registered some. Notes are listed for those
    who may edit the dataset, and for the secretariat.

    :param package_id: or :param dataset_type_code:
    :returns: ``count`` (demand registered for the dataset, or the type),
        ``by_audience``, ``mine``; for a dataset also ``type_count``, the
        demand registered for its dataset type (both feed its Demand
        criterion)
    """
    check_ids(data_dict, "package_id", "dataset_type_code")
    tk.check_access("prioritization_demand_summary", context, data_dict)
    data = validated(data_dict, sch.demand_summary_schema(), context)
    session = context["model"].Session
    query = session.query(pmodel.Demand)
    may_read_notes = access.is_full(context.get("user"))
    type_count = None
    if data.get("package_id"):
        pkg = actions.package_or_404(context, data["package_id"])
        query = query.filter(pmodel.Demand.package_id == pkg.id)
        row = session.get(pmodel.Dataset, pkg.id)
        type_count = session.query(pmodel.Demand).filter(
            pmodel.Demand.dataset_type_code == row.dataset_type_code
        ).count() if row is not None and row.dataset_type_code else 0
        try:
            tk.check_access("package_update", dict(context), {"id": pkg.id})
            may_read_notes = True
        except tk.NotAuthorized:
            pass
    elif data.get("dataset_type_code"):
        query = query.filter(pmodel.Demand.dataset_type_code ==
                             data["dataset_type_code"])
    else:
        raise tk.ValidationError({"package_id": [tk._(
            "Give either a dataset or a dataset type")]})
    demands = query.order_by(pmodel.Demand.created).all()
    user = actions.acting_user(context)
    by_audience: dict[str, int] = {}
    for d in demands:
        by_audience[d.audience] = by_audience.get(d.audience, 0) + 1
    result = {"count": len(demands), "by_audience": by_audience,
              "mine": bool(user and any(d.user_id == user.id
                                        for d in demands))}
    if type_count is not None:
        result["type_count"] = type_count
    if may_read_notes:
        result["notes"] = [{"audience": d.audience, "note": d.note,
                            "created": d.created.isoformat()}
                           for d in demands if d.note]
    return result


@tk.side_effect_free
def prioritization_type_suggestion_list(context, data_dict):
    """The datasets without a dataset type for which the municipal
    schema's synonyms suggest one, for the secretariat to confirm
    (sysadmins and the secretariat, who see every candidate: private
    datasets of every organization included).

    :param organization: an organization's name or id (default: all)
    :param limit: default 50 (at most 1000); :param offset: default 0
    :returns: ``count`` and ``results`` (``package_id``, ``name``,
        ``title``, ``organization``, ``organization_title``, ``private``,
        ``suggestions``: ``code``, ``name``, ``score``, ``matches``), by
        organization and title
    """
    tk.check_access("prioritization_type_suggestion_list", context,
                    data_dict)
    data = validated(data_dict, sch.type_suggestion_list_schema(), context)
    org_id = None
    if data.get("organization"):
        org = context["model"].Group.get(data["organization"])
        if org is None or not org.is_organization:
            raise tk.ObjectNotFound(tk._("Organization not found"))
        org_id = org.id
    datasets = sg.untyped_datasets(org_id)
    found = sg.suggestions(datasets, data_dict.get("lang") or current_lang())
    orgs = sg.organization_titles(d["owner_org"] for d in datasets)
    rows = []
    for d in datasets:
        if d["id"] not in found:
            continue
        org_name, org_title = orgs.get(d["owner_org"], (None, None))
        rows.append({"package_id": d["id"], "name": d["name"],
                     "title": d["title"], "organization": org_name,
                     "organization_title": org_title,
                     "private": d["private"],
                     "suggestions": found[d["id"]]})
    rows.sort(key=lambda r: ((r["organization_title"] or "").casefold(),
                             (r["title"] or "").casefold(), r["name"]))
    return {"count": len(rows), "offset": data["offset"],
            "limit": data["limit"],
            "results": rows[data["offset"]:data["offset"] + data["limit"]]}
