"""Solr date math (``NOW-1DAY/DAY``, ``2024-01-01T00:00:00Z+6MONTHS``).

Pure Python. See the Solr reference guide, "Working with Dates".
"""
from __future__ import annotations

import datetime as dt
import re

from dateutil.relativedelta import relativedelta

_UNITS = {
    "YEAR": "years", "YEARS": "years",
    "MONTH": "months", "MONTHS": "months",
    "DAY": "days", "DAYS": "days", "DATE": "days",
    "HOUR": "hours", "HOURS": "hours",
    "MINUTE": "minutes", "MINUTES": "minutes",
    "SECOND": "seconds", "SECONDS": "seconds",
    "MILLI": "microseconds", "MILLIS": "microseconds",
    "MILLISECOND": "microseconds", "MILLISECONDS": "microseconds",
}
_ROUNDING = ("years", "months", "days", "hours", "minutes", "seconds")

_ANCHOR = re.compile(
    r"^(NOW|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z)")
_STEP = re.compile(r"([+-])(\d+)([A-Z]+)|/([A-Z]+)")


class DateMathError(ValueError):
    pass


def _round(moment: dt.datetime, unit: str) -> dt.datetime:
    index = _ROUNDING.index(unit) if unit in _ROUNDING else len(_ROUNDING)
    keep = {
        "month": 1 if index <= 0 else moment.month,
        "day": 1 if index <= 1 else moment.day,
        "hour": 0 if index <= 2 else moment.hour,
        "minute": 0 if index <= 3 else moment.minute,
        "second": 0 if index <= 4 else moment.second,
        "microsecond": 0,
    }
    return moment.replace(**keep)


def resolve(expression: str, now: dt.datetime) -> dt.datetime:
    """The UTC moment (naive) a Solr date expression stands for."""
    text = expression.strip().upper()
    match = _ANCHOR.match(text)
    if not match:
        raise DateMathError(f"Invalid date: {expression!r}")
    anchor = match.group(1)
    if anchor == "NOW":
        moment = now
    else:
        stamp = anchor[:-1]
        if "." in stamp:
            head, fraction = stamp.split(".")
            stamp = f"{head}.{fraction[:6].ljust(6, '0')}"
        else:
            stamp += ".000000"
        try:
            moment = dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%f")
        except ValueError as error:
            raise DateMathError(f"Invalid date: {expression!r}") from error
    rest = text[match.end():]
    position = 0
    while position < len(rest):
        step = _STEP.match(rest, position)
        if not step:
            raise DateMathError(f"Invalid date math: {expression!r}")
        sign, amount, unit, rounding = step.groups()
        if rounding:
            if rounding not in _UNITS:
                raise DateMathError(f"Unknown date unit: {rounding}")
            moment = _round(moment, _UNITS[rounding])
        else:
            if unit not in _UNITS:
                raise DateMathError(f"Unknown date unit: {unit}")
            value = int(amount) * (1000 if unit.startswith("MILLI") else 1)
            delta = relativedelta(**{_UNITS[unit]: value})
            moment = moment + delta if sign == "+" else moment - delta
        position = step.end()
    return moment
