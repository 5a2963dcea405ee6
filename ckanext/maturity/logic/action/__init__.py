"""Actions of the maturity self-assessment, by verb: ``get`` (framework,
assessments, network summary), ``create`` (an assessment, a network
release), ``update`` (answers, sharing, submitting). The scoring is done by
the pure ``framework`` module; the actions store, check rights and
translate. ``tk.blanket.actions`` registers what ``__all__`` names here."""
from __future__ import annotations

from . import create, get, update
from .create import *  # noqa: F401,F403
from .get import *  # noqa: F401,F403
from .update import *  # noqa: F401,F403

__all__ = sorted(get.__all__ + create.__all__ + update.__all__)
