"""Pages of the dataset-type catalogue."""
import ckan.plugins.toolkit as tk
from flask import Blueprint

__all__ = [
    "municipal_schema",
]


municipal_schema = Blueprint("municipal_schema", __name__)


def _context():
    return {"user": tk.g.user}


def dataset_types():
    types = tk.get_action("municipal_dataset_type_list")(
        _context(), {"with_counts": True})
    return tk.render("municipal_schema/dataset_types.html",
                     {"dataset_types": types})


def dataset_type(code):
    try:
        dataset_type = tk.get_action("municipal_dataset_type_show")(
            _context(), {"id": code})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Dataset type not found"))
    return tk.render("municipal_schema/dataset_type.html",
                     {"dataset_type": dataset_type})


municipal_schema.add_url_rule("/dataset-types", view_func=dataset_types)
municipal_schema.add_url_rule("/dataset-types/<code>",
                              view_func=dataset_type)


def get_blueprints():
    return [municipal_schema]
