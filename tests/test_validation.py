"""The shared checks of what a client sends (pure, no database)."""
import math

import pytest

from ckanext.municipal_opendata import validation as v


@pytest.mark.parametrize("value,problem", [
    ("leuven", None), ("a" * 100, None), ("a" * 101, "too_long"),
    ("leu\x00ven", "nul"), (["leuven"], "not_text"),
    ({"id": "leuven"}, "not_text"), (751, "not_text"), (None, "not_text"),
])
def test_id_problem(value, problem):
    assert v.id_problem(value) == problem


@pytest.mark.parametrize("value,number", [
    (0, 0), (10, 10), ("7", 7), (" 7 ", 7), (3.0, 3), ("-0", 0),
    (11, None), (-1, None), (1e30, None), ("1e30", None), (math.inf, None),
    (math.nan, None), (True, None), ("3.5", None), (3.5, None),
    ("99999999999999999999", None), ("9" * 5000, None), ("٣", None),
    ([1], None), ({}, None), (None, None), ("", None),
])
def test_bounded_int_problem(value, number):
    found, problem = v.bounded_int_problem(value, 0, 10)
    assert found == number
    assert (problem is None) == (number is not None)
