"""Actions of the prioritization plugin, by verb: ``get`` (shows, lists,
summaries), ``create`` (demand), ``update`` (screening, weights,
recompute). ``__all__`` gathers the verb modules' ``__all__``: what
plugin.py hands ``tk.blanket.actions``.

prioritization_screening_show | update, prioritization_weights_show |
update | history, prioritization_ranking, prioritization_coverage,
prioritization_demand_create | summary, prioritization_recompute.
"""
from __future__ import annotations

from . import create, get, update
from .create import *  # noqa: F401,F403
from .get import *  # noqa: F401,F403
from .update import *  # noqa: F401,F403

__all__ = [*get.__all__, *create.__all__, *update.__all__]
