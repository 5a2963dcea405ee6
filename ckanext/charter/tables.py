"""The rows of the charter network's CSV export, from
``charter_network_summary``: pure, no CKAN. Headers are the translated
column names (``_`` is CKAN's gettext in a request), cells hold the
charter's and organization's names, with their codes in columns of their
own; counts and shares are numbers."""
from __future__ import annotations

from typing import Any, Callable, Mapping

__all__ = [
    "network_table",
]


def network_table(summary: Mapping[str, Any], _: Callable[[str], str]
                  ) -> tuple[list, list]:
    """One row per charter, organization and principle: the share of the
    organization's public datasets that prove the principle."""
    header = [_("Charter"), _("Charter code"), _("Principle"),
              _("Principle title"), _("Organization"),
              _("Organization name"), _("Public datasets"),
              _("Share proven (%)")]
    rows = [[c["title"], c["code"], p["number"], p["title"], org["title"],
             org["name"], org["datasets"], share]
            for c in summary["charters"] for org in c["organizations"]
            for p, share in zip(c["principles"], org["shares"])]
    return header, rows
