"""Metadata Quality Assessment of one dataset (no CKAN import).

The indicators and points are data.europa.eu's (``data/mqa.yaml``); each
is read from the dataset dict the way ckanext-dcat and the municipal
DCAT-AP 3 profile turn that dict into RDF, so the score agrees with what
the portal's DCAT feed carries (docs/charter.md lists the fields).

Link indicators come from link-check results passed in (``links``:
resource id -> ``{"access": True|False|None, "download": ...}``); a
distribution not checked yet makes the indicator ``unknown``: its points
are ``pending``, neither gained nor missed.

"DCAT-AP compliance" is the SHACL result passed in (``shacl``: the
result of ``municipal_schema.dcat_validation`` a harvest stored for the
dataset) where there is one; else the mandatory properties DCAT-AP asks
of what the portal's form makes (title, description, an access URL per
distribution), which the form itself requires.
"""
from __future__ import annotations

import dataclasses
import functools
import pathlib
from typing import Any, Callable, Iterable, Mapping

from ckanext.municipal_opendata.datafiles import load_yaml

MQA_FILE = pathlib.Path(__file__).parent / "data" / "mqa.yaml"

MET, PARTIAL, MISSED, UNKNOWN = "met", "partial", "missed", "unknown"
IANA = "iana.org/assignments/media-types"


@dataclasses.dataclass(frozen=True)
class Indicator:
    code: str
    dimension: str
    points: int
    level: str
    effort: int
    check: str | None
    property: str
    label: Mapping[str, str]
    advice: Mapping[str, str]
    # DCAT-AP compliance read from a SHACL result: what to do instead
    shacl_advice: Mapping[str, str] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class Method:
    """The MQA method: dimensions, indicators, ratings, vocabularies."""
    version: str
    dimensions: tuple[dict, ...]
    ratings: tuple[dict, ...]
    indicators: tuple[Indicator, ...]
    formats: Mapping[str, Mapping[str, Any]]
    eu_licences: frozenset
    eu_access_rights: frozenset
    open_licences: frozenset
    licences_without_uri: frozenset
    frequency_days: Mapping[str, int]
    freshness_grace: float

    @property
    def max_points(self) -> int:
        return sum(i.points for i in self.indicators)

    def indicator(self, code: str) -> Indicator | None:
        return next((i for i in self.indicators if i.code == code), None)

    def dimension(self, code: str) -> dict | None:
        return next((d for d in self.dimensions if d["code"] == code), None)

    def rating(self, score: int) -> str:
        for rating in self.ratings:  # highest first
            if score >= rating["min"]:
                return rating["code"]
        return self.ratings[-1]["code"]

    def rating_label(self, code: str) -> Mapping[str, str]:
        return next((r["label"] for r in self.ratings if r["code"] == code),
                    {})


def parse_method(content: Mapping[str, Any]) -> Method:
    return Method(
        version=str(content["version"]),
        dimensions=tuple(content["dimensions"]),
        ratings=tuple(sorted(content["ratings"], key=lambda r: -r["min"])),
        indicators=tuple(Indicator(
            code=i["code"], dimension=i["dimension"], points=int(i["points"]),
            level=i["level"], effort=int(i.get("effort", 1)),
            check=i.get("check"), property=i.get("property", ""),
            label=i["label"], advice=i["advice"],
            shacl_advice=i.get("shacl_advice") or {})
            for i in content["indicators"]),
        formats={k: dict(v) for k, v in content["formats"].items()},
        eu_licences=frozenset(content["eu_licences"]),
        eu_access_rights=frozenset(content["eu_access_rights"]),
        open_licences=frozenset(content["open_licences"]),
        licences_without_uri=frozenset(content["licences_without_uri"]),
        frequency_days=dict(content["frequency_days"]),
        freshness_grace=float(content["freshness_grace"]),
    )


@functools.lru_cache(maxsize=1)
def method() -> Method:
    return parse_method(load_yaml(MQA_FILE.read_text(encoding="utf-8")))


# -- reading the dataset dict ------------------------------------------------

def extras(dataset: Mapping[str, Any]) -> dict[str, Any]:
    """Extras of a plain CKAN dataset as a mapping."""
    return {e.get("key"): e.get("value")
            for e in dataset.get("extras") or [] if isinstance(e, Mapping)}


def value(dataset: Mapping[str, Any], *keys: str,
          extra: Mapping[str, Any] | None = None) -> Any:
    """The first non-empty value of ``keys``, as a field or an extra."""
    for key in keys:
        found = dataset.get(key)
        if found not in (None, "", [], {}):
            return found
    extra = extras(dataset) if extra is None else extra
    for key in keys:
        found = extra.get(key)
        if found not in (None, "", [], {}):
            return found
    return None


def text_of(raw: Any) -> str:
    """A value that should be a code or an address, as text ("" when it
    is something else: harvested or hand-made dicts hold odd values)."""
    return raw.strip() if isinstance(raw, str) else ""


def format_code(fmt: Any) -> str:
    """A resource format as the DCAT output codes it ("JSON-LD": JSONLD)."""
    if not fmt or not isinstance(fmt, str) or fmt.startswith("http"):
        return ""
    return "".join(c for c in fmt.upper() if c.isalnum())


def has_media_type(resource: Mapping[str, Any]) -> bool:
    """Whether ckanext-dcat writes a dcat:mediaType for the resource."""
    mimetype = text_of(resource.get("mimetype"))
    fmt = text_of(resource.get("format"))
    if fmt and (not mimetype or mimetype == fmt):
        return IANA in fmt or (not fmt.startswith("http") and "/" in fmt)
    return bool(mimetype)


def has_access_url(resource: Mapping[str, Any]) -> bool:
    """Whether ckanext-dcat writes a dcat:accessURL for the resource (the
    resource URL stands in unless it is the download URL)."""
    url = text_of(resource.get("url"))
    download = text_of(resource.get("download_url"))
    return bool(text_of(resource.get("access_url"))
                or url and (not download or url != download))


def access_url(resource: Mapping[str, Any]) -> str | None:
    return (text_of(resource.get("access_url"))
            or text_of(resource.get("url")) or None)


def link_targets(resource: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The links of a resource the accessibility indicators check, as
    ``(kind, url)``: its access URL and its download URL."""
    targets = []
    if has_access_url(resource):
        targets.append(("access", access_url(resource)))
    download = text_of(resource.get("download_url"))
    if download:
        targets.append(("download", download))
    return targets


def _share(flags: list[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0


def _link_share(resources, links, kind, wanted) -> tuple[float | None, bool]:
    """Share of ``wanted`` distributions whose ``kind`` link answered;
    None when one of them has not been checked yet."""
    flags = []
    for resource, want in zip(resources, wanted):
        if not want:
            flags.append(False)
            continue
        result = (links.get(text_of(resource.get("id"))) or {}).get(kind)
        if result is None:
            return None, True
        flags.append(bool(result))
    return _share(flags), False


def facts(dataset: Mapping[str, Any]) -> dict[str, Any]:
    """The values the indicators and the charter rules read, once."""
    extra = extras(dataset)
    m = method()
    resources = [r for r in dataset.get("resources") or []
                 if isinstance(r, Mapping)]
    licence = text_of(value(dataset, "license_id", extra=extra)) or None
    access_rights = text_of(value(dataset, "access_rights",
                                  extra=extra)) or None
    tags = dataset.get("tags") or []
    return {
        "resources": resources,
        "keywords": bool(tags or dataset.get("tags_translated")
                         or dataset.get("tag_string")),
        "themes": bool(value(dataset, "data_themes", "theme", extra=extra)),
        "spatial": bool(value(dataset, "municipality_code", "spatial_uri",
                              "spatial_text", "spatial", extra=extra)),
        "temporal_start": value(dataset, "temporal_start", extra=extra),
        "temporal_end": value(dataset, "temporal_end", extra=extra),
        "licence": licence,
        "licence_open": licence in m.open_licences,
        "access_rights": access_rights,
        "contact_email": value(dataset, "contact_email", "maintainer_email",
                               "author_email", extra=extra),
        "contact": bool(value(dataset, "contact_uri", "contact_name",
                              "contact_email", "maintainer",
                              "maintainer_email", "author", "author_email",
                              extra=extra)),
        "publisher": bool(dataset.get("organization") or value(
            dataset, "publisher", "publisher_uri", "publisher_name",
            extra=extra)),
        "frequency": text_of(value(dataset, "update_frequency", "frequency",
                                   extra=extra)) or None,
        "modified": value(dataset, "modified", extra=extra),
        "metadata_modified": dataset.get("metadata_modified"),
        "title": bool(dataset.get("title")),
        "description": bool(dataset.get("notes")),
        "private": bool(dataset.get("private")),
        "conforms_to": bool(value(dataset, "conforms_to", extra=extra)),
        "closed_reason": value(dataset, "charter_closed_reason",
                               "access_rights_reason", extra=extra),
    }


# -- scoring -------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Reading:
    """What the indicators read from one dataset, gathered once: its
    facts, its distributions with their format codes and the method's
    entry for each format, which have a download URL, the link checks."""
    m: Method
    f: Mapping[str, Any]
    links: Mapping[str, Mapping[str, bool | None]]
    shacl: Mapping[str, Any] | None
    resources: list[Mapping[str, Any]]
    codes: list[str]
    info: list[Mapping[str, Any]]
    download: list[bool]

    def licence(self, resource: Mapping[str, Any]) -> str | None:
        """A distribution's licence, the dataset's standing in."""
        return text_of(resource.get("license_id")) or self.f["licence"]


def reading(dataset: Mapping[str, Any],
            links: Mapping[str, Mapping[str, bool | None]] | None = None,
            known_facts: Mapping[str, Any] | None = None,
            shacl: Mapping[str, Any] | None = None) -> Reading:
    m = method()
    f = known_facts or facts(dataset)
    resources = f["resources"]
    codes = [format_code(r.get("format")) for r in resources]
    return Reading(
        m=m, f=f, links=links or {}, shacl=shacl, resources=resources,
        codes=codes,
        info=[m.formats.get(c) or {} for c in codes],
        download=[bool(text_of(r.get("download_url"))) for r in resources])


# One function per indicator: the share of the dataset (1.0 or 0.0) or of
# its distributions that meets it; None when not known yet (links not
# checked).

def _keyword(r: Reading) -> float:
    return float(r.f["keywords"])


def _theme(r: Reading) -> float:
    return float(r.f["themes"])


def _spatial(r: Reading) -> float:
    return float(r.f["spatial"])


def _temporal(r: Reading) -> float:
    return float(bool(r.f["temporal_start"] or r.f["temporal_end"]))


def _access_url_status(r: Reading) -> float | None:
    return _link_share(r.resources, r.links, "access",
                       [has_access_url(res) for res in r.resources])[0]


def _download_url(r: Reading) -> float:
    return _share(r.download)


def _download_url_status(r: Reading) -> float | None:
    return _link_share(r.resources, r.links, "download", r.download)[0]


def _format(r: Reading) -> float:
    return _share([bool(c) for c in r.codes])


def _media_type(r: Reading) -> float:
    return _share([has_media_type(res) for res in r.resources])


def _format_vocabulary(r: Reading) -> float:
    return _share([bool(i) and i.get("eu", True) for i in r.info])


def _format_non_proprietary(r: Reading) -> float:
    return _share([bool(i.get("non_proprietary")) for i in r.info])


def _format_machine_readable(r: Reading) -> float:
    return _share([bool(i.get("machine_readable")) for i in r.info])


def _dcat_ap_compliance(r: Reading) -> float:
    if r.shacl is not None:
        return float(not r.shacl.get("violations"))
    return float(r.f["title"] and r.f["description"]
                 and all(has_access_url(res) for res in r.resources))


def _licence(r: Reading) -> float:
    return _share([bool(r.licence(res))
                   and r.licence(res) not in r.m.licences_without_uri
                   for res in r.resources])


def _licence_vocabulary(r: Reading) -> float:
    return _share([r.licence(res) in r.m.eu_licences
                   for res in r.resources])


def _access_rights(r: Reading) -> float:
    return float(bool(r.f["access_rights"]))


def _access_rights_vocabulary(r: Reading) -> float:
    return float(r.f["access_rights"] in r.m.eu_access_rights)


def _contact_point(r: Reading) -> float:
    return float(r.f["contact"])


def _publisher(r: Reading) -> float:
    return float(r.f["publisher"])


def _rights(r: Reading) -> float:
    return _share([bool(res.get("rights")) for res in r.resources])


def _byte_size(r: Reading) -> float:
    return _share([bool(res.get("size")) for res in r.resources])


def _issued(r: Reading) -> float:
    return _share([bool(res.get("issued") or res.get("created"))
                   for res in r.resources])


def _modified(r: Reading) -> float:
    return _share([bool(res.get("modified") or res.get("metadata_modified"))
                   for res in r.resources])


# The indicator codes of data/mqa.yaml and how each is read.
INDICATORS: dict[str, Callable[[Reading], float | None]] = {
    "keyword": _keyword,
    "theme": _theme,
    "spatial": _spatial,
    "temporal": _temporal,
    "access_url_status": _access_url_status,
    "download_url": _download_url,
    "download_url_status": _download_url_status,
    "format": _format,
    "media_type": _media_type,
    "format_vocabulary": _format_vocabulary,
    "format_non_proprietary": _format_non_proprietary,
    "format_machine_readable": _format_machine_readable,
    "dcat_ap_compliance": _dcat_ap_compliance,
    "licence": _licence,
    "licence_vocabulary": _licence_vocabulary,
    "access_rights": _access_rights,
    "access_rights_vocabulary": _access_rights_vocabulary,
    "contact_point": _contact_point,
    "publisher": _publisher,
    "rights": _rights,
    "byte_size": _byte_size,
    "issued": _issued,
    "modified": _modified,
}


def _tally(m: Method, shares: Mapping[str, float | None]) -> dict[str, Any]:
    """Points per indicator from its share, summed per dimension and in
    all; an unknown share's points are pending."""
    total = pending = 0
    dimensions = {d["code"]: {"score": 0, "max": d["points"], "pending": 0}
                  for d in m.dimensions}
    indicators = []
    for ind in m.indicators:
        share = shares[ind.code]
        dim = dimensions[ind.dimension]
        if share is None:
            status, points = UNKNOWN, 0
            pending += ind.points
            dim["pending"] += ind.points
        else:
            points = round(ind.points * share)
            status = (MET if points == ind.points else
                      MISSED if points == 0 else PARTIAL)
        total += points
        dim["score"] += points
        indicators.append({"code": ind.code, "dimension": ind.dimension,
                           "status": status, "points": points,
                           "max": ind.points,
                           "share": None if share is None else round(share, 3)})
    return {"score": total, "max": m.max_points, "pending": pending,
            "rating": m.rating(total), "dimensions": dimensions,
            "indicators": indicators}


def score(dataset: Mapping[str, Any],
          links: Mapping[str, Mapping[str, bool | None]] | None = None,
          known_facts: Mapping[str, Any] | None = None,
          shacl: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The MQA score of a dataset dict: total, rating, per dimension and
    per indicator (``status``: met, partial, missed or unknown;
    ``points`` gained of ``max``). Each indicator is read by its function
    in ``INDICATORS``. With a SHACL result, the DCAT-AP compliance row
    says so (``shacl``: the shapes and the number of violations)."""
    r = reading(dataset, links, known_facts, shacl)
    result = _tally(r.m, {code: read(r) for code, read in INDICATORS.items()})
    if shacl is not None:
        for row in result["indicators"]:
            if row["code"] == "dcat_ap_compliance":
                row["shacl"] = {"shapes": list(shacl.get("shapes") or []),
                                "violations": len(shacl.get("violations")
                                                  or [])}
    return result


def to_gain(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The missed and partly met indicators, most points per effort first:
    what to fill in to gain points."""
    m = method()
    rows = []
    for row in result["indicators"]:
        if row["status"] in (MISSED, PARTIAL):
            ind = m.indicator(row["code"])
            gain = row["max"] - row["points"]
            rows.append({**row, "gain": gain, "effort": ind.effort})
    return sorted(rows, key=lambda r: (-r["gain"] / r["effort"], r["code"]))


def points_to_gain(result: Mapping[str, Any]) -> tuple[int, int]:
    """(points to gain, effort) of a dataset: its "fix first" weight."""
    rows = to_gain(result)
    return sum(r["gain"] for r in rows), sum(r["effort"] for r in rows)


def sortable(score_value: int) -> str:
    """A score as a string that sorts like the number (Solr's default
    schema indexes unknown fields as text)."""
    return f"{max(int(score_value), 0):04d}"


def rating_counts(ratings: Iterable[str]) -> dict[str, int]:
    counts = {r["code"]: 0 for r in method().ratings}
    for rating in ratings:
        if rating in counts:
            counts[rating] += 1
    return counts
