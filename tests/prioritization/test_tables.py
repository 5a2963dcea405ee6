"""The rows of the prioritization exports (``tables``): pure functions,
no CKAN (issue #20): labels in the cells with the codes in their own
columns, numbers as numbers, every column explained."""
import pytest

from ckanext.prioritization import tables


@pytest.fixture
def _suite_plugins(no_plugins):
    """Pure code: no CKAN plugin to load."""


def upper(text):
    """A stand-in translation: shows that every header is translated
    (placeholders kept)."""
    return text.upper().replace("{N}", "{n}")


WORDS = tables.Words(
    _=upper,
    statuses={"candidate": "Kandidat"},
    recommendations={"publish_now": "Udgiv nu"},
    types={"parking": "Parkering"},
    municipalities={"751": "Aarhus"},
    criteria=[("demand", "Efterspørgsel", ["s0", "s1", "s2", "s3", "s4"]),
              ("quality", "Datakvalitet", ["q0", "q1", "q2", "q3", "q4"])])

ROW = {"rank": 1, "name": "aarhus-parking", "title": "P-huse",
       "organization_title": "Aarhus Kommune", "municipality": "751",
       "dataset_type_code": "parking", "status": "candidate",
       "score": 77.3, "unknown": 6, "recommendation": "publish_now",
       "demand_signals": 2,
       "breakdown": [{"criterion": "demand", "value": 4},
                     {"criterion": "quality", "value": None}]}


def test_ranking_row_has_labels_codes_and_numbers():
    header, rows = tables.ranking_table([ROW], WORDS, lambda r: "why")
    row = dict(zip(header, rows[0]))
    assert header[0] == "RANK" and "MUNICIPALITY CODE" in header
    assert (row["MUNICIPALITY"], row["MUNICIPALITY CODE"]) == ("Aarhus",
                                                               "751")
    assert (row["DATASET TYPE"], row["DATASET TYPE CODE"]) == (
        "Parkering", "parking")
    assert (row["STATUS"], row["STATUS CODE"]) == ("Kandidat", "candidate")
    assert (row["RECOMMENDATION"], row["RECOMMENDATION CODE"]) == (
        "Udgiv nu", "publish_now")
    assert (row["SCORE"], row["UNKNOWN CRITERIA"], row["DEMAND SIGNALS"]) \
        == (77.3, 6, 2)
    assert (row["Efterspørgsel"], row["Datakvalitet"]) == (4, None)
    assert row["WHY IT RANKS HERE"] == "why"


def test_unknown_code_is_shown_as_it_is_and_nothing_as_empty():
    header, rows = tables.ranking_table(
        [dict(ROW, municipality="9999", recommendation=None)], WORDS,
        lambda r: "")
    row = dict(zip(header, rows[0]))
    assert (row["MUNICIPALITY"], row["RECOMMENDATION"]) == ("9999", "")


def test_ranking_notes_explain_every_column_and_the_steps():
    header, rows = tables.ranking_notes(WORDS)
    assert header == ["COLUMN", "WHAT IT HOLDS"] + [
        f"STEP {n}" for n in range(5)]
    explained = {r[0]: r for r in rows}
    table_header, _rows = tables.ranking_table([ROW], WORDS, lambda r: "")
    assert set(table_header) == set(explained)
    assert explained["Efterspørgsel"][2:] == ["s0", "s1", "s2", "s3", "s4"]


COVERAGE = {
    "types": ["parking"], "municipalities": ["751", "101"],
    "cells": {"parking|751": {"state": "published"},
              "parking|101": {"state": "candidate", "score": 77.3}},
    "per_type": {"parking": {"published": 1, "candidates": 1,
                             "demand": 3}},
    "per_municipality": {"751": {"published": 1, "candidates": 0},
                         "101": {"published": 0, "candidates": 1}},
    "joint": [{"rank": 1, "dataset_type_code": "parking", "candidates": 1,
               "published": 1, "mean_score": 77.3, "demand": 3}],
}


def test_coverage_cells_are_labels_or_numbers():
    header, rows = tables.coverage_table(COVERAGE, WORDS)
    assert header == ["DATASET TYPE", "DATASET TYPE CODE", "Aarhus", "101",
                      "PUBLISHED", "CANDIDATES", "DEMAND SIGNALS"]
    assert rows[0] == ["Parkering", "parking", "PUBLISHED", 77.3, 1, 1, 3]
    assert rows[1:] == [["PUBLISHED", "", 1, 0], ["CANDIDATES", "", 0, 1]]
    header, rows = tables.joint_table(COVERAGE, WORDS)
    assert rows == [[1, "Parkering", "parking", 1, 1, 77.3, 3]]
    header, rows = tables.coverage_notes(COVERAGE, WORDS)
    assert [r[0] for r in rows][:4] == [
        "DATASET TYPE", "DATASET TYPE CODE", "Aarhus", "101"]
