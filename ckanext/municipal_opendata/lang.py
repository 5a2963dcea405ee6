"""The language of the page being served, for every plugin."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

__all__ = ["current_lang"]


def current_lang() -> str:
    """The request's language, else the portal's default (outside a
    request: CLI commands, background jobs)."""
    try:
        lang = tk.h.lang()
    except (RuntimeError, AttributeError, TypeError):
        lang = None
    return lang or tk.config.get("ckan.locale_default") or "en"
