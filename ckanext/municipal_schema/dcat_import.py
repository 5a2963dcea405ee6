"""Importing DCAT-AP documents: the pure part (rdflib and the vocabularies,
no CKAN). Reading a document, finding its datasets and series, matching a
publisher to an organization, the checks an import makes before CKAN's
validation, and what changed since the last import. The CKAN shell is
``logic/action/create.py`` (action ``municipal_dcat_import``) and ``cli.py``.

Problems are returned as ``rules.Problem`` (field, message id, params);
the shell translates them."""
from __future__ import annotations

import json
import re
import unicodedata
from typing import Any, Iterable, NamedTuple, Optional

import rdflib
from rdflib.namespace import FOAF, RDF

from . import rules
from .rules import N_, Problem

DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")

M_NOT_RDF = N_("The document is not RDF (Turtle, RDF/XML or JSON-LD): "
               "{reason}")
M_NO_DATASET = N_("The document describes no dataset (dcat:Dataset).")
M_SERIES_UNKNOWN = N_(
    'Dataset series: "{value}" is not loaded (refused, or neither in the '
    "document nor on the portal); the dataset is imported outside it.")
M_NO_ORGANIZATION = N_(
    'Publisher: "{publisher}" matches no organization of the portal, and no '
    "default organization was given.")
M_UNKNOWN_ORGANIZATION = N_('Organization: "{value}" does not exist.')
M_RECOMMENDED = N_("{field}: missing; the publisher should add it (required "
                   "in the form).")
M_NOT_ALLOWED = N_("Organization: you may not add or change datasets of "
                   '"{value}".')
M_LICENCE_NOT_KNOWN_OPEN = N_(
    'Licence: "{value}" is not known to be open; kept as given.')
M_SCHEME_ADDED = N_(
    '{field}: "{value}" has no http:// or https://; kept as "{url}".')
MESSAGES = (M_NOT_RDF, M_NO_DATASET, M_SERIES_UNKNOWN, M_NO_ORGANIZATION,
            M_UNKNOWN_ORGANIZATION, M_RECOMMENDED, M_NOT_ALLOWED,
            M_LICENCE_NOT_KNOWN_OPEN, M_SCHEME_ADDED)

# The base relative references are read against: what follows it is what
# the document wrote (``www.vmm.be``).
RELATIVE_BASE = "http://relative.invalid/"
# Formats rdflib reads, the likeliest first for a name or content type.
FORMATS = ("turtle", "xml", "json-ld")
_HINTS = (
    ((".ttl", "turtle", "text/n3"), "turtle"),
    ((".rdf", ".xml", "rdf+xml", "/xml"), "xml"),
    ((".jsonld", ".json", "json"), "json-ld"),
)
# Fields people should give and an import may lack (required in forms).
RECOMMENDED = ("author", "author_email", "license_id")
# Parsed extras that describe the source catalogue, not the dataset.
DROPPED_EXTRAS = ("homepage", "publisher_uri", "publisher_name",
                  "publisher_email", "publisher_url", "publisher_type")


class DocumentError(Exception):
    """The document as a whole cannot be imported."""

    def __init__(self, message: str, **params: Any):
        super().__init__(message.format(**params))
        self.message = message
        self.params = params


def guess_formats(name: str = "", content_type: str = "") -> list:
    """rdflib formats to try, the one the name or content type suggests
    first."""
    hint = f"{name} {content_type}".lower()
    first = [fmt for keys, fmt in _HINTS if any(k in hint for k in keys)]
    return list(dict.fromkeys(first[:1] + list(FORMATS)))


def read_graph(data: Any, name: str = "", content_type: str = "",
               ) -> tuple[rdflib.Graph, str]:
    """The graph of a document (bytes or text) and the format it was
    read in. DocumentError when no RDF parser takes it."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise DocumentError(M_NOT_RDF, reason="not UTF-8 text")
    if not isinstance(data, str) or not data.strip():
        raise DocumentError(M_NOT_RDF, reason="empty document")
    reasons = []
    for fmt in guess_formats(name, content_type):
        # rdflib reads any XML (a web page too) as RDF/XML; RDF/XML always
        # declares the RDF namespace
        if fmt == "xml" and str(RDF) not in data:
            reasons.append("xml: no RDF namespace")
            continue
        graph = rdflib.Graph()
        try:
            # relative references against a base of our own, not the
            # server's working directory (file:///...)
            graph.parse(data=data, format=fmt, publicID=RELATIVE_BASE)
        except Exception as error:  # each rdflib parser raises its own
            reasons.append(f"{fmt}: {rules.shorten(error, 120)}")
            continue
        if len(graph):
            return graph, fmt
        reasons.append(f"{fmt}: no statements")
    raise DocumentError(M_NOT_RDF, reason="; ".join(reasons[:1]))


def _label(graph: rdflib.Graph, ref) -> str:
    for predicate in (DCT.title, FOAF.name):
        values = list(graph.objects(ref, predicate))
        if values:
            return str(sorted(values, key=lambda v: (
                getattr(v, "language", None) not in (None, "en"), str(v)))[0])
    return str(ref)


def dataset_refs(graph: rdflib.Graph) -> list:
    """The datasets of the document that are no series."""
    series_refs = set(graph.subjects(RDF.type, DCAT.DatasetSeries))
    return sorted(set(graph.subjects(RDF.type, DCAT.Dataset)) - series_refs,
                  key=str)


def series(graph: rdflib.Graph) -> list:
    """(reference, title) of each dcat:DatasetSeries of the document."""
    return [(ref, _label(graph, ref)) for ref in sorted(
        set(graph.subjects(RDF.type, DCAT.DatasetSeries)), key=str)]


def label_of(graph: rdflib.Graph, ref) -> str:
    return _label(graph, ref)


def publisher_of(graph: rdflib.Graph, dataset_ref) -> dict:
    """The dataset's dct:publisher (else its catalogue's) as ``uri`` and
    ``name`` (empty strings when unknown)."""
    agents = list(graph.objects(dataset_ref, DCT.publisher))
    if not agents:
        for catalog in graph.subjects(DCAT.dataset, dataset_ref):
            agents = list(graph.objects(catalog, DCT.publisher))
            if agents:
                break
    if not agents:
        catalogs = list(graph.subjects(RDF.type, DCAT.Catalog))
        if len(catalogs) == 1:
            agents = list(graph.objects(catalogs[0], DCT.publisher))
    if not agents:
        return {"uri": "", "name": ""}
    agent = agents[0]
    names = [str(n) for n in graph.objects(agent, FOAF.name)]
    publisher = {"uri": str(agent) if isinstance(agent, rdflib.URIRef)
                 else "", "name": names[0] if names else ""}
    # an official code (kommunekode, NIS code, kommunkod), where given
    identifiers = sorted(str(i) for i in graph.objects(agent, DCT.identifier))
    if identifiers:
        publisher["identifier"] = identifiers[0]
    return publisher


def _fold(text: Any) -> str:
    return " ".join(str(text or "").casefold().split())


def _same_address(a: str, b: str) -> bool:
    def norm(url):
        url = str(url or "").strip().lower()
        url = re.sub(r"^https?://(www\.)?", "", url)
        return url.rstrip("/")
    return bool(norm(a)) and norm(a) == norm(b)


def match_organization(publisher: dict, organizations: Iterable[dict]
                       ) -> Optional[str]:
    """The name of the organization that is the publisher: by URI (the
    organization's website, or the authority URI of its municipality), by
    official municipality code, then by name (its name or title, or the
    municipality the name is). The rules: ``publishers.py``."""
    from . import publishers
    return publishers.match_organization(publisher, organizations)


# Letters NFKD does not split into a base letter and a mark.
_LETTERS_WITHOUT_DECOMPOSITION = str.maketrans({
    "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "ß": "ss", "đ": "d"})


def slug(text: Any, limit: int = 90) -> str:
    """A CKAN dataset name from a title or identifier."""
    folded = unicodedata.normalize("NFKD", str(text or "")).translate(
        _LETTERS_WITHOUT_DECOMPOSITION)
    ascii_text = folded.encode("ascii", "ignore").decode().lower()
    name = re.sub(r"[^a-z0-9_-]+", "-", ascii_text).strip("-_")
    return re.sub(r"-{2,}", "-", name)[:limit].strip("-_")


def name_candidates(dataset: dict, uri: str) -> list:
    """Names to give a new dataset, best first: its identifier if it reads
    as a name, its title, the last part of its URI."""
    candidates = []
    if isinstance(dataset.get("identifier"), str):
        candidates.append(slug(dataset["identifier"]))
    for extra in dataset.get("extras") or []:
        if extra.get("key") == "identifier":
            candidates.append(slug(extra.get("value")))
    candidates.append(slug(dataset.get("title")))
    candidates.append(slug(uri.rstrip("/").rsplit("/", 1)[-1]))
    return [c for c in dict.fromkeys(candidates) if len(c) >= 2]


def extra_value(dataset: dict, key: str) -> Optional[str]:
    for extra in dataset.get("extras") or []:
        if extra.get("key") == key:
            return extra.get("value")
    return None


AGENT_KEYS = ("name", "email", "uri", "url", "identifier", "type")


def tidy(dataset: dict) -> dict:
    """The parsed dataset without what describes the source catalogue.
    Its publishers, creators and contact points are kept as the schema's
    repeating agents (the organization and the author fields carry the
    first publisher and contact point besides). An agent without a name is
    left out: DCAT-AP agents have one, and a publisher given by its URI
    alone is the organization it matched."""
    dataset = dict(dataset)
    dataset["extras"] = [e for e in dataset.get("extras") or []
                         if e.get("key") not in DROPPED_EXTRAS]
    for key in ("publisher", "contact", "creator"):
        agents = [{k: v for k, v in agent.items()
                   if k in AGENT_KEYS and v not in (None, "")}
                  for agent in dataset.pop(key, None) or []
                  if isinstance(agent, dict)]
        agents = [agent for agent in agents
                  if str(agent.get("name") or "").strip()]
        if agents:
            dataset[key] = agents
    for resource in dataset.get("resources") or []:
        resource.pop("distribution_ref", None)
    for key in ("title", "notes"):
        # a title given only in languages (dct:title "..."@da): DCAT-AP
        # asks for one in any language; English first, else the first
        translated = dataset.get(f"{key}_translated")
        if not str(dataset.get(key) or "").strip() and isinstance(
                translated, dict) and any(translated.values()):
            dataset[key] = translated.get("en") or next(
                v for _, v in sorted(translated.items()) if v)
    return dataset


def import_problems(dataset: dict) -> list:
    """What refuses a dataset before CKAN's validation: a title (which
    CKAN would otherwise take from the name). A licence the vocabulary
    does not know is kept (``licence_notes``)."""
    problems = []
    if not str(dataset.get("title") or "").strip():
        problems.append(Problem("title", rules.M_REQUIRED, {}))
    return problems


def licence_notes(dataset: dict) -> list:
    """The licences (the dataset's and each distribution's) that are not
    known to be open, as notes of the import report."""
    notes = []
    for item in [dataset] + list(dataset.get("resources") or []):
        if rules.is_unknown_licence(item):
            value = item.get("license_label") or item.get("license_id")
            notes.append(Problem("license_id", M_LICENCE_NOT_KNOWN_OPEN,
                                 {"value": rules.shorten(value)}))
    return list({n.params["value"]: n for n in notes}.values())


# Web addresses of a dataset, its agents and its distributions
URL_FIELDS = ("landing_page", "documentation", "url")
AGENT_URL_FIELDS = ("url", "uri")
RESOURCE_URL_FIELDS = ("url", "access_url", "download_url")
_HOST = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}"
                   r"(?::\d+)?(?:[/?#]\S*)?$", re.I)


def _with_scheme(value: Any) -> Optional[str]:
    """A web address written without its scheme (``www.vmm.be``), with
    https:// added; None for anything else."""
    if isinstance(value, str) and value.startswith(RELATIVE_BASE):
        value = value[len(RELATIVE_BASE):]
    if not isinstance(value, str) or "://" in value or "@" in value:
        return None
    text = value.strip()
    return "https://" + text if _HOST.match(text) else None


def add_schemes(dataset: dict) -> list:
    """Gives web addresses without a scheme https://, in place; the
    changes as Problems (notes of the report: field, value, url)."""
    notes = []

    def fix(item, key, field):
        url = _with_scheme(item.get(key))
        if url:
            notes.append(Problem(field, M_SCHEME_ADDED, {
                "value": rules.shorten(item[key].removeprefix(
                    RELATIVE_BASE)), "url": url}))
            item[key] = url
    for key in URL_FIELDS:
        fix(dataset, key, key)
    for agents in ("contact", "publisher", "creator"):
        for agent in dataset.get(agents) or []:
            for key in AGENT_URL_FIELDS:
                fix(agent, key, agents)
    for resource in dataset.get("resources") or []:
        for key in RESOURCE_URL_FIELDS:
            fix(resource, key, "resources")
    return notes


def missing_recommended(dataset: dict) -> list:
    # a licence known only by its name is a licence given; a series has
    # none (its datasets have)
    return [f for f in RECOMMENDED if not str(dataset.get(f) or "").strip()
            and not (f == "license_id" and (
                rules.is_unknown_licence(dataset)
                or dataset.get("type") == "dataset_series"))]


# -- what changed since the last import --------------------------------------

RESOURCE_KEYS_IGNORED = ("id", "package_id", "position", "created",
                         "metadata_modified", "last_modified", "state")


def _norm(value: Any) -> Any:
    """A value as CKAN shows it, for comparison: lists in order of their
    JSON text, empty values alike, JSON lists as lists."""
    if value in (None, "", [], {}):
        return None
    if isinstance(value, str) and value[:1] in "[{":
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, list):
        items = [_norm(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()
                if _norm(v) is not None}
    return value


def _norm_resource(key: str, value: Any) -> Any:
    # CKAN stores a format under its own spelling (GEOJSON -> GeoJSON)
    if key == "format" and isinstance(value, str):
        return value.casefold()
    return _norm(value)


def _extras_dict(extras) -> dict:
    return {e.get("key"): e.get("value") for e in extras or []}


def changed_fields(existing: dict, incoming: dict) -> list:
    """The fields of ``incoming`` whose value differs from ``existing``
    (package_show output); empty when a new import would change nothing."""
    changed = []
    for key, value in incoming.items():
        if key in ("resources", "extras", "tags", "owner_org", "name"):
            continue
        if _norm(value) != _norm(existing.get(key)):
            changed.append(key)
    if _extras_dict(incoming.get("extras")) != {
            k: v for k, v in _extras_dict(existing.get("extras")).items()
            if k in _extras_dict(incoming.get("extras"))}:
        changed.append("extras")
    tags = sorted(t.get("name") for t in incoming.get("tags") or [])
    if tags != sorted(t.get("name") for t in existing.get("tags") or []):
        changed.append("tags")
    old = existing.get("resources") or []
    new = incoming.get("resources") or []
    if len(old) != len(new) or any(
            _norm_resource(key, value) != _norm_resource(key, before.get(key))
            for before, after in zip(old, new)
            for key, value in after.items()
            if key not in RESOURCE_KEYS_IGNORED):
        changed.append("resources")
    if incoming.get("owner_org") and existing.get("owner_org") and (
            incoming["owner_org"] != existing["owner_org"]):
        changed.append("owner_org")
    return changed


def for_update(existing: dict, incoming: dict) -> dict:
    """The dict for package_update: the existing dataset with the
    imported fields, resources matched by URI or URL keeping their ids."""
    data = dict(existing)
    data.update({k: v for k, v in incoming.items() if k != "resources"})
    extras = _extras_dict(existing.get("extras"))
    extras.update(_extras_dict(incoming.get("extras")))
    data["extras"] = [{"key": k, "value": v} for k, v in extras.items()]
    by_uri = {r.get("uri"): r for r in existing.get("resources") or []
              if r.get("uri")}
    by_url = {r.get("url"): r for r in existing.get("resources") or []
              if r.get("url")}
    resources = []
    for resource in incoming.get("resources") or []:
        match = by_uri.get(resource.get("uri")) or by_url.get(
            resource.get("url"))
        resources.append(dict(resource, id=match["id"]) if match else
                         dict(resource))
    data["resources"] = resources
    for key in ("organization", "metadata_modified", "metadata_created",
                "num_resources", "num_tags", "relationships_as_object",
                "relationships_as_subject", "isopen", "license_title",
                "license_url", "creator_user_id", "state", "groups"):
        data.pop(key, None)
    return data


class Row(NamedTuple):
    """One line of the import report."""
    ref: str
    title: str
    status: str  # created, updated, unchanged, refused
    name: Optional[str]
    errors: dict  # field -> [messages]
    notes: list

    def as_dict(self) -> dict:
        return self._asdict()
