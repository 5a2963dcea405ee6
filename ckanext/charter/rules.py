"""Which charter principles a dataset's metadata proves or contradicts (no
CKAN import).

Each rule reads the dataset dict (through ``quality.facts``) and returns
``(status, reason, params)`` or None when the metadata says nothing
either way; ``reason`` is a code the CKAN layer turns into a sentence a
publisher understands. Charter files name the rule of each principle
(``rule: open_licence``), so another charter reuses the same rules.

Claims (what a publisher states) are kept apart from what the rules
derive: ``evaluate`` returns both, never merged.
"""
from __future__ import annotations

import datetime
from typing import Any, Callable, Mapping

from . import quality
from .charters import Charter

PROVEN, CONTRADICTED = "proven", "contradicted"
CLOSED_ACCESS = ("RESTRICTED", "NON_PUBLIC")
NO_PROMISE = ("IRREG", "AS_NEEDED", "NEVER", "NOT_PLANNED", "UNKNOWN",
              "OTHER")

Outcome = "tuple[str, str, dict[str, Any]] | None"


def _is_closed(f) -> bool:
    return (f["access_rights"] in CLOSED_ACCESS
            or bool(f["licence"]) and not f["licence_open"])


def open_by_default(f, ctx):
    if f["access_rights"] in CLOSED_ACCESS:
        return CONTRADICTED, "access_restricted", {
            "access_rights": f["access_rights"]}
    if f["licence"] and not f["licence_open"]:
        return CONTRADICTED, "licence_not_open", {"licence": f["licence"]}
    if f["licence_open"] and not f["private"]:
        return PROVEN, "open_and_public", {"licence": f["licence"]}
    return None


def comply_or_explain(f, ctx):
    if not _is_closed(f):
        if f["licence_open"]:
            return PROVEN, "complies_open", {"licence": f["licence"]}
        return None
    if f["closed_reason"]:
        return PROVEN, "reason_recorded", {"reason": str(f["closed_reason"])}
    return CONTRADICTED, "closed_without_reason", {}


def contact_point(f, ctx):
    if f["contact_email"]:
        return PROVEN, "contact_email", {"email": f["contact_email"]}
    if not f["contact"]:
        return CONTRADICTED, "no_contact", {}
    return None


def metadata_quality(f, ctx):
    result = ctx["quality"]
    m = quality.method()
    good = next(r["min"] for r in m.ratings if r["code"] == "good")
    sufficient = next(r["min"] for r in m.ratings
                      if r["code"] == "sufficient")
    params = {"score": result["score"], "max": result["max"],
              "rating": result["rating"]}
    if result["score"] >= good:
        return PROVEN, "quality_good", params
    if result["score"] + result["pending"] < sufficient:
        return CONTRADICTED, "quality_bad", params
    return None


def open_formats(f, ctx):
    codes = [quality.format_code(r.get("format")) for r in f["resources"]]
    if not codes:
        return None
    formats = quality.method().formats
    good = sorted({c for c in codes if formats.get(c, {}).get(
        "non_proprietary") and formats.get(c, {}).get("machine_readable")})
    if good:
        return PROVEN, "open_format", {"formats": ", ".join(good)}
    if all(c in formats for c in codes):
        return CONTRADICTED, "no_open_format", {
            "formats": ", ".join(sorted(set(codes)))}
    return None


def linked_data(f, ctx):
    formats = quality.method().formats
    rdf = sorted({c for c in (quality.format_code(r.get("format"))
                              for r in f["resources"])
                  if formats.get(c, {}).get("linked_data")})
    if rdf:
        return PROVEN, "rdf_distribution", {"formats": ", ".join(rdf)}
    return None


def web_publication(f, ctx):
    resources = f["resources"]
    if not resources:
        return CONTRADICTED, "no_resources", {}
    urls = [quality.access_url(r) or quality.text_of(r.get("download_url"))
            for r in resources]
    if all(u.startswith(("http://", "https://")) for u in urls):
        return PROVEN, "web_addresses", {"count": len(urls)}
    return None


def history(f, ctx):
    frequency = f["frequency"]
    if f["temporal_start"] and frequency and frequency not in (
            "UNKNOWN", "OTHER"):
        return PROVEN, "temporal_and_frequency", {
            "start": str(f["temporal_start"]), "frequency": frequency}
    return None


def regional_portal(f, ctx):
    if not ctx.get("dcat_feed"):
        return None
    if f["private"]:
        return CONTRADICTED, "private_not_in_feed", {}
    return PROVEN, "in_dcat_feed", {}


def open_licence(f, ctx):
    if not f["licence"]:
        return CONTRADICTED, "no_licence", {}
    if f["licence_open"]:
        return PROVEN, "open_licence", {"licence": f["licence"]}
    return CONTRADICTED, "licence_not_open", {"licence": f["licence"]}


def _date(raw) -> datetime.date | None:
    if not raw:
        return None
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    try:
        return datetime.date.fromisoformat(str(raw)[:10])
    except ValueError:
        return None


def freshness(f, ctx):
    frequency = f["frequency"]
    m = quality.method()
    days = m.frequency_days.get(frequency or "")
    if not days:
        return None
    last = max(filter(None, [_date(f["modified"])] + [
        _date(r.get("last_modified")) for r in f["resources"]]), default=None)
    last = last or _date(f["metadata_modified"])
    today = ctx.get("today") or datetime.date.today()
    if last is None:
        return None
    age = (today - last).days
    limit = int(days * m.freshness_grace)
    params = {"frequency": frequency, "days": age, "limit": limit,
              "last": last.isoformat()}
    if age <= limit:
        return PROVEN, "fresh", params
    return CONTRADICTED, "stale", params


RULES: dict[str, Callable[[dict, dict], Any]] = {
    "open_by_default": open_by_default,
    "comply_or_explain": comply_or_explain,
    "contact_point": contact_point,
    "metadata_quality": metadata_quality,
    "open_formats": open_formats,
    "linked_data": linked_data,
    "web_publication": web_publication,
    "history": history,
    "regional_portal": regional_portal,
    "freshness": freshness,
    "open_licence": open_licence,
}


def evaluate(charters: Mapping[str, Charter], dataset: Mapping[str, Any],
             claims: Mapping[str, list[int]] | None = None,
             links: Mapping[str, Mapping[str, bool | None]] | None = None,
             dcat_feed: bool = False,
             today: datetime.date | None = None,
             shacl: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The quality score and, per charter, the dataset principles with what
    the metadata derives (``derived``: status, reason, params or None) and
    whether the publisher claims it; plus the lists index and pages use:
    ``proven``, ``contradicted``, ``claimed`` as ``"charter:number"``."""
    f = quality.facts(dataset)
    result = quality.score(dataset, links, known_facts=f, shacl=shacl)
    ctx = {"quality": result, "dcat_feed": dcat_feed, "today": today}
    claims = claims or {}
    out: dict[str, Any] = {"quality": result, "charters": {},
                           "proven": [], "contradicted": [], "claimed": []}
    for code, charter in charters.items():
        claimed = set(claims.get(code) or ())
        rows = []
        for principle in charter.principles:
            if principle.scope != "dataset":
                continue
            rule = RULES.get(principle.rule or "")
            outcome = rule(f, ctx) if rule else None
            derived = None
            if outcome:
                status, reason, params = outcome
                derived = {"status": status, "reason": reason,
                           "params": params}
                key = f"{code}:{principle.number}"
                (out["proven"] if status == PROVEN
                 else out["contradicted"]).append(key)
            if principle.number in claimed:
                out["claimed"].append(f"{code}:{principle.number}")
            rows.append({"number": principle.number,
                         "claimed": principle.number in claimed,
                         "derived": derived})
        out["charters"][code] = rows
    return out
