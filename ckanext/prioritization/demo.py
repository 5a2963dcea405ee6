"""Demo screenings, candidates and demand for a demo portal (data in
``data/demo.yaml``), loaded by ``ckan prioritization load-demo``.

Candidates that exist already, screenings already recorded and demand
already registered are left alone, so loading twice changes nothing.
"""
from __future__ import annotations

import pathlib
import secrets

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata.datafiles import load_yaml

from . import model as pmodel

DEMO_FILE = pathlib.Path(__file__).parent / "data" / "demo.yaml"


def _context() -> dict:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def _screen(package_id: str, screening: dict) -> bool:
    if model.Session.get(pmodel.Screening, package_id) is not None:
        return False
    tk.get_action("prioritization_screening_update")(
        _context(), {"id": package_id, **screening})
    return True


def load_demo(path: pathlib.Path = DEMO_FILE) -> tuple[int, int]:
    """Create the candidates, screen them and the listed datasets, create
    the demo re-users and their demand; returns (screenings, demands)
    added."""
    data = load_yaml(path.read_text(encoding="utf-8"))
    screened = 0
    for spec in data.get("candidates") or ():
        spec = dict(spec)
        screening = spec.pop("screening")
        pkg = model.Package.get(spec["name"])
        if pkg is None:
            org = spec.pop("organization")
            pkg_dict = tk.get_action("package_create")(_context(), {
                # not yet public: the schema's access rights say so too
                "access_rights": "NON_PUBLIC", "license_id": "cc-by",
                **spec, "owner_org": org, "private": True,
                "notes": spec.get("notes") or spec["title"],
            })
            pkg_id = pkg_dict["id"]
        else:
            pkg_id = pkg.id
        screened += _screen(pkg_id, screening)
    for name, screening in (data.get("screen") or {}).items():
        pkg = model.Package.get(name)
        if pkg is not None:
            screened += _screen(pkg.id, screening)

    audiences = {}
    for user in data.get("reusers") or ():
        audiences[user["name"]] = user["audience"]
        if model.User.get(user["name"]) is None:
            tk.get_action("user_create")(_context(), {
                "name": user["name"],
                "email": f"{user['name']}@example.org",
                "password": secrets.token_urlsafe(24)})
    demands = 0
    for item in data.get("demand") or ():
        user = model.User.get(item["user"])
        query = model.Session.query(pmodel.Demand).filter_by(user_id=user.id)
        request = {"audience": audiences[item["user"]],
                   "note": item.get("note") or ""}
        if item.get("dataset"):
            pkg = model.Package.get(item["dataset"])
            if pkg is None or query.filter_by(package_id=pkg.id).count():
                continue
            request["package_id"] = pkg.id
        else:
            if query.filter_by(dataset_type_code=item["type"]).count():
                continue
            request["dataset_type_code"] = item["type"]
        tk.get_action("prioritization_demand_create")(
            {"user": user.name, "ignore_auth": True}, request)
        demands += 1
    return screened, demands
