"""Translate the Solr requests CKAN sends into one PostgreSQL statement.

Pure Python, no CKAN import. Solr/Lucene syntax is parsed by ``luqum``;
this module decides what each part means against the index table, with
the field types of CKAN's Solr schema (see ``fields.py``):

* ``string`` fields match whole values (JSONB containment, GIN-indexed),
* ``text`` fields match stemmed words (``tsvector``; the catch-all
  ``text`` field is the weighted ``search_vector``),
* ``date`` fields compare as fixed-width UTC text, with Solr date math.

Boolean logic follows Lucene's clause model (MUST / SHOULD / MUST_NOT), so
``+a b -c``, ``a OR b``, ``(a OR b) AND -c`` and pure negative filters mean
what they mean in Solr. Free text without a colon follows Solr's dismax
parser, including its minimum-should-match (``mm``) rule.

A listing that filters only on the request-wide columns (site, state,
capacity, types, permission labels) takes its hit count and CKAN's
default facets from the counts kept per filter group, so its cost does
not grow with the catalogue (docs/search.md, "Facet counts per filter
group").
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
from .fields import (COUNTED_FACETS, DATE, GROUP_FIELDS, INT, NGRAM,
                     NGRAM_SOURCES, STRING, TEXT, column_of, field_type,
                     normalise_date, split_words)

TABLE = "postgres_search_index"
GROUP_TABLE = "postgres_search_filter_group"
COUNT_TABLE = "postgres_search_facet_count"

# ts_rank_cd weights {D, C, B, A}: text : tags/groups : name/title = 1 : 2 : 4,
# as in CKAN's dismax query fields.
RANK_WEIGHTS = "{0.25, 0.25, 0.5, 1.0}"

DEFAULT_MM = "2<-1 5<80%"
_DATE_COLUMNS = {"metadata_modified", "metadata_created"}
_SORT_COLUMNS = {
    "metadata_modified": "d.metadata_modified",
    "metadata_created": "d.metadata_created",
    "name": 'd.name COLLATE "C"',
    "title_string": 'd.title_string COLLATE "C"',
    "index_id": "d.index_id",
}
_FIELD_NAME = re.compile(r"^[A-Za-z0-9_.\-]+$")
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
    text: str


_TRUE = _Sql("TRUE")
_Clause = Any  # _Contains | _Sql


@dataclass
class FieldList:
    """Which stored fields to return (Solr ``fl``)."""
    names: list[str]
    all_fields: bool
    score: bool

    @classmethod
    def parse(cls, fl: Any) -> "FieldList":
        if isinstance(fl, (list, tuple)):
            fl = " ".join(fl)
        names = [n for n in re.split(r"[\s,]+", fl or "") if n]
        return cls(
            names=[n for n in names if n not in ("*", "score")],
            all_fields=not names or "*" in names,
            score="score" in names,
        )

    def select(self, doc: dict[str, Any], score: float | None) -> dict[str, Any]:
        out = dict(doc) if self.all_fields else {
            k: doc[k] for k in self.names if k in doc}
        if self.score:
            out["score"] = score
        return out


@dataclass
class CompiledSearch:
    sql: str
    params: dict[str, Any]
    facet_fields: list[str]
    fields: FieldList
    rows: int


@dataclass
class _Params:
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


class _Translator:
    """Turns Lucene syntax trees into SQL conditions on the alias ``d``."""

    def __init__(self, params: _Params, text_config: str, now: dt.datetime,
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
            (MUST, _Sql(f"d.search_vector @@ {q}")) for q in required]
        clauses += [(MUST_NOT, _Sql(f"d.search_vector @@ {q}"))
                    for q in prohibited]
        needed = minimum_should_match(mm or DEFAULT_MM, len(optional))
        if optional and needed == len(optional):
            clauses.append((MUST, _Sql(
                f"d.search_vector @@ ({' && '.join(optional)})")))
        elif optional and needed > 0:
            hits = " + ".join(
                f"(CASE WHEN numnode({q}) = 0 OR d.search_vector @@ {q} "
                f"THEN 1 ELSE 0 END)" for q in optional)
            clauses.append((MUST, _Sql(
                f"(d.search_vector @@ ({' || '.join(optional)}) "
                f"AND ({hits}) >= {int(needed)})")))
        elif optional and not required:
            clauses.append((SHOULD, _Sql(
                f"d.search_vector @@ ({' || '.join(optional)})")))
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
            if not _FIELD_NAME.match(node.name):
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
        in a single scan."""
        must, should, must_not = [], [], []
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
        should[:0] = [f"d.{column_of(name)} && {self._array(values)}"
                      for name, values in alternatives.items()]
        parts = [m for m in must if m != "TRUE"]
        if should and not must:
            parts.append("TRUE" if "TRUE" in should
                         else "(" + " OR ".join(should) + ")")
        if must_not:
            parts.append("NOT (" + " OR ".join(must_not) + ")")
        parts = [p for p in parts if p != "TRUE"]
        if not parts:
            return _TRUE
        return _Sql(parts[0] if len(parts) == 1
                    else "(" + " AND ".join(parts) + ")")

    def _array(self, values: list[str]) -> str:
        return f"{self.params.add(list(values))}::text[]"

    def _containment(self, values: dict[str, list[str]]) -> list[str]:
        """Conditions that each field holds all of its values."""
        in_columns = [f"d.{column_of(name)} @> {self._array(wanted)}"
                      for name, wanted in values.items() if column_of(name)]
        in_fields = {name: wanted for name, wanted in values.items()
                     if not column_of(name)}
        if in_fields:
            in_columns.append(
                f"d.fields @> {self.params.add(json.dumps(in_fields))}::jsonb")
        return in_columns

    def _render(self, clause: _Clause) -> str:
        if isinstance(clause, _Contains):
            return " AND ".join(
                self._containment({clause.field: [clause.value]}))
        return clause.text

    # -- leaves -----------------------------------------------------------
    def _column(self, name: str) -> str:
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
            return _Sql(f"cardinality(d.{column_of(name)}) > 0")
        kind = "text_fields" if field_type(name) == TEXT else "fields"
        return _Sql(f"d.{kind} ? {self.params.add(name)}")

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
            return _Sql(f"d.search_vector @@ {tsquery}")
        return _Sql(
            f"to_tsvector({self.config}, coalesce({self._column(name)}, "
            f"'[]'::jsonb)) @@ {tsquery}")

    def _substring(self, name: str, value: str) -> _Clause:
        """Every word of ``value`` occurs in the field, ignoring case."""
        tests = [f"lower(v) LIKE {self.params.add(f'%{_like_literal(w)}%')}"
                 for w in value.lower().split()]
        if not tests:
            return self._exists(name)
        return _Sql(f"EXISTS (SELECT 1 FROM {self._values(name)} AS v "
                    f"WHERE {' AND '.join(tests)})")

    def _values(self, name: str) -> str:
        """A set-returning expression of a field's values."""
        if column_of(name):
            return f"unnest(d.{column_of(name)})"
        return f"jsonb_array_elements_text({self._column(name)})"

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
                    f"WHERE v LIKE {pattern})")

    def _regex(self, name: str, pattern: str) -> _Clause:
        regex = self.params.add(f"^(?:{pattern})$")
        return _Sql(f"EXISTS (SELECT 1 FROM {self._values(name)} AS v "
                    f"WHERE v ~ {regex})")

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
            return _Sql(" AND ".join(tests) or f"d.{name} IS NOT NULL")
        condition = " AND ".join(tests) or "TRUE"
        return _Sql(f"EXISTS (SELECT 1 FROM {self._values(name)} AS v "
                    f"WHERE {condition})")


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [v for v in value if v is not None]
    return [value]


def _conjunctive(clauses: list[tuple[str, _Clause]]) -> bool:
    return all(occur != SHOULD for occur, _ in clauses)


def _int(params: dict[str, Any], key: str, default: int) -> int:
    value = params.get(key, default)
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise QuerySyntaxError(f"Invalid integer for {key}: {value!r}") \
            from error


def _sort(spec: str, translator: _Translator) -> list[tuple[str, str]]:
    """(expression, ASC|DESC) pairs for a Solr sort spec; the expression
    ``score`` stands for the relevance score."""
    terms = []
    for part in [p.strip() for p in (spec or "").split(",") if p.strip()]:
        pieces = part.split()
        if len(pieces) != 2 or pieces[1].lower() not in ("asc", "desc"):
            raise QuerySyntaxError(
                f"Can't determine a Sort Order (asc or desc) in sort spec "
                f"{part!r}")
        name, direction = pieces[0], pieces[1].upper()
        if name == "score":
            terms.append(("score", direction))
        elif not _FIELD_NAME.match(name):
            raise QuerySyntaxError(f"Can't sort on {name!r}")
        elif name in _SORT_COLUMNS:
            terms.append((_SORT_COLUMNS[name], direction))
        elif column_of(name):
            terms.append((f'd.{column_of(name)}[1] COLLATE "C"', direction))
        else:
            value = f"({translator._column(name)} ->> 0)"
            terms.append((
                f"(CASE WHEN {value} ~ '^-?[0-9]+(\\.[0-9]+)?$' "
                f"THEN {value}::numeric END)" if field_type(name) == INT
                else f'{value} COLLATE "C"', direction))
    return terms


def _utc_now() -> dt.datetime:
    """Naive UTC, as Solr date math and the stored dates use."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _refuse_nul(params: dict[str, Any]) -> None:
    """PostgreSQL text cannot hold NUL (0x00): such a request is refused as
    Solr refuses a malformed one, not failed by the database driver."""
    for key, value in params.items():
        values = value if isinstance(value, (list, tuple)) else [value]
        if any(isinstance(v, str) and "\x00" in v for v in values):
            raise QuerySyntaxError(
                f"Invalid character NUL (0x00) in parameter {key!r}.")


def compile_search(params: dict[str, Any], text_config: str,
                   now: dt.datetime | None = None) -> CompiledSearch:
    """One SQL statement answering a Solr ``select`` request:
    the hit count, the requested page of stored documents and the facets."""
    _refuse_nul(params)
    bound = _Params()
    q = params.get("q") or "*:*"
    if isinstance(q, (list, tuple)):
        q = " ".join(q)
    translator = _Translator(
        bound, text_config, now or _utc_now(),
        default_field=params.get("df") or "text",
        default_operator=params.get("q.op") or "AND")

    def_type = params.get("defType") or "lucene"
    if def_type in ("dismax", "edismax") and ":" not in q:
        clauses = translator.dismax(q, params.get("mm"))
    elif def_type in ("dismax", "edismax", "lucene"):
        clauses = translator.lucene(q)
    else:
        raise QuerySyntaxError(f"Query parser {def_type!r} is not supported.")
    # Conjunctive parts are flattened into one clause list, so that every
    # exact-value filter of q and fq ends up in a single containment.
    top = list(clauses) if _conjunctive(clauses) else [
        (MUST, translator.combine(clauses))]
    for fq in _as_list(params.get("fq")):
        if fq.strip():
            fq_clauses = translator.lucene(fq)
            top.extend(fq_clauses if _conjunctive(fq_clauses)
                       else [(MUST, translator.combine(fq_clauses))])
    where = translator.combine(top).text

    rows = max(0, _int(params, "rows", 10))
    start = max(0, _int(params, "start", 0))
    sort = _sort(params.get("sort") or "score desc", translator)
    fields = FieldList.parse(params.get("fl"))
    facet_fields: list[str] = []
    if str(params.get("facet", "false")).lower() == "true":
        facet_fields = [f for f in _as_list(params.get("facet.field")) if f]

    score = "1.0::float4"
    if translator.rank_queries and (fields.score or ("score", "DESC") in sort
                                    or ("score", "ASC") in sort):
        score = (f"ts_rank_cd('{RANK_WEIGHTS}'::float4[], d.search_vector, "
                 f"({' || '.join(translator.rank_queries)}))")
    # The matched set is computed once and shared by the count, the page
    # and every facet; sort keys are materialised as s0, s1, ...
    columns = ["d.index_id", f"{score} AS score"] + [
        f"{expr} AS s{i}" for i, (expr, _) in enumerate(sort)
        if expr != "score"]
    # Filters on the request-wide columns only, no text, no facet but
    # CKAN's default ones: the hit count and the facets come from the
    # per-group counts (migration 0002), not from counting rows.
    from_groups = not translator.rank_queries and \
        all(name in COUNTED_FACETS for name in facet_fields) and \
        _filters_only_groups(where)
    if not from_groups:
        columns += sorted({_facet_source(name) for name in facet_fields})
    order = [f"{'score' if expr == 'score' else f's{i}'} {direction} "
             "NULLS LAST" for i, (expr, direction) in enumerate(sort)]
    order.append("index_id")
    keys = "".join(f", s{i}" for i, (expr, _) in enumerate(sort)
                   if expr != "score")

    matched = f"SELECT {', '.join(columns)} FROM {TABLE} d WHERE {where}"
    if from_groups:
        # A few hundred group counts are summed instead of counting every
        # matching row; the page walks a sort index as a plain listing.
        ctes = [
            f"groups AS (SELECT d.group_id FROM {GROUP_TABLE} d "
            f"WHERE {where})",
            "counts AS MATERIALIZED (SELECT c.field, c.value AS v, "
            f"sum(c.n)::bigint AS n FROM {COUNT_TABLE} c JOIN groups g "
            "ON g.group_id = c.group_id WHERE c.field = ANY("
            f"{bound.add([''] + list(dict.fromkeys(facet_fields)))}"
            "::text[]) GROUP BY c.field, c.value)"]
        page_source = f"({matched}) AS matched"
    elif facet_fields or translator.rank_queries:
        # The count, the page and every facet share one scan (a text match
        # is too costly to evaluate twice).
        ctes = [f"matched AS MATERIALIZED ({matched})"]
        counted = page_source = "matched"
    else:
        # A plain listing: count and page scan apart, so the page can walk
        # a sort index and stop after `rows` documents.
        ctes = []
        counted = f"{TABLE} d WHERE {where}"
        page_source = f"({matched}) AS matched"
    selects = [
        "(SELECT coalesce(sum(n), 0)::bigint FROM counts WHERE field = '')"
        " AS hits" if from_groups else
        f"(SELECT count(*) FROM {counted}) AS hits"]
    if rows:
        ctes.append(
            f"page AS (SELECT index_id, score{keys} FROM {page_source} "
            f"ORDER BY {', '.join(order)} "
            f"LIMIT {bound.add(rows)} OFFSET {bound.add(start)})")
        # Only the stored fields asked for leave the database (CKAN's own
        # listings ask for `id` and one of the two dataset dicts).
        doc = "d.doc" if fields.all_fields else (
            "coalesce((SELECT jsonb_object_agg(e.key, e.value) FROM "
            f"jsonb_each(d.doc) AS e WHERE e.key = ANY("
            f"{bound.add(fields.names)}::text[])), '{{}}'::jsonb)")
        selects.append(
            f"(SELECT coalesce(jsonb_agg(jsonb_build_array({doc}, page.score) "
            f"ORDER BY {', '.join('page.' + o for o in order)}), "
            f"'[]'::jsonb) FROM page JOIN {TABLE} d "
            "ON d.index_id = page.index_id) AS docs")
    for number, name in enumerate(facet_fields):
        selects.append(_facet_sql(name, number, params, bound, from_groups))
    sql = (f"WITH {', '.join(ctes)} " if ctes else "") + \
        f"SELECT {', '.join(selects)}"
    return CompiledSearch(sql=sql, params=bound.values,
                          facet_fields=facet_fields, fields=fields, rows=rows)


def _facet_source(name: str) -> str:
    """The column of the index a facet on ``name`` counts from."""
    if column_of(name):
        return f"d.{column_of(name)}"
    return "d.text_fields" if field_type(name) == TEXT else "d.fields"


_COLUMN_REFERENCE = re.compile(r"\bd\.(\w+)")
_GROUP_COLUMNS = {column_of(name) for name in GROUP_FIELDS}


def _filters_only_groups(where: str) -> bool:
    """Whether a condition reads only the filter-group columns, so that it
    holds for all rows of a group or for none (every value is a bound
    parameter: the SQL text names columns, never user input)."""
    return set(_COLUMN_REFERENCE.findall(where)) <= _GROUP_COLUMNS


def _facet_sql(name: str, number: int, params: dict[str, Any],
               bound: _Params, from_groups: bool = False) -> str:
    def option(key: str, default: Any) -> Any:
        return params.get(f"f.{name}.facet.{key}",
                          params.get(f"facet.{key}", default))
    try:
        limit = int(option("limit", 100))
        mincount = max(1, int(option("mincount", 1)))
    except (TypeError, ValueError) as error:
        raise QuerySyntaxError("facet.limit and facet.mincount must be "
                               "whole numbers") from error
    by_index = str(option("sort", "count")).lower() in ("index", "lex")
    order = 'v COLLATE "C"' if by_index else 'n DESC, v COLLATE "C"'
    source = _facet_source(name).removeprefix("d.")
    values = (f"unnest(m.{source})" if column_of(name) else
              f"jsonb_array_elements_text(m.{source} -> {bound.add(name)})")
    # The values are expanded in the select list (one ProjectSet over the
    # matched rows) rather than by a lateral function scan per row, which
    # costs about twice as much over thousands of matches.
    counted = (
        f"SELECT v, n FROM counts WHERE field = {bound.add(name)} "
        f"AND n >= {bound.add(mincount)}" if from_groups else
        f"SELECT v, count(*) AS n FROM (SELECT {values} AS v FROM matched m)"
        f" AS e GROUP BY v HAVING count(*) >= {bound.add(mincount)}")
    return (
        "(SELECT coalesce(jsonb_agg(jsonb_build_array(v, n) "
        f"ORDER BY {order}), '[]'::jsonb) FROM ({counted} "
        f"ORDER BY {order} LIMIT {bound.add(None if limit < 0 else limit)})"
        f" AS f) AS facet_{number}")


def compile_delete(query: str, text_config: str,
                   now: dt.datetime | None = None) -> tuple[str, dict]:
    """The condition selecting the documents a Solr delete-by-query names."""
    _refuse_nul({"q": query})
    bound = _Params()
    translator = _Translator(bound, text_config, now or _utc_now(),
                             default_field="text", default_operator="AND")
    return translator.combine(translator.lucene(query)).text, bound.values
