"""Template helpers of the prioritization plugin."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata.lang import current_lang
from ckanext.municipal_opendata.labels import pick_label

from . import criteria as cr
from . import registry

__all__ = [
    "prioritization_can_weigh",
    "prioritization_dataset_summary",
    "prioritization_model",
    "prioritization_text",
]


def prioritization_text(labels) -> str:
    return pick_label(labels, current_lang())


def prioritization_model() -> cr.Model:
    return registry.screening_model()


def prioritization_can_weigh() -> bool:
    """Whether the current user may change the weights."""
    from .logic import access
    return access.is_full(tk.current_user.name
                          if tk.current_user.is_authenticated else "")


def prioritization_dataset_summary(pkg: dict) -> dict | None:
    """Status, score and demand for the box on the dataset page (what
    package_show already filtered for this viewer)."""
    from . import display
    from .logic import names
    try:
        summary = tk.get_action("prioritization_demand_summary")(
            {"user": tk.current_user.name
             if tk.current_user.is_authenticated else ""},
            {"package_id": pkg["id"]})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None
    status = pkg.get("prioritization_status")
    score = pkg.get("prioritization_score")
    r = names.reader()
    return {
        "status": status,
        "status_label": display.label(r, "statuses", status),
        "score": score,
        "score_text": f"{score:.1f}" if score is not None else "",
        "recommendation": pkg.get("prioritization_recommendation"),
        "recommendation_label": display.label(
            r, "recommendations", pkg.get("prioritization_recommendation")),
        "demand": summary["count"],
        "type_demand": summary.get("type_count", 0),
    }
