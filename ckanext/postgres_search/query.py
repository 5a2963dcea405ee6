"""Translate the Solr requests CKAN sends into one PostgreSQL statement.

Pure Python, no CKAN import, in three steps: read the request (its q
and fq become one SQL condition through ``lucene.py``, which gives
``string``, ``text`` and ``date`` fields their Solr meaning, with
Lucene's clause model and dismax's minimum-should-match), plan where the
count, the page and the facets come from, and assemble the statement.

A listing that filters only on the request-wide columns (site, state,
capacity, types, permission labels) takes its hit count and CKAN's
default facets from the counts kept per filter group, so its cost does
not grow with the catalogue (docs/search.md, "Facet counts per filter
group").
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from .fields import COUNTED_FACETS, GROUP_FIELDS, INT, TEXT, column_of, \
    field_type
from .lucene import (FIELD_NAME, MUST, BoundParams, QuerySyntaxError,
                     Translator, as_list, conjunctive, minimum_should_match)

__all__ = ["CompiledSearch", "FieldList", "QuerySyntaxError",
           "compile_delete", "compile_search", "minimum_should_match"]

TABLE = "postgres_search_index"
GROUP_TABLE = "postgres_search_filter_group"
COUNT_TABLE = "postgres_search_facet_count"

# ts_rank_cd weights {D, C, B, A}: text : tags/groups : name/title = 1 : 2 : 4,
# as in CKAN's dismax query fields.
RANK_WEIGHTS = "{0.25, 0.25, 0.5, 1.0}"

_SORT_COLUMNS = {
    "metadata_modified": "d.metadata_modified",
    "metadata_created": "d.metadata_created",
    "name": 'd.name COLLATE "C"',
    "title_string": 'd.title_string COLLATE "C"',
    "index_id": "d.index_id",
}


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


def _int(params: dict[str, Any], key: str, default: int) -> int:
    value = params.get(key, default)
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise QuerySyntaxError(f"Invalid integer for {key}: {value!r}") \
            from error


def _sort(spec: str, translator: Translator) -> list[tuple[str, str]]:
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
        elif not FIELD_NAME.match(name):
            raise QuerySyntaxError(f"Can't sort on {name!r}")
        elif name in _SORT_COLUMNS:
            terms.append((_SORT_COLUMNS[name], direction))
        elif column_of(name):
            terms.append((f'd.{column_of(name)}[1] COLLATE "C"', direction))
        else:
            value = f"({translator.column(name)} ->> 0)"
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
    the hit count, the requested page of stored documents and the facets.
    Read the request, plan where its count and facets come from, then
    assemble the statement."""
    _refuse_nul(params)
    bound = BoundParams()
    translator = Translator(
        bound, text_config, now or _utc_now(),
        default_field=params.get("df") or "text",
        default_operator=params.get("q.op") or "AND")
    request = _read_request(params, translator)
    plan = _plan(request)
    sql = _assemble(request, plan, params, bound)
    return CompiledSearch(sql=sql, params=bound.values,
                          facet_fields=request.facet_fields,
                          fields=request.fields, rows=request.rows)


@dataclass
class _Request:
    """What a Solr ``select`` asks for, read and checked."""
    where: str  # the SQL condition of q and every fq, on the alias d
    columns: frozenset  # the columns of d it reads, as the translator records
    rank_queries: list[str]  # the tsqueries a relevance score ranks by
    rows: int
    start: int
    sort: list[tuple[str, str]]
    fields: FieldList
    facet_fields: list[str]


def _read_request(params: dict[str, Any],
                  translator: Translator) -> _Request:
    q = params.get("q") or "*:*"
    if isinstance(q, (list, tuple)):
        q = " ".join(q)
    def_type = params.get("defType") or "lucene"
    if def_type in ("dismax", "edismax") and ":" not in q:
        clauses = translator.dismax(q, params.get("mm"))
    elif def_type in ("dismax", "edismax", "lucene"):
        clauses = translator.lucene(q)
    else:
        raise QuerySyntaxError(f"Query parser {def_type!r} is not supported.")
    # Conjunctive parts are flattened into one clause list, so that every
    # exact-value filter of q and fq ends up in a single containment.
    top = list(clauses) if conjunctive(clauses) else [
        (MUST, translator.combine(clauses))]
    for fq in as_list(params.get("fq")):
        if fq.strip():
            fq_clauses = translator.lucene(fq)
            top.extend(fq_clauses if conjunctive(fq_clauses)
                       else [(MUST, translator.combine(fq_clauses))])
    facet_fields: list[str] = []
    if str(params.get("facet", "false")).lower() == "true":
        facet_fields = [f for f in as_list(params.get("facet.field")) if f]
    condition = translator.combine(top)
    return _Request(
        where=condition.text, columns=condition.columns,
        rank_queries=translator.rank_queries,
        rows=max(0, _int(params, "rows", 10)),
        start=max(0, _int(params, "start", 0)),
        sort=_sort(params.get("sort") or "score desc", translator),
        fields=FieldList.parse(params.get("fl")), facet_fields=facet_fields)


@dataclass
class _Plan:
    """Where the count, the page and the facets come from."""
    from_groups: bool  # the per-group counts instead of counting rows
    matched: str  # the SELECT of the matched set, sort keys as s0, s1...
    order: list[str]
    keys: str


def _plan(request: _Request) -> _Plan:
    sort = request.sort
    score = "1.0::float4"
    if request.rank_queries and (request.fields.score or any(
            expr == "score" for expr, _ in sort)):
        score = (f"ts_rank_cd('{RANK_WEIGHTS}'::float4[], d.search_vector, "
                 f"({' || '.join(request.rank_queries)}))")
    # The matched set is computed once and shared by the count, the page
    # and every facet; sort keys are materialised as s0, s1, ...
    columns = ["d.index_id", f"{score} AS score"] + [
        f"{expr} AS s{i}" for i, (expr, _) in enumerate(sort)
        if expr != "score"]
    # Filters on the request-wide columns only (the columns the Lucene
    # translator recorded), no text, no facet but CKAN's default ones: the
    # hit count and the facets come from the per-group counts (migration
    # 0002), not from counting rows.
    from_groups = not request.rank_queries and \
        all(name in COUNTED_FACETS for name in request.facet_fields) and \
        request.columns <= _GROUP_COLUMNS
    if not from_groups:
        columns += sorted({_facet_source(name)
                           for name in request.facet_fields})
    order = [f"{'score' if expr == 'score' else f's{i}'} {direction} "
             "NULLS LAST" for i, (expr, direction) in enumerate(sort)]
    order.append("index_id")
    return _Plan(
        from_groups=from_groups,
        matched=f"SELECT {', '.join(columns)} FROM {TABLE} d "
                f"WHERE {request.where}",
        order=order,
        keys="".join(f", s{i}" for i, (expr, _) in enumerate(sort)
                     if expr != "score"))


def _sources(request: _Request, plan: _Plan,
             bound: BoundParams) -> tuple[list[str], str, str]:
    """The statement's common table expressions, what the hit count
    reads and what the page reads."""
    if plan.from_groups:
        # A few hundred group counts are summed instead of counting every
        # matching row; the page walks a sort index as a plain listing.
        facets = [""] + list(dict.fromkeys(request.facet_fields))
        ctes = [
            f"groups AS (SELECT d.group_id FROM {GROUP_TABLE} d "
            f"WHERE {request.where})",
            "counts AS MATERIALIZED (SELECT c.field, c.value AS v, "
            f"sum(c.n)::bigint AS n FROM {COUNT_TABLE} c JOIN groups g "
            "ON g.group_id = c.group_id WHERE c.field = ANY("
            f"{bound.add(facets)}::text[]) GROUP BY c.field, c.value)"]
        return ctes, "", f"({plan.matched}) AS matched"
    if request.facet_fields or request.rank_queries:
        # The count, the page and every facet share one scan (a text match
        # is too costly to evaluate twice).
        return [f"matched AS MATERIALIZED ({plan.matched})"], "matched", \
            "matched"
    # A plain listing: count and page scan apart, so the page can walk
    # a sort index and stop after `rows` documents.
    return [], f"{TABLE} d WHERE {request.where}", \
        f"({plan.matched}) AS matched"


def _assemble(request: _Request, plan: _Plan, params: dict[str, Any],
              bound: BoundParams) -> str:
    ctes, counted, page_source = _sources(request, plan, bound)
    selects = [
        "(SELECT coalesce(sum(n), 0)::bigint FROM counts WHERE field = '')"
        " AS hits" if plan.from_groups else
        f"(SELECT count(*) FROM {counted}) AS hits"]
    if request.rows:
        ctes.append(
            f"page AS (SELECT index_id, score{plan.keys} FROM {page_source} "
            f"ORDER BY {', '.join(plan.order)} LIMIT "
            f"{bound.add(request.rows)} OFFSET {bound.add(request.start)})")
        selects.append(_page_sql(request.fields, plan.order, bound))
    for number, name in enumerate(request.facet_fields):
        selects.append(_facet_sql(name, number, params, bound,
                                  plan.from_groups))
    return (f"WITH {', '.join(ctes)} " if ctes else "") + \
        f"SELECT {', '.join(selects)}"


def _page_sql(fields: FieldList, order: list[str],
              bound: BoundParams) -> str:
    # Only the stored fields asked for leave the database (CKAN's own
    # listings ask for `id` and one of the two dataset dicts).
    doc = "d.doc" if fields.all_fields else (
        "coalesce((SELECT jsonb_object_agg(e.key, e.value) FROM "
        f"jsonb_each(d.doc) AS e WHERE e.key = ANY("
        f"{bound.add(fields.names)}::text[])), '{{}}'::jsonb)")
    return (
        f"(SELECT coalesce(jsonb_agg(jsonb_build_array({doc}, page.score) "
        f"ORDER BY {', '.join('page.' + o for o in order)}), "
        f"'[]'::jsonb) FROM page JOIN {TABLE} d "
        "ON d.index_id = page.index_id) AS docs")


def _facet_source(name: str) -> str:
    """The column of the index a facet on ``name`` counts from."""
    if column_of(name):
        return f"d.{column_of(name)}"
    return "d.text_fields" if field_type(name) == TEXT else "d.fields"


# A condition reading only these holds for all rows of a filter group or
# for none.
_GROUP_COLUMNS = frozenset(column_of(name) for name in GROUP_FIELDS)


def _facet_sql(name: str, number: int, params: dict[str, Any],
               bound: BoundParams, from_groups: bool = False) -> str:
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
    bound = BoundParams()
    translator = Translator(bound, text_config, now or _utc_now(),
                             default_field="text", default_operator="AND")
    return translator.combine(translator.lucene(query)).text, bound.values
