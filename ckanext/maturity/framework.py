"""The maturity framework and its scoring, without CKAN.

A framework (one versioned YAML file, see ``data/``) has domains; each domain
has statements answered on a 0..3 scale, and a felt need answered on a 0..2
scale. From the answers come, per domain, a maturity level (the rounded mean
of its statements), a gap to the top level and a priority (need and gap),
then an overall level. Results can be compared over time; what may be
published about many municipalities' results is decided in ``network.py``.
The model and its sources: docs/maturity.md, section 1.

Nothing here imports CKAN: the CKAN shell (``logic/``, ``views.py``)
translates the problem codes of :class:`Problem` into messages.
"""
from __future__ import annotations

import dataclasses
import math
import pathlib
import statistics
from typing import Any, Iterable, Mapping

import yaml

from ckanext.municipal_opendata.datafiles import load_yaml
from ckanext.municipal_opendata.labels import pick_label
from ckanext.municipal_opendata.problems import Problem

DATA_DIR = pathlib.Path(__file__).parent / "data"
NEED = "need"  # the answer key of a domain's felt need


class FrameworkError(ValueError):
    """A framework file that cannot be used."""


@dataclasses.dataclass(frozen=True)
class Option:
    code: str
    value: int
    label: Mapping[str, str]


@dataclasses.dataclass(frozen=True)
class Statement:
    code: str
    text: Mapping[str, str]


@dataclasses.dataclass(frozen=True)
class Domain:
    code: str
    number: int
    name: Mapping[str, str]
    description: Mapping[str, str]
    principles: tuple[int, ...]
    statements: tuple[Statement, ...]
    # actions[level code][audience code] -> labels
    actions: Mapping[str, Mapping[str, Mapping[str, str]]]

    def statement(self, code: str) -> Statement | None:
        return next((s for s in self.statements if s.code == code), None)

    def keys(self) -> list[str]:
        """The answer keys this domain needs: its statements and its need."""
        return [f"{self.code}.{s.code}" for s in self.statements] + [
            f"{self.code}.{NEED}"]


@dataclasses.dataclass(frozen=True)
class Framework:
    version: str
    title: Mapping[str, str]
    scale: tuple[Option, ...]
    levels: tuple[Option, ...]
    needs: tuple[Option, ...]
    audiences: tuple[Option, ...]
    principles: Mapping[int, Mapping[str, str]]
    domains: tuple[Domain, ...]

    @property
    def top_level(self) -> int:
        return max(level.value for level in self.levels)

    @property
    def top_need(self) -> int:
        return max(need.value for need in self.needs)

    def domain(self, code: str) -> Domain | None:
        return next((d for d in self.domains if d.code == code), None)

    def level(self, value: int | None) -> Option | None:
        return next((lv for lv in self.levels if lv.value == value), None)

    def need(self, value: int | None) -> Option | None:
        return next((n for n in self.needs if n.value == value), None)

    def keys(self) -> list[str]:
        """Every answer key, in the order of the framework."""
        return [key for domain in self.domains for key in domain.keys()]

    def as_dict(self, lang: str | None = None) -> dict[str, Any]:
        """A JSON-ready form: all languages, or only ``lang``."""
        def t(labels):
            return dict(labels) if lang is None else pick_label(labels, lang)

        def options(items):
            return [{"code": o.code, "value": o.value, "label": t(o.label)}
                    for o in items]
        return {
            "version": self.version,
            "title": t(self.title),
            "scale": options(self.scale),
            "levels": options(self.levels),
            "needs": options(self.needs),
            "audiences": options(self.audiences),
            "principles": {str(k): t(v) for k, v in self.principles.items()},
            "domains": [{
                "code": d.code,
                "number": d.number,
                "name": t(d.name),
                "description": t(d.description),
                "principles": list(d.principles),
                "statements": [{"code": s.code, "text": t(s.text)}
                               for s in d.statements],
                "actions": {lv: {aud: t(labels)
                                 for aud, labels in by_aud.items()}
                            for lv, by_aud in d.actions.items()},
            } for d in self.domains],
        }


# -- loading -----------------------------------------------------------------

def _options(raw: Any, what: str, with_value: bool = True) -> tuple[Option, ...]:
    if not isinstance(raw, list) or not raw:
        raise FrameworkError(f"{what}: a non-empty list is required")
    result = []
    for i, item in enumerate(raw):
        try:
            value = int(item["value"]) if with_value else i
            code = str(item.get("code", value))
            result.append(Option(code, value, dict(item["label"])))
        except (KeyError, TypeError, ValueError) as e:
            raise FrameworkError(f"{what}[{i}]: {e}") from e
    if len({o.value for o in result}) != len(result):
        raise FrameworkError(f"{what}: values must be unique")
    return tuple(result)


def parse_framework(data: Mapping[str, Any]) -> Framework:
    """Build and check a framework from its YAML data."""
    if not isinstance(data, Mapping) or not data.get("version"):
        raise FrameworkError("a framework needs a version")
    levels = _options(data.get("levels"), "levels")
    audiences = _options(data.get("audiences"), "audiences", False)
    principles = {int(k): dict(v)
                  for k, v in (data.get("principles") or {}).items()}
    domains = []
    for number, raw in enumerate(data.get("domains") or [], start=1):
        code = raw.get("code")
        if not code or "." in code:
            raise FrameworkError(f"domain {number}: invalid code {code!r}")
        statements = tuple(Statement(s["code"], dict(s["text"]))
                           for s in raw.get("statements") or [])
        codes = [s.code for s in statements]
        if not statements or len(set(codes)) != len(codes) or NEED in codes:
            raise FrameworkError(
                f"domain {code}: statements must be unique, non-empty and "
                f"not named {NEED!r}")
        actions = {lv: {aud: dict(labels) for aud, labels in by_aud.items()}
                   for lv, by_aud in (raw.get("actions") or {}).items()}
        unknown = set(actions) - {lv.code for lv in levels}
        if unknown:
            raise FrameworkError(f"domain {code}: unknown levels {unknown}")
        domains.append(Domain(
            code=code, number=number, name=dict(raw["name"]),
            description=dict(raw.get("description") or {}),
            principles=tuple(int(p) for p in raw.get("principles") or []),
            statements=statements, actions=actions))
    if not domains:
        raise FrameworkError("a framework needs domains")
    if len({d.code for d in domains}) != len(domains):
        raise FrameworkError("domain codes must be unique")
    return Framework(
        version=str(data["version"]),
        title=dict(data.get("title") or {}),
        scale=_options(data.get("scale"), "scale"),
        levels=levels,
        needs=_options(data.get("needs"), "needs"),
        audiences=audiences,
        principles=principles,
        domains=tuple(domains),
    )


def load_framework(path: str | pathlib.Path) -> Framework:
    """A framework file; any problem with it is a FrameworkError naming the
    file."""
    try:
        with open(path, encoding="utf-8") as f:
            return parse_framework(load_yaml(f))
    except FrameworkError as error:
        raise FrameworkError(f"{path}: {error}") from error
    except (OSError, UnicodeDecodeError, yaml.YAMLError, KeyError,
            TypeError, ValueError, AttributeError) as error:
        raise FrameworkError(
            f"{path}: {type(error).__name__}: {error}") from error


def load_frameworks(*directories: str | pathlib.Path) -> dict[str, Framework]:
    """Every ``framework-*.yaml`` of the directories, by version; a later
    directory overrides an earlier one for the same version."""
    found: dict[str, Framework] = {}
    for directory in directories:
        for path in sorted(pathlib.Path(directory).glob("framework-*.yaml")):
            framework = load_framework(path)
            found[framework.version] = framework
    return found


def latest_version(versions: Iterable[str]) -> str:
    """The highest version, comparing dotted numbers numerically."""
    def key(version: str):
        return [(0, int(p)) if p.isdigit() else (1, p)
                for p in version.split(".")]
    return max(versions, key=key)


# -- answers -----------------------------------------------------------------

def check_answers(framework: Framework,
                  answers: Mapping[str, Any]) -> tuple[dict[str, int],
                                                       list[Problem]]:
    """Check answers keyed ``domain.statement`` or ``domain.need``.

    A value of ``None`` or ``""`` clears an answer (kept as ``None``).
    Returns the clean answers and the problems; the answers are only safe
    to store when there are no problems.
    """
    clean: dict[str, int | None] = {}
    problems: list[Problem] = []
    if not isinstance(answers, Mapping):
        return {}, [Problem("answers", "not_a_mapping")]
    scale = {o.value for o in framework.scale}
    needs = {o.value for o in framework.needs}
    for key, value in answers.items():
        domain_code, _, item = str(key).partition(".")
        domain = framework.domain(domain_code)
        if domain is None:
            problems.append(Problem(str(key), "unknown_domain",
                                    {"domain": domain_code}))
            continue
        if item != NEED and domain.statement(item) is None:
            problems.append(Problem(str(key), "unknown_statement",
                                    {"statement": item,
                                     "domain": domain_code}))
            continue
        if value is None or value == "":
            clean[key] = None
            continue
        allowed = needs if item == NEED else scale
        try:
            number = int(value)
            if isinstance(value, float) and number != value:
                raise ValueError(value)
            if isinstance(value, bool):
                raise ValueError(value)
        except (TypeError, ValueError, OverflowError):
            number = None
        if number not in allowed:
            problems.append(Problem(str(key), "out_of_scale", {
                "value": value, "min": min(allowed), "max": max(allowed)}))
            continue
        clean[key] = number
    return clean, problems


def missing_answers(framework: Framework,
                    answers: Mapping[str, int | None]) -> list[str]:
    """The answer keys still unanswered, in framework order."""
    return [key for key in framework.keys() if answers.get(key) is None]


def changed_answers(stored: Mapping[str, int | None],
                    incoming: Mapping[str, int | None]) -> dict[str, int | None]:
    """The incoming answers that change what is stored: a new answer that
    is not null, or another value than the stored one."""
    return {k: v for k, v in incoming.items()
            if k not in stored and v is not None
            or k in stored and stored[k] != v}


def merge_answers(stored: Mapping[str, tuple[int | None, int]],
                  incoming: Mapping[str, int | None],
                  base: int) -> tuple[dict[str, int | None], list[str]]:
    """Merge answers given on assessment version ``base`` into the stored
    ones (key -> (value, version it last changed in)), as two editors of
    one draft need: answers others changed since ``base`` to other keys
    stay. Returns (changed, conflicts): the answers to store, and the
    incoming keys another editor changed after ``base`` to a value other
    than the incoming one, in incoming order; with any conflict nothing is
    to be stored."""
    conflicts = [k for k, v in incoming.items()
                 if k in stored and stored[k][1] > base
                 and stored[k][0] != v]
    if conflicts:
        return {}, conflicts
    return changed_answers({k: v for k, (v, _) in stored.items()},
                           incoming), []


def progress(framework: Framework,
             answers: Mapping[str, int | None]) -> dict[str, Any]:
    keys = framework.keys()
    done = sum(1 for key in keys if answers.get(key) is not None)
    per_domain = {
        d.code: all(answers.get(k) is not None for k in d.keys())
        for d in framework.domains}
    return {"answered": done, "total": len(keys),
            "percent": round(100 * done / len(keys)),
            "domains_complete": per_domain}


# -- scoring -----------------------------------------------------------------

def _round_half_up(x: float) -> int:
    return int(math.floor(x + 0.5))


def level_for(mean: float, framework: Framework) -> int:
    """The maturity level of a mean answer: the scale is mapped onto the
    levels, and rounded half up."""
    top_scale = max(o.value for o in framework.scale)
    return _round_half_up(mean * framework.top_level / top_scale)


def priority_score(need: int, gap: int, framework: Framework) -> int:
    """0 when there is nothing to gain; otherwise grows with need and with
    the gap: (need + 1) x gap, so a strong need with a large gap comes first,
    and a felt need without a gap (already achieved) is no priority."""
    return (need + 1) * gap


def priority_class(score: int, framework: Framework) -> str:
    top = (framework.top_need + 1) * framework.top_level
    if score == 0:
        return "none"
    if score >= top / 2:
        return "high"
    if score >= top / 4:
        return "medium"
    return "low"


def score(framework: Framework,
          answers: Mapping[str, int | None]) -> dict[str, Any]:
    """Levels, needs, gaps and priorities per domain, and the overall level,
    of complete (or partial) answers. Domains without any statement answer
    have ``level`` None."""
    top_scale = max(o.value for o in framework.scale)
    domains = []
    for d in framework.domains:
        values = [answers.get(f"{d.code}.{s.code}") for s in d.statements]
        values = [v for v in values if v is not None]
        need = answers.get(f"{d.code}.{NEED}")
        if values:
            mean = statistics.fmean(values)
            level = level_for(mean, framework)
            percent = round(100 * mean / top_scale)
            gap = framework.top_level - level
        else:
            mean = level = percent = gap = None
        p_score = (priority_score(need, gap, framework)
                   if need is not None and gap is not None else None)
        domains.append({
            "domain": d.code,
            "number": d.number,
            "mean": None if mean is None else round(mean, 3),
            "percent": percent,
            "level": level,
            "level_code": getattr(framework.level(level), "code", None),
            "need": need,
            "need_code": getattr(framework.need(need), "code", None),
            "gap": gap,
            "priority": p_score,
            "priority_class": (None if p_score is None
                               else priority_class(p_score, framework)),
            "complete": len(values) == len(d.statements) and need is not None,
        })
    scored = [d["mean"] for d in domains if d["mean"] is not None]
    overall_mean = statistics.fmean(scored) if scored else None
    return {
        "framework_version": framework.version,
        "domains": domains,
        "overall_mean": (None if overall_mean is None
                         else round(overall_mean, 3)),
        "overall_percent": (None if overall_mean is None
                            else round(100 * overall_mean / top_scale)),
        "overall_level": (None if overall_mean is None
                          else level_for(overall_mean, framework)),
        "complete": all(d["complete"] for d in domains),
    }


def priorities(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The domains of a result in priority order: highest priority score
    first, then higher need, then larger gap, then framework order."""
    def key(d):
        return (-(d["priority"] or 0), -(d["need"] or 0), -(d["gap"] or 0),
                d["number"])
    return sorted(result["domains"], key=key)


def recommended_actions(framework: Framework, domain_code: str,
                        level: int | None, lang: str) -> list[dict[str, str]]:
    """The actions for a domain at a level, one per audience."""
    domain = framework.domain(domain_code)
    option = framework.level(level)
    if domain is None or option is None:
        return []
    by_audience = domain.actions.get(option.code, {})
    return [{"audience": a.code, "audience_label": pick_label(a.label, lang),
             "text": pick_label(by_audience[a.code], lang)}
            for a in framework.audiences if a.code in by_audience]


def compare(current: Mapping[str, Any],
            previous: Mapping[str, Any] | None,
            top_scale: int | None = None) -> dict[str, dict[str, Any]]:
    """Per domain: the change of level, percent and need from ``previous``
    to ``current``. Domains missing from one side (another framework
    version) get None deltas. With ``top_scale`` (the highest answer) the
    percent change is computed from the means, so that the same step
    reads the same (+33 from 33 % to 67 % and from 67 % to 100 %, not
    +34 and +33 as the difference of the rounded percents would)."""
    before = {d["domain"]: d for d in (previous or {}).get("domains", [])}
    changes = {}
    for d in current["domains"]:
        old = before.get(d["domain"])

        def delta(field):
            if old is None or d.get(field) is None \
                    or old.get(field) is None:
                return None
            return d[field] - old[field]
        percent = delta("percent")
        if top_scale and delta("mean") is not None:
            percent = round(100 * delta("mean") / top_scale)
        changes[d["domain"]] = {
            "level": delta("level"), "percent": percent,
            "need": delta("need"),
            "previous_level": old["level"] if old else None,
            "previous_need": old["need"] if old else None,
        }
    return changes
