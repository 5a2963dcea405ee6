"""Validation rules of the municipal schema. Pure Python (no CKAN import):
each rule returns problems as (field, message id, parameters); the CKAN
shell (logic/validators.py) translates the message and raises it."""
from __future__ import annotations

import datetime
import json
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
M_DATE = N_('{field}: "{value}" is not an ISO 8601 date (YYYY-MM-DD) or '
           'date and time (YYYY-MM-DDThh:mm:ss).')
M_CHOICE = N_('{field}: "{value}" is not one of the allowed values.')
M_LANGUAGE_KEY = N_(
    '{field}: "{value}" is not a content language of this portal '
    '({languages}).')
M_LANGUAGE_TAG = N_(
    '{field}: "{value}" is not a language code (such as da, nl or en).')
M_TEXT = N_("{field}: must be text.")
M_REQUIRED = N_("{field}: is required.")
M_BOOLEAN = N_('{field}: "{value}" is neither true nor false.')
M_TOO_LONG = N_("{field}: {length} characters, more than the {limit} "
                "allowed.")
M_AGENT_NAME = N_("{field}: each entry needs a name.")

MESSAGES = (M_OPEN_LICENCE, M_TEMPORAL_ORDER, M_MUNICIPALITY, M_DATASET_TYPE,
            M_EMAIL, M_URL, M_DATE, M_CHOICE, M_LANGUAGE_KEY, M_LANGUAGE_TAG,
            M_TEXT, M_REQUIRED, M_BOOLEAN, M_TOO_LONG, M_AGENT_NAME)

# Longest text a field takes: far above any real description, far below
# what breaks the database or the search index.
MAX_TEXT_LENGTH = 100_000
# Longest web address (what browsers and servers reliably handle).
MAX_URL_LENGTH = 2_000

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
    if not isinstance(value, str) or len(value) > MAX_URL_LENGTH or any(
            c.isspace() for c in value):
        return False
    try:
        parts = urlsplit(value)
        port = parts.port  # noqa: F841  (raises on a malformed port)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and (
        "." in parts.hostname or parts.hostname == "localhost")


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?"
    r"(Z|[+-]\d{2}:\d{2})?$")


def normalise_date(value: Any) -> Optional[str]:
    """The stored form of a date field: an ISO 8601 date or date-time as
    given (surrounding spaces removed, the time kept), a Python date or
    datetime in ISO form; None when the value is neither."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if _ISO_DATE.match(text):
            datetime.date.fromisoformat(text)
            return text
        if _ISO_DATE_TIME.match(text):
            datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
            return text
    except ValueError:
        return None
    return None


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


_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")


def parse_boolean(value: Any) -> Optional[bool]:
    """True or False from what forms and APIs send for a yes/no field
    (booleans, true/false, yes/no, on/off, 1/0 in any case, or a list of
    one such value); None when the value means neither."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        return None
    if isinstance(value, (list, tuple)) and len(value) == 1:
        return parse_boolean(value[0])
    return None


_LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def is_language_tag(value: Any) -> bool:
    """A BCP 47 language tag as RDF literals carry them (da, nl-BE)."""
    return isinstance(value, str) and bool(_LANGUAGE_TAG.match(value))


def as_list(value: Any) -> list:
    """A multi-valued field's raw value as a list of non-empty strings
    (lists, JSON lists as text, or comma-separated text)."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
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


# -- raw input CKAN's core validators cannot take ---------------------------

# Core fields CKAN's own validators expect as text: any other type would
# make them fail with a server error, so it is refused first.
CORE_TEXT_FIELDS = ("name", "title", "notes", "owner_org", "license_id",
                    "author", "author_email", "maintainer",
                    "maintainer_email", "version", "url", "type", "state",
                    "update_frequency_notes", "identifier")
RESOURCE_TEXT_FIELDS = ("url", "name", "description", "format", "mimetype",
                        "license_id", "planned_availability")
# Addresses CKAN stores without a validator of ours: the same length limit
# as the schema's web addresses.
URL_KEYS = {("url",), ("resources", "url")}


def raw_value_problem(key: tuple, value: Any
                      ) -> Optional[tuple[Any, str, dict]]:
    """A value of the flattened input (``key`` as CKAN flattens it:
    ``("title",)``, ``("resources", 0, "url")``) that CKAN's core
    validators cannot take: text too long, a NUL character, or no text
    where they expect text. Returns what replaces it (so the remaining
    validators run), the message id and its parameters but the field's
    label; None when the value is fine."""
    if isinstance(value, str):
        limit = MAX_URL_LENGTH if (key[0], key[-1]) in URL_KEYS \
            or key in URL_KEYS else MAX_TEXT_LENGTH
        if len(value) > limit:
            return "", M_TOO_LONG, {"length": len(value), "limit": limit}
        if "\x00" in value:
            return value.replace("\x00", ""), M_TEXT, {}
        return None
    if len(key) == 1 and key[0] in CORE_TEXT_FIELDS:
        return "", M_TEXT, {}
    if len(key) == 1 and key[0] == "tag_string" and not (
            isinstance(value, list)
            and all(isinstance(v, str) for v in value)):
        return "", M_TEXT, {}
    if (len(key) == 3 and key[0] == "resources"
            and key[2] in RESOURCE_TEXT_FIELDS):
        return "", M_TEXT, {}
    return None


def stored_list(value: Any) -> list:
    """A multi-valued field as stored (JSON text, or already a list) read
    back as a list; a value that is no JSON list is a list of itself."""
    if isinstance(value, list):
        return value
    if not value:
        return []
    try:
        loaded = json.loads(value)
    except (TypeError, ValueError):
        return [value]
    return loaded if isinstance(loaded, list) else [loaded]


# -- the dataset as a whole -------------------------------------------------

def is_public(data: dict) -> bool:
    """Public in the sense of DCAT access rights (no access_rights means
    public, as in Open Data DK's portal; access rights known only by
    their label are not known to be public)."""
    if not data.get("access_rights") and data.get("access_rights_label"):
        return False
    return (data.get("access_rights") or PUBLIC) == PUBLIC


def is_open_licence(licence_id: Any) -> bool:
    licences = vocab.vocabulary("licences")
    term = licences.get(licences.code_for(licence_id))
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


def is_unknown_licence(data: dict) -> bool:
    """A licence no vocabulary of the portal knows, kept as given: by a
    web address, or by its name alone. It is not known to be open, which
    the import reports; it is not refused."""
    licence = data.get("license_id")
    if isinstance(licence, str) and licence.strip():
        return is_url(licence.strip()) and vocab.vocabulary(
            "licences").code_for(licence.strip()) is None
    label = data.get("license_label")
    return isinstance(label, str) and bool(label.strip())


def derived_licence(resource_licences: Iterable[Any]) -> Optional[str]:
    """The dataset licence derived from its resources' (Open Data DK's
    schema has a licence per resource only): the first one that is not
    open, else the first (None without any)."""
    given = [str(v).strip() for v in resource_licences
             if isinstance(v, str) and v.strip()]
    return next((v for v in given if not is_open_licence(v)),
                given[0] if given else None)


def licence_problems(data: dict) -> list:
    if is_public(data) and not is_open_licence(data.get("license_id")) \
            and not is_unknown_licence(data):
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
    """The applicable legislation a dataset carries: as given, and with
    Regulation (EU) 2023/138 first when the dataset has an HVD category
    (DCAT-AP HVD requires it there). Without a category, a legislation
    given is kept: the regulation may apply to data not yet categorised."""
    result = list(legislation)
    if list(hvd_categories) and HVD_LEGISLATION not in result:
        result.insert(0, HVD_LEGISLATION)
    return result


def check_municipality(value: Any) -> bool:
    return isinstance(value, str) and value in vocab.vocabulary(
        "municipalities")


def check_dataset_type(value: Any) -> bool:
    return isinstance(value, str) and vocab.dataset_type(value) is not None
