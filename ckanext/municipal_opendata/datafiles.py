"""Reading the suite's data files: YAML (JSON is YAML too), with PyYAML's
C parser where it is installed. The pure-Python parser took about a third
of the start-up of every `ckan` command and every plugin load; the
results are the same (the C parser feeds the same safe constructor)."""
from __future__ import annotations

from typing import IO, Any

import yaml

__all__ = ["load_yaml"]

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(source: str | bytes | IO) -> Any:
    """What ``yaml.safe_load(source)`` returns."""
    return yaml.load(source, Loader=_SAFE_LOADER)
