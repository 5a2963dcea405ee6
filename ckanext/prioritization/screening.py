"""The screening model and the priority score, without CKAN.

A screening scores a dataset on value and readiness criteria (0..4 each,
meanings in ``data/criteria.yaml``); two criteria are derived, never typed:
*scale* from how many municipalities hold the same dataset type, and
*obligation* from a high-value-dataset category or a recorded legal duty.
Registered demand signals raise the *demand* criterion.

The priority score (0..100) is the weighted mean of the criteria that are
known: an unscored criterion is "unknown", not 0, and the result says how
many are unknown. Risk gates (personal data, confidentiality) never change
the score; they give the recommendation. Domain reasoning:
``docs/prioritization.md``.

The screening model and the checks of input against it are in
``criteria``. Nothing here imports CKAN: the shell (``logic/``,
``views.py``) stores the scores and renders the rows.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Iterable, Mapping

from .criteria import MAX_STEP, MIN_STEP, Model, recommend

PUBLISHED = "published"
# Statuses under which a municipality "holds" a dataset type (for scale).
HOLDING_STATUSES = ("candidate", "in_preparation", "published")


# -- derived criteria ----------------------------------------------------------

def scale_step(model: Model, municipalities: int) -> int:
    """The scale step for how many municipalities hold the type (this one
    included: at least 1)."""
    step = 0
    for i, threshold in enumerate(model.scale_thresholds):
        if max(municipalities, 1) >= threshold:
            step = i
    return step


def demand_step(model: Model, typed: int | None, signals: int) -> int | None:
    """The typed demand raised by registered signals; unknown only when
    neither is there."""
    from_signals = None
    for count, step in model.demand_signal_steps:
        if signals >= count:
            from_signals = step
    if typed is None:
        return from_signals
    return max(typed, from_signals or 0)


@dataclasses.dataclass(frozen=True)
class Facts:
    """What the suite knows about a dataset beyond its screening."""
    dataset_type_code: str | None = None
    hvd_category: str | None = None
    municipalities_with_type: int = 0
    demand_signals: int = 0


def effective_values(model: Model, scores: Mapping[str, int],
                     legal_duty: bool, facts: Facts
                     ) -> dict[str, int | None]:
    """Every criterion's step, derived ones computed; None for unknown."""
    values: dict[str, int | None] = {}
    for c in model.criteria:
        if c.code == "scale":
            values[c.code] = (scale_step(model, facts.municipalities_with_type)
                              if facts.dataset_type_code else None)
        elif c.code == "obligation":
            values[c.code] = MAX_STEP if (facts.hvd_category or legal_duty) \
                else MIN_STEP
        elif c.code == "demand":
            values[c.code] = demand_step(model, scores.get("demand"),
                                         facts.demand_signals)
        else:
            values[c.code] = scores.get(c.code)
    return values


# -- score and recommendation -------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Contribution:
    criterion: str
    group: str
    value: int | None  # None: unknown
    weight: float
    points: float  # share of the score, 0 when unknown
    derived: bool


@dataclasses.dataclass(frozen=True)
class Result:
    score: float | None  # None when no weighted criterion is known
    known: int
    unknown: int
    unknown_criteria: tuple[str, ...]
    breakdown: tuple[Contribution, ...]
    recommendation: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "score": self.score, "known": self.known,
            "unknown": self.unknown,
            "unknown_criteria": list(self.unknown_criteria),
            "recommendation": self.recommendation,
            "breakdown": [dataclasses.asdict(c) for c in self.breakdown],
        }

def score(model: Model, weights: Mapping[str, float],
          values: Mapping[str, int | None], gates: Mapping[str, Any]
          ) -> Result:
    """Weighted mean of the known criteria on 0..100, each criterion's
    points (they add up to the score), and the recommendation."""
    known_weight = sum(weights.get(c.code, 0) for c in model.criteria
                       if values.get(c.code) is not None)
    breakdown = []
    unknown = []
    total = 0.0
    for c in model.criteria:
        value = values.get(c.code)
        weight = float(weights.get(c.code, 0))
        points = 0.0
        if value is None:
            unknown.append(c.code)
        elif known_weight > 0:
            points = 100.0 * weight * value / MAX_STEP / known_weight
            total += points
        breakdown.append(Contribution(c.code, c.group, value, weight,
                                      round(points, 2), c.derived))
    return Result(
        score=round(total, 2) if known_weight > 0 else None,
        known=len(model.criteria) - len(unknown), unknown=len(unknown),
        unknown_criteria=tuple(unknown), breakdown=tuple(breakdown),
        recommendation=recommend(model, gates))


def sortable_score(value: float | None) -> str:
    """The score as text that sorts like the number ('073.50'), for search
    backends whose catch-all field sorts as a string; '' when unknown."""
    if value is None:
        return ""
    return f"{value:06.2f}"


# -- recomputing stored scores -------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Stored:
    """A dataset's row as stored and its screening, as a recomputation
    reads them (``screened`` false and the screening's fields None before
    a screening)."""
    package_id: str
    dataset_type_code: str | None
    hvd_category: str | None
    status: str | None
    score: float | None
    recommendation: str | None
    known: int | None
    steps: Mapping[str, Any] | None
    demand_signals: int | None
    screened: bool
    screening_status: str | None
    scores: Mapping[str, int] | None
    legal_duty: bool | None
    personal_data: str | None
    confidentiality: str | None


@dataclasses.dataclass(frozen=True)
class Rescored:
    """A row's recomputed values. ``changed``: its score, status or
    recommendation differ from the stored ones (what the search index
    holds)."""
    package_id: str
    status: str | None
    score: float | None
    known: int
    unknown: int
    recommendation: str | None
    steps: dict[str, int | None]
    demand_signals: int
    changed: bool


def rescore(model: Model, weights: Mapping[str, float],
            rows: Iterable[Stored], holders: Mapping[str, int],
            on_dataset: Mapping[str, int], on_type: Mapping[str, int]
            ) -> list[Rescored]:
    """The rows whose recomputed values differ from the stored ones, in
    the order given. ``holders``: municipalities holding each dataset
    type; ``on_dataset``, ``on_type``: demand registered per dataset and
    per type (both are the dataset's demand signals). A dataset has no
    score before a screening."""
    out = []
    for row in rows:
        new = _rescore_row(model, weights, row,
                           holders.get(row.dataset_type_code, 0),
                           on_dataset.get(row.package_id, 0)
                           + on_type.get(row.dataset_type_code, 0))
        if new is not None:
            out.append(new)
    return out


def _rescore_row(model: Model, weights: Mapping[str, float], row: Stored,
                 holders: int, signals: int) -> Rescored | None:
    result, values = None, {}
    if row.screened:
        facts = Facts(dataset_type_code=row.dataset_type_code,
                      hvd_category=row.hvd_category,
                      municipalities_with_type=holders,
                      demand_signals=signals)
        values = effective_values(model, row.scores or {},
                                  bool(row.legal_duty), facts)
        result = score(model, weights, values, {
            "personal_data": row.personal_data,
            "confidentiality": row.confidentiality})
    new = Rescored(
        package_id=row.package_id, status=row.screening_status,
        score=result.score if result else None,
        known=result.known if result else 0,
        unknown=result.unknown if result else 0,
        recommendation=result.recommendation if result else None,
        steps=values if result else {}, demand_signals=signals,
        changed=False)
    old_score = float(row.score) if row.score is not None else None
    changed = ((old_score, row.status, row.recommendation)
               != (new.score, new.status, new.recommendation))
    if not changed and (row.known, row.steps, row.demand_signals) == (
            new.known, new.steps, new.demand_signals):
        return None
    return dataclasses.replace(new, changed=changed)


# -- why it ranks here ---------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Reason:
    """The parts of the one-sentence 'why it ranks here'."""
    score: float | None
    strongest: tuple[str, ...]  # criteria with the most points
    weakest: tuple[str, ...]  # weighted, known criteria at the lowest step
    unknown: int


def reason(breakdown: Iterable[Mapping[str, Any] | Contribution],
           score_value: float | None, unknown: int) -> Reason:
    items = [dataclasses.asdict(b) if isinstance(b, Contribution) else b
             for b in breakdown]
    known = [b for b in items if b["value"] is not None and b["weight"] > 0]
    top_points = max((b["points"] for b in known), default=0)
    strongest = tuple(b["criterion"] for b in known
                      if top_points > 0 and b["points"] >= top_points - 1e-9)
    low = min((b["value"] for b in known), default=None)
    weakest = tuple(b["criterion"] for b in known
                    if low is not None and b["value"] == low
                    and b["value"] < MAX_STEP
                    and b["criterion"] not in strongest)
    return Reason(score_value, strongest[:2], weakest[:2], unknown)


# -- rows for the pages ----------------------------------------------------------

def ranking_rows(items: Iterable[Mapping[str, Any]], offset: int = 0
                 ) -> list[dict[str, Any]]:
    """Ranked rows from stored candidates (already ordered by score):
    each with its rank, its breakdown and the parts of its reason."""
    rows = []
    for i, item in enumerate(items):
        row = dict(item)
        row["rank"] = offset + i + 1
        row["reason"] = dataclasses.asdict(reason(
            item.get("breakdown") or (), item.get("score"),
            item.get("unknown") or 0))
        rows.append(row)
    return rows


def effective_status(status: str | None, private: bool) -> str | None:
    """The publication status of a dataset: its screening's, else
    'published' for a public dataset nobody screened."""
    if status:
        return status
    return None if private else PUBLISHED


def coverage(items: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The dataset-type x municipality matrix.

    ``items``: datasets with ``dataset_type_code``, ``municipality`` (a
    key), ``status`` (effective) and ``score``. A cell is 'published' when
    the municipality publishes the type, else 'candidate' with the best
    candidate score, else absent. Also counts per type and municipality,
    and the ranking of types for joint publication: how many
    municipalities could publish a type together (candidates and those in
    preparation) and the mean score of their candidates."""
    cells: dict[tuple[str, str], dict[str, Any]] = {}
    for item in items:
        code, muni = item.get("dataset_type_code"), item.get("municipality")
        status = item.get("status")
        if not code or not muni or status not in HOLDING_STATUSES:
            continue
        key = (code, muni)
        cell = cells.get(key)
        if status == PUBLISHED:
            cells[key] = {"state": PUBLISHED, "score": None,
                          "status": status}
        elif cell is None or (cell["state"] != PUBLISHED and (
                (item.get("score") or -1) > (cell["score"] or -1))):
            cells[key] = {"state": "candidate", "score": item.get("score"),
                          "status": status}
    types = sorted({k[0] for k in cells})
    munis = sorted({k[1] for k in cells})
    per_type = {}
    for code in types:
        row = [cells[(code, m)] for m in munis if (code, m) in cells]
        scores = [c["score"] for c in row
                  if c["state"] == "candidate" and c["score"] is not None]
        per_type[code] = {
            "published": sum(c["state"] == PUBLISHED for c in row),
            "candidates": sum(c["state"] == "candidate" for c in row),
            "mean_score": round(sum(scores) / len(scores), 2)
            if scores else None,
        }
    per_muni = {m: {
        "published": sum(cells[(t, m)]["state"] == PUBLISHED
                         for t in types if (t, m) in cells),
        "candidates": sum(cells[(t, m)]["state"] == "candidate"
                          for t in types if (t, m) in cells)}
        for m in munis}
    joint = sorted(
        ({"dataset_type_code": t, **per_type[t]} for t in types
         if per_type[t]["candidates"]),
        key=lambda r: (-r["candidates"], -(r["mean_score"] or 0),
                       -r["published"], r["dataset_type_code"]))
    for i, row in enumerate(joint):
        row["rank"] = i + 1
    return {"types": types, "municipalities": munis,
            "cells": {f"{t}|{m}": c for (t, m), c in cells.items()},
            "per_type": per_type, "per_municipality": per_muni,
            "joint": joint}
