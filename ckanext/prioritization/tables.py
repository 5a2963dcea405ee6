"""The rows of the prioritization exports (ranking CSV and XLSX, coverage
XLSX), built from the actions' results: pure functions, no CKAN.

What a reader of the file needs, as the pages show it: labels in the
reader's language in the cells (``Candidate``, ``Publish now``, the
municipality's and the dataset type's names), with the codes in columns
of their own for whoever processes the file further; numbers (scores,
steps, counts) as numbers. Every table has a companion table of
explanations (each column's meaning, and for the criteria what each
step 0-4 means), the second sheet of the workbook.

The shell (``display``) gives the labels and the translation function
``_`` (CKAN's gettext in a request); the strings below are extracted for
translation by their ``_(...)`` calls.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

__all__ = [
    "Words",
    "coverage_notes",
    "coverage_table",
    "joint_table",
    "ranking_notes",
    "ranking_table",
]

STEPS = 5  # criteria are scored 0..4


@dataclass(frozen=True)
class Words:
    """What the tables say, in the reader's language: ``_`` translates a
    sentence, the mappings give the label of a code (a code without a
    label is shown as it is), ``criteria`` lists ``(code, label, steps)``
    in the model's order."""
    _: Callable[[str], str]
    statuses: Mapping[str, str] = field(default_factory=dict)
    recommendations: Mapping[str, str] = field(default_factory=dict)
    types: Mapping[str, str] = field(default_factory=dict)
    municipalities: Mapping[str, str] = field(default_factory=dict)
    criteria: Sequence[tuple[str, str, Sequence[str]]] = ()


def _label(labels: Mapping[str, str], code: str | None) -> str:
    return labels.get(code, code) if code else ""


# -- ranking ---------------------------------------------------------------------

def _ranking_columns(w: Words) -> list[tuple[str, str]]:
    _ = w._
    return [
        (_("Rank"), _("Place in the ranking, best score first")),
        (_("Dataset"), _("The dataset's name in its address (code)")),
        (_("Title"), _("The dataset's title")),
        (_("Organization"), _("The organization that publishes it")),
        (_("Municipality"), _("The municipality the data covers")),
        (_("Municipality code"), _("The municipality's official code")),
        (_("Dataset type"), _("The dataset type of the common catalogue")),
        (_("Dataset type code"), _("The dataset type's code")),
        (_("Status"), _("Publication status recorded by the screening")),
        (_("Status code"), _("The status's code")),
        (_("Score"), _("Priority score, 0 to 100: the weighted mean of the "
                       "known criteria")),
        (_("Unknown criteria"), _("How many criteria are not yet scored")),
        (_("Recommendation"), _("What the risk gates recommend")),
        (_("Recommendation code"), _("The recommendation's code")),
        (_("Demand signals"), _("Requests registered by re-users for this "
                                "dataset or its dataset type")),
        (_("Why it ranks here"), _("The score explained in one sentence")),
    ]


def ranking_table(rows: Sequence[Mapping[str, Any]], w: Words,
                  sentence: Callable[[Mapping[str, Any]], str]
                  ) -> tuple[list, list]:
    """Header and rows of the ranking export: one row per ranked dataset
    (the action's ``results``), then each criterion's step (0-4, empty
    when unknown). ``sentence`` says why a row ranks where it does."""
    header = [c for c, _m in _ranking_columns(w)] + [
        label for _c, label, _s in w.criteria]
    out = []
    for r in rows:
        steps = {b["criterion"]: b["value"] for b in r.get("breakdown") or ()}
        out.append([
            r["rank"], r["name"], r["title"], r.get("organization_title")
            or "", _label(w.municipalities, r.get("municipality")),
            r.get("municipality") or "",
            _label(w.types, r.get("dataset_type_code")),
            r.get("dataset_type_code") or "",
            _label(w.statuses, r.get("status")), r.get("status") or "",
            r.get("score"), r.get("unknown"),
            _label(w.recommendations, r.get("recommendation")),
            r.get("recommendation") or "", r.get("demand_signals"),
            sentence(r)] + [steps.get(code) for code, _l, _s in w.criteria])
    return header, out


def _notes_header(w: Words) -> list[str]:
    _ = w._
    return [_("Column"), _("What it holds")] + [
        _("Step {n}").format(n=n) for n in range(STEPS)]


def ranking_notes(w: Words) -> tuple[list, list]:
    """The explanations of the ranking export: each column's meaning, and
    for each criterion column the meaning of its steps 0-4."""
    _ = w._
    rows = [[column, meaning] for column, meaning in _ranking_columns(w)]
    rows += [[label, _("Step given for this criterion (0-4); empty: "
                       "not yet known")] + list(steps)
             for _c, label, steps in w.criteria]
    return _notes_header(w), rows


# -- coverage --------------------------------------------------------------------

def coverage_table(result: Mapping[str, Any], w: Words) -> tuple[list, list]:
    """The matrix of the coverage export: one row per dataset type, one
    column per municipality; a cell says "Published", holds the best
    candidate score (a number), "Candidate" when that is not scored yet,
    or nothing. Then the counts per type, and per municipality."""
    _ = w._
    munis = result["municipalities"]
    header = [_("Dataset type"), _("Dataset type code")] + [
        _label(w.municipalities, m) for m in munis] + [
        _("Published"), _("Candidates"), _("Demand signals")]
    rows = []
    for code in result["types"]:
        cells = []
        for m in munis:
            cell = result["cells"].get(f"{code}|{m}")
            if cell is None:
                cells.append(None)
            elif cell["state"] == "published":
                cells.append(_("Published"))
            else:
                cells.append(cell["score"] if cell["score"] is not None
                             else _("Candidate"))
        counts = result["per_type"][code]
        rows.append([_label(w.types, code), code] + cells + [
            counts["published"], counts["candidates"],
            counts.get("demand", 0)])
    per = result["per_municipality"]
    rows.append([_("Published"), ""] + [per[m]["published"] for m in munis])
    rows.append([_("Candidates"), ""] + [per[m]["candidates"]
                                         for m in munis])
    return header, rows


def joint_table(result: Mapping[str, Any], w: Words) -> tuple[list, list]:
    """The dataset types most municipalities could publish together."""
    _ = w._
    header = [_("Rank"), _("Dataset type"), _("Dataset type code"),
              _("Municipalities that could publish it together"),
              _("Already published by"), _("Mean candidate score"),
              _("Demand signals")]
    return header, [[j["rank"], _label(w.types, j["dataset_type_code"]),
                     j["dataset_type_code"], j["candidates"],
                     j["published"], j["mean_score"], j.get("demand", 0)]
                    for j in result["joint"]]


def coverage_notes(result: Mapping[str, Any], w: Words) -> tuple[list, list]:
    """The explanations of the coverage export's two sheets."""
    _ = w._
    rows = [
        [_("Dataset type"), _("The dataset type of the common catalogue")],
        [_("Dataset type code"), _("The dataset type's code")],
    ] + [[_label(w.municipalities, m), _(
        "Published: the municipality publishes a dataset of this type; a "
        "number: its best candidate's priority score (0-100); Candidate: "
        "a candidate not yet scored; empty: nothing")]
        for m in result["municipalities"]] + [
        [_("Published"), _("How many municipalities publish this type")],
        [_("Candidates"), _("How many municipalities have a candidate of "
                            "this type")],
        [_("Demand signals"), _("Requests registered by re-users for this "
                                "dataset type")],
        [_("Municipalities that could publish it together"),
         _("Municipalities with a candidate of this type")],
        [_("Already published by"), _("Municipalities that publish it")],
        [_("Mean candidate score"), _("Mean priority score of the "
                                      "candidates of this type (0-100)")],
    ]
    return [_("Column"), _("What it holds")], rows
