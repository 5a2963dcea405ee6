"""A harvest job's import report (pure): the rows the import wrote, one
per dataset (``Row.as_dict()``: ref, title, status, name, errors, notes),
as counts and the worst problems."""
from __future__ import annotations

from collections import Counter
from typing import Iterable

__all__ = ["STATUSES", "summarise"]

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
                      for text, count in notes.most_common(5)]}
