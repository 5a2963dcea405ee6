"""Does the index hold what indexing each dataset now would give?

``verify`` re-indexes each dataset inside a savepoint on the session's
connection, reads the row it wrote, rolls the savepoint back and compares
it with the row that was there: the tests and ``bench/load_bench.py`` use
it to count stale index rows after concurrent writes. ``indexed_fields``
reads stored fields of every index row (what a plugin's repair compares
with its own tables).
"""
from __future__ import annotations

from typing import Any, Iterable

import ckan.model as model

from ckanext.municipal_opendata import compat

from .model import TABLE

__all__ = ["indexed_fields", "verify"]

# Fields whose value changes with every indexing, whatever the dataset.
VOLATILE = ("indexed_ts", "_version_")

_ROW = f"""SELECT doc, fields, text_fields, search_vector::text AS vector
           FROM {TABLE} WHERE package_id = %(id)s"""


def _row(connection, package_id: str) -> dict[str, Any] | None:
    row = connection.exec_driver_sql(_ROW, {"id": package_id}).mappings(
        ).first()
    if row is None:
        return None
    row = dict(row)
    row["doc"] = {k: v for k, v in row["doc"].items() if k not in VOLATILE}
    row["fields"] = {k: v for k, v in row["fields"].items()
                     if k not in VOLATILE}
    return row


def verify(package_ids: Iterable[str] | None = None) -> list[dict]:
    """The index rows that differ from a fresh indexing of their dataset
    (every active dataset when no ids are given): ``{"package_id", "name",
    "fields": [the differing stored fields]}``; a missing row has
    ``"missing": True``. Nothing is changed: the session is rolled back."""
    session = model.Session
    if package_ids is None:
        package_ids = [i for (i,) in session.query(model.Package.id).filter(
            model.Package.state == "active")]
    stale = []
    try:
        for package_id in package_ids:
            connection = session.connection()
            before = _row(connection, package_id)
            connection.exec_driver_sql("SAVEPOINT postgres_search_verify")
            try:
                compat.index_package(package_id)
                after = _row(session.connection(), package_id)
            finally:
                session.connection().exec_driver_sql(
                    "ROLLBACK TO SAVEPOINT postgres_search_verify")
            if before != after:
                stale.append(_difference(package_id, before, after))
    finally:
        session.rollback()
    return stale


def _difference(package_id: str, before, after) -> dict:
    if before is None or after is None:
        return {"package_id": package_id, "missing": before is None,
                "fields": []}
    names = sorted(k for k in set(before["doc"]) | set(after["doc"])
                   if before["doc"].get(k) != after["doc"].get(k))
    if before["vector"] != after["vector"]:
        names.append("search_vector")
    return {"package_id": package_id, "missing": False,
            "name": after["doc"].get("name"), "fields": names}


def indexed_fields(names: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The (first) indexed value of single-valued fields of every index
    row, by dataset id (None where a row lacks one): the value filters
    and sorts read, whether the field is stored or not."""
    names = list(names)
    select = ", ".join(f"COALESCE(fields->%(n{i})s->>0, doc->>%(n{i})s)"
                       for i in range(len(names)))
    params = {f"n{i}": n for i, n in enumerate(names)}
    rows = model.Session.connection().exec_driver_sql(
        f"SELECT package_id, {select} FROM {TABLE}", params).all()
    return {r[0]: dict(zip(names, r[1:])) for r in rows}
