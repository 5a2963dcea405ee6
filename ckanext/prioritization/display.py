"""Labels and sentences for the pages and exports, in the reader's
language: the translated face of what ``screening`` computes. Pure: the
caller (``views``, ``helpers``) gives a :class:`Reader`, the screening
model, the language, the translation function ``_`` (CKAN's gettext in a
request) and the names of dataset types, themes and municipalities that
the municipal schema gives (``logic/names.py`` fetches them; without
them the codes are shown). The sentences below are extracted for
translation by their ``_(...)`` calls."""
from __future__ import annotations

import dataclasses
from typing import Any, Callable, Iterable, Mapping

from ckanext.municipal_opendata.labels import pick_label

from . import criteria as cr
from . import tables


@dataclasses.dataclass(frozen=True)
class Reader:
    """What a page says depends on: the screening model, the reader's
    language, ``_`` (translates a sentence), and the labels of dataset
    types, themes and municipalities by code."""
    model: cr.Model
    lang: str
    _: Callable[[str], str]
    types: Mapping[str, str] = dataclasses.field(default_factory=dict)
    themes: Mapping[str, str] = dataclasses.field(default_factory=dict)
    municipalities: Mapping[str, str] = dataclasses.field(
        default_factory=dict)


def options(r: Reader, what: str) -> list[dict[str, str]]:
    return [{"code": o.code, "label": pick_label(o.label, r.lang)}
            for o in getattr(r.model, what)]


def label(r: Reader, what: str, code: str | None) -> str:
    if not code:
        return ""
    option = r.model.option(what, code)
    return pick_label(option.label, r.lang) if option else code


def criterion_label(r: Reader, code: str) -> str:
    criterion = r.model.criterion(code)
    return pick_label(criterion.label, r.lang) if criterion else code


def words(r: Reader) -> tables.Words:
    """What the export tables say, in the reader's language."""
    return tables.Words(
        _=r._,
        statuses={o.code: pick_label(o.label, r.lang)
                  for o in r.model.statuses},
        recommendations={o.code: pick_label(o.label, r.lang)
                         for o in r.model.recommendations},
        types=r.types,
        municipalities=r.municipalities,
        criteria=[(c.code, pick_label(c.label, r.lang),
                   [pick_label(s, r.lang) for s in c.steps])
                  for c in r.model.criteria])


def _join(_, names: list[str]) -> str:
    if len(names) < 2:
        return "".join(names)
    return _("{first} and {last}").format(first=", ".join(names[:-1]),
                                             last=names[-1])


def reason_sentence(r: Reader, reason: dict[str, Any] | None) -> str:
    """'Scores 66.7 of 100: strongest on Demand; weakest on Data quality;
    4 of 8 criteria not yet scored.'"""
    _, total = r._, len(r.model.criteria)
    if not reason or reason.get("score") is None:
        return _("No score yet: no weighted criterion is scored.")
    head = _("Scores {score} of 100").format(
        score=_number(reason["score"]))
    details = []
    if reason.get("strongest"):
        details.append(_("strongest on {criteria}").format(
            criteria=_join(_, [criterion_label(r, c)
                               for c in reason["strongest"]])))
    if reason.get("weakest"):
        details.append(_("weakest on {criteria}").format(
            criteria=_join(_, [criterion_label(r, c)
                               for c in reason["weakest"]])))
    if reason.get("unknown"):
        details.append(_("{unknown} of {total} criteria not yet "
                            "scored").format(unknown=reason["unknown"],
                                             total=total))
    return head + (": " + "; ".join(details) if details else "") + "."


def _number(value) -> str:
    if value is None:
        return ""
    return f"{value:.1f}"


def breakdown_view(r: Reader, breakdown: Iterable[dict]
                   ) -> list[dict[str, Any]]:
    _ = r._
    rows = []
    for b in breakdown:
        criterion = r.model.criterion(b["criterion"])
        value = b["value"]
        rows.append({
            **b,
            "label": criterion_label(r, b["criterion"]),
            "group_label": _("Value") if b["group"] == "value"
            else _("Readiness"),
            "meaning": (pick_label(criterion.steps[value], r.lang)
                        if criterion and value is not None else
                        _("Unknown")),
            "points_text": _number(b["points"]),
            "percent": int(round(100 * b["points"] / 100)) if b["points"]
            else 0,
        })
    return rows


# -- a dataset's screening ------------------------------------------------------

def screening_view(r: Reader, result: dict[str, Any]) -> dict[str, Any]:
    return {
        **result,
        "score_text": _number(result.get("score")),
        "status_label": label(r, "statuses", result.get("status")),
        "recommendation_label": label(r, "recommendations",
                                      result.get("recommendation")),
        "breakdown_rows": breakdown_view(r, result.get("breakdown") or ()),
        "sentence": reason_sentence(r, result.get("reason_parts"))
        if result.get("breakdown") else "",
        "total": len(r.model.criteria),
    }


def screening_form(r: Reader, result: dict[str, Any] | None,
                   given: dict[str, Any] | None) -> dict[str, Any]:
    """The form's fields: typed criteria with their step meanings, derived
    ones with their computed value, the gates, the status."""
    model, lang, _ = r.model, r.lang, r._
    source = given or result or {}
    values = {b["criterion"]: b["value"]
              for b in (result or {}).get("breakdown") or ()}
    criteria = []
    for c in model.criteria:
        current = (source.get("scores") or {}).get(c.code)
        criteria.append({
            "code": c.code, "derived": c.derived,
            "label": pick_label(c.label, lang), "help": pick_label(c.help, lang),
            "group_label": _("Value") if c.group == "value"
            else _("Readiness"),
            "steps": [{"value": i, "meaning": pick_label(s, lang)}
                      for i, s in enumerate(c.steps)],
            "current": "" if current in (None, "") else str(current),
            "computed": values.get(c.code),
            "computed_meaning": pick_label(c.steps[values[c.code]], lang)
            if values.get(c.code) is not None else _("Unknown"),
            "evidence": (source.get("evidence") or {}).get(c.code, ""),
        })
    gates = [{"code": g.code, "label": pick_label(g.label, lang),
              "current": source.get(g.code) or "",
              "levels": [{"code": lv.code, "label": pick_label(lv.label, lang)}
                         for lv in g.levels]} for g in model.gates]
    return {"criteria": criteria, "gates": gates,
            "statuses": options(r, "statuses"),
            "status": source.get("status") or "candidate",
            "legal_duty": source.get("legal_duty") in (True, "on", "true"),
            "reason": source.get("reason") or ""}


def demand_view(r: Reader, summary: dict[str, Any]) -> dict[str, Any]:
    return {**summary, "audiences": [
        {"label": label(r, "audiences", code), "count": n}
        for code, n in sorted(summary["by_audience"].items())],
        "notes": [dict(n, audience_label=label(r, "audiences",
                                                   n["audience"]))
                  for n in summary.get("notes") or ()]}


# -- ranking ------------------------------------------------------------------------

def ranking_view(r: Reader, rows: list[dict[str, Any]]
                 ) -> list[dict[str, Any]]:
    return [{
        **row,
        "score_text": _number(row["score"]) if row["score"] is not None
        else "–",
        "status_label": label(r, "statuses", row["status"]),
        "recommendation_label": label(r, "recommendations",
                                      row["recommendation"]),
        "type_label": r.types.get(row["dataset_type_code"],
                                  row["dataset_type_code"] or ""),
        "sentence": reason_sentence(r, row["reason"]),
        "breakdown_rows": breakdown_view(r, row["breakdown"]),
    } for row in rows]


def facets_view(r: Reader, facets: dict[str, list[dict]],
                filters: dict[str, str], url: Callable[..., str]
                ) -> list[dict[str, Any]]:
    """The facets of the ranking page; ``url(**filters)`` is the address
    of the ranking under those filters. ``r.municipalities`` names the
    municipalities of the facet."""
    _ = r._
    names = {
        "status": (_("Status"), lambda c: label(r, "statuses", c)),
        "recommendation": (_("Recommendation"),
                           lambda c: label(r, "recommendations", c)),
        "theme": (_("Theme"), lambda c: r.themes.get(c, c)),
        "municipality": (_("Municipality"),
                         lambda c: r.municipalities.get(c, c)),
        "dataset_type_code": (_("Dataset type"),
                              lambda c: r.types.get(c, c)),
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
                          "url": url(**params)})
        out.append({"key": key, "title": title, "items": items})
    return out


def ranking_tables(r: Reader, rows: list[dict[str, Any]]
                   ) -> list[tuple[list, list]]:
    """The ranking export: its table, then the explanations
    (``r.municipalities`` names the municipalities of the rows)."""
    w = words(r)
    return [tables.ranking_table(
        rows, w, lambda row: reason_sentence(r, row["reason"])),
        tables.ranking_notes(w)]


# -- coverage ------------------------------------------------------------------------

def _coverage_labels(r: Reader, result: dict[str, Any]) -> dict[str, str]:
    """The municipalities' names: the vocabulary's (``r.municipalities``),
    else the title of the organization that publishes there."""
    return {**(result.get("municipality_labels") or {}),
            **r.municipalities}


def _coverage_cell(r: Reader, cell: dict[str, Any] | None
                   ) -> dict[str, Any]:
    _ = r._
    if cell is None:
        return {"state": "none", "text": "", "title": _("Nothing")}
    if cell["state"] == "published":
        return {"state": "published", "text": _("Published"),
                "title": _("Published")}
    return {"state": "candidate", "text": _number(cell["score"]) or "?",
            "title": _("Candidate ({status})").format(
                status=label(r, "statuses", cell["status"]))}


def coverage_view(r: Reader, result: dict[str, Any]) -> dict[str, Any]:
    """The coverage page (``r.municipalities`` names the municipalities
    of the result)."""
    types = r.types
    munis = result["municipalities"]
    muni_labels = _coverage_labels(r, result)
    rows = [{"code": code, "label": types.get(code, code),
             "cells": [_coverage_cell(r, result["cells"].get(f"{code}|{m}"))
                       for m in munis],
             **result["per_type"][code]} for code in result["types"]]
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


def coverage_tables(r: Reader, result: dict[str, Any]
                    ) -> list[tuple[list, list]]:
    """The coverage export: the matrix, the joint publication ranking,
    the explanations."""
    w = dataclasses.replace(words(r),
                            municipalities=_coverage_labels(r, result))
    return [tables.coverage_table(result, w), tables.joint_table(result, w),
            tables.coverage_notes(result, w)]


# -- weights -------------------------------------------------------------------------

def preview_view(r: Reader, preview: dict[str, Any]) -> dict[str, Any]:
    current = ranking_view(r, preview["top_current"])
    new = ranking_view(r, preview["top_preview"])
    before = {row["package_id"]: row["rank"] for row in current}
    for row in new:
        row["was"] = before.get(row["package_id"])
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



# -- suggested dataset types --------------------------------------------------------

def _field_name(r: Reader, field: str) -> str:
    return {"title": r._("title"), "keywords": r._("keywords"),
            "description": r._("description")}.get(field, field)


def type_suggestion_rows(r: Reader, results: list[dict[str, Any]]
                         ) -> list[dict[str, Any]]:
    """A row per dataset: its title, organization, the suggested type's
    label (never its code), the words that matched and where, and the
    types to choose from (the suggestion first selected)."""
    rows = []
    for item in results:
        best = item["suggestions"][0]
        matched = [r._("{words} (in the {field})").format(
            words=m["words"], field=_field_name(r, m["field"]))
            for m in best["matches"]]
        others = [r.types.get(s["code"]) or s["name"]
                  for s in item["suggestions"][1:]]
        rows.append({
            "package_id": item["package_id"], "name": item["name"],
            "title": item["title"] or item["name"],
            "organization": item["organization_title"] or
            item["organization"] or "",
            "private": item["private"],
            "label": r.types.get(best["code"]) or best["name"],
            "matched": ", ".join(dict.fromkeys(matched)),
            "others": ", ".join(others),
            "options": [{"code": code, "label": label,
                         "selected": code == best["code"]}
                        for code, label in r.types.items()],
        })
    return rows
