"""What the maturity pages show, without CKAN: a result's rows with their
labels, priorities and chart; the steps and questions of the assessment
form and where its buttons lead; the network page's tables. The language
(``lang``) and gettext (``_``, CKAN's in a request) are passed in by
``views.py``."""
from __future__ import annotations

from typing import Any, Callable, Mapping

from ckanext.municipal_opendata.labels import pick_label

from . import chart
from . import framework as fw

__all__ = [
    "comparison_rows",
    "error_messages",
    "form_changes",
    "network_tables",
    "next_step",
    "result_display",
    "step_form",
    "step_of",
]

Gettext = Callable[[str], str]


def level_percent(level: int | None, framework: fw.Framework):
    return None if level is None else round(100 * level
                                            / framework.top_level)


def _result_row(d, framework, lang, changes, previous, medians):
    """One domain of a result with its labels, principles, actions, the
    change since ``previous`` and the markers of the chart; None for a
    domain the framework no longer has."""
    domain = framework.domain(d["domain"])
    if domain is None:
        return None
    level = framework.level(d["level"])
    need = framework.need(d["need"])
    return {
        **d,
        "name": pick_label(domain.name, lang),
        "description": pick_label(domain.description, lang),
        "level_label": pick_label(level.label, lang) if level else "",
        "need_label": pick_label(need.label, lang) if need else "",
        "principles": [{"number": n, "name": pick_label(
            framework.principles.get(n), lang)}
            for n in domain.principles],
        "actions": fw.recommended_actions(framework, d["domain"],
                                          d["level"], lang),
        "change": changes.get(d["domain"], {}),
        "previous_percent": (next(
            (p["percent"] for p in previous["domains"]
             if p["domain"] == d["domain"]), None) if previous else None),
        # the chart's scale is percent; the network gives a level
        "median_percent": level_percent(
            ((medians or {}).get(d["domain"]) or {}).get("median_level"),
            framework),
    }


def result_display(result: Mapping[str, Any], framework: fw.Framework,
                   lang: str, _: Gettext,
                   previous: Mapping[str, Any] | None = None,
                   medians: Mapping[str, Any] | None = None
                   ) -> dict[str, Any]:
    """A result with its labels, the priorities with actions and
    principles, the change since ``previous`` and the chart."""
    changes = fw.compare(result, previous, top_scale=max(
        o.value for o in framework.scale)) if previous else {}
    rows = [row for row in (
        _result_row(d, framework, lang, changes, previous, medians)
        for d in result["domains"]) if row is not None]
    order = {d["domain"]: i for i, d in enumerate(fw.priorities(result))}
    priorities = sorted(rows, key=lambda r: order[r["domain"]])
    level_labels = [pick_label(lv.label, lang) for lv in framework.levels]
    overall = framework.level(result.get("overall_level"))
    svg = chart.bar_chart(
        [{"label": r["name"], "percent": r["percent"], "level": r["level"],
          "previous_percent": r["previous_percent"],
          "median_percent": r["median_percent"]} for r in rows],
        level_labels,
        title=_("Maturity per domain"),
        description=_("Bar length: the mean answer of the domain's "
                      "statements; the table next to the chart has the "
                      "same figures."),
        previous_label=_("Previous assessment") if previous else "",
        median_label=_("Network median") if medians else "")
    return {"rows": rows, "priorities": priorities, "chart": svg,
            "overall_label": pick_label(overall.label, lang) if overall else "",
            "overall_percent": result.get("overall_percent")}


def comparison_rows(rows: list[dict[str, Any]], framework: fw.Framework,
                    lang: str) -> list[dict[str, Any]]:
    """The rows of a result compared with an older one, with the older
    level's and need's labels added (in place; returned for convenience)."""
    for row in rows:
        old = framework.level(row["change"].get("previous_level"))
        old_need = framework.need(row["change"].get("previous_need"))
        row["previous_level_label"] = (pick_label(old.label, lang)
                                       if old else "")
        row["previous_need_label"] = (pick_label(old_need.label, lang)
                                      if old_need else "")
    return rows


# -- the assessment form, one step per domain ---------------------------------

def _clamp(step: int, framework: fw.Framework) -> int:
    return min(max(step, 0), len(framework.domains) - 1)


def step_of(framework: fw.Framework, draft: Mapping[str, Any],
            raw: str | None) -> int:
    """The step asked for (``raw``, from the request), else the first
    domain not complete."""
    if raw is not None:
        try:
            return _clamp(int(raw), framework)
        except ValueError:
            pass
    done = draft["progress"]["domains_complete"]
    return next((i for i, d in enumerate(framework.domains)
                 if not done[d.code]), 0)


def next_step(go: str, step: int, framework: fw.Framework) -> int:
    """Where a button of the form leads from ``step``: ``next``, ``prev``
    or ``step-<n>``; anything else stays."""
    if go == "next":
        return min(step + 1, len(framework.domains) - 1)
    if go == "prev":
        return max(step - 1, 0)
    if go.startswith("step-"):
        try:
            return _clamp(int(go[5:]), framework)
        except ValueError:
            pass
    return step


def form_changes(domain: fw.Domain, form: Mapping[str, str]
                 ) -> tuple[dict[str, str | None], dict[str, str | None]]:
    """(changed, posted): of a step's answers as posted (empty: None),
    those that differ from the ``orig-<key>`` the form was shown with, and
    all of them."""
    changed, posted = {}, {}
    for key in domain.keys():
        new = form.get(key) or None
        posted[key] = new
        if new != (form.get("orig-" + key) or None):
            changed[key] = new
    return changed, posted


def step_form(framework: fw.Framework, draft: Mapping[str, Any], step: int,
              lang: str, _: Gettext) -> dict[str, Any]:
    """The steps, the questions of step ``step`` (its domain's statements
    and felt need) and the domain shown above them."""
    domain = framework.domain(framework.domains[step].code)
    steps = [{"index": i, "name": pick_label(d.name, lang),
              "complete": draft["progress"]["domains_complete"][d.code]}
             for i, d in enumerate(framework.domains)]
    questions = [{
        "key": f"{domain.code}.{s.code}",
        "text": pick_label(s.text, lang),
        "options": [{"value": o.value, "label": pick_label(o.label, lang)}
                    for o in framework.scale],
    } for s in domain.statements]
    questions.append({
        "key": f"{domain.code}.{fw.NEED}",
        "text": _("How much does the municipality need to improve in "
                  "this domain?"),
        "options": [{"value": o.value, "label": pick_label(o.label, lang)}
                    for o in framework.needs],
        "need": True,
    })
    return {
        "steps": steps, "questions": questions,
        "domain": {"name": pick_label(domain.name, lang),
                   "description": pick_label(domain.description, lang),
                   "principles": [pick_label(framework.principles.get(n),
                                             lang)
                                  for n in domain.principles]},
        "last_step": step == len(framework.domains) - 1,
    }


def error_messages(errors: Mapping[str, Any]) -> dict[str, list[str]]:
    """The messages of an action's errors, without its data keys."""
    return {k: v for k, v in errors.items()
            if k not in ("conflict_keys", "missing", "draft_id", "version")}


# -- the network page ---------------------------------------------------------

def network_tables(summary: Mapping[str, Any], framework: fw.Framework,
                   lang: str) -> dict[str, Any]:
    """The shared results with their level per domain (framework order),
    and the names of the domains, levels and needs heading the tables."""
    shared = []
    for s in summary["shared"]:
        by = {d["domain"]: d for d in s["result"]["domains"]}
        shared.append({**s, "levels": [by.get(d.code, {}).get("level")
                                       for d in framework.domains]})
    return {
        "shared": shared,
        "domain_names": [pick_label(d.name, lang) for d in framework.domains],
        "level_labels": [pick_label(lv.label, lang)
                         for lv in framework.levels],
        "need_labels": [pick_label(n.label, lang) for n in framework.needs],
    }
