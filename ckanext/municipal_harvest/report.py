"""A harvest job's import report (pure): the rows the import wrote, one
per dataset (``Row.as_dict()``: ref, title, status, name, errors, notes,
and ``shacl``, the SHACL result of what the portal publishes), as counts,
the worst problems and the worst SHACL violations."""
from __future__ import annotations

from collections import Counter
from typing import Iterable

__all__ = ["STATUSES", "summarise", "validation"]

STATUSES = ("created", "updated", "unchanged", "refused")


def _weight(row: dict) -> int:
    return sum(len(texts) for texts in (row.get("errors") or {}).values())


def summarise(rows: Iterable[dict], limit: int = 10) -> dict:
    """``counts`` by status, ``total``, ``problems``: the refused datasets
    with the most reasons first (title, ref, [(field, text)]), at most
    ``limit``, and ``notes``: the most frequent notes with their counts."""
    rows = list(rows)
    counts = {status: 0 for status in STATUSES}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    refused = sorted((r for r in rows if r["status"] == "refused"),
                     key=lambda r: (-_weight(r), r.get("title") or ""))
    problems = [{"title": r.get("title") or r["ref"], "ref": r["ref"],
                 "errors": [(field, text) for field, texts in sorted(
                     (r.get("errors") or {}).items()) for text in texts]}
                for r in refused[:limit]]
    notes = Counter(note for r in rows for note in r.get("notes") or [])
    return {"counts": counts, "total": len(rows), "problems": problems,
            "more_problems": max(0, len(refused) - limit),
            "notes": [{"text": text, "count": count}
                      for text, count in notes.most_common(5)],
            "validation": validation(rows, limit)}


def _violation_key(violation: dict) -> tuple:
    return (violation.get("focus_class") or "", violation.get("path") or "",
            violation.get("kind") or "")


def validation(rows: Iterable[dict], limit: int = 10) -> dict:
    """The SHACL results of the datasets stored: how many were checked,
    conform and violate, under which shapes; the datasets with the most
    violations first (at most ``limit``, five violations each); the
    violations found in the most datasets."""
    checked = [r for r in rows
               if r["status"] != "refused" and r.get("shacl") is not None]
    violating = sorted(
        (r for r in checked if r["shacl"]["violations"]),
        key=lambda r: (-len(r["shacl"]["violations"]),
                       r.get("title") or ""))
    frequent = Counter(key for r in violating for key in
                       {_violation_key(v) for v in r["shacl"]["violations"]})
    return {
        "checked": len(checked),
        "conforming": len(checked) - len(violating),
        "violating": len(violating),
        "not_checked": sum(1 for r in rows if r["status"] != "refused"
                           and r.get("shacl") is None),
        "shapes": sorted({s for r in checked for s in r["shacl"]["shapes"]}),
        "worst": [{"title": r.get("title") or r["ref"], "ref": r["ref"],
                   "name": r.get("name"),
                   "count": len(r["shacl"]["violations"]),
                   "violations": r["shacl"]["violations"][:5]}
                  for r in violating[:limit]],
        "frequent": [{"focus_class": k[0], "path": k[1], "kind": k[2],
                      "datasets": n} for k, n in frequent.most_common(5)]}
