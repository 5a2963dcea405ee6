"""What a client sends, checked before anything looks it up: ids, free
text and bounded whole numbers, for the actions' schemas, for the actions
whose auth function reads an id (checked before check_access), and for
the pages' query parameters.

PostgreSQL refuses a NUL character in text and a number past bigint with
an exception, and SQLAlchemy a list or an object where it compares an id:
each was a 500. These checks answer with the field's name instead. The
``*_problem`` functions are pure; the rest turns their answer into
CKAN's errors, translated."""
from __future__ import annotations

import math
from typing import Any, Callable, Mapping

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import DataError

__all__ = [
    "MAX_ID_LENGTH", "MAX_OFFSET", "MAX_PAGE", "bounded_int",
    "bounded_int_problem", "check_ids", "flag", "free_text", "id_problem",
    "identifier", "message", "page_number", "text_args", "text_problem",
    "validated",
]

#: Names are at most 100 characters in CKAN, ids 36; codes are shorter.
MAX_ID_LENGTH = 100
#: The last page a listing offers to ask for: far beyond any listing, and
#: its offset far within PostgreSQL's bigint.
MAX_PAGE = 1_000_000
#: The largest offset an action takes (PostgreSQL's OFFSET is a bigint).
MAX_OFFSET = 2 ** 31 - 1


def text_problem(value: Any) -> str | None:
    """'not_text' or 'nul' for what no text column can hold, else None."""
    if not isinstance(value, str):
        return "not_text"
    if "\x00" in value:
        return "nul"
    return None


def id_problem(value: Any) -> str | None:
    """An id or name: text, without NUL, at most MAX_ID_LENGTH long."""
    problem = text_problem(value)
    if problem is None and len(value) > MAX_ID_LENGTH:
        return "too_long"
    return problem


def bounded_int_problem(value: Any, minimum: int, maximum: int
                        ) -> tuple[int | None, str | None]:
    """A whole number from minimum to maximum, given as a number or as
    its digits: (the number, None) or (None, 'not_bounded_int')."""
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and math.isfinite(value) \
            and value.is_integer():
        number = int(value)
    elif isinstance(value, str):
        digits = value.strip()
        # int() of thousands of digits is slow, then refused
        if digits.lstrip("-").isdigit() and digits.isascii() \
                and len(digits) < 30:
            number = int(digits)
    if number is None or not minimum <= number <= maximum:
        return None, "not_bounded_int"
    return number, None


def message(code: str, **params) -> str:
    """The translated message of a problem's code."""
    if code == "not_text":
        return tk._("Must be text, not a list, an object or a number")
    if code == "nul":
        return tk._("Must not contain a NUL character")
    if code == "too_long":
        return tk._("Longer than {max} characters").format(
            max=MAX_ID_LENGTH)
    if code == "not_a_boolean":
        return tk._("Must be true or false")
    if code == "not_bounded_int":
        return tk._("Must be a whole number from {min} to {max}").format(
            **params)
    return code


def validated(data_dict: Mapping, schema: dict, context: Any) -> dict:
    """``data_dict`` through ``schema``; a ValidationError naming each
    refused field. CKAN 2.11's navl raises DataError (a 500) on a list
    that mixes objects with other values, before any validator runs."""
    try:
        data, errors = tk.navl_validate(data_dict, schema, context)
    except DataError:
        raise tk.ValidationError({
            key: [message("not_text")] for key, value in data_dict.items()
            if isinstance(value, list)
            and any(isinstance(item, dict) for item in value)})
    if errors:
        raise tk.ValidationError(errors)
    return data


# -- validators of the actions' schemas ---------------------------------------
# Each stops the field's other validators when it refuses (navl runs a
# field's next validator after a mere Invalid, and a lookup of a list or a
# NUL in the next one was the 500).

def _absent(value) -> bool:
    return value is None or value is tk.missing or value == ""


def _stop(key, errors, text: str):
    errors[key].append(text)
    raise tk.StopOnError


def identifier(key, data, errors, context):
    """An id, name or code (empty passes, for not_empty or ignore_missing
    before it to decide)."""
    value = data.get(key)
    if not _absent(value):
        problem = id_problem(value)
        if problem:
            _stop(key, errors, message(problem))


def free_text(key, data, errors, context):
    """Text without NUL; a number is taken as its digits (as unicode_safe
    does), a list or an object is refused."""
    value = data.get(key)
    if _absent(value):
        return
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        data[key] = value = str(value)
    problem = text_problem(value)
    if problem:
        _stop(key, errors, message(problem))


def bounded_int(minimum: int, maximum: int) -> Callable:
    """A whole number from minimum to maximum."""
    def validator(key, data, errors, context):
        value = data.get(key)
        if _absent(value):
            return
        number, problem = bounded_int_problem(value, minimum, maximum)
        if problem:
            _stop(key, errors, message(problem, min=minimum, max=maximum))
        data[key] = number
    return validator


# -- before an auth function reads an id -----------------------------------------

def check_ids(data_dict: Mapping, *fields: str, required=()) -> None:
    """Refuse, with a ValidationError naming the field, an id that is
    not one, before check_access hands it to an auth function that looks
    it up. A field in ``required`` must be given."""
    errors: dict[str, list[str]] = {}
    for field in fields:
        value = data_dict.get(field)
        if _absent(value):
            if field in required:
                errors[field] = [tk._("Missing value")]
            continue
        problem = id_problem(value)
        if problem:
            errors[field] = [message(problem)]
    if errors:
        raise tk.ValidationError(errors)


def flag(data_dict: Mapping, field: str, default: bool = False) -> bool:
    """A true-or-false parameter (CKAN's spellings); anything else is a
    ValidationError naming the field (tk.asbool raised ValueError)."""
    value = data_dict.get(field, default)
    try:
        return tk.asbool(value)
    except ValueError:
        raise tk.ValidationError({field: [message("not_a_boolean")]})


# -- pages ------------------------------------------------------------------------

def _refuse(field: str, text: str):
    tk.abort(400, f"{field}: {text}")


def text_args(args, names) -> dict[str, str]:
    """The query parameters named that are given, as text; a page
    answers 400 naming one that holds a NUL character."""
    found = {}
    for name in names:
        value = args.get(name)
        if value:
            if "\x00" in value:
                _refuse(name, message("nul"))
            found[name] = value
    return found


def page_number(args, name: str = "page") -> int:
    """The page asked for (1 when not given or not a number, as before);
    a page answers 400 naming the parameter when it is past MAX_PAGE."""
    raw = (args.get(name) or "").strip()
    if not (raw.isascii() and raw.isdigit()):
        return 1
    if len(raw) > len(str(MAX_PAGE)) or int(raw) > MAX_PAGE:
        _refuse(name, message("not_bounded_int", min=1, max=MAX_PAGE))
    return max(int(raw), 1)
