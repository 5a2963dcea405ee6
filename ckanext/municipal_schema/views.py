"""Pages of the dataset-type catalogue, and the short language prefixes
(``/da/...`` for the portal's ``da_DK``)."""
import ckan.plugins.toolkit as tk
from flask import Blueprint, redirect, request
from werkzeug.exceptions import NotFound

from ckanext.municipal_opendata import pages

__all__ = [
    "municipal_schema",
]


municipal_schema = Blueprint("municipal_schema", __name__)


@municipal_schema.route("/dataset-types")
def dataset_types():
    types = pages.action("municipal_dataset_type_list", with_counts=True)
    return tk.render("municipal_schema/dataset_types.html",
                     {"dataset_types": types})


@municipal_schema.route("/dataset-types/<code>")
def dataset_type(code):
    try:
        dataset_type = pages.action("municipal_dataset_type_show", id=code)
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Dataset type not found"))
    return tk.render("municipal_schema/dataset_type.html",
                     {"dataset_type": dataset_type})


def language_aliases(offered) -> dict[str, str]:
    """The short prefix people type for each offered locale that has a
    region (``da`` for ``da_DK``), unless the short one is offered too or
    two offered locales share it."""
    offered = [str(o) for o in offered]
    short: dict[str, list[str]] = {}
    for locale in offered:
        if "_" in locale:
            short.setdefault(locale.split("_")[0], []).append(locale)
    return {alias: locales[0] for alias, locales in short.items()
            if len(locales) == 1 and alias not in offered}


@municipal_schema.before_app_request
def language_alias():
    """``/da/dataset`` reaches ``/da_DK/dataset``: people type the short
    prefix, CKAN knows only the offered locale's. Only for addresses no
    page answers (the routing failed, or only CKAN's catch-all route of
    static files matched), read as GET."""
    unrouted = isinstance(getattr(request, "routing_exception", None),
                          NotFound) or request.endpoint == "static"
    if request.method not in ("GET", "HEAD") or not unrouted:
        return None
    first, _, rest = request.path.lstrip("/").partition("/")
    locale = language_aliases(
        tk.aslist(tk.config.get("ckan.locales_offered"))).get(first)
    if locale is None:
        return None
    target = f"/{locale}/{rest}"
    if request.query_string:
        target += "?" + request.query_string.decode("latin-1")
    return redirect(target, code=301)


def get_blueprints():
    return [municipal_schema]
