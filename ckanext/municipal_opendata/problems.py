"""What the pure cores return for bad input instead of raising (pure: no
CKAN): the CKAN shell translates ``code`` with ``params`` and reports it
under ``field``, so every plugin refuses input the same way."""
from __future__ import annotations

import dataclasses
from typing import Any, Mapping

__all__ = ["Problem"]


@dataclasses.dataclass(frozen=True)
class Problem:
    """Something wrong with input: ``field`` names it (``scores.demand``,
    ``domain.statement``, ``charter_claims``), ``code`` the kind of
    problem."""
    field: str
    code: str
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)
