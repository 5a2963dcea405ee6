"""What the demo portal shows of the municipal schema.

The demo content itself (municipalities, datasets in the schema, HVD ones
included) has one source: the YAML files of the repository's
``demo/data/``, loaded by ``demo/load.py`` (``make demo``). This module
only lists the schema's pages worth visiting in a portal that has content:
the dataset-type catalogue and each type's page (which municipalities
publish it).
"""
from __future__ import annotations

from . import vocab


def pages() -> list:
    """The pages the demo shows: the catalogue and each type's page."""
    return ["/dataset-types"] + [f"/dataset-types/{t.code}"
                                 for t in vocab.dataset_types()]
