"""Which municipality, and which organization, a publisher is (pure:
the vocabularies, no CKAN).

A publisher is what ``dcat_import.publisher_of`` read: ``uri``, ``name``
and, where the document gives one, ``identifier`` (dct:identifier). The
DCAT-AP import and the harvest both map publishers through
``match_organization``; a harvest that may create organizations builds
them with ``organization_dict``."""
from __future__ import annotations

import re
from typing import Iterable, Optional

from . import vocab
from .dcat_import import _fold, _same_address, slug

__all__ = ["municipality_of", "match_organization", "organization_dict"]


def _municipalities() -> vocab.Vocabulary:
    return vocab.vocabulary("municipalities")


def _code_candidates(identifier: str) -> list:
    """Codes an identifier may stand for: as written, its last part (a
    URI or ``DK-0751``), without leading zeros (``0751`` is Aarhus's
    kommunekode 751 in the four-digit form)."""
    text = str(identifier or "").strip()
    if not text:
        return []
    last = re.split(r"[/#:-]", text.rstrip("/"))[-1]
    return list(dict.fromkeys([text, last, last.lstrip("0")]))


def _name_forms(name: str) -> set:
    """A publisher's name without the words that say "municipality"
    ("Aarhus Kommune", "Stad Gent", "Göteborgs Stad"): the forms that may
    be a municipality's official name."""
    words = [w for w in re.split(r"[\s,]+", _fold(name)) if w]
    ignored = {_fold(w) for w in _municipalities().extra.get(
        "publisher_name_words", ())}
    rest = [w for w in words if w not in ignored]
    forms = {" ".join(words), " ".join(rest)}
    if rest and rest[-1].endswith("s"):
        # the Swedish genitive: Göteborgs Stad
        forms.add(" ".join(rest[:-1] + [rest[-1][:-1]]))
    return {f for f in forms if f}


def municipality_of(publisher: dict) -> Optional[vocab.Term]:
    """The municipality of the vocabulary the publisher is: by its
    authority URI, its official code, then its name."""
    voc = _municipalities()
    uri = str(publisher.get("uri") or "")
    if uri:
        for term in voc:
            if term.uri and _same_address(uri, term.uri):
                return term
    for code in _code_candidates(publisher.get("identifier")):
        if code in voc:
            return voc.get(code)
    forms = _name_forms(publisher.get("name") or "")
    for term in voc:
        if _fold(term.label()) in forms:
            return term
    return None


def _by_uri(uri: str, organizations: list) -> Optional[str]:
    municipalities = _municipalities()
    for org in organizations:
        addresses = [org.get("website"), org.get("url"),
                     municipalities.uri(org.get("municipality_code"))]
        if any(_same_address(uri, a) for a in addresses if a):
            return org["name"]
    return None


def _by_code(code: Optional[str], organizations: list) -> Optional[str]:
    for org in organizations:
        if code and str(org.get("municipality_code") or "") == code:
            return org["name"]
    return None


def match_organization(publisher: dict, organizations: Iterable[dict]
                       ) -> Optional[str]:
    """The name of the organization that is the publisher: by URI (the
    organization's website, or the authority URI of its municipality), by
    the official code the publisher gives (dct:identifier), then by name
    (the organization's name or title, or the municipality the publisher
    name is)."""
    organizations = list(organizations)
    uri, name = publisher.get("uri"), publisher.get("name")
    found = _by_uri(uri, organizations) if uri else None
    voc = _municipalities()
    for code in _code_candidates(publisher.get("identifier")):
        if found is None and code in voc:
            found = _by_code(code, organizations)
    if found is None and name:
        for org in organizations:
            if _fold(name) in (_fold(org.get("title")), _fold(org.get("name"))):
                return org["name"]
    if found is None:
        term = municipality_of(publisher)
        found = _by_code(term.code, organizations) if term else None
    return found


def organization_dict(publisher: dict) -> Optional[dict]:
    """The organization to create for a publisher that matches none:
    its name and title, and for a municipality its official code, country
    and region from the vocabulary; the publisher's web address as its
    website, so that the next run matches it by URI. None for a publisher
    with neither a name nor a known municipality."""
    term = municipality_of(publisher)
    title = str(publisher.get("name") or "").strip() or (
        term.label() if term else "")
    name = slug(title, limit=100)
    if len(name) < 2:
        return None
    org = {"name": name, "title": title}
    if term is not None:
        org.update(municipality_code=term.code,
                   country=term.extra.get("country"),
                   region=term.extra.get("region"))
    uri = str(publisher.get("uri") or "")
    if uri.startswith(("http://", "https://")) and not (
            term is not None and _same_address(uri, term.uri or "")):
        org["website"] = uri
    return org
