"""Actions of the charter plugin, one module per verb: get.py (lists,
shows, summaries), create.py, update.py, delete.py. The pure modules
(charters, rules, quality, display) decide; these store, check rights
and translate. ``tk.blanket.actions`` registers what ``__all__`` names
here: the verb modules' ``__all__`` together."""
from __future__ import annotations

from . import create, delete, get, update
from .create import *  # noqa: F401,F403
from .delete import *  # noqa: F401,F403
from .get import *  # noqa: F401,F403
from .update import *  # noqa: F401,F403

__all__ = [*get.__all__, *create.__all__, *update.__all__,
           *delete.__all__]
