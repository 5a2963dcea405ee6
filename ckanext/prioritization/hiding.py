"""Keep score fields a viewer may not see out of everything CKAN answers.

Pure Python, no CKAN import: the CKAN shell (``hooks.py``,
``logic/activity.py``) decides who the viewer is and which datasets' scores
they see (``logic/access.py``); this module says what that means for a search
request and for a dataset dict.

A search is a side channel as much as a result list: a facet counts the
values, a filter or a sort orders or picks datasets by them. The rule for
a search (docs/prioritization.md, "Who sees what"):

- a request that *names* a score field in any parameter that chooses,
  orders or counts datasets (``q``, ``fq``, ``fq_list``, ``sort``,
  ``qf``, ``bf``, ``boost``, ``facet.field``, ``facet.query``,
  ``facet.range``, any other) is answered only over the datasets whose
  score the viewer sees (``scope_filter``), and over nothing when that is
  no dataset (the shell scopes with public scores off: with them on,
  CKAN's own permission labels already keep private datasets to those
  who may read them);
- what is returned (``fl`` fields, ``validated_data_dict`` and
  ``data_dict``, the result dicts) loses the score fields of every
  dataset whose score the viewer does not see (``strip``); an ``fl`` entry
  that reads a score field under another name (an alias, a function)
  names it, and so scopes the request like a filter.

"Names" is decided on the text with Lucene's escapes undone (``\\_``,
``\\u005f``) and case ignored, so that no spelling Solr or
postgres_search would read as the field slips through.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

__all__ = [
    "FIELDS",
    "JSON_KEYS",
    "Scope",
    "names_hidden",
    "references",
    "scope_filter",
    "strip",
]

#: What the plugin adds to a dataset (package_show, the search index);
#: ``prioritization_score_sort`` exists in the index only.
FIELDS = frozenset({"prioritization_status", "prioritization_score",
                    "prioritization_recommendation",
                    "prioritization_score_sort"})

#: Result keys that carry a whole dataset dict as JSON text.
JSON_KEYS = ("validated_data_dict", "data_dict")

# Keys CKAN adds itself or that carry no field names.
_NOT_SCANNED = {"extras", "rows", "start", "facet", "facet.limit",
                "facet.mincount", "wt", "include_private", "include_drafts",
                "include_deleted", "use_default_schema", "fl", "abort_search"}

_UNICODE_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def _normalised(text: str) -> str:
    """The text as a Lucene parser reads a field name: escapes undone."""
    text = _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text.replace("\\", "").lower()


def _pattern(hidden: Iterable[str]) -> re.Pattern | None:
    names = sorted((n.lower() for n in hidden), key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"(?<![a-z0-9_])(?:{})(?![a-z0-9_])".format(
        "|".join(re.escape(n) for n in names)))


def names_hidden(value: Any, hidden: Iterable[str]) -> set[str]:
    """The hidden field names a parameter value (text, list, dict) names."""
    pattern = _pattern(hidden)
    if pattern is None:
        return set()
    found: set[str] = set()
    for text in _texts(value):
        found.update(pattern.findall(_normalised(text)))
    return found


def _texts(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield str(key)
            yield from _texts(item)
    elif isinstance(value, (list, tuple, set)):
        for item in value:
            yield from _texts(item)
    elif value is not None:
        yield str(value)


def references(search: Mapping[str, Any],
               hidden: Iterable[str]) -> dict[str, set[str]]:
    """{parameter: hidden fields it names} for the parameters of a search
    request that choose, order or count datasets (every one but the plain
    paging and output switches; ``fl`` only where an entry reads a field
    under another name)."""
    hidden = frozenset(hidden)
    found: dict[str, set[str]] = {}
    for key, value in search.items():
        names = names_hidden(key, hidden)
        if key == "fl":
            names |= {n for entry in _fl_entries(value)
                      if entry.lower() not in hidden
                      for n in names_hidden(entry, hidden)}
        elif key not in _NOT_SCANNED:
            names |= names_hidden(value, hidden)
        if names:
            found[key] = names
    return found


def _fl_entries(fl: Any) -> list[str]:
    if isinstance(fl, (list, tuple)):
        fl = " ".join(str(f) for f in fl)
    return [e for e in re.split(r"[\s,]+", fl or "") if e]


@dataclass(frozen=True)
class Scope:
    """The datasets whose scores a viewer sees: those of their
    organizations, and every public one when public scores are on."""
    org_ids: frozenset[str]
    public: bool

    @property
    def empty(self) -> bool:
        return not self.org_ids and not self.public


def _literal(text: str) -> str:
    return '"{}"'.format(text.replace("\\", "\\\\").replace('"', '\\"'))


def scope_filter(scope: Scope) -> str | None:
    """A filter query (one ``fq`` of its own, never text appended to the
    caller's) matching the datasets of the scope; None when it is empty."""
    clauses = []
    if scope.public:
        clauses.append("capacity:public")
    if scope.org_ids:
        clauses.append("owner_org:({})".format(
            " OR ".join(_literal(o) for o in sorted(scope.org_ids))))
    return " OR ".join(clauses) if clauses else None


def strip(pkg: dict[str, Any], hidden: Iterable[str]) -> dict[str, Any]:
    """The dict without the hidden keys, also inside the dataset dicts it
    carries as JSON text (``validated_data_dict``, ``data_dict``). Changes
    and returns ``pkg``."""
    hidden = frozenset(hidden)
    if not hidden:
        return pkg
    for key in hidden:
        pkg.pop(key, None)
    for key in JSON_KEYS:
        text = pkg.get(key)
        if isinstance(text, str) and any(h in text for h in hidden):
            try:
                inner = json.loads(text)
            except ValueError:
                pkg.pop(key)  # cannot be read, so cannot be cleaned
                continue
            if isinstance(inner, dict):
                pkg[key] = json.dumps(strip(inner, hidden))
        elif isinstance(text, dict):
            strip(text, hidden)
    return pkg
