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

Nothing here imports CKAN: the shell (``logic/``, ``views.py``)
translates the problem codes of :class:`Problem` and renders the rows.
"""
from __future__ import annotations

import dataclasses
import math
import pathlib
from typing import Any, Iterable, Mapping

import yaml

DATA_DIR = pathlib.Path(__file__).parent / "data"
CRITERIA_FILE = DATA_DIR / "criteria.yaml"
MIN_STEP, MAX_STEP = 0, 4
RISK_NOT_ASSESSED = "risk_not_assessed"
DECLINED = "declined"
PUBLISHED = "published"
# Statuses under which a municipality "holds" a dataset type (for scale).
HOLDING_STATUSES = ("candidate", "in_preparation", "published")
MAX_REASON = 2000
MAX_EVIDENCE = 2000


class ModelError(ValueError):
    """A criteria file that cannot be used."""


@dataclasses.dataclass(frozen=True)
class Problem:
    """Something wrong with input: ``field`` names it (``scores.demand``,
    ``status``, ``weights.scale`` ...), ``code`` the kind of problem, for
    the shell to translate."""
    field: str
    code: str
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class Criterion:
    code: str
    group: str  # value | readiness
    label: Mapping[str, str]
    help: Mapping[str, str]
    steps: tuple[Mapping[str, str], ...]
    derived: bool = False


@dataclasses.dataclass(frozen=True)
class Option:
    code: str
    label: Mapping[str, str]
    severity: int | None = None
    needs_reason: bool = False


@dataclasses.dataclass(frozen=True)
class Gate:
    code: str
    label: Mapping[str, str]
    levels: tuple[Option, ...]

    def level(self, code: str | None) -> Option | None:
        return next((lv for lv in self.levels if lv.code == code), None)


@dataclasses.dataclass(frozen=True)
class Model:
    version: str
    criteria: tuple[Criterion, ...]
    statuses: tuple[Option, ...]
    gates: tuple[Gate, ...]
    recommendations: tuple[Option, ...]
    audiences: tuple[Option, ...]
    scale_thresholds: tuple[int, ...]
    demand_signal_steps: tuple[tuple[int, int], ...]

    def criterion(self, code: str) -> Criterion | None:
        return next((c for c in self.criteria if c.code == code), None)

    def codes(self, what: str) -> list[str]:
        if what == "criteria":
            return [c.code for c in self.criteria]
        return [o.code for o in getattr(self, what)]

    def scored_codes(self) -> list[str]:
        """Criteria a screener types (not derived)."""
        return [c.code for c in self.criteria if not c.derived]

    def option(self, what: str, code: str | None) -> Option | None:
        return next((o for o in getattr(self, what) if o.code == code), None)

    def gate(self, code: str) -> Gate | None:
        return next((g for g in self.gates if g.code == code), None)


def _option(raw: Mapping) -> Option:
    return Option(code=str(raw["code"]), label=raw.get("label") or {},
                  severity=raw.get("severity"),
                  needs_reason=bool(raw.get("needs_reason")))


def load_model(path: str | pathlib.Path = CRITERIA_FILE) -> Model:
    """Read a criteria file; :class:`ModelError` when it is unusable."""
    try:
        raw = yaml.safe_load(pathlib.Path(path).read_text(encoding="utf-8"))
        criteria = tuple(
            Criterion(code=str(c["code"]), group=c["group"],
                      label=c.get("label") or {}, help=c.get("help") or {},
                      steps=tuple(c["steps"]), derived=bool(c.get("derived")))
            for c in raw["criteria"])
        model = Model(
            version=str(raw.get("version", "")),
            criteria=criteria,
            statuses=tuple(_option(s) for s in raw["statuses"]),
            gates=tuple(Gate(code=g["code"], label=g.get("label") or {},
                             levels=tuple(_option(lv) for lv in g["levels"]))
                        for g in raw["risk_gates"]),
            recommendations=tuple(_option(r)
                                  for r in raw["recommendations"]),
            audiences=tuple(_option(a) for a in raw["audiences"]),
            scale_thresholds=tuple(int(t) for t in raw["scale_thresholds"]),
            demand_signal_steps=tuple(
                (int(s["signals"]), int(s["step"]))
                for s in raw.get("demand_signal_steps") or ()),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as e:
        raise ModelError(f"{path}: {e}") from e
    for c in model.criteria:
        if len(c.steps) != MAX_STEP - MIN_STEP + 1:
            raise ModelError(f"{path}: criterion {c.code} needs "
                             f"{MAX_STEP - MIN_STEP + 1} step meanings")
        if c.group not in ("value", "readiness"):
            raise ModelError(f"{path}: criterion {c.code}: unknown group "
                             f"{c.group}")
    if len(model.scale_thresholds) != MAX_STEP - MIN_STEP + 1:
        raise ModelError(f"{path}: scale_thresholds needs one count per step")
    return model


# -- checking input ----------------------------------------------------------

def _step(value: Any) -> int | None | str:
    """A 0..4 step from form or API input; None for unknown; 'bad' else."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    if isinstance(value, bool):
        return "bad"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        value = value.strip()
        if not value.lstrip("-").isdigit():
            return "bad"
        value = int(value)
    if not isinstance(value, int) or not MIN_STEP <= value <= MAX_STEP:
        return "bad"
    return value


def _flag(value: Any) -> bool | str:
    if isinstance(value, bool):
        return value
    if value in (None, ""):
        return False
    if str(value).strip().lower() in ("true", "1", "yes", "on"):
        return True
    if str(value).strip().lower() in ("false", "0", "no", "off"):
        return False
    return "bad"


def check_screening(model: Model, data: Mapping[str, Any]
                    ) -> tuple[dict[str, Any], list[Problem]]:
    """Clean a screening given by a form or the API.

    ``data`` may hold ``status``, ``scores`` ({criterion: 0..4 or empty}),
    ``evidence`` ({criterion: text}), ``personal_data``,
    ``confidentiality`` (gate level codes or empty), ``legal_duty``
    (bool) and ``reason`` (text). Returns the clean values and the
    problems; with problems the caller stores nothing."""
    problems: list[Problem] = []
    clean: dict[str, Any] = {}

    status = data.get("status")
    if status in (None, ""):
        problems.append(Problem("status", "missing"))
    elif model.option("statuses", status) is None:
        problems.append(Problem("status", "unknown_status", {
            "value": status, "known": model.codes("statuses")}))
    else:
        clean["status"] = status

    scores = data.get("scores") or {}
    evidence = data.get("evidence") or {}
    for name, given in (("scores", scores), ("evidence", evidence)):
        if not isinstance(given, Mapping):
            problems.append(Problem(name, "not_a_mapping"))
    clean["scores"], clean["evidence"] = {}, {}
    if isinstance(scores, Mapping):
        for code, value in scores.items():
            criterion = model.criterion(code)
            field = f"scores.{code}"
            if criterion is None:
                problems.append(Problem(field, "unknown_criterion",
                                        {"criterion": code}))
            elif criterion.derived:
                if _step(value) is not None:
                    problems.append(Problem(field, "derived",
                                            {"criterion": code}))
            else:
                step = _step(value)
                if step == "bad":
                    problems.append(Problem(field, "out_of_scale", {
                        "value": value, "min": MIN_STEP, "max": MAX_STEP}))
                elif step is not None:
                    clean["scores"][code] = step
    if isinstance(evidence, Mapping):
        for code, value in evidence.items():
            field = f"evidence.{code}"
            if model.criterion(code) is None:
                problems.append(Problem(field, "unknown_criterion",
                                        {"criterion": code}))
            elif value not in (None, ""):
                if not isinstance(value, str):
                    problems.append(Problem(field, "not_text"))
                elif "\x00" in value:  # no text column holds one
                    problems.append(Problem(field, "nul"))
                elif len(value) > MAX_EVIDENCE:
                    problems.append(Problem(field, "too_long",
                                            {"max": MAX_EVIDENCE}))
                else:
                    clean["evidence"][code] = value.strip()

    for gate in model.gates:
        value = data.get(gate.code)
        if value in (None, ""):
            clean[gate.code] = None
        elif gate.level(value) is None:
            problems.append(Problem(gate.code, "unknown_risk_level", {
                "value": value, "known": [lv.code for lv in gate.levels]}))
        else:
            clean[gate.code] = value

    legal_duty = _flag(data.get("legal_duty"))
    if legal_duty == "bad":
        problems.append(Problem("legal_duty", "not_a_boolean",
                                {"value": data.get("legal_duty")}))
    else:
        clean["legal_duty"] = legal_duty

    reason = data.get("reason")
    if reason not in (None, "") and not isinstance(reason, str):
        problems.append(Problem("reason", "not_text"))
        reason = None
    elif reason and "\x00" in reason:
        problems.append(Problem("reason", "nul"))
        reason = None
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        problems.append(Problem("reason", "too_long", {"max": MAX_REASON}))
    clean["reason"] = reason or None

    if not any(p.field in ("status", "reason") or
               p.field in [g.code for g in model.gates] for p in problems):
        recommendation = recommend(model, clean)
        option = model.option("recommendations", recommendation)
        if not reason and (clean.get("status") == DECLINED
                           or (option and option.needs_reason)):
            problems.append(Problem("reason", "reason_required", {
                "recommendation": recommendation,
                "status": clean.get("status")}))
    return clean, problems


def check_weights(model: Model, weights: Any
                  ) -> tuple[dict[str, float], list[Problem]]:
    """Weights: a number >= 0 for every criterion, not all zero."""
    if not isinstance(weights, Mapping):
        return {}, [Problem("weights", "not_a_mapping")]
    problems: list[Problem] = []
    clean: dict[str, float] = {}
    for code in weights:
        if model.criterion(code) is None:
            problems.append(Problem(f"weights.{code}", "unknown_criterion",
                                    {"criterion": code}))
    for c in model.criteria:
        field = f"weights.{c.code}"
        value = weights.get(c.code)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.append(Problem(field, "missing"))
            continue
        try:
            if isinstance(value, bool):
                raise ValueError
            number = float(value)
        except (TypeError, ValueError):
            problems.append(Problem(field, "not_a_number", {"value": value}))
            continue
        if not math.isfinite(number) or number < 0:
            problems.append(Problem(field, "negative_weight",
                                    {"value": value}))
        elif number > 1000:
            problems.append(Problem(field, "weight_too_large",
                                    {"value": value, "max": 1000}))
        else:
            clean[c.code] = number
    if not problems and not any(clean.values()):
        problems.append(Problem("weights", "all_zero"))
    return clean, problems


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


def recommend(model: Model, gates: Mapping[str, Any]) -> str:
    """The recommendation from the highest severity among the risk gates;
    'risk not assessed' while any gate is unanswered."""
    severities = []
    for gate in model.gates:
        level = gate.level(gates.get(gate.code))
        if level is None:
            return RISK_NOT_ASSESSED
        severities.append(level.severity or 0)
    worst = max(severities, default=0)
    for option in model.recommendations:
        if option.severity == worst:
            return option.code
    return RISK_NOT_ASSESSED


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
