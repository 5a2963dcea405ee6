"""What the network view may publish about municipalities' unshared
results, without CKAN. The rule and why it holds: docs/maturity.md,
"Network figures that cannot be undone".

A *figure* is one distribution: the levels of one domain, or the needs of
one domain (key ``domain.level`` / ``domain.need``). Each figure is
computed over a frozen set of results, its *release set*, which moves on
only when enough new, varied results have come in since; so one more
submission never changes what is shown, and the difference between two
versions of a figure is itself an aggregate that cannot be undone.

Data shapes (JSON-ready, stored by the CKAN shell):

- a *member*: ``{"organization_id": str, "domains": {domain: {"level":
  int|None, "need": int|None}}}``, keyed by assessment id;
- *published*: ``{figure key: [assessment ids]}``.
"""
from __future__ import annotations

import collections
import statistics
from typing import Any, Iterable, Mapping

from ckanext.municipal_opendata.labels import pick_label

from . import framework as fw

ITEMS = ("level", "need")
MIN_K = 3  # below 3, one municipality could read another's answers


def member(organization_id: str, result: Mapping[str, Any]) -> dict:
    """The part of a scored result the network figures use."""
    return {"organization_id": organization_id,
            "domains": {d["domain"]: {"level": d.get("level"),
                                      "need": d.get("need")}
                        for d in result.get("domains", [])}}


def figure_keys(framework: fw.Framework) -> list[str]:
    return [f"{d.code}.{item}" for d in framework.domains for item in ITEMS]


def _value(member_: Mapping[str, Any], key: str):
    domain, _, item = key.partition(".")
    return (member_.get("domains", {}).get(domain) or {}).get(item)


def undoable(values: Iterable[int], k: int) -> bool:
    """True when a distribution of ``values`` may NOT be shown.

    It may be shown when at least ``k - 1`` values lie outside its most
    common value. Then whoever knows up to ``k - 2`` of the values (their
    own municipality's answer, for k = 3) and subtracts them still faces at
    least two different values, so no single other value is pinned down;
    it also implies at least ``k`` values.
    """
    values = list(values)
    if not values:
        return True
    most_common = collections.Counter(values).most_common(1)[0][1]
    return len(values) - most_common < k - 1


def advance(framework: fw.Framework,
            published: Mapping[str, list[str]],
            members: Mapping[str, Mapping[str, Any]],
            cohort: Mapping[str, Mapping[str, Any]],
            k: int) -> dict[str, list[str]]:
    """The release sets after the cohort (the latest unshared, never
    shared, submitted result of each municipality, by assessment id) has
    changed.

    A figure moves to the cohort's results only when the results entering
    it since its last release are themselves a distribution that may be
    shown (at least ``k`` of them, varied enough). Otherwise it keeps its
    release set: the page shows the same numbers as before, so comparing
    the page before and after a submission (or a municipality's own
    resubmissions, tried one after another) shows nothing.
    """
    new = {}
    for key in figure_keys(framework):
        old = list(published.get(key, []))
        candidate = sorted(aid for aid, m in cohort.items()
                           if _value(m, key) is not None)
        entering = [aid for aid in candidate if aid not in set(old)]
        if entering and not undoable(
                (_value(cohort[aid], key) for aid in entering), k):
            new[key] = candidate
        else:
            new[key] = old
    return new


def figures(framework: fw.Framework,
            published: Mapping[str, list[str]],
            members: Mapping[str, Mapping[str, Any]],
            public: set[str],
            k: int) -> dict[str, Any] | None:
    """Per domain, the distributions that may be shown: level counts and
    the (lower) median level, need counts; None where a figure's release
    set, less the results shared since (``public``: they are known to all,
    so they protect nobody), is too small or too uniform. None overall
    when no figure may be shown."""
    domains, any_shown = {}, False
    for d in framework.domains:
        row: dict[str, Any] = {"domain": d.code}
        for item, options in (("level", framework.levels),
                              ("need", framework.needs)):
            key = f"{d.code}.{item}"
            values = [_value(members[aid], key)
                      for aid in published.get(key, [])
                      if aid in members and aid not in public]
            values = [v for v in values if v is not None]
            if undoable(values, k):
                row[f"{item}s"] = None
                row[f"{item}_count"] = None
                continue
            any_shown = True
            row[f"{item}s"] = {o.value: sum(1 for v in values
                                            if v == o.value)
                               for o in options}
            row[f"{item}_count"] = len(values)
            if item == "level":
                row["median_level"] = statistics.median_low(values)
        row.setdefault("median_level", None)
        domains[d.code] = row
    return {"domains": domains} if any_shown else None


def prune(published: Mapping[str, list[str]],
          members: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Only the members some figure still uses."""
    used = {aid for ids in published.values() for aid in ids}
    return {aid: m for aid, m in members.items() if aid in used}


def position(result: Mapping[str, Any],
             stats: Mapping[str, Any] | None) -> dict[str, str | None]:
    """Per domain, where one result's level stands against the network's
    median level: ``above``, ``at`` or ``below`` (None where either is
    missing)."""
    out = {}
    for d in result["domains"]:
        row = ((stats or {}).get("domains") or {}).get(d["domain"]) or {}
        median = row.get("median_level")
        if median is None or d.get("level") is None:
            out[d["domain"]] = None
        elif d["level"] > median:
            out[d["domain"]] = "above"
        elif d["level"] < median:
            out[d["domain"]] = "below"
        else:
            out[d["domain"]] = "at"
    return out


# -- the network table of /maturity -------------------------------------------

def _distribution(counts, total, options, lang):
    """The cells of one distribution; None when it is withheld. Counts
    keyed by number (from Python) or by text (from JSON)."""
    if counts is None:
        return None
    cells = []
    for o in options:
        count = counts.get(o.value, counts.get(str(o.value), 0))
        cells.append({"label": pick_label(o.label, lang), "count": count,
                      "share": round(100 * count / total) if total else 0})
    return cells


def table_rows(framework: fw.Framework, stats: Mapping[str, Any] | None,
               own: Mapping[str, Any] | None,
               lang: str) -> list[dict[str, Any]]:
    """One row per domain of the network table: level and need
    distributions (None where withheld), the median level's label and,
    when ``own`` (a municipality's latest result with its position) is
    given, its level and position."""
    position = (own or {}).get("position") or {}
    own_levels = {d["domain"]: d for d in
                  ((own or {}).get("result") or {}).get("domains", [])}
    rows = []
    for d in framework.domains:
        s = ((stats or {}).get("domains") or {}).get(d.code) or {}
        rows.append({
            "code": d.code,
            "name": pick_label(d.name, lang),
            "levels": _distribution(s.get("levels"), s.get("level_count"),
                                    framework.levels, lang),
            "needs": _distribution(s.get("needs"), s.get("need_count"),
                                   framework.needs, lang),
            "count": s.get("level_count"),
            "median_label": pick_label(getattr(framework.level(
                s.get("median_level")), "label", None), lang),
            "own_label": pick_label(getattr(framework.level(
                (own_levels.get(d.code) or {}).get("level")), "label",
                None), lang),
            "position": position.get(d.code),
        })
    return rows
