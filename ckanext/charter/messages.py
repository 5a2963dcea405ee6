"""Sentences for the codes the pure modules return (reasons, problems),
in the user's language."""
from __future__ import annotations

from typing import Any, Mapping

import ckan.plugins.toolkit as tk

from . import charters as ch


# The parameters of a reason that hold a vocabulary's code, and that
# vocabulary (municipal_schema's data files): a person reads the label.
LABELLED = {"licence": "licences", "access_rights": "access_rights",
            "frequency": "frequencies"}


def term_label(vocabulary: str, value: Any, lang: str | None) -> str:
    """The label of a code in the reader's language; the value itself
    when the vocabulary does not know it."""
    from ckanext.municipal_schema import vocab
    text = "" if value is None else str(value)
    try:
        voc = vocab.vocabulary(vocabulary)
    except (KeyError, OSError, ValueError):
        return text
    code = voc.code_for(text)
    term = voc.get(code) if code else None
    return term.label(lang) if term is not None else text


def labelled(params: Mapping[str, Any], lang: str | None) -> dict[str, Any]:
    """``params`` with labels in place of the codes, and file formats by
    their names (``GeoJSON``, not ``GEOJSON``)."""
    out = dict(params or {})
    for key, vocabulary in LABELLED.items():
        if out.get(key):
            out[key] = term_label(vocabulary, out[key], lang)
    if out.get("formats"):
        out["formats"] = ", ".join(
            term_label("file_types", f.strip(), lang)
            for f in str(out["formats"]).split(","))
    return out


def _freshness(code: str, p: Mapping[str, Any]) -> str | None:
    """The freshness sentences, with "today" for 0 days and plurals."""
    days, limit = p.get("days"), p.get("limit")
    if code not in ("fresh", "stale") or not isinstance(days, int) \
            or not isinstance(limit, int):
        return None
    allows = tk.ungettext("{limit} day", "{limit} days", limit).format(
        limit=limit)
    if code == "fresh" and days == 0:
        return tk._("Updated today ({last}); the declared frequency "
                    "({frequency}) allows {allows}.").format(
            allows=allows, **p)
    if code == "fresh":
        return tk.ungettext(
            "Last updated {days} day ago ({last}); the declared frequency "
            "({frequency}) allows {allows}.",
            "Last updated {days} days ago ({last}); the declared frequency "
            "({frequency}) allows {allows}.", days).format(allows=allows, **p)
    return tk.ungettext(
        "Last updated {days} day ago ({last}), longer than the declared "
        "frequency ({frequency}) allows ({allows}).",
        "Last updated {days} days ago ({last}), longer than the declared "
        "frequency ({frequency}) allows ({allows}).", days).format(
        allows=allows, **p)


def reason(code: str, params: Mapping[str, Any],
           lang: str | None = None) -> str:
    p = labelled(params, lang)
    try:
        sentence = _freshness(code, p)
    except (KeyError, IndexError):
        sentence = None
    if sentence:
        return sentence
    _ = tk._
    texts = {
        "open_and_public": _("Public dataset with an open licence ({licence})."),
        "access_restricted": _("Access rights say the data is not public ({access_rights})."),
        "licence_not_open": _("The licence ({licence}) is not an open licence."),
        "open_licence": _("Open licence ({licence})."),
        "no_licence": _("No licence: choose an open licence."),
        "complies_open": _("The dataset is open ({licence}): nothing to explain."),
        "reason_recorded": _("Not open, and the reason is recorded: {reason}"),
        "closed_without_reason": _("The dataset is not open and no reason is recorded. Record why on the charter page of the dataset."),
        "contact_email": _("Contact point with an e-mail address ({email})."),
        "no_contact": _("No contact point: fill in who answers questions about the data."),
        "quality_good": _("Metadata quality score {score} of {max}."),
        "quality_bad": _("Metadata quality score {score} of {max} is too low (Bad)."),
        "open_format": _("Published in an open, machine-readable format ({formats})."),
        "no_open_format": _("No resource in an open, machine-readable format (only {formats})."),
        "rdf_distribution": _("Published as linked data ({formats})."),
        "no_resources": _("The dataset has no resources on the web."),
        "web_addresses": _("Every resource has a web address."),
        "temporal_and_frequency": _("Temporal coverage from {start} and update frequency {frequency} are given."),
        "in_dcat_feed": _("The dataset is in the portal's DCAT-AP feed, which regional, national and European portals harvest."),
        "private_not_in_feed": _("The dataset is private, so it is not in the DCAT-AP feed."),
    }
    text = texts.get(code)
    if text is None:
        return code
    try:
        return text.format(**p)
    except (KeyError, IndexError):
        return text


def problem(prob: ch.Problem) -> str:
    p = dict(prob.params)
    _ = tk._
    if prob.code == "unknown_charter":
        return _("Unknown charter: {charter}").format(**p)
    if prob.code == "unknown_principle":
        return _("Charter {charter} has no principle {principle}").format(**p)
    if prob.code == "organization_principle":
        return _("Principle {principle} of {charter} concerns the organization, not a dataset; it cannot be claimed on a dataset").format(**p)
    if prob.code == "bad_claim":
        return _("Not a claim: {claim}. Write charter:number, for example smart-flanders:9").format(**p)
    if prob.code == "not_a_list":
        return _("The claims of charter {charter} must be a list of principle numbers").format(**p)
    return _("Claims must be a list of charter:number")


def problems_to_errors(problems) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for prob in problems:
        errors.setdefault(prob.field, []).append(problem(prob))
    return errors
