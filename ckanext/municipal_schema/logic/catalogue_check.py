"""``ckan municipal-schema validate``: datasets checked as the portal
publishes them (``rdf_output.published_check``) against the DCAT-AP
3.0.1 shapes, and HVD 3.0.0's for those claiming to be high-value; the
harvest checks what it harvests, this command the rest (datasets of the
form, the import, the API)."""
from __future__ import annotations

from typing import Iterator, Optional

import ckan.plugins.toolkit as tk

from .rdf_output import published_check

__all__ = ["published_datasets", "results"]

PAGE = 100


def _context() -> dict:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def published_datasets(organization: Optional[str] = None
                       ) -> Iterator[str]:
    """The names of the public datasets the catalogue publishes (of one
    organization), by name."""
    fq = f'+organization:"{organization}"' if organization else ""
    context, start = _context(), 0
    while True:
        page = tk.get_action("package_search")(dict(context), {
            "fq": fq, "rows": PAGE, "start": start, "sort": "name asc",
            "include_private": False, "fl": "name"})
        for found in page["results"]:
            yield found["name"]
        start += PAGE
        if start >= page["count"]:
            return


def results(names) -> Iterator[tuple[str, Optional[object]]]:
    """(name, its ``dcat_validation.Result`` or None where it cannot be
    written) for each dataset named; a name that is no dataset raises
    ``tk.ObjectNotFound``."""
    context = _context()
    for name in names:
        try:
            dataset = tk.get_action("package_show")(
                {**context, "use_cache": False}, {"id": name})
        except tk.ObjectNotFound:
            raise tk.ObjectNotFound(name)
        yield name, published_check(dataset)
