"""Shared helpers of the generated-input tests (Hypothesis): what a
careless or hostile client sends, the settings every such test runs with,
and how a request body reaches CKAN's HTTP API.

The runs are derandomized (the same examples on every run and machine),
store no example database and skip shrinking: a failing example is
reported as generated (shrinking through HTTP takes longer than a run)."""
from __future__ import annotations

import json
import math

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

#: Numbers PostgreSQL cannot hold (bigint ends at 2**63 - 1) and the
#: spellings a query string gives them.
HUGE_NUMBERS = [2 ** 63, 10 ** 20, 99999999999999999999, -2 ** 63 - 1,
                1e30, -1e30, math.inf, -math.inf, "1e30",
                "99999999999999999999", "-99999999999999999999", "1e400",
                "-1", "0x10", " 3 ", "3.5", "NaN", "inf"]

with_nul = st.text(max_size=12).map(lambda t: t[:4] + "\x00" + t[4:])
huge_text = st.sampled_from(["x" * 20_000, "é" * 5000, "\x00" * 300])
scalars = st.one_of(
    st.none(), st.booleans(),
    st.integers(min_value=-2 ** 70, max_value=2 ** 70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(HUGE_NUMBERS), st.text(max_size=16), with_nul,
    huge_text,
    st.sampled_from(["", " ", "true", "null", "[]", "{}", "../../etc",
                     "%00", "\x00", "é\x00", "'; --", "*:*", "NOT"]))
#: Wrong types: lists and objects nested a little, of any scalar.
junk = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3),
    st.dictionaries(st.text(max_size=6), inner, max_size=3)), max_leaves=5)
#: Keys no action knows.
unknown_keys = st.dictionaries(
    st.one_of(st.text(max_size=10), st.sampled_from(
        ["__junk", "__extras", "\x00", "id\x00", "_", "ID"])),
    junk, max_size=2)


def run_settings(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, database=None,
                    derandomize=True,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=[
                        HealthCheck.function_scoped_fixture,
                        HealthCheck.too_slow, HealthCheck.data_too_large,
                        HealthCheck.filter_too_much])


def as_query_value(value) -> str | list[str]:
    """How a value travels in a query string: text as it is, a list as
    the parameter repeated, anything else as its JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return json.dumps(value)


def send(app, action: str, body, headers: dict, as_get: bool = False):
    """A request to an action of CKAN's API: a JSON body by POST, or (for
    an action that reads only) the body's keys as query parameters by GET.
    NaN and infinity go as JSON's ``NaN`` and ``Infinity``, which CKAN's
    parser (Python's) reads."""
    if as_get and isinstance(body, dict):
        return app.get(f"/api/3/action/{action}", headers=headers,
                       query_string=[(k, v) for k, value in body.items()
                                     for v in _as_list(as_query_value(value))],
                       status=None)
    return app.post(f"/api/3/action/{action}", data=json.dumps(body),
                    status=None,
                    headers=dict(headers, **{
                        "Content-Type": "application/json"}))


def _as_list(value):
    return value if isinstance(value, list) else [value]
