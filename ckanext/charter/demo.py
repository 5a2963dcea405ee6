"""Demo content for a demo portal (data in ``data/demo.yaml``), loaded
after the portal's datasets: ``ckan charter load-demo``. Existing
adoptions, claims and datasets are left alone, so loading twice changes
nothing."""
from __future__ import annotations

import datetime
import pathlib

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata.datafiles import load_yaml
from ckanext.municipal_opendata.model import utcnow

from . import model as cmodel
from . import registry
from .logic import jobs

DEMO_FILE = pathlib.Path(__file__).parent / "data" / "demo.yaml"


def load_demo() -> dict[str, int]:
    content = load_yaml(DEMO_FILE.read_text(encoding="utf-8"))
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})

    def context():
        return {"user": site_user["name"], "ignore_auth": True}

    counts = {"adoptions": 0, "claims": 0, "datasets": 0, "months": 0}
    session = model.Session
    for a in content.get("adoptions", []):
        org = model.Group.get(a["organization"])
        if org is None or registry.get(a["charter"]) is None:
            continue  # organization or charter not in this portal
        if session.get(cmodel.Adoption, (org.id, a["charter"])) is None:
            tk.get_action("charter_adoption_create")(context(), {
                "organization_id": org.id, "charter": a["charter"],
                "adopted": a["adopted"],
                "decision_url": a.get("decision_url")})
            counts["adoptions"] += 1
    for spec in content.get("placeholders", []):
        if model.Package.get(spec["name"]) is None:
            data = {k: v for k, v in spec.items() if k != "organization"}
            data["owner_org"] = spec["organization"]
            tk.get_action("package_create")(context(), data)
            counts["datasets"] += 1
    reasons = content.get("closed_reasons", {})
    for name, claims in content.get("claims", {}).items():
        pkg = model.Package.get(name)
        if pkg is None or session.get(cmodel.DatasetStatement, pkg.id):
            continue
        known = {k: v for k, v in claims.items() if registry.get(k)}
        data = {"id": pkg.id, "charter_claims": known}
        if name in reasons:
            data["closed_reason"] = reasons[name]
        tk.get_action("charter_claims_update")(context(), data)
        counts["claims"] += 1
    for item in content.get("history", []):
        month = datetime.date.fromisoformat(f"{item['month']}-01")
        if session.get(cmodel.Snapshot, (month, "")) is None:
            session.add(cmodel.Snapshot(
                month=month, organization_id="", datasets=item["datasets"],
                average_score=item["average_score"],
                ratings=item["ratings"], proven={}, taken=utcnow()))
            counts["months"] += 1
    session.commit()
    jobs.recompute()
    return counts
