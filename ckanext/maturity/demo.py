"""Demo assessments for a demo portal (data in ``data/demo.yaml``).

    from ckanext.maturity.demo import load_demo_assessments
    load_demo_assessments(["aarhus", "leuven", "gent", "boras"])

or ``ckan -c var/demo/<DEMO_DB>/demo.ini maturity load-demo aarhus leuven
gent boras``.
Organizations that already have an assessment are left alone, so loading
twice changes nothing.
"""
from __future__ import annotations

import datetime
import pathlib

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata.datafiles import load_yaml

from . import framework as fw
from . import model as mmodel
from . import registry

DEMO_FILE = pathlib.Path(__file__).parent / "data" / "demo.yaml"


def _answers(framework: fw.Framework, levels: dict, needs: dict) -> dict:
    top = max(o.value for o in framework.scale)
    answers = {}
    for d in framework.domains:
        level = levels.get(d.code, levels.get("default", 1))
        for i, s in enumerate(d.statements):
            # a little spread around the level, keeping its mean close
            shift = (0, 1, -1, 0, 0)[i % 5] if 0 < level < top else 0
            answers[f"{d.code}.{s.code}"] = min(max(level + shift, 0), top)
        answers[f"{d.code}.{fw.NEED}"] = needs.get(d.code,
                                                   needs.get("default", 1))
    return answers


def load_demo_assessments(org_names: list[str] | None = None) -> list[str]:
    """Create submitted demo assessments for the organizations (all
    organizations when None); returns the ids created."""
    profiles = load_yaml(DEMO_FILE.read_text())["profiles"]
    framework = registry.get()
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    context = {"user": site_user["name"], "ignore_auth": True}
    if org_names is None:
        org_names = tk.get_action("organization_list")(context, {})
    created = []
    for index, name in enumerate(org_names):
        org = model.Group.get(name)
        if org is None or not org.is_organization:
            raise tk.ObjectNotFound(f"Organization not found: {name}")
        if model.Session.query(mmodel.Assessment).filter_by(
                organization_id=org.id).count():
            continue
        profile = profiles[index % len(profiles)]
        for item in profile["assessments"]:
            a = tk.get_action("maturity_assessment_create")(
                dict(context), {
                    "organization_id": org.id,
                    "shared": bool(profile.get("shared")),
                    "answers": _answers(framework, item.get("levels", {}),
                                        item.get("needs", {}))})
            tk.get_action("maturity_assessment_submit")(dict(context),
                                                        {"id": a["id"]})
            when = datetime.datetime.fromisoformat(str(item["submitted"]))
            row = model.Session.get(mmodel.Assessment, a["id"])
            row.created = when - datetime.timedelta(days=14)
            row.modified = row.submitted = when
            model.Session.commit()
            created.append(a["id"])
    return created
