"""Lucene syntax (as CKAN sends it to Solr) into SQL conditions on the
search index, the alias ``d`` (pure Python, no CKAN import).

``luqum`` parses; this module decides what each part means with the field
types of CKAN's Solr schema (``fields.py``): ``string`` fields match whole
values (JSONB containment), ``text`` fields stemmed words (``tsvector``),
``date`` fields fixed-width UTC text with Solr date math. Boolean logic
follows Lucene's clause model (MUST / SHOULD / MUST_NOT); free text without
a colon follows Solr's dismax parser and its minimum-should-match rule.
``query.py`` assembles the conditions into one statement.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field as dc_field
from typing import Any, Iterable

from luqum import tree
from luqum.exceptions import ParseError
from luqum.parser import parser as lucene_parser

from . import datemath
from .fields import (DATE, INT, NGRAM, NGRAM_SOURCES, STRING, TEXT,
                     column_of, field_type, normalise_date, split_words)

__all__ = ["BoundParams", "FIELD_NAME", "MUST", "MUST_NOT",
           "QuerySyntaxError", "SHOULD", "Translator", "as_list",
           "conjunctive", "minimum_should_match"]

DEFAULT_MM = "2<-1 5<80%"
_DATE_COLUMNS = {"metadata_modified", "metadata_created"}
FIELD_NAME = re.compile(r"^[A-Za-z0-9_.\-]+$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


class QuerySyntaxError(ValueError):
    """A query Solr would refuse; the message is shown to the user."""


MUST, SHOULD, MUST_NOT = "must", "should", "must_not"


@dataclass
class _Contains:
    """``field`` holds ``value`` exactly: mergeable into one containment."""
    field: str
    value: str


@dataclass
class _Sql:
    """A condition, and the columns of the alias ``d`` it reads (recorded
    as it is built: the statement's plan depends on them)."""
    text: str
    columns: frozenset = frozenset()


_VECTOR = frozenset({"search_vector"})


def _joined(parts: list[_Sql], separator: str, before: str = "",
            after: str = "") -> _Sql:
    """One condition of several, reading all of their columns."""
    return _Sql(before + separator.join(p.text for p in parts) + after,
                frozenset().union(*(p.columns for p in parts)))


def _source(name: str) -> str:
    """The column of ``d`` a field's values are read from."""
    return column_of(name) or (
        "text_fields" if field_type(name) == TEXT else "fields")


_TRUE = _Sql("TRUE")
_Clause = Any  # _Contains | _Sql


@dataclass
class BoundParams:
    """The values of a statement's %(pN)s placeholders, in order."""
    values: dict[str, Any] = dc_field(default_factory=dict)

    def add(self, value: Any) -> str:
        name = f"p{len(self.values)}"
        self.values[name] = value
        return f"%({name})s"


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _like_literal(text: str) -> str:
    return re.sub(r"([\\%_])", r"\\\1", text)


def _like_pattern(term: str) -> str:
    """A Lucene wildcard term as a LIKE pattern (escape character \\)."""
    out, escaped = [], False
    for char in term:
        if escaped:
            out.append("\\" + char if char in "%_\\" else char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "*":
            out.append("%")
        elif char == "?":
            out.append("_")
        elif char in "%_":
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def minimum_should_match(spec: str | None, optional: int) -> int:
    """How many of ``optional`` clauses must match under a dismax ``mm``."""
    spec = (spec or "").strip()
    if not spec or optional == 0:
        return optional

    def single(value: str) -> int:
        value = value.strip()
        if value.endswith("%"):
            pct = int(value[:-1])
            count = int(optional * abs(pct) / 100)
            return optional - count if pct < 0 else count
        number = int(value)
        return optional + number if number < 0 else number

    try:
        if "<" not in spec:
            needed = single(spec)
        else:
            needed = optional
            for part in spec.split():
                limit, _, value = part.partition("<")
                if optional > int(limit):
                    needed = single(value)
    except ValueError as error:
        raise QuerySyntaxError(f"Invalid mm parameter: {spec!r}") from error
    return max(0, min(optional, needed))


class Translator:
    """Turns Lucene syntax trees into SQL conditions on the alias ``d``."""

    def __init__(self, params: BoundParams, text_config: str, now: dt.datetime,
                 default_field: str, default_operator: str):
        self.params = params
        self.config = params.add(text_config) + "::regconfig"
        self.now = now
        self.default_field = default_field
        self.default_and = default_operator.upper() != "OR"
        self.rank_queries: list[str] = []

    # -- entry points -----------------------------------------------------
    def lucene(self, query: str) -> list[tuple[str, _Clause]]:
        """Top-level clauses of a Lucene query, each with its occurrence."""
        query = query.strip()
        if not query:
            return []
        if query.startswith("{!"):
            raise QuerySyntaxError(
                "Local parameters ({!...}) are not supported by the "
                "PostgreSQL search backend.")
        try:
            parsed = lucene_parser.parse(query)
        except (ParseError, TypeError, ValueError) as error:
            raise QuerySyntaxError(
                f"Cannot parse query {query!r}: {error}") from error
        return self._clauses(parsed, None)

    def dismax(self, query: str, mm: str | None) -> list[tuple[str, _Clause]]:
        """Solr's dismax parser: words and phrases, +/-, minimum match."""
        required, prohibited, optional = [], [], []
        # Solr's dismax drops runs of operators after whitespace
        # (stripIllegalOperators); a run at the very start reaches the
        # Lucene parser, which refuses it (`--included`).
        query = re.sub(r"\s+[+-](?:\s*[+-]+)+", " ", query)
        if re.match(r"[+-]\s*[+-]", query):
            raise QuerySyntaxError(
                f"Cannot parse {query!r}: consecutive operators")
        for sign, phrase, word in re.findall(
                r'([+-]?)(?:"([^"]*)"|(\S+))', query):
            text = split_words(phrase if phrase else word)
            function = "phraseto_tsquery" if phrase else "plainto_tsquery"
            tsquery = f"{function}({self.config}, {self.params.add(text)})"
            if sign == "-":
                prohibited.append(tsquery)
                continue
            self.rank_queries.append(tsquery)
            (required if sign == "+" else optional).append(tsquery)
        clauses: list[tuple[str, _Clause]] = [
            (MUST, _Sql(f"d.search_vector @@ {q}", _VECTOR))
            for q in required]
        clauses += [(MUST_NOT, _Sql(f"d.search_vector @@ {q}", _VECTOR))
                    for q in prohibited]
        needed = minimum_should_match(mm or DEFAULT_MM, len(optional))
        if optional and needed == len(optional):
            clauses.append((MUST, _Sql(
                f"d.search_vector @@ ({' && '.join(optional)})", _VECTOR)))
        elif optional and needed > 0:
            hits = " + ".join(
                f"(CASE WHEN numnode({q}) = 0 OR d.search_vector @@ {q} "
                f"THEN 1 ELSE 0 END)" for q in optional)
            clauses.append((MUST, _Sql(
                f"(d.search_vector @@ ({' || '.join(optional)}) "
                f"AND ({hits}) >= {int(needed)})", _VECTOR)))
        elif optional and not required:
            clauses.append((SHOULD, _Sql(
                f"d.search_vector @@ ({' || '.join(optional)})", _VECTOR)))
        return clauses

    # -- boolean structure ------------------------------------------------
    def _clauses(self, node: Any, field: str | None
                 ) -> list[tuple[str, _Clause]]:
        if isinstance(node, tree.AndOperation):
            return [self._occur(child, field, MUST) for child in node.children]
        if isinstance(node, tree.OrOperation):
            return [self._occur(child, field, SHOULD)
                    for child in node.children]
        if isinstance(node, tree.UnknownOperation):
            default = MUST if self.default_and else SHOULD
            return [self._occur(child, field, default)
                    for child in node.children]
        return [self._occur(node, field, MUST)]

    def _occur(self, node: Any, field: str | None, default: str
               ) -> tuple[str, _Clause]:
        if isinstance(node, tree.Plus):
            return MUST, self._condition(node.a, field)
        if isinstance(node, (tree.Prohibit, tree.Not)):
            return MUST_NOT, self._condition(node.a, field)
        return default, self._condition(node, field)

    def _condition(self, node: Any, field: str | None) -> _Clause:
        if isinstance(node, (tree.AndOperation, tree.OrOperation,
                             tree.UnknownOperation)):
            return self.combine(self._clauses(node, field))
        if isinstance(node, (tree.Group, tree.FieldGroup)):
            return self._condition(node.expr, field)
        if isinstance(node, (tree.Plus,)):
            return self._condition(node.a, field)
        if isinstance(node, (tree.Prohibit, tree.Not)):
            return self.combine([(MUST_NOT, self._condition(node.a, field))])
        if isinstance(node, tree.SearchField):
            if node.name == "*":
                if isinstance(node.expr, tree.Word) and node.expr.value == "*":
                    return _TRUE
                raise QuerySyntaxError("Only *:* may use the field name '*'.")
            if not FIELD_NAME.match(node.name):
                raise QuerySyntaxError(f"Invalid field name {node.name!r}.")
            if isinstance(node.expr, (tree.Plus, tree.Prohibit, tree.Not,
                                      tree.SearchField)):
                # Lucene wants a term or a group after "field:"; Solr
                # refuses `tags: +x`, `tags:-x` and `a:b:c`.
                raise QuerySyntaxError(
                    f"Cannot parse field {node.name!r}: expected a term "
                    f"or a group after ':'")
            return self._condition(node.expr, node.name)
        if isinstance(node, tree.Boost):
            return self._condition(node.expr, field)
        if isinstance(node, tree.Fuzzy):
            return self._condition(node.term, field)
        if isinstance(node, tree.Proximity):
            words = _unescape(node.term.value[1:-1])
            return self._text(field or self.default_field, words, "plain")
        if isinstance(node, tree.Range):
            return self._range(field or self.default_field, node.low.value,
                               node.high.value, node.include_low,
                               node.include_high)
        if isinstance(node, tree.From):
            return self._range(field or self.default_field, node.a.value,
                               "*", node.include, True)
        if isinstance(node, tree.To):
            return self._range(field or self.default_field, "*",
                               node.a.value, True, node.include)
        if isinstance(node, tree.Phrase):
            return self._term(field or self.default_field,
                              _unescape(node.value[1:-1]), phrase=True)
        if isinstance(node, tree.Regex):
            return self._regex(field or self.default_field, node.value[1:-1])
        if isinstance(node, tree.Word):
            return self._word(field or self.default_field, node)
        raise QuerySyntaxError(f"Unsupported query syntax: {node}")

    # -- combining --------------------------------------------------------
    def combine(self, clauses: Iterable[tuple[str, _Clause]]) -> _Sql:
        """Lucene's boolean query: every MUST, no MUST_NOT, and at least one
        SHOULD when there is no MUST. Exact values are merged per field:
        MUST values into one containment (``@>``), SHOULD values of an
        array column into one overlap (``&&``), so an index answers each
        in a single scan. The result records the columns it reads."""
        must: list[_Sql] = []
        should: list[_Sql] = []
        must_not: list[_Sql] = []
        required: dict[str, list[str]] = {}
        alternatives: dict[str, list[str]] = {}
        for occur, clause in clauses:
            if isinstance(clause, _Contains) and (
                    occur == MUST or (occur == SHOULD
                                      and column_of(clause.field))):
                merged = required if occur == MUST else alternatives
                values = merged.setdefault(clause.field, [])
                if clause.value not in values:
                    values.append(clause.value)
                continue
            {MUST: must, SHOULD: should, MUST_NOT: must_not}[occur].append(
                self._render(clause))
        if required:
            must[:0] = self._containment(required)
        should[:0] = [_Sql(f"d.{column_of(name)} && {self._array(values)}",
                           frozenset({column_of(name)}))
                      for name, values in alternatives.items()]
        parts = [m for m in must if m.text != "TRUE"]
        if should and not must:
            parts.append(_TRUE if any(s.text == "TRUE" for s in should)
                         else _joined(should, " OR ", "(", ")"))
        if must_not:
            parts.append(_joined(must_not, " OR ", "NOT (", ")"))
        parts = [p for p in parts if p.text != "TRUE"]
        if not parts:
            return _TRUE
        return _joined(parts, "") if len(parts) == 1 \
            else _joined(parts, " AND ", "(", ")")

    def _array(self, values: list[str]) -> str:
        return f"{self.params.add(list(values))}::text[]"

    def _containment(self, values: dict[str, list[str]]) -> list[_Sql]:
        """Conditions that each field holds all of its values."""
        in_columns = [_Sql(f"d.{column_of(name)} @> {self._array(wanted)}",
                           frozenset({column_of(name)}))
                      for name, wanted in values.items() if column_of(name)]
        in_fields = {name: wanted for name, wanted in values.items()
                     if not column_of(name)}
        if in_fields:
            in_columns.append(_Sql(
                f"d.fields @> {self.params.add(json.dumps(in_fields))}::jsonb",
                frozenset({"fields"})))
        return in_columns

    def _render(self, clause: _Clause) -> _Sql:
        if isinstance(clause, _Contains):
            return _joined(self._containment({clause.field: [clause.value]}),
                           " AND ")
        return clause

    # -- leaves -----------------------------------------------------------
    def column(self, name: str) -> str:
        """The JSONB array of a field's values (fields without a column)."""
        kind = "text_fields" if field_type(name) == TEXT else "fields"
        return f"d.{kind} -> {self.params.add(name)}"

    def _word(self, name: str, node: tree.Word) -> _Clause:
        value = node.value
        if value == "*":
            return self._exists(name)
        if node.has_wildcard():
            return self._wildcard(name, value)
        return self._term(name, _unescape(value), phrase=False)

    def _exists(self, name: str) -> _Clause:
        if name == "text":
            return _TRUE
        if column_of(name):
            return _Sql(f"cardinality(d.{column_of(name)}) > 0",
                        frozenset({column_of(name)}))
        kind = "text_fields" if field_type(name) == TEXT else "fields"
        return _Sql(f"d.{kind} ? {self.params.add(name)}", frozenset({kind}))

    def _term(self, name: str, value: str, phrase: bool) -> _Clause:
        kind = field_type(name)
        if kind == NGRAM:
            return self._substring(NGRAM_SOURCES[name], value)
        if kind == TEXT:
            return self._text(name, value, "phrase" if phrase else "plain")
        if kind == DATE:
            return self._range(name, value, value, True, True)
        if kind == INT and _NUMBER.match(value):
            value = str(int(float(value))) if "." not in value else value
        return _Contains(name, value)

    def _text(self, name: str, value: str, mode: str) -> _Clause:
        function = "phraseto_tsquery" if mode == "phrase" else "plainto_tsquery"
        if name == "text":
            # The catch-all vector indexes compound words' parts too.
            value = split_words(value)
        return self._matches(
            name, f"{function}({self.config}, {self.params.add(value)})")

    def _matches(self, name: str, tsquery: str) -> _Clause:
        """A text field matches a tsquery; the catch-all ``text`` is the
        indexed, weighted vector and counts towards relevance."""
        if name == "text":
            self.rank_queries.append(tsquery)
            return _Sql(f"d.search_vector @@ {tsquery}", _VECTOR)
        kind = "text_fields" if field_type(name) == TEXT else "fields"
        return _Sql(
            f"to_tsvector({self.config}, coalesce({self.column(name)}, "
            f"'[]'::jsonb)) @@ {tsquery}", frozenset({kind}))

    def _substring(self, name: str, value: str) -> _Clause:
        """Every word of ``value`` occurs in the field, ignoring case."""
        tests = [f"lower(v) LIKE {self.params.add(f'%{_like_literal(w)}%')}"
                 for w in value.lower().split()]
        if not tests:
            return self._exists(name)
        return _Sql(f"EXISTS (SELECT 1 FROM {self._values(name)} AS v "
                    f"WHERE {' AND '.join(tests)})", frozenset({_source(name)}))

    def _values(self, name: str) -> str:
        """A set-returning expression of a field's values."""
        if column_of(name):
            return f"unnest(d.{column_of(name)})"
        return f"jsonb_array_elements_text({self.column(name)})"

    def _wildcard(self, name: str, value: str) -> _Clause:
        if field_type(name) == TEXT:
            # Stemmed prefix match: park* finds parking, parks, parked.
            stem = _unescape(value).replace("*", " ").replace("?", " ").strip()
            if not stem:
                return self._exists(name)
            lexeme = "'" + stem.replace("\\", "").replace("'", "''") + "':*"
            return self._matches(
                name, f"to_tsquery({self.config}, {self.params.add(lexeme)})")
        pattern = self.params.add(_like_pattern(value))
        return _Sql(f"EXISTS (SELECT 1 FROM {self._values(name)} AS v "
                    f"WHERE v LIKE {pattern})", frozenset({_source(name)}))

    def _regex(self, name: str, pattern: str) -> _Clause:
        regex = self.params.add(f"^(?:{pattern})$")
        return _Sql(f"EXISTS (SELECT 1 FROM {self._values(name)} AS v "
                    f"WHERE v ~ {regex})", frozenset({_source(name)}))

    def _date_bound(self, value: str) -> str:
        try:
            moment = datemath.resolve(value, self.now)
        except datemath.DateMathError:
            normalised = normalise_date(value)
            if normalised is None:
                raise QuerySyntaxError(f"Invalid date in range: {value!r}")
            return normalised
        return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def _range(self, name: str, low: str, high: str,
               include_low: bool, include_high: bool) -> _Clause:
        low, high = _unescape(low), _unescape(high)
        kind = field_type(name)
        numeric = kind == INT or (
            kind == STRING and all(_NUMBER.match(b) for b in (low, high)
                                   if b != "*")
            and (low, high) != ("*", "*"))
        if kind == DATE:
            bounds = [None if b == "*" else self._date_bound(b)
                      for b in (low, high)]
        elif numeric:
            bounds = [None if b == "*" else float(b) for b in (low, high)]
        else:
            bounds = [None if b == "*" else b for b in (low, high)]
        if name in _DATE_COLUMNS:
            value = f"d.{name}"
            bounds = [None if b is None else dt.datetime.strptime(
                b, "%Y-%m-%dT%H:%M:%S.%fZ") for b in bounds]
            tests = []
        else:
            value = "v" if not numeric else \
                "(CASE WHEN v ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN v::numeric END)"
            if not numeric:
                value = 'v COLLATE "C"'
            tests = []
        for bound, inclusive, operator in (
                (bounds[0], include_low, ">"), (bounds[1], include_high, "<")):
            if bound is not None:
                tests.append(f"{value} {operator}{'=' if inclusive else ''} "
                             f"{self.params.add(bound)}")
        if name in _DATE_COLUMNS:
            return _Sql(" AND ".join(tests) or f"d.{name} IS NOT NULL",
                        frozenset({name}))
        condition = " AND ".join(tests) or "TRUE"
        return _Sql(f"EXISTS (SELECT 1 FROM {self._values(name)} AS v "
                    f"WHERE {condition})", frozenset({_source(name)}))


def as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [v for v in value if v is not None]
    return [value]


def conjunctive(clauses: list[tuple[str, _Clause]]) -> bool:
    return all(occur != SHOULD for occur, _ in clauses)
