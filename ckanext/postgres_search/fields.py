"""How CKAN's Solr schema types each index field, and how a Solr document
becomes a row of the PostgreSQL index.

Pure Python, no CKAN import: the field rules mirror
``ckan/config/solr/schema.xml`` (CKAN 2.12) so that a query means the same
thing here as it does against Solr.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any, Iterable

from dateutil import parser as date_parser

STRING, TEXT, DATE, INT, NGRAM = "string", "text", "date", "int", "ngram"

# Solr fills the n-gram fields by copyField; here they are read from their
# source field (case-insensitive substring match, as the n-grams give).
NGRAM_SOURCES = {"name_ngram": "name", "title_ngram": "title"}

# Explicit <field> declarations of CKAN's schema.xml that are not `string`.
_DECLARED_TYPES = {
    "title": TEXT, "notes": TEXT, "text": TEXT, "urls": TEXT,
    "author": TEXT, "author_email": TEXT,
    "maintainer": TEXT, "maintainer_email": TEXT,
    "res_name": TEXT, "res_description": TEXT,
    "title_ngram": NGRAM, "name_ngram": NGRAM,
    "depends_on": TEXT, "dependency_of": TEXT, "derives_from": TEXT,
    "has_derivation": TEXT, "links_to": TEXT, "linked_from": TEXT,
    "child_of": TEXT, "parent_of": TEXT,
    "views_total": INT, "views_recent": INT,
    "resources_accessed_total": INT, "resources_accessed_recent": INT,
    "metadata_created": DATE, "metadata_modified": DATE, "indexed_ts": DATE,
}

# Fields Solr indexes but does not return (stored="false", and the
# catch-all dynamic field `*`).
_NOT_STORED = {
    "text", "urls", "title_string", "permission_labels",
    "depends_on", "dependency_of", "derives_from", "has_derivation",
    "links_to", "linked_from", "child_of", "parent_of",
    "views_total", "views_recent",
    "resources_accessed_total", "resources_accessed_recent",
}
_DECLARED_STORED = {
    "index_id", "id", "site_id", "title", "title_ngram", "entity_type",
    "dataset_type", "state", "name", "name_ngram", "revision_id", "version",
    "url", "ckan_url", "download_url", "notes", "author", "author_email",
    "maintainer", "maintainer_email", "license", "license_id", "tags",
    "groups", "organization", "capacity", "res_name", "res_description",
    "res_format", "res_url", "res_type", "metadata_created",
    "metadata_modified", "indexed_ts", "data_dict", "validated_data_dict",
    "_version_",
}
# Fields CKAN filters or facets on in nearly every request live in native
# text[] columns (``v_<field>``): filtering and faceting on them never has
# to read a document's JSONB. Every other field lives in ``fields``.
COLUMN_FIELDS = (
    "site_id", "state", "capacity", "entity_type", "dataset_type",
    "permission_labels", "organization", "groups", "tags", "res_format",
    "license_id",
)


# Index rows sharing the values of these columns form a filter group (the
# site, state, capacity, type and permission filters CKAN adds to every
# request); the counts of CKAN's default facets are kept per group, so a
# query filtering on nothing else sums them (docs/search.md).
GROUP_FIELDS = ("site_id", "state", "capacity", "entity_type",
                "dataset_type", "permission_labels")
COUNTED_FACETS = ("organization", "groups", "tags", "res_format",
                  "license_id")


def column_of(name: str) -> str | None:
    """The native column holding a field, if it has one."""
    return f"v_{name}" if name in COLUMN_FIELDS else None


# Stored as documents only, never searched.
UNINDEXED = {"data_dict", "validated_data_dict"}

# Which text goes into the weighted catch-all vector, following the
# dismax query fields CKAN sends (name^4 title^4 tags^2 groups^2 text).
_WEIGHT_A = ("name", "title")
_WEIGHT_B = ("tags", "groups")
# schema.xml copyFields into `text` (besides the A and B fields).
_COPIED_TO_TEXT = (
    "text", "urls", "url", "ckan_url", "download_url", "res_url", "license",
    "notes", "organization", "res_name", "res_description", "maintainer",
    "author",
)
_COPIED_PREFIXES = ("extras_", "res_extras_", "vocab_")


_CASE_CHANGE = re.compile(r"(?<=[a-zæøåäöüé])(?=[A-ZÆØÅÄÖÜÉ])")
_INTRA_WORD = re.compile(r"(?<=\w)[-_./](?=\w)")
# What makes a whitespace-separated token a compound word. Tested token by
# token: a pattern that finds whole compound words in the text (\S* around
# this) backtracks quadratically over one long token, and a 100,000-character
# description then took minutes to index.
_COMPOUND_MARK = re.compile(r"[a-zæøåäöüé][A-ZÆØÅÄÖÜÉ]|\w[-_./]\w")


def split_words(text: str) -> str:
    """Split words at case changes and intra-word delimiters, as Solr's
    WordDelimiterGraphFilter does for CKAN's text fields
    (``ShortStories`` and ``short-stories`` give ``Short Stories``)."""
    return _INTRA_WORD.sub(" ", _CASE_CHANGE.sub(" ", text))


def word_parts(text: str) -> str:
    """The parts of the compound words of a text, to index beside it."""
    return " ".join(split_words(w) for w in text.split()
                    if _COMPOUND_MARK.search(w))


def field_type(name: str) -> str:
    """The Solr type of an index field, by CKAN's schema rules."""
    if name in _DECLARED_TYPES:
        return _DECLARED_TYPES[name]
    if name.endswith("_date"):
        return DATE
    if name.startswith(("extras_", "res_extras_")):
        return TEXT
    return STRING


def is_stored(name: str) -> bool:
    if name in _NOT_STORED:
        return False
    if name in _DECLARED_STORED:
        return True
    return name.endswith("_date") or name.startswith(_COPIED_PREFIXES)


_FRACTION = re.compile(r"\.(\d+)")


def normalise_date(value: Any) -> str | None:
    """A date as the fixed-width UTC text the index compares and sorts
    (``YYYY-MM-DDTHH:MM:SS.ffffffZ``), or None if it is no date."""
    if isinstance(value, dt.datetime):
        moment = value
    else:
        try:
            moment = date_parser.isoparse(str(value).strip())
        except (ValueError, OverflowError):
            try:
                moment = date_parser.parse(str(value))
            except (ValueError, OverflowError):
                return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def solr_date(value: Any) -> str | None:
    """A date as Solr's DatePointField returns it: UTC, millisecond
    precision, ``Z`` suffix (``2019-10-10T01:15:00Z``)."""
    normalised = normalise_date(value)
    if normalised is None:
        return None
    head, fraction = normalised[:-1].split(".")
    millis = fraction[:3]
    return f"{head}.{millis}Z" if millis != "000" else f"{head}Z"


def _values(value: Any) -> list[str]:
    """Every value of a field as text, the way Solr would index it."""
    if value is None:
        return []
    if isinstance(value, (list, tuple, set)):
        out: list[str] = []
        for item in value:
            out.extend(_values(item))
        return out
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, dict):
        return [json.dumps(value, sort_keys=True)]
    text = str(value)
    return [text] if text != "" else []


@dataclass
class IndexRow:
    """What the PostgreSQL index stores for one Solr document."""
    index_id: str
    package_id: str
    site_id: str
    doc: dict[str, Any]
    columns: dict[str, list[str]]
    fields: dict[str, list[str]]
    text_fields: dict[str, list[str]]
    weighted_text: dict[str, str]
    metadata_created: str | None
    metadata_modified: str | None
    name: str | None
    title_string: str | None


def _stored(document: dict[str, Any]) -> dict[str, Any]:
    """The stored fields of a document, as the index returns them."""
    stored: dict[str, Any] = {}
    for key, value in document.items():
        if not is_stored(key) or value is None:
            continue
        if field_type(key) == DATE:
            # Solr returns stored dates normalised to UTC.
            dates = [solr_date(v) for v in _values(value)]
            dates = [d for d in dates if d]
            if dates:
                stored[key] = dates[0] if not isinstance(
                    value, (list, tuple)) else dates
        else:
            stored[key] = value
    return stored


def _searched(document: dict[str, Any]
              ) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The searched values of the fields without a column of their own:
    exact-value fields, and text fields."""
    fields: dict[str, list[str]] = {}
    text_fields: dict[str, list[str]] = {}
    for key, value in document.items():
        if key in UNINDEXED:
            continue
        kind = field_type(key)
        values = _values(value)
        if kind == DATE:
            values = [d for d in map(normalise_date, values) if d]
        if not values:
            continue
        if kind != TEXT:
            # A facet counts documents: two CSV resources are one CSV dataset.
            values = list(dict.fromkeys(values))
        if column_of(key):
            continue
        (text_fields if kind == TEXT else fields)[key] = values
    return fields, text_fields


def _joined(document: dict[str, Any], names: Iterable[str]) -> str:
    """The text of some fields, with the parts of its compound words."""
    parts: list[str] = []
    for n in names:
        parts.extend(_values(document.get(n)))
    text = " ".join(parts)
    return f"{text} {word_parts(text)}".strip()


def index_row(document: dict[str, Any]) -> IndexRow:
    """Split a Solr document as CKAN builds it into the index's columns."""
    fields, text_fields = _searched(document)
    stored = _stored(document)
    copied = [k for k in document if k.startswith(_COPIED_PREFIXES)]
    modified = fields.get("metadata_modified", [None])[0]
    created = fields.get("metadata_created", [None])[0]
    title_string = document.get("title_string")
    return IndexRow(
        index_id=str(document["index_id"]),
        package_id=str(document.get("id", "")),
        site_id=str(document.get("site_id", "")),
        doc=stored,
        columns={column_of(name): list(dict.fromkeys(_values(
            document.get(name)))) for name in COLUMN_FIELDS},
        fields=fields,
        text_fields=text_fields,
        weighted_text={
            "A": _joined(document, _WEIGHT_A),
            "B": _joined(document, _WEIGHT_B),
            "D": _joined(document, list(_COPIED_TO_TEXT) + copied),
        },
        metadata_created=created,
        metadata_modified=modified,
        name=document.get("name"),
        title_string=str(title_string) if title_string else None,
    )
