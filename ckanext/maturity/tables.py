"""The rows of an assessment's CSV export: pure, no CKAN. Headers are the
translated column names (``_`` is CKAN's gettext in a request), cells
hold labels (``Level 2``, ``Medium``) with the codes and numbers in
columns of their own; numbers stay numbers."""
from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping

__all__ = [
    "assessment_table",
]


def assessment_table(org: Mapping[str, Any], assessment: Mapping[str, Any],
                     priorities: Iterable[Mapping[str, Any]],
                     _: Callable[[str], str]) -> tuple[list, list]:
    """One row per domain, in the order of priority. ``priorities`` are
    the domain rows the results page shows (with their labels)."""
    priority_labels = {"high": _("High"), "medium": _("Medium"),
                       "low": _("Low"), "none": _("No priority")}
    header = [_("Organization"), _("Organization name"), _("Assessment"),
              _("Submitted"), _("Framework version"), _("Priority rank"),
              _("Domain number"), _("Domain"), _("Domain code"),
              _("Percent"), _("Level"), _("Level number"), _("Need"),
              _("Need number"), _("Gap"), _("Priority score"),
              _("Priority"), _("Priority code"), _("Principles")]
    rows = [[org.get("title") or org["name"], org["name"], assessment["id"],
             assessment["submitted"], assessment["framework_version"], rank,
             row["number"], row["name"], row["domain"], row["percent"],
             row["level_label"], row["level"], row["need_label"],
             row["need"], row["gap"], row["priority"],
             priority_labels.get(row["priority_class"],
                                 row["priority_class"] or ""),
             row["priority_class"] or "",
             " ".join(str(p["number"]) for p in row["principles"])]
            for rank, row in enumerate(priorities, start=1)]
    return header, rows
