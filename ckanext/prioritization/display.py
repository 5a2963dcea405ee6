"""Labels and sentences for the pages and exports, in the reader's
language: the translated face of what ``screening`` computes. Dataset-type
and theme names come from the municipal schema's actions when that plugin
is loaded, else the codes are shown."""
from __future__ import annotations

import dataclasses
from typing import Any, Iterable

import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata.lang import current_lang
from ckanext.municipal_opendata.labels import pick_label

from . import screening as sc
from . import store
from . import tables


def _model() -> sc.Model:
    return store.screening_model()


def options(what: str) -> list[dict[str, str]]:
    return [{"code": o.code, "label": pick_label(o.label, current_lang())}
            for o in getattr(_model(), what)]


def label(what: str, code: str | None) -> str:
    if not code:
        return ""
    option = _model().option(what, code)
    return pick_label(option.label, current_lang()) if option else code


def criterion_label(code: str) -> str:
    criterion = _model().criterion(code)
    return pick_label(criterion.label, current_lang()) if criterion else code


def _schema_labels(action: str, data: dict, key: str) -> dict[str, str]:
    try:
        result = tk.get_action(action)({"ignore_auth": True}, data)
    except (KeyError, tk.ObjectNotFound):  # municipal_schema not loaded
        return {}
    items = result["terms"] if isinstance(result, dict) else result
    lang = current_lang()
    out = {}
    for item in items:
        name = item.get(key)
        out[item["code"]] = (pick_label(name, lang) if isinstance(name, dict)
                             else name or item["code"])
    return out


def type_labels() -> dict[str, str]:
    return _schema_labels("municipal_dataset_type_list", {"lang": current_lang()},
                          "name")


def theme_labels() -> dict[str, str]:
    return _schema_labels("municipal_vocabulary_show", {"id": "data_themes"},
                          "label")


def municipality_labels(codes: Iterable[str]) -> dict[str, str]:
    """The names of municipalities, by the code a dataset carries: the
    municipal schema's vocabulary (``44021`` -> ``Gent``), else, for a
    dataset without a code, its organization's title (the row's
    municipality is then the organization's name)."""
    codes = {c for c in codes if c}
    if not codes:
        return {}
    names = _schema_labels("municipal_vocabulary_show",
                           {"id": "municipalities"}, "label")
    out = {c: names[c] for c in codes if c in names}
    rest = codes - set(out)
    if rest:
        from ckan import model
        for name, title in model.Session.query(
                model.Group.name, model.Group.title).filter(
                model.Group.name.in_(list(rest))):
            out[name] = title or name
    return out


def words(municipalities: Iterable[str] = ()) -> tables.Words:
    """What the export tables say, in the reader's language."""
    model = _model()
    lang = current_lang()
    return tables.Words(
        _=tk._,
        statuses={o.code: pick_label(o.label, lang) for o in model.statuses},
        recommendations={o.code: pick_label(o.label, lang)
                         for o in model.recommendations},
        types=type_labels(),
        municipalities=municipality_labels(municipalities),
        criteria=[(c.code, pick_label(c.label, lang),
                   [pick_label(s, lang) for s in c.steps])
                  for c in model.criteria])


def _join(names: list[str]) -> str:
    if len(names) < 2:
        return "".join(names)
    return tk._("{first} and {last}").format(first=", ".join(names[:-1]),
                                             last=names[-1])


def reason_sentence(reason: dict[str, Any] | None, total: int) -> str:
    """'Scores 66.7 of 100: strongest on Demand; weakest on Data quality;
    4 of 8 criteria not yet scored.'"""
    if not reason or reason.get("score") is None:
        return tk._("No score yet: no weighted criterion is scored.")
    head = tk._("Scores {score} of 100").format(
        score=_number(reason["score"]))
    details = []
    if reason.get("strongest"):
        details.append(tk._("strongest on {criteria}").format(
            criteria=_join([criterion_label(c)
                            for c in reason["strongest"]])))
    if reason.get("weakest"):
        details.append(tk._("weakest on {criteria}").format(
            criteria=_join([criterion_label(c) for c in reason["weakest"]])))
    if reason.get("unknown"):
        details.append(tk._("{unknown} of {total} criteria not yet "
                            "scored").format(unknown=reason["unknown"],
                                             total=total))
    return head + (": " + "; ".join(details) if details else "") + "."


def _number(value) -> str:
    if value is None:
        return ""
    return f"{value:.1f}"


def breakdown_view(breakdown: Iterable[dict]) -> list[dict[str, Any]]:
    model = _model()
    rows = []
    for b in breakdown:
        criterion = model.criterion(b["criterion"])
        value = b["value"]
        rows.append({
            **b,
            "label": criterion_label(b["criterion"]),
            "group_label": tk._("Value") if b["group"] == "value"
            else tk._("Readiness"),
            "meaning": (pick_label(criterion.steps[value], current_lang())
                        if criterion and value is not None else
                        tk._("Unknown")),
            "points_text": _number(b["points"]),
            "percent": int(round(100 * b["points"] / 100)) if b["points"]
            else 0,
        })
    return rows


# -- a dataset's screening ------------------------------------------------------

def screening_view(result: dict[str, Any]) -> dict[str, Any]:
    total = len(_model().criteria)
    return {
        **result,
        "score_text": _number(result.get("score")),
        "status_label": label("statuses", result.get("status")),
        "recommendation_label": label("recommendations",
                                      result.get("recommendation")),
        "breakdown_rows": breakdown_view(result.get("breakdown") or ()),
        "sentence": reason_sentence(result.get("reason_parts"), total)
        if result.get("breakdown") else "",
        "total": total,
    }


def screening_form(result: dict[str, Any] | None,
                   given: dict[str, Any] | None) -> dict[str, Any]:
    """The form's fields: typed criteria with their step meanings, derived
    ones with their computed value, the gates, the status."""
    model = _model()
    lang = current_lang()
    source = given or result or {}
    values = {b["criterion"]: b["value"]
              for b in (result or {}).get("breakdown") or ()}
    criteria = []
    for c in model.criteria:
        current = (source.get("scores") or {}).get(c.code)
        criteria.append({
            "code": c.code, "derived": c.derived,
            "label": pick_label(c.label, lang), "help": pick_label(c.help, lang),
            "group_label": tk._("Value") if c.group == "value"
            else tk._("Readiness"),
            "steps": [{"value": i, "meaning": pick_label(s, lang)}
                      for i, s in enumerate(c.steps)],
            "current": "" if current in (None, "") else str(current),
            "computed": values.get(c.code),
            "computed_meaning": pick_label(c.steps[values[c.code]], lang)
            if values.get(c.code) is not None else tk._("Unknown"),
            "evidence": (source.get("evidence") or {}).get(c.code, ""),
        })
    gates = [{"code": g.code, "label": pick_label(g.label, lang),
              "current": source.get(g.code) or "",
              "levels": [{"code": lv.code, "label": pick_label(lv.label, lang)}
                         for lv in g.levels]} for g in model.gates]
    return {"criteria": criteria, "gates": gates,
            "statuses": options("statuses"),
            "status": source.get("status") or "candidate",
            "legal_duty": source.get("legal_duty") in (True, "on", "true"),
            "reason": source.get("reason") or ""}


def demand_view(summary: dict[str, Any]) -> dict[str, Any]:
    return {**summary, "audiences": [
        {"label": label("audiences", code), "count": n}
        for code, n in sorted(summary["by_audience"].items())],
        "notes": [dict(n, audience_label=label("audiences", n["audience"]))
                  for n in summary.get("notes") or ()]}


# -- ranking ------------------------------------------------------------------------

def ranking_view(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    types = type_labels()
    total = len(_model().criteria)
    return [{
        **r,
        "score_text": _number(r["score"]) if r["score"] is not None
        else "–",
        "status_label": label("statuses", r["status"]),
        "recommendation_label": label("recommendations",
                                      r["recommendation"]),
        "type_label": types.get(r["dataset_type_code"],
                                r["dataset_type_code"] or ""),
        "sentence": reason_sentence(r["reason"], total),
        "breakdown_rows": breakdown_view(r["breakdown"]),
    } for r in rows]


def facets_view(facets: dict[str, list[dict]], filters: dict[str, str]
                ) -> list[dict[str, Any]]:
    names = {
        "status": (tk._("Status"), lambda c: label("statuses", c)),
        "recommendation": (tk._("Recommendation"),
                           lambda c: label("recommendations", c)),
        "theme": (tk._("Theme"), lambda c, t=theme_labels(): t.get(c, c)),
        "municipality": (tk._("Municipality"),
                         lambda c, m=municipality_labels(
                             i["name"] for i in facets.get("municipality")
                             or ()): m.get(c, c)),
        "dataset_type_code": (tk._("Dataset type"),
                              lambda c, t=type_labels(): t.get(c, c)),
    }
    out = []
    for key, (title, labeller) in names.items():
        items = []
        for item in facets.get(key) or ():
            active = filters.get(key) == item["name"]
            params = {k: v for k, v in filters.items() if k != key}
            if not active:
                params[key] = item["name"]
            items.append({"label": labeller(item["name"]),
                          "count": item["count"], "active": active,
                          "url": tk.h.url_for("prioritization.ranking",
                                              **params)})
        out.append({"key": key, "title": title, "items": items})
    return out


def ranking_tables(rows: list[dict[str, Any]]) -> list[tuple[list, list]]:
    """The ranking export: its table, then the explanations."""
    w = words(r["municipality"] for r in rows)
    total = len(_model().criteria)
    return [tables.ranking_table(
        rows, w, lambda r: reason_sentence(r["reason"], total)),
        tables.ranking_notes(w)]


# -- coverage ------------------------------------------------------------------------

def _coverage_labels(result: dict[str, Any]) -> dict[str, str]:
    """The municipalities' names: the vocabulary's, else the title of
    the organization that publishes there."""
    return {**(result.get("municipality_labels") or {}),
            **municipality_labels(result["municipalities"])}


def coverage_view(result: dict[str, Any]) -> dict[str, Any]:
    types = type_labels()
    munis = result["municipalities"]
    muni_labels = _coverage_labels(result)
    rows = []
    for code in result["types"]:
        cells = []
        for m in munis:
            cell = result["cells"].get(f"{code}|{m}")
            if cell is None:
                cells.append({"state": "none", "text": "",
                              "title": tk._("Nothing")})
            elif cell["state"] == "published":
                cells.append({"state": "published",
                              "text": tk._("Published"),
                              "title": tk._("Published")})
            else:
                cells.append({"state": "candidate",
                              "text": _number(cell["score"]) or "?",
                              "title": tk._("Candidate ({status})").format(
                                  status=label("statuses", cell["status"]))})
        rows.append({"code": code, "label": types.get(code, code),
                     "cells": cells, **result["per_type"][code]})
    return {
        "municipalities": [{"key": m, "label": muni_labels.get(m, m),
                            **result["per_municipality"][m]}
                           for m in munis],
        "rows": rows,
        "joint": [dict(j, label=types.get(j["dataset_type_code"],
                                          j["dataset_type_code"]),
                       mean_text=_number(j["mean_score"]))
                  for j in result["joint"]],
        "type_options": sorted(types.items(), key=lambda kv: kv[1]),
    }


def coverage_tables(result: dict[str, Any]) -> list[tuple[list, list]]:
    """The coverage export: the matrix, the joint publication ranking,
    the explanations."""
    w = dataclasses.replace(words(), municipalities=_coverage_labels(result))
    return [tables.coverage_table(result, w), tables.joint_table(result, w),
            tables.coverage_notes(result, w)]


# -- weights -------------------------------------------------------------------------

def preview_view(preview: dict[str, Any]) -> dict[str, Any]:
    current = ranking_view(preview["top_current"])
    new = ranking_view(preview["top_preview"])
    before = {r["package_id"]: r["rank"] for r in current}
    for r in new:
        r["was"] = before.get(r["package_id"])
    return {"current": current, "new": new,
            "rows": [{"current": current[i] if i < len(current) else None,
                      "new": new[i] if i < len(new) else None}
                     for i in range(max(len(current), len(new)))]}


def history_view(history: list[dict], criteria: list[dict]
                 ) -> list[dict[str, Any]]:
    labels = {c["code"]: c["label"] for c in criteria}
    out = []
    for h in history:
        changes = [{"label": labels.get(code, code),
                    "old": h["old"].get(code), "new": value}
                   for code, value in h["new"].items()
                   if h["old"].get(code) != value]
        out.append({**h, "changes": changes})
    return out

