"""The sentences of the job report's SHACL violations, translated: what
is wrong (the constraint), on what (the class of the node), with the
property as DCAT-AP names it."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.municipal_schema.rules import N_

__all__ = ["violation_text", "with_texts"]

ON = {
    "dcat:Dataset": N_("The dataset"),
    "dcat:DatasetSeries": N_("The dataset series"),
    "dcat:Distribution": N_("A distribution"),
    "dcat:DataService": N_("A data service"),
    "foaf:Agent": N_("An agent (publisher or creator)"),
    "foaf:Organization": N_("An agent (publisher or creator)"),
    "vcard:Kind": N_("A contact point"),
    "vcard:Organization": N_("A contact point"),
    "vcard:Individual": N_("A contact point"),
    "dct:LicenseDocument": N_("A licence"),
}
M_ON_OTHER = N_("A node of class {cls}")
M_MISSING = N_("{on}: {property} is missing; DCAT-AP requires it.")
M_TOO_MANY = N_("{on}: {property} has more values than DCAT-AP allows.")
M_WRONG_KIND = N_("{on}: {property} has a value of the wrong kind.")
M_WRONG_VALUE = N_("{on}: {property} has a value of the wrong kind "
                   "({value}).")
M_OTHER = N_("{on}: {property} does not conform to DCAT-AP ({message}).")


def _on(focus_class: str) -> str:
    if focus_class in ON:
        return tk._(ON[focus_class])
    return tk._(M_ON_OTHER).format(cls=focus_class or "-")


def violation_text(violation: dict) -> str:
    params = {"on": _on(violation.get("focus_class") or ""),
              "property": violation.get("path") or "-"}
    kind = violation.get("kind")
    if kind == "missing":
        return tk._(M_MISSING).format(**params)
    if kind == "too_many":
        return tk._(M_TOO_MANY).format(**params)
    if kind == "wrong_kind" and violation.get("value"):
        return tk._(M_WRONG_VALUE).format(value=violation["value"], **params)
    if kind == "wrong_kind":
        return tk._(M_WRONG_KIND).format(**params)
    return tk._(M_OTHER).format(message=violation.get("message") or "",
                                **params)


def with_texts(summary: dict) -> dict:
    """The report's validation part with a ``text`` for each violation."""
    for item in summary["worst"]:
        item["violations"] = [{**v, "text": violation_text(v)}
                              for v in item["violations"]]
    summary["frequent"] = [{**v, "text": violation_text(v)}
                           for v in summary["frequent"]]
    return summary
