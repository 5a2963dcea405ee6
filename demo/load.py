#!/usr/bin/env python3
"""Load the demo portal (municipalities, themes, datasets) into CKAN.

The content lives in the YAML files of ``demo/data/``, written in the
shape of the municipal schema (``ckanext/municipal_schema/schemas``); this
module only turns it into CKAN action calls, without converting fields.
Every object is keyed by its ``name``: missing objects are created,
objects that differ from the YAML are updated, the rest are left alone, so
running it again changes nothing.

Usage (bin/demo runs it)::

    python demo/load.py -c demo.ini [--admin admin --password-file FILE]
                        [--harvest-port PORT]

With ``--harvest-port``, it then harvests the demo's municipal catalogue
(demo/harvest.py), served on that port of 127.0.0.1 while it runs.

From Python (the tests): ``sync(read_portal())`` inside a CKAN app
context.
"""
from __future__ import annotations

import argparse
import datetime
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Iterable

from ckanext.municipal_opendata.datafiles import load_yaml

DATA_DIR = Path(__file__).resolve().parent / "data"

# Structural keys of a YAML dataset; every other key is a field of the
# municipal dataset schema and goes to CKAN as it stands.
DATASET_STRUCTURE = {"name", "organization", "private", "tags", "groups",
                     "resources"}
RESOURCE_FIELDS = ("name", "url", "format", "description")
GROUP_FIELDS = ("title", "description", "image_url")
# Fields the schema derives by itself (compared only when the YAML gives
# them): the HVD regulation, and the organization's municipality.
DERIVED_FIELDS = {"applicable_legislation", "municipality_code"}
# The plugins that give CKAN the schema's shape (ckan.plugins).
SCHEMA_PLUGINS = ("municipal_schema", "scheming_datasets",
                  "scheming_organizations")


class PortalError(ValueError):
    """The YAML does not describe a consistent portal."""


# -- reading -----------------------------------------------------------------
def read_portal(data_dir: Path | str = DATA_DIR) -> dict[str, list[dict]]:
    """Merge every ``*.yaml`` file of ``data_dir`` into one portal:
    ``{"groups": [...], "organizations": [...], "datasets": [...]}``,
    checking that names are unique and references resolve."""
    portal: dict[str, list[dict]] = {
        "groups": [], "organizations": [], "datasets": []}
    files = sorted(Path(data_dir).glob("*.yaml"))
    if not files:
        raise PortalError(f"No *.yaml files in {data_dir}.")
    for path in files:
        content = load_yaml(path.read_text(encoding="utf-8")) or {}
        unknown = set(content) - set(portal)
        if unknown:
            raise PortalError(f"{path.name}: unknown sections {sorted(unknown)}")
        for section, items in content.items():
            portal[section].extend(items or [])
    _check(portal)
    return portal


def _check(portal: dict[str, list[dict]]) -> None:
    # Groups and organizations share CKAN's group table, hence one namespace.
    seen: set[str] = set()
    for section in ("groups", "organizations", "datasets"):
        for item in portal[section]:
            name = item.get("name")
            if not name or not item.get("title"):
                raise PortalError(f"{section}: every entry needs a name and a "
                                  f"title ({item!r:.80})")
            key = (section == "datasets", name)
            if key in seen:
                raise PortalError(f"{section}: duplicate name {name!r}")
            seen.add(key)  # type: ignore[arg-type]
    groups = {g["name"] for g in portal["groups"]}
    orgs = {o["name"] for o in portal["organizations"]}
    for dataset in portal["datasets"]:
        if dataset.get("organization") not in orgs:
            raise PortalError(f"dataset {dataset['name']}: unknown organization "
                              f"{dataset.get('organization')!r}")
        for group in dataset.get("groups") or []:
            if group not in groups:
                raise PortalError(f"dataset {dataset['name']}: unknown group "
                                  f"{group!r}")


# -- YAML -> CKAN dicts --------------------------------------------------------
def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def _value(value: Any) -> Any:
    """A YAML value as CKAN takes it: dates as YYYY-MM-DD, lists as lists
    of text, the rest as text."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, (list, tuple)):
        return [_value(v) for v in value]
    if isinstance(value, (dict, bool)) or value is None:
        return value
    return str(value).strip()


def group_dict(spec: dict[str, Any]) -> dict[str, Any]:
    """The CKAN dict of a theme (a plain CKAN group): core fields, every
    other YAML key as an extra (data_theme)."""
    data = {"name": spec["name"], "state": "active"}
    data.update({field: _text(spec.get(field)) for field in GROUP_FIELDS})
    data["extras"] = [{"key": key, "value": _text(value)}
                      for key, value in sorted(spec.items())
                      if key not in GROUP_FIELDS and key != "name"
                      and value is not None]
    return data


def organization_dict(spec: dict[str, Any]) -> dict[str, Any]:
    """The CKAN dict of a municipality: the fields of the municipal
    organization schema, as the YAML gives them."""
    data = {field: _value(value) for field, value in spec.items()}
    data.update({field: _text(spec.get(field)) for field in GROUP_FIELDS})
    data["state"] = "active"
    return data


def dataset_dict(spec: dict[str, Any]) -> dict[str, Any]:
    """The CKAN dict of a dataset from its YAML entry: the schema's fields
    as they stand, plus owner, tags, themes and resources."""
    data = {key: _value(value) for key, value in spec.items()
            if key not in DATASET_STRUCTURE}
    data.update({"name": spec["name"], "owner_org": spec["organization"],
                 "private": bool(spec.get("private", False)),
                 "state": "active"})
    data["tags"] = [{"name": str(tag)} for tag in spec.get("tags") or []]
    data["groups"] = [{"name": group} for group in spec.get("groups") or []]
    data["resources"] = [
        {key: _value(value) for key, value in resource.items()}
        for resource in spec.get("resources") or []]
    return data


# -- comparing with what CKAN holds --------------------------------------------
def _format(value: str) -> str:
    from ckan.lib.helpers import unified_resource_format
    return unified_resource_format(value) if value else ""


def _same(value: Any) -> Any:
    """A field's value in a form that compares equal whether it comes from
    the YAML or from CKAN (empty values alike, lists as tuples)."""
    if value in (None, "", [], {}, False):
        return None
    if isinstance(value, (list, tuple)):
        return tuple(_same(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _same(v)) for k, v in value.items()))
    return _text(value)


def _flat(data: dict[str, Any]) -> dict[str, Any]:
    """Fields of a CKAN dict, whether stored as fields or as extras."""
    flat = {e["key"]: e["value"] for e in data.get("extras") or []}
    flat.update({k: v for k, v in data.items() if k != "extras"})
    return flat


def _schema_fields(kind: str) -> set[str]:
    from ckan.plugins import toolkit as tk
    if kind == "dataset":
        schema = tk.h.scheming_get_dataset_schema("dataset")
        return {f["field_name"] for f in schema["dataset_fields"]}
    schema = tk.h.scheming_get_organization_schema("organization")
    return {f["field_name"] for f in schema["fields"]}


def _fields_differ(existing: dict[str, Any], desired: dict[str, Any],
                   fields: Iterable[str]) -> list[str]:
    current = _flat(existing)
    return [field for field in sorted(fields)
            if _same(current.get(field)) != _same(desired.get(field))]


def _group_differs(existing: dict[str, Any], desired: dict[str, Any]) -> bool:
    fields = set(GROUP_FIELDS) | {"state"} | (
        set(_flat(desired)) - {"name", "id"})
    if desired.get("extras") is None:  # an organization: the schema's fields
        fields |= _schema_fields("organization") - {"name"}
    return bool(_fields_differ(existing, _flat(desired), fields))


def _dataset_differs(existing: dict[str, Any], desired: dict[str, Any]) -> bool:
    fields = (_schema_fields("dataset") | set(desired)) - {
        "name", "id", "owner_org", "tag_string", "tags", "groups",
        "resources"} - (DERIVED_FIELDS - set(desired))
    if _fields_differ(existing, desired, fields):
        return True
    owner = (existing.get("organization") or {}).get("name")
    if owner != desired["owner_org"]:
        return True
    if sorted(t["name"] for t in existing.get("tags") or []) != \
            sorted(t["name"] for t in desired["tags"]):
        return True
    if sorted(g["name"] for g in existing.get("groups") or []) != \
            sorted(g["name"] for g in desired["groups"]):
        return True
    old, new = existing.get("resources") or [], desired["resources"]
    if len(old) != len(new):
        return True
    for shown, wanted in zip(old, new):
        for field in set(RESOURCE_FIELDS) | set(wanted):
            a, b = shown.get(field), wanted.get(field)
            if field == "format":
                a, b = _format(a or ""), _format(b or "")
            if _same(a) != _same(b):
                return True
    return False


# -- writing ---------------------------------------------------------------------
def _context() -> dict[str, Any]:
    from ckan.plugins import toolkit as tk
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def _show(action: str, data: dict[str, Any]) -> dict[str, Any] | None:
    from ckan.plugins import toolkit as tk
    try:
        return tk.get_action(action)(_context(), data)
    except tk.ObjectNotFound:
        return None


def _call(action: str, data: dict[str, Any]) -> dict[str, Any]:
    """Run a create/update action; a refusal names the object and fields."""
    from ckan.plugins import toolkit as tk
    try:
        return tk.get_action(action)(_context(), data)
    except tk.ValidationError as error:
        raise PortalError(f"{action} {data.get('name')}: the schema refuses "
                          f"{error.error_dict}") from error


def _upsert_group(kind: str, desired: dict[str, Any]) -> str:
    existing = _show(f"{kind}_show", {
        "id": desired["name"], "include_datasets": False,
        "include_users": False, "include_groups": False,
        "include_followers": False, "include_member_count": False})
    if existing is None:
        _call(f"{kind}_create", dict(desired))
        return "created"
    if not _group_differs(existing, desired):
        return "unchanged"
    # patch: keeps the members and datasets the YAML does not mention
    _call(f"{kind}_patch", dict(desired, id=existing["id"]))
    return "updated"


def _upsert_dataset(desired: dict[str, Any]) -> str:
    existing = _show("package_show", {"id": desired["name"]})
    if existing is None:
        _call("package_create", dict(desired))
        return "created"
    if not _dataset_differs(existing, desired):
        return "unchanged"
    # Keep the ids (and views) of the resources that are still there.
    resources = []
    for position, resource in enumerate(desired["resources"]):
        old = existing["resources"][position] \
            if position < len(existing["resources"]) else None
        resources.append(dict(resource, id=old["id"]) if old else resource)
    _call("package_update", dict(desired, id=existing["id"],
                                 resources=resources))
    return "updated"


def _require_schema() -> None:
    from ckan import plugins
    missing = [name for name in SCHEMA_PLUGINS
               if not plugins.plugin_loaded(name)]
    if missing:
        raise PortalError(
            "The demo data is written in the municipal schema: ckan.plugins "
            f"needs {' '.join(SCHEMA_PLUGINS)} (missing: {' '.join(missing)}).")


def sync(portal: dict[str, list[dict]]) -> dict[str, Counter]:
    """Create or update the groups, organizations and datasets of a portal
    (from ``read_portal``). Returns, per kind, how many were created,
    updated and left unchanged. Runs inside a CKAN app context with the
    municipal schema's plugins loaded."""
    _require_schema()
    report: dict[str, Counter] = {}
    report["groups"] = Counter(_upsert_group("group", group_dict(g))
                               for g in portal["groups"])
    report["organizations"] = Counter(
        _upsert_group("organization", organization_dict(o))
        for o in portal["organizations"])
    report["datasets"] = Counter(_upsert_dataset(dataset_dict(spec))
                                 for spec in portal["datasets"])
    return report


def ensure_sysadmin(name: str, password: str,
                    email: str = "admin@example.org") -> str:
    """Make sure sysadmin ``name`` exists, is active and logs in with
    ``password``. Returns "created", "updated" or "unchanged"."""
    from ckan import model
    from ckan.plugins import toolkit as tk

    user = model.User.get(name)
    if user is None:
        tk.get_action("user_create")(_context(), {
            "name": name, "email": email, "password": password,
            "fullname": "Demo administrator"})
        user = model.User.get(name)
        outcome = "created"
    else:
        outcome = "unchanged"
    if not user.sysadmin or user.state != "active" or \
            not user.validate_password(password):
        user.sysadmin = True
        user.state = "active"
        if not user.validate_password(password):
            user.password = password  # the setter stores a hash
        model.repo.commit()
        if outcome == "unchanged":
            outcome = "updated"
    return outcome


# -- command line ----------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True,
                        help="CKAN configuration file (demo.ini)")
    parser.add_argument("--data", default=str(DATA_DIR),
                        help="folder of the portal's YAML files")
    parser.add_argument("--admin", help="name of a sysadmin to ensure")
    parser.add_argument("--password-file",
                        help="file holding the sysadmin's password")
    parser.add_argument("--harvest-port", type=int,
                        help="harvest the demo catalogue, served on this "
                             "port of 127.0.0.1 meanwhile (demo/harvest.py)")
    args = parser.parse_args(argv)

    portal = read_portal(args.data)  # fail on bad YAML before CKAN starts

    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    app = make_app(load_config(args.config))
    with app._wsgi_app.test_request_context():
        if args.admin:
            if not args.password_file:
                parser.error("--admin needs --password-file")
            password = Path(args.password_file).read_text().strip()
            outcome = ensure_sysadmin(args.admin, password)
            print(f"Sysadmin {args.admin}: {outcome}.")
        started = time.perf_counter()
        report = sync(portal)
        elapsed = time.perf_counter() - started
        for kind, counts in report.items():
            summary = ", ".join(f"{counts[k]} {k}" for k in
                                ("created", "updated", "unchanged")
                                if counts[k])
            print(f"Demo {kind}: {summary or 'none'}.")
        print(f"(demo data synchronised in {elapsed:.1f} s)")
        if args.harvest_port:
            _harvest(args.harvest_port)
    return 0


def _harvest(port: int) -> None:
    """The demo's harvest source and its harvest (demo/harvest.py, next to
    this file: imported here, as tests import this module by its path)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import harvest
    started = time.perf_counter()
    lines = harvest.harvest(port)
    print("\n".join(lines))
    print(f"(demo catalogue harvested in {time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    sys.exit(main())
