#!/usr/bin/env python3
"""Load the demo portal (municipalities, themes, datasets) into CKAN.

The content lives in the YAML files of ``demo/data/``; this module only
turns it into CKAN action calls. Every object is keyed by its ``name``:
missing objects are created, objects that differ from the YAML are
updated, the rest are left alone, so running it again changes nothing.

Usage (bin/demo runs it)::

    python demo/load.py -c demo.ini [--admin admin --password-file FILE]

From Python (the tests): ``sync(read_portal())`` inside a CKAN app
context.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Iterable

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"

# Keys of a YAML dataset that are CKAN core fields; every other key
# (except the structural ones below) becomes a dataset extra.
DATASET_FIELDS = ("title", "notes", "license_id", "url", "version", "author",
                  "author_email", "maintainer", "maintainer_email")
DATASET_STRUCTURE = {"name", "organization", "private", "tags", "groups",
                     "resources"}
RESOURCE_FIELDS = ("name", "url", "format", "description")
GROUP_FIELDS = ("title", "description", "image_url")
# Organization extras that are copied onto each of its datasets.
INHERITED_EXTRAS = ("municipality_code",)


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
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
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


def _extras(mapping: dict[str, Any]) -> list[dict[str, str]]:
    return [{"key": key, "value": _text(value)}
            for key, value in sorted(mapping.items()) if value is not None]


def group_dict(spec: dict[str, Any]) -> dict[str, Any]:
    """The CKAN dict of a group or organization: core fields, plus every
    other YAML key as an extra (municipality_code, country, ...)."""
    data = {"name": spec["name"], "state": "active"}
    data.update({field: _text(spec.get(field)) for field in GROUP_FIELDS})
    data["extras"] = _extras({key: value for key, value in spec.items()
                              if key not in GROUP_FIELDS and key != "name"})
    return data


def dataset_dict(spec: dict[str, Any],
                 organizations: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The CKAN dict of a dataset from its YAML entry."""
    org = organizations[spec["organization"]]
    extras = {key: org[key] for key in INHERITED_EXTRAS if key in org}
    extras.update({key: value for key, value in spec.items()
                   if key not in DATASET_STRUCTURE
                   and key not in DATASET_FIELDS})
    data = {"name": spec["name"], "owner_org": spec["organization"],
            "private": bool(spec.get("private", False)), "state": "active"}
    data.update({field: _text(spec.get(field)) for field in DATASET_FIELDS})
    data["tags"] = [{"name": str(tag)} for tag in spec.get("tags") or []]
    data["groups"] = [{"name": group} for group in spec.get("groups") or []]
    data["extras"] = _extras(extras)
    data["resources"] = [
        {field: _text(resource.get(field)) for field in RESOURCE_FIELDS}
        for resource in spec.get("resources") or []]
    return data


# -- comparing with what CKAN holds --------------------------------------------
def _format(value: str) -> str:
    from ckan.lib.helpers import unified_resource_format
    return unified_resource_format(value) if value else ""


def _group_signature(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "state": data.get("state"),
        **{field: data.get(field) or "" for field in GROUP_FIELDS},
        "extras": {e["key"]: e["value"] for e in data.get("extras") or []},
    }


def _dataset_signature(data: dict[str, Any]) -> dict[str, Any]:
    owner = data.get("organization") or {}
    return {
        "state": data.get("state"),
        "private": bool(data.get("private")),
        # package_show has the organization; the YAML dict has its name.
        "owner_org": owner.get("name") if owner else data.get("owner_org"),
        **{field: data.get(field) or "" for field in DATASET_FIELDS},
        "tags": sorted(t["name"] for t in data.get("tags") or []),
        "groups": sorted(g["name"] for g in data.get("groups") or []),
        "extras": {e["key"]: e["value"] for e in data.get("extras") or []},
        "resources": [
            tuple(_format(r.get(f) or "") if f == "format" else r.get(f) or ""
                  for f in RESOURCE_FIELDS)
            for r in data.get("resources") or []],
    }


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


def _upsert_group(kind: str, desired: dict[str, Any]) -> str:
    from ckan.plugins import toolkit as tk
    existing = _show(f"{kind}_show", {
        "id": desired["name"], "include_datasets": False,
        "include_users": False, "include_groups": False,
        "include_followers": False, "include_member_count": False})
    if existing is None:
        tk.get_action(f"{kind}_create")(_context(), dict(desired))
        return "created"
    if _group_signature(existing) == _group_signature(desired):
        return "unchanged"
    # patch: keeps the members and datasets the YAML does not mention
    tk.get_action(f"{kind}_patch")(_context(),
                                   dict(desired, id=existing["id"]))
    return "updated"


def _upsert_dataset(desired: dict[str, Any]) -> str:
    from ckan.plugins import toolkit as tk
    existing = _show("package_show", {"id": desired["name"]})
    if existing is None:
        tk.get_action("package_create")(_context(), dict(desired))
        return "created"
    if _dataset_signature(existing) == _dataset_signature(desired):
        return "unchanged"
    # Keep the ids (and views) of the resources that are still there.
    resources = []
    for position, resource in enumerate(desired["resources"]):
        old = existing["resources"][position] \
            if position < len(existing["resources"]) else None
        resources.append(dict(resource, id=old["id"]) if old else resource)
    tk.get_action("package_update")(_context(), dict(
        desired, id=existing["id"], resources=resources))
    return "updated"


def sync(portal: dict[str, list[dict]]) -> dict[str, Counter]:
    """Create or update the groups, organizations and datasets of a portal
    (from ``read_portal``). Returns, per kind, how many were created,
    updated and left unchanged. Runs inside a CKAN app context."""
    report: dict[str, Counter] = {}
    organizations = {org["name"]: org for org in portal["organizations"]}
    steps: Iterable[tuple[str, str, list[dict]]] = (
        ("groups", "group", [group_dict(g) for g in portal["groups"]]),
        ("organizations", "organization",
         [group_dict(o) for o in portal["organizations"]]),
    )
    for label, kind, items in steps:
        report[label] = Counter(_upsert_group(kind, item) for item in items)
    report["datasets"] = Counter(
        _upsert_dataset(dataset_dict(spec, organizations))
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
                            ("created", "updated", "unchanged") if counts[k])
        print(f"Demo {kind}: {summary or 'none'}.")
    print(f"(demo data synchronised in {elapsed:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
