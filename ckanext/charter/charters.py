"""Charters as data (no CKAN import): reading the charter files of
``data/charters/`` and of a portal's own directory, and checking claims.

A charter has a code (``smart-flanders``), a version and numbered
principles, each concerning a dataset or the organization; a dataset
principle may name the rule of ``rules.py`` that derives it from the
metadata. Problems are returned as codes with parameters; the CKAN layer
translates them.
"""
from __future__ import annotations

import dataclasses
import pathlib
from typing import Any, Iterable, Mapping

from ckanext.municipal_opendata.datafiles import load_yaml
from ckanext.municipal_opendata.labels import pick_label
from ckanext.municipal_opendata.problems import Problem

DATA_DIR = pathlib.Path(__file__).parent / "data"
CHARTER_DIR = DATA_DIR / "charters"
SCOPES = ("dataset", "organization")


@dataclasses.dataclass(frozen=True)
class Principle:
    number: int
    scope: str
    title: Mapping[str, str]
    explanation: Mapping[str, str]
    rule: str | None = None
    # organization principles of a charter the maturity framework was not
    # written for: the framework's domains that show it
    maturity_domains: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Charter:
    code: str
    version: str
    title: Mapping[str, str]
    url: str
    principles: tuple[Principle, ...]
    maturity_link: bool = False
    # a name short enough for a facet or a column (the title if none)
    short_title: Mapping[str, str] | None = None

    def principle(self, number: Any) -> Principle | None:
        try:
            number = int(number)
        except (TypeError, ValueError):
            return None
        return next((p for p in self.principles if p.number == number), None)

    def as_dict(self, lang: str | None = None) -> dict[str, Any]:
        def t(labels):
            return dict(labels) if lang is None else pick_label(labels, lang)
        return {
            "code": self.code, "version": self.version, "title": t(self.title),
            "url": self.url,
            "principles": [{
                "number": p.number, "scope": p.scope, "rule": p.rule,
                "title": t(p.title), "explanation": t(p.explanation),
            } for p in self.principles],
        }


class CharterFileError(ValueError):
    """A charter file is not in the expected shape."""


def parse(content: Mapping[str, Any], source: str = "") -> Charter:
    def need(mapping, key, where):
        if key not in mapping or mapping[key] in (None, ""):
            raise CharterFileError(f"{source}: {where} needs `{key}`")
        return mapping[key]

    principles = []
    seen = set()
    for raw in need(content, "principles", "the charter") or []:
        number = int(need(raw, "number", "a principle"))
        if number in seen:
            raise CharterFileError(f"{source}: principle {number} twice")
        seen.add(number)
        scope = need(raw, "scope", f"principle {number}")
        if scope not in SCOPES:
            raise CharterFileError(
                f"{source}: principle {number}: scope must be one of {SCOPES}")
        principles.append(Principle(
            number=number, scope=scope, title=dict(need(raw, "title", f"principle {number}")),
            explanation=dict(raw.get("explanation") or {}),
            rule=raw.get("rule"),
            maturity_domains=tuple(str(d) for d in
                                   raw.get("maturity_domains") or ())))
    return Charter(code=str(need(content, "code", "the charter")),
                   version=str(need(content, "version", "the charter")),
                   title=dict(need(content, "title", "the charter")),
                   url=str(content.get("url") or ""),
                   maturity_link=bool(content.get("maturity_link")),
                   short_title=dict(content.get("short_title") or {})
                   or None,
                   principles=tuple(sorted(principles,
                                           key=lambda p: p.number)))


def load_directory(directory: pathlib.Path | str) -> dict[str, Charter]:
    """Every ``*.yaml`` charter of a directory, by file name without
    extension (``smart-flanders-2018``)."""
    found = {}
    for path in sorted(pathlib.Path(directory).glob("*.yaml")):
        content = load_yaml(path.read_text(encoding="utf-8")) or {}
        found[path.stem] = parse(content, path.name)
    return found


def select(available: Mapping[str, Charter],
           wanted: Iterable[str]) -> dict[str, Charter]:
    """The charters a portal uses, by code, in the order configured.
    ``wanted`` names files (``smart-flanders-2018``) or charter codes
    (``smart-flanders``, the highest version). Unknown names raise."""
    chosen: dict[str, Charter] = {}
    for name in wanted:
        if name in available:
            charter = available[name]
        else:
            versions = [c for c in available.values() if c.code == name]
            if not versions:
                raise CharterFileError(
                    f"Unknown charter {name!r}; known: "
                    f"{', '.join(sorted(available))}")
            charter = max(versions, key=lambda c: version_key(c.version))
        chosen[charter.code] = charter
    return chosen


def version_key(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in version.split("."))


def parse_claims(charters: Mapping[str, Charter], raw: Any,
                 field: str = "charter_claims"
                 ) -> tuple[dict[str, list[int]], list[Problem]]:
    """Claims as given by a publisher: ``{"smart-flanders": [9, 16]}``, or
    a list / comma-separated string of ``"smart-flanders:9"``. Returns the
    claims per charter (sorted, unique) and the problems; a claim of an
    unknown charter or principle, or of an organization principle, is a
    problem and nothing of it is kept."""
    pairs: list[tuple[str, Any]] = []
    problems: list[Problem] = []
    if raw in (None, "", [], {}):
        return {}, []
    if isinstance(raw, Mapping):
        for code, numbers in raw.items():
            if isinstance(numbers, (str, int)):
                numbers = [numbers]
            if not isinstance(numbers, (list, tuple)):
                problems.append(Problem(field, "not_a_list",
                                        {"charter": code}))
                continue
            pairs.extend((str(code), n) for n in numbers)
    else:
        items = raw.split(",") if isinstance(raw, str) else raw
        if not isinstance(items, (list, tuple)):
            return {}, [Problem(field, "bad_shape")]
        for item in items:
            code, sep, number = str(item).strip().rpartition(":")
            if not sep:
                problems.append(Problem(field, "bad_claim",
                                        {"claim": str(item)}))
                continue
            pairs.append((code.strip(), number.strip()))
    claims: dict[str, set[int]] = {}
    for code, number in pairs:
        charter = charters.get(code)
        if charter is None:
            problems.append(Problem(field, "unknown_charter",
                                    {"charter": code}))
            continue
        principle = charter.principle(number)
        if principle is None:
            problems.append(Problem(field, "unknown_principle",
                                    {"charter": code, "principle": number}))
            continue
        if principle.scope != "dataset":
            problems.append(Problem(field, "organization_principle",
                                    {"charter": code,
                                     "principle": principle.number}))
            continue
        claims.setdefault(code, set()).add(principle.number)
    return {k: sorted(v) for k, v in claims.items()}, problems
