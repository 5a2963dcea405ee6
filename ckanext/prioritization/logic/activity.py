"""The chained action registered only while CKAN's ``activity`` plugin is
loaded (see plugin.py): an activity stores the dataset as package_show
gave it at the time, for every later reader of the activity stream, and
so never the plugin's score fields.

The score is derived by the plugin, not typed by the dataset's editors;
an activity records what the editors changed. Kept out of the stored
activity, it cannot reach a reader the score is hidden from through any
activity action or page (package_activity_list, activity_show,
activity_diff, the dataset's history pages, dashboards), on CKAN 2.11 and
2.12 alike. Activities stored before are cleaned by the plugin's migration
0002 (`ckan db upgrade -p prioritization`).
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from .. import hiding

__all__ = ["activity_create"]


@tk.chained_action
def activity_create(next_action, context, data_dict):
    data = data_dict.get("data")
    if isinstance(data, dict) and isinstance(data.get("package"), dict):
        package = hiding.strip(dict(data["package"]), hiding.FIELDS)
        data_dict = dict(data_dict, data=dict(data, package=package))
    return next_action(context, data_dict)
