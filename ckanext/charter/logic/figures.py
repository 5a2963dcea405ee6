"""Figures over the stored evaluations of the public datasets, for the
organization and network summaries and the monthly snapshots: counts in
one scan, the datasets to fix first, and a cache that holds while nothing
in its scope changed."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from .. import model as cmodel
from .. import quality

PUBLIC = """
    FROM charter_evaluation e JOIN package p ON p.id = e.package_id
    WHERE p.state = 'active' AND p.private = false
"""


def aggregates(session, org_id: str | None) -> dict[str, Any]:
    """Counts over the public datasets of one organization (or all), in
    one scan of the evaluations."""
    where = PUBLIC + (" AND p.owner_org = :org" if org_id else "")
    params = {"org": org_id} if org_id else {}
    rows = session.execute(sa.text(f"""
        WITH e AS MATERIALIZED (
            SELECT e.score, e.rating, e.proven, e.claimed, e.contradicted
            {where})
        SELECT 'total' AS kind, NULL AS k, count(*) AS n,
               avg(score) AS average FROM e
        UNION ALL SELECT 'rating', rating, count(*), NULL FROM e
            GROUP BY rating
        UNION ALL SELECT 'proven', k, count(*), NULL
            FROM e, unnest(e.proven) k GROUP BY k
        UNION ALL SELECT 'claimed', k, count(*), NULL
            FROM e, unnest(e.claimed) k GROUP BY k
        UNION ALL SELECT 'contradicted', k, count(*), NULL
            FROM e, unnest(e.contradicted) k GROUP BY k
    """), params).all()
    counts: dict[str, dict[str, int]] = {
        "rating": {}, "proven": {}, "claimed": {}, "contradicted": {}}
    total, average = 0, None
    for kind, key, n, avg in rows:
        if kind == "total":
            total, average = int(n), avg
        else:
            counts[kind][key] = int(n)
    ratings = quality.rating_counts(())
    for code, n in counts.pop("rating").items():
        if code in ratings:
            ratings[code] = n
    return {"datasets": total,
            "average_score": round(float(average), 1)
            if average is not None else None,
            "ratings": ratings, **counts}


def public_organizations(session) -> list[str]:
    """The organizations that have public evaluated datasets."""
    return [r[0] for r in session.execute(sa.text(
        "SELECT DISTINCT p.owner_org " + PUBLIC
        + " AND p.owner_org IS NOT NULL"))]


def fingerprint(session, org_id: str | None) -> str:
    """Changes whenever a dataset of the scope is evaluated again, edited,
    made private or public, deleted or added."""
    where = " WHERE p.owner_org = :org" if org_id else ""
    row = session.execute(sa.text(f"""
        SELECT count(*),
               count(*) FILTER (WHERE p.state = 'active' AND NOT p.private),
               max(e.computed), max(p.metadata_modified)
        FROM charter_evaluation e JOIN package p ON p.id = e.package_id
        {where}"""), {"org": org_id} if org_id else {}).one()
    return "|".join(str(v) for v in row)


def cached(session, org_id: str | None, compute) -> dict[str, Any]:
    """``compute()`` for the scope, from the cache while its fingerprint
    holds (aggregates over 10,000 datasets take a few hundred ms)."""
    scope = org_id or ""
    current = fingerprint(session, org_id)
    row = session.get(cmodel.SummaryCache, scope)
    if row is not None and row.fingerprint == current:
        return row.content
    content = compute()
    if row is None:
        row = cmodel.SummaryCache(scope=scope)
        session.add(row)
    row.fingerprint = current
    row.content = content
    try:
        session.commit()
    except Exception:  # a concurrent request stored it first
        session.rollback()
    return content


def fix_first(session, org_id: str, with_private: bool,
              limit: int = 10) -> list[dict[str, Any]]:
    """The datasets with the most points to gain for the least work."""
    rows = session.execute(sa.text(f"""
        SELECT p.name, p.title, p.private, e.score, e.rating, e.gain,
               e.effort
        FROM charter_evaluation e JOIN package p ON p.id = e.package_id
        WHERE p.state = 'active' AND p.owner_org = :org AND e.gain > 0
          {'' if with_private else 'AND p.private = false'}
        ORDER BY e.gain::float / greatest(e.effort, 1) DESC, e.gain DESC,
                 p.name
        LIMIT :limit"""), {"org": org_id, "limit": limit}).mappings().all()
    return [dict(r) for r in rows]


def network_counts(session) -> dict[str, Any]:
    """Per organization its public datasets and their average score, and
    per organization and principle how many prove it; the network's
    aggregates."""
    orgs = session.execute(sa.text("""
        SELECT g.id, g.name, g.title, count(*) AS datasets,
               avg(e.score) AS average_score
        FROM charter_evaluation e JOIN package p ON p.id = e.package_id
        JOIN "group" g ON g.id = p.owner_org AND g.state = 'active'
        WHERE p.state = 'active' AND p.private = false
        GROUP BY g.id, g.name, g.title ORDER BY g.title, g.name
    """)).mappings().all()
    proven = session.execute(sa.text(f"""
        SELECT owner_org, k, count(*) FROM (
            SELECT p.owner_org, unnest(e.proven) AS k {PUBLIC}) u
        GROUP BY owner_org, k""")).all()
    by_org: dict[str, dict[str, int]] = {}
    for org_id, key, count in proven:
        by_org.setdefault(org_id, {})[key] = count
    return {"orgs": [{**o, "average_score": float(o["average_score"])}
                     for o in orgs],
            "by_org": by_org, "overall": aggregates(session, None)}
