"""Template helpers of the prioritization plugin."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from . import screening as sc
from . import store


def prioritization_text(labels) -> str:
    return sc.text(labels, store.current_lang())


def prioritization_model() -> sc.Model:
    return store.screening_model()
