"""Validation rules of the municipal schema. Pure Python (no CKAN import):
each rule returns problems as (field, message id, parameters); the CKAN
shell (logic/validators.py) translates the message and raises it."""
from __future__ import annotations

import datetime
import re
from typing import Any, Iterable, NamedTuple, Optional
from urllib.parse import urlsplit

from . import vocab


def N_(msgid: str) -> str:
    """Marks a message for translation (translated later, by the shell)."""
    return msgid


M_OPEN_LICENCE = N_(
    "Licence: a public dataset needs an open licence, for example "
    "CC0 1.0 or CC BY 4.0.")
M_TEMPORAL_ORDER = N_(
    "Temporal coverage end: {end} is before the start {start}.")
M_MUNICIPALITY = N_('{field}: "{value}" is not a known municipality code.')
M_DATASET_TYPE = N_(
    '{field}: "{value}" is not in the catalogue of municipal dataset types.')
M_EMAIL = N_('{field}: "{value}" is not a valid email address.')
M_URL = N_('{field}: "{value}" is not a valid web address (it must start '
           'with http:// or https://).')
M_DATE = N_('{field}: "{value}" is not an ISO 8601 date (YYYY-MM-DD).')
M_CHOICE = N_('{field}: "{value}" is not one of the allowed values.')
M_LANGUAGE_KEY = N_(
    '{field}: "{value}" is not a portal language (da, nl, sv, en).')
M_TEXT = N_("{field}: must be text.")
M_REQUIRED = N_("{field}: is required.")

MESSAGES = (M_OPEN_LICENCE, M_TEMPORAL_ORDER, M_MUNICIPALITY, M_DATASET_TYPE,
            M_EMAIL, M_URL, M_DATE, M_CHOICE, M_LANGUAGE_KEY, M_TEXT,
            M_REQUIRED)

HVD_LEGISLATION = "http://data.europa.eu/eli/reg_impl/2023/138/oj"
PUBLIC = "PUBLIC"


class Problem(NamedTuple):
    field: str
    message: str
    params: dict


def shorten(value: Any, limit: int = 80) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


# -- single values ----------------------------------------------------------

_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")


def is_email(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= 254 and bool(
        _EMAIL.match(value))


def is_url(value: Any) -> bool:
    if not isinstance(value, str) or any(c.isspace() for c in value):
        return False
    try:
        parts = urlsplit(value)
        port = parts.port  # noqa: F841  (raises on a malformed port)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and (
        "." in parts.hostname or parts.hostname == "localhost")


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_iso_date(value: Any) -> Optional[datetime.date]:
    """A date from ``YYYY-MM-DD`` (or an ISO datetime); None otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if _ISO_DATE.match(text):
            return datetime.date.fromisoformat(text)
        if len(text) > 10 and text[10] == "T" and _ISO_DATE.match(text[:10]):
            return datetime.datetime.fromisoformat(
                text.replace("Z", "+00:00")).date()
    except ValueError:
        return None
    return None


def as_list(value: Any) -> list:
    """A multi-valued field's raw value as a list of non-empty strings
    (lists, JSON lists as text, or comma-separated text)."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            import json
            try:
                loaded = json.loads(text)
            except ValueError:
                loaded = None
            if isinstance(loaded, list):
                return [str(v).strip() for v in loaded if str(v).strip()]
        return [v.strip() for v in text.split(",") if v.strip()]
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value
                if v is not None and str(v).strip()]
    return [str(value)]


# -- the dataset as a whole -------------------------------------------------

def is_public(data: dict) -> bool:
    """Public in the sense of DCAT access rights (no access_rights means
    public, as in Open Data DK's portal)."""
    return (data.get("access_rights") or PUBLIC) == PUBLIC


def is_open_licence(licence_id: Any) -> bool:
    term = vocab.vocabulary("licences").get(licence_id)
    return bool(term and term.extra.get("od_conformance") == "approved")


def licence_summary(licence_id: Any, lang: Optional[str] = None
                    ) -> Optional[dict]:
    """What CKAN shows of a licence (title in ``lang``, URL, open or
    not), for licences of the vocabulary that CKAN's own licence register
    lacks (the EU codes Open Data DK uses); None for unknown ones."""
    term = vocab.vocabulary("licences").get(licence_id)
    if term is None:
        return None
    return {"license_title": term.label(lang), "license_url": term.uri,
            "isopen": is_open_licence(licence_id),
            "titles": sorted(set(term.labels.values()))}


def licence_problems(data: dict) -> list:
    if is_public(data) and not is_open_licence(data.get("license_id")):
        return [Problem("license_id", M_OPEN_LICENCE,
                        {"value": shorten(data.get("license_id") or "")})]
    return []


def temporal_problems(data: dict) -> list:
    start = parse_iso_date(data.get("temporal_start"))
    end = parse_iso_date(data.get("temporal_end"))
    if start and end and end < start:
        return [Problem("temporal_end", M_TEMPORAL_ORDER,
                        {"start": start.isoformat(), "end": end.isoformat()})]
    return []


def dataset_problems(data: dict) -> list:
    """Rules that look at several fields of a dataset (raw input values)."""
    return licence_problems(data) + temporal_problems(data)


def applicable_legislation(hvd_categories: Iterable[str],
                           legislation: Iterable[str]) -> list:
    """The applicable legislation a dataset should carry: an HVD category
    brings Regulation (EU) 2023/138; without one, the regulation goes."""
    result = [v for v in legislation if v != HVD_LEGISLATION]
    if list(hvd_categories):
        result.insert(0, HVD_LEGISLATION)
    return result


def check_municipality(value: Any) -> bool:
    return isinstance(value, str) and value in vocab.vocabulary(
        "municipalities")


def check_dataset_type(value: Any) -> bool:
    return isinstance(value, str) and vocab.dataset_type(value) is not None
