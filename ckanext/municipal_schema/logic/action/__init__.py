"""Actions of the municipal schema, split by verb: ``get.py`` (the
dataset-type catalogue, the vocabularies, the chained RDF and series
readers) and ``create.py`` (the DCAT-AP import). ``tk.blanket.actions``
registers what ``__all__`` gathers here."""
from . import create, get
from .create import *  # noqa: F401,F403
from .get import *  # noqa: F401,F403

__all__ = get.__all__ + create.__all__
