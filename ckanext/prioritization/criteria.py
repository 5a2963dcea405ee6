"""The screening model a criteria file describes (criteria, statuses,
risk gates, recommendations, audiences; ``data/criteria.yaml`` by
default), and the checks of what a screener or the secretariat gives
against it: a screening, the weights. Without CKAN: the shell
(``logic/``) translates the problem codes of :class:`Problem`.
"""
from __future__ import annotations

import dataclasses
import math
import pathlib
from typing import Any, Mapping

import yaml

from ckanext.municipal_opendata.datafiles import load_yaml
from ckanext.municipal_opendata.problems import Problem

DATA_DIR = pathlib.Path(__file__).parent / "data"
CRITERIA_FILE = DATA_DIR / "criteria.yaml"
MIN_STEP, MAX_STEP = 0, 4
RISK_NOT_ASSESSED = "risk_not_assessed"
DECLINED = "declined"
MAX_REASON = 2000
MAX_EVIDENCE = 2000


class ModelError(ValueError):
    """A criteria file that cannot be used."""


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
        raw = load_yaml(pathlib.Path(path).read_text(encoding="utf-8"))
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


def _check_status(model: Model, data: Mapping[str, Any],
                  clean: dict[str, Any]) -> list[Problem]:
    status = data.get("status")
    if status in (None, ""):
        return [Problem("status", "missing")]
    if model.option("statuses", status) is None:
        return [Problem("status", "unknown_status", {
            "value": status, "known": model.codes("statuses")})]
    clean["status"] = status
    return []


def _check_scores(model: Model, scores: Any,
                  clean: dict[str, Any]) -> list[Problem]:
    """The typed criteria's steps (derived ones cannot be given)."""
    problems = []
    clean["scores"] = {}
    if not isinstance(scores, Mapping):
        return problems
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
    return problems


def _check_evidence(model: Model, evidence: Any,
                    clean: dict[str, Any]) -> list[Problem]:
    problems = []
    clean["evidence"] = {}
    if not isinstance(evidence, Mapping):
        return problems
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
    return problems


def _check_gates(model: Model, data: Mapping[str, Any],
                 clean: dict[str, Any]) -> list[Problem]:
    problems = []
    for gate in model.gates:
        value = data.get(gate.code)
        if value in (None, ""):
            clean[gate.code] = None
        elif gate.level(value) is None:
            problems.append(Problem(gate.code, "unknown_risk_level", {
                "value": value, "known": [lv.code for lv in gate.levels]}))
        else:
            clean[gate.code] = value
    return problems


def _check_legal_duty(data: Mapping[str, Any],
                      clean: dict[str, Any]) -> list[Problem]:
    legal_duty = _flag(data.get("legal_duty"))
    if legal_duty == "bad":
        return [Problem("legal_duty", "not_a_boolean",
                        {"value": data.get("legal_duty")})]
    clean["legal_duty"] = legal_duty
    return []


def _check_reason(data: Mapping[str, Any],
                  clean: dict[str, Any]) -> list[Problem]:
    problems = []
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
    return problems


def _check_reason_given(model: Model, clean: dict[str, Any]
                        ) -> list[Problem]:
    """A reason is required for a declined dataset and for a
    recommendation that needs one."""
    recommendation = recommend(model, clean)
    option = model.option("recommendations", recommendation)
    if not clean["reason"] and (clean.get("status") == DECLINED
                                or (option and option.needs_reason)):
        return [Problem("reason", "reason_required", {
            "recommendation": recommendation,
            "status": clean.get("status")})]
    return []


def check_screening(model: Model, data: Mapping[str, Any]
                    ) -> tuple[dict[str, Any], list[Problem]]:
    """Clean a screening given by a form or the API.

    ``data`` may hold ``status``, ``scores`` ({criterion: 0..4 or empty}),
    ``evidence`` ({criterion: text}), ``personal_data``,
    ``confidentiality`` (gate level codes or empty), ``legal_duty``
    (bool) and ``reason`` (text). Returns the clean values and the
    problems; with problems the caller stores nothing."""
    clean: dict[str, Any] = {}
    problems = _check_status(model, data, clean)
    scores = data.get("scores") or {}
    evidence = data.get("evidence") or {}
    for name, given in (("scores", scores), ("evidence", evidence)):
        if not isinstance(given, Mapping):
            problems.append(Problem(name, "not_a_mapping"))
    problems += _check_scores(model, scores, clean)
    problems += _check_evidence(model, evidence, clean)
    problems += _check_gates(model, data, clean)
    problems += _check_legal_duty(data, clean)
    problems += _check_reason(data, clean)
    if not any(p.field in ("status", "reason") or
               p.field in [g.code for g in model.gates] for p in problems):
        problems += _check_reason_given(model, clean)
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


# -- recommendation -----------------------------------------------------------

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
