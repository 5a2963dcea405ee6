"""The CLI's work: evaluating every dataset again, and checking links."""
from __future__ import annotations

import datetime

import ckan.lib.search as search
import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata.model import utcnow

from .. import linkcheck
from .. import model as cmodel
from .. import quality
from . import evaluation as ev


def _package_ids(names: list[str] | None, public_only: bool = False):
    query = model.Session.query(model.Package.id).filter(
        model.Package.state == "active")
    if public_only:
        query = query.filter(model.Package.private.is_(False))
    if names:
        query = query.filter(model.Package.name.in_(names)
                             | model.Package.id.in_(names))
    return [r[0] for r in query.order_by(model.Package.name)]


def reevaluate(package_id: str, dataset: dict | None = None) -> None:
    """Evaluate the dataset again (``dataset``: as shown, where the caller
    has it), store and index the result."""
    ev.refresh(model.Session, package_id, dataset)
    model.Session.commit()
    search.rebuild(package_id)


def recompute(names: list[str] | None = None, snapshot: bool = True) -> int:
    ids = _package_ids(names)
    for package_id in ids:
        reevaluate(package_id)
    if snapshot:
        tk.get_action("charter_snapshot_take")({"ignore_auth": True}, {})
    return len(ids)


def check_links(names: list[str] | None = None, check_all: bool = False
                ) -> tuple[int, int]:
    """Check the access and download URLs of the datasets' resources
    (those not checked within ``link_check_max_age_days`` unless
    ``check_all``), store each result with its date and re-evaluate the
    datasets. Returns (links checked, links failed)."""
    config = tk.config
    session = model.Session
    max_age = datetime.timedelta(
        days=config.get("ckanext.charter.link_check_max_age_days"))
    now = utcnow()
    wanted: list[tuple[str, str, str, str]] = []  # resource, kind, pkg, url
    packages = _package_ids(names, public_only=not names)
    for package_id in packages:
        dataset = ev.show_dataset(package_id)
        recent = {(r.resource_id, r.kind, r.url): r.checked
                  for r in ev.link_rows(session, package_id)}
        for resource in dataset.get("resources") or []:
            for kind, url in quality.link_targets(resource):
                checked = recent.get((resource["id"], kind, url))
                if check_all or checked is None or now - checked > max_age:
                    wanted.append((resource["id"], kind, package_id, url))
    results = linkcheck.check_many(
        (w[3] for w in wanted),
        concurrency=config.get("ckanext.charter.link_check_concurrency"),
        timeout=float(config.get("ckanext.charter.link_check_timeout")),
        max_redirects=config.get("ckanext.charter.link_check_max_redirects"),
        private_addresses=config.get(
            "ckanext.charter.link_check_private_addresses"))
    failed = 0
    for resource_id, kind, package_id, url in wanted:
        result = results[url]
        failed += not result["ok"]
        row = session.get(cmodel.LinkCheck, (resource_id, kind))
        if row is None:
            row = cmodel.LinkCheck(resource_id=resource_id, kind=kind)
            session.add(row)
        row.package_id = package_id
        row.url = url
        row.ok = result["ok"]
        row.status = result["status"]
        row.error = result["error"]
        row.checked = utcnow()
    session.commit()
    for package_id in {w[2] for w in wanted}:
        reevaluate(package_id)
    return len(wanted), failed
