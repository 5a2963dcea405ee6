"""The one place where the suite bridges CKAN 2.11 and CKAN 2.12.

The suite is written against CKAN 2.12 and runs on CKAN 2.11 as Open Data
DK does. Where 2.11 lacks something the suite relies on, or behaves
differently in a way the suite must paper over, the difference is handled
here and nowhere else; each entry names the CKAN behaviour it stands in
for, so that it can be deleted when 2.11 is no longer supported.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

#: True on CKAN 2.11.x, the oldest release the suite supports.
CKAN_2_11 = not tk.check_ckan_version(min_version="2.12")


# -- Validators -----------------------------------------------------------

def boolean_validator(value: Any, context: Any) -> Any:
    """CKAN's ``boolean_validator`` as CKAN 2.12 has it.

    CKAN 2.11's calls ``value.lower()`` on whatever it is given, so a
    number, a list or an object sent through the API ends in an
    AttributeError, a 500. CKAN 2.12's takes booleans and integers for what
    they are and any other non-string for False.
    """
    if not CKAN_2_11:
        return tk.get_validator("boolean_validator")(value, context)
    if value is tk.missing or value is None:
        return False
    if isinstance(value, (bool, int)):
        return bool(value)
    if isinstance(value, str) and value.lower() in (
            "true", "yes", "t", "y", "1"):
        return True
    return False


# -- CSRF protection of the suite's forms ----------------------------------

def csrf_protected(blueprint):
    """Check the CSRF token of a blueprint's form POSTs, on every CKAN
    version, whatever CKAN has exempted.

    CKAN's own check cannot be relied on for the suite's forms:

    - CKAN 2.11 exempts all plugins' blueprints unless the portal sets
      ``ckan.csrf_protection.ignore_extensions = false``, and its default
      is true.
    - CKAN 2.12 exempts a view for the rest of the process once any
      request authenticated by an API token (or by nothing: anonymous)
      reaches it (``csrf.exempt(view)`` in ``ckan_before_request``,
      ``ckan/config/middleware/flask_app.py``). After a plain user's
      token-bearing ``GET /prioritization/weights``, answered 403, the
      secretariat's logged-in browser could be made to post new weights
      without a token.

    So the suite checks the token itself, with the rule CKAN means to
    apply, decided for each request on its own: a request whose user CKAN
    identified from its API token (no cookie to ride on) or from nothing
    is not checked; a request riding on a session cookie is. Every
    blueprint of the suite that accepts a form POST goes through this
    function (``tests/test_csrf.py`` enumerates them).
    """
    blueprint.before_request(_check_csrf_token)
    return blueprint


def _check_csrf_token() -> None:
    from flask import current_app
    from ckan.config.middleware.flask_app import csrf

    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return  # the portal turned CSRF protection off altogether
    # set by CKAN for this request only (flask.g), when the user came from
    # the Authorization header or from nowhere; never by a session cookie
    if tk.g.get("login_via_auth_header"):
        return
    # protect() without exemptions: aborts with 400 when the token is
    # missing or wrong, whatever views CKAN's csrf object has exempted
    csrf.protect()


# -- `ckan search-index` --------------------------------------------------

#: The arguments of ``ckan search-index`` that rebuild the index and drop
#: the entries of datasets that no longer exist, and those that rebuild it
#: and keep them. CKAN 2.12's ``rebuild`` drops them unless given
#: ``--keep-orphans``; CKAN 2.11's keeps them unless ``--clear`` empties
#: the index first.
if CKAN_2_11:
    REBUILD_DROPPING_ORPHANS = ("search-index", "rebuild", "--clear")
    REBUILD_KEEPING_ORPHANS = ("search-index", "rebuild")
else:
    REBUILD_DROPPING_ORPHANS = ("search-index", "rebuild")
    REBUILD_KEEPING_ORPHANS = ("search-index", "rebuild", "--keep-orphans")


# -- Indexing one dataset in the caller's transaction ----------------------

def index_package(package_id: str) -> None:
    """Re-index one dataset without committing: with postgres_search the
    index row is written in the caller's transaction and commits (or rolls
    back) with it.

    CKAN 2.12 has ``ckan.logic.index_update_package``; CKAN 2.11 indexes
    from its commit hook, and ``ckan.lib.search.rebuild`` (both versions)
    commits the session, so it cannot be used inside an action."""
    from ckan import logic
    if hasattr(logic, "index_update_package"):
        logic.index_update_package({"ignore_auth": True}, package_id)
        return
    from ckan.lib import search  # no toolkit equivalent for indexing
    pkg_dict = tk.get_action("package_show")(
        {"ignore_auth": True, "validate": False, "use_cache": False},
        {"id": package_id})
    search.index_for("Package").update_dict(pkg_dict)


# -- A dataset's extras, read in bulk -------------------------------------------

def eager_package_extras() -> tuple:
    """Query options that load the datasets' extras with them: CKAN 2.11
    keeps extras in the table package_extra (one query per dataset
    otherwise), CKAN 2.12 in a column of package (nothing to add)."""
    if not CKAN_2_11:
        return ()
    from sqlalchemy import orm
    from ckan import model
    return (orm.selectinload(model.Package._extras),)
