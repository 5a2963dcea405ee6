"""The demo's harvest source: the regional portal of Västra Götaland
gathering the catalogue of Mölndals stad, a municipality that keeps its
own portal (``demo/data/harvest/molndals-stad.ttl``), so that a new user
sees a harvest job and its import report (docs/harvest.md).

``demo/load.py --harvest-port PORT`` (bin/demo) runs it before CKAN serves
the demo on PORT: the catalogue is served on http://127.0.0.1:PORT from a
thread for the length of the harvest, at the address where the portal
itself serves it afterwards (``extra_public_paths`` of
demo.ini.template), so the source's address stays the same from run to
run and opens in a browser once the demo runs.

Everything is kept in step as the rest of the demo data: the source's
owner and the source are created once, and updated only when they
differ (another PORT: another address); the harvest itself is
ckanext-harvest's ``run-test`` (all stages at once, no queue consumers),
which leaves every dataset the catalogue did not change alone.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import json
import threading
from pathlib import Path
from typing import Any, Iterator

CATALOGUE_DIR = Path(__file__).resolve().parent / "data" / "harvest"
CATALOGUE = "molndals-stad.ttl"
SOURCE_NAME = "molndals-stad-oppna-data"
# The regional portal's own organization: it owns the harvest source
# (ckanext-harvest shows a source's jobs to its organization's editors).
# The harvested datasets go to their publisher's organization instead.
OWNER = {
    "name": "vastra-gotalandsregionen",
    "title": "Västra Götalandsregionen",
    "description": (
        "Den regionala portalen: samlar in katalogerna från de kommuner i "
        "Västra Götaland som har en egen portal. (The regional portal: "
        "harvests the catalogues of the municipalities that keep their "
        "own portal.)"),
    "country": "SE",
    "region": "Västra Götalands län",
    "website": "https://www.vgregion.se",
}
SOURCE = {
    "name": SOURCE_NAME,
    "title": "Mölndals stads öppna data",
    "notes": (
        "Mölndals stads DCAT-AP-katalog, insamlad till den regionala "
        "portalen. (Mölndal's DCAT-AP catalogue, harvested into the "
        "regional portal.)"),
    "source_type": "municipal_dcat",
    "frequency": "MANUAL",
    # The publisher, Mölndals stad, gets an organization of its own.
    "config": {"create_organizations": True},
}


def catalogue_url(port: int) -> str:
    return f"http://127.0.0.1:{port}/{CATALOGUE}"


class _CatalogueOnly(http.server.SimpleHTTPRequestHandler):
    """The catalogue and nothing else: any other address answers 404, so
    that nobody (the demo test waiting for the portal either) takes this
    server for the portal."""

    def send_head(self):  # type: ignore[override]
        if self.path.split("?")[0] != f"/{CATALOGUE}":
            self.send_error(404)
            return None
        return super().send_head()

    def log_message(self, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serving(port: int) -> Iterator[str]:
    """The catalogue folder served on 127.0.0.1:port from a thread (the
    demo's port: CKAN does not serve yet); yields the catalogue's URL."""
    handler = functools.partial(_CatalogueOnly, directory=str(CATALOGUE_DIR))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port),
                                                 handler)
    except OSError as error:
        raise SystemExit(f"Cannot serve the demo catalogue on 127.0.0.1:"
                         f"{port} ({error.strerror}): is the port taken?")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield catalogue_url(port)
    finally:
        server.shutdown()
        server.server_close()


def _context() -> dict[str, Any]:
    from ckan import model
    from ckan.plugins import toolkit as tk
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"model": model, "user": site_user["name"], "ignore_auth": True}


def _action(name: str, data: dict[str, Any]) -> Any:
    from ckan.plugins import toolkit as tk
    return tk.get_action(name)(_context(), data)


def _ensure_owner() -> None:
    from ckan.plugins import toolkit as tk
    try:
        _action("organization_show", {"id": OWNER["name"],
                                      "include_datasets": False})
    except tk.ObjectNotFound:
        _action("organization_create", dict(OWNER))


def ensure_source(url: str) -> tuple[str, dict[str, Any]]:
    """The harvest source of the catalogue at ``url``: "created",
    "updated" (its address or settings differ) or "unchanged"."""
    from ckan.plugins import toolkit as tk
    _ensure_owner()
    desired = dict(SOURCE, url=url, owner_org=OWNER["name"],
                   config=json.dumps(SOURCE["config"]), private=False,
                   state="active")
    try:
        source = _action("harvest_source_show", {"id": SOURCE_NAME})
    except tk.ObjectNotFound:
        _action("harvest_source_create", desired)
        return "created", _action("harvest_source_show", {"id": SOURCE_NAME})
    owner = source.get("organization") or {}
    differs = (
        source["url"] != url or source["title"] != SOURCE["title"]
        or source["source_type"] != SOURCE["source_type"]
        or json.loads(source.get("config") or "{}") != SOURCE["config"]
        or owner.get("name") != OWNER["name"] or source.get("private")
        or source.get("state") != "active")
    if not differs:
        return "unchanged", source
    _action("harvest_source_update", dict(desired, id=source["id"]))
    return "updated", _action("harvest_source_show", {"id": SOURCE_NAME})


def _abort_interrupted_jobs(source: dict[str, Any]) -> None:
    """A job left "Running" by a demo stopped while it harvested would make
    run-test ask on the terminal whether to abort it: abort it here."""
    running = _action("harvest_job_list", {"source_id": source["id"],
                                           "status": "Running"})
    if running:
        _action("harvest_job_abort", {"source_id": source["id"]})


def run(source: dict[str, Any]) -> dict[str, Any]:
    """Harvest the source now, as ``ckan harvester run-test`` does (every
    stage in this process); returns the job's import report, with its
    gather errors."""
    from ckanext.harvest.utils import run_test_harvester
    _abort_interrupted_jobs(source)
    run_test_harvester(source["id"], None)
    job = _action("harvest_job_list", {"source_id": source["id"]})[0]
    report = _action("municipal_harvest_job_report", {"id": job["id"]})
    report["gather_errors"] = [error["message"] for error in _action(
        "harvest_job_report", {"id": job["id"]})["gather_errors"]]
    return report


def _organizations() -> set[str]:
    return {org["title"] for org in _action(
        "organization_list", {"all_fields": True, "limit": 1000})}


def harvest(port: int) -> list[str]:
    """Serve the catalogue, keep its source in step, harvest it; returns
    the lines that say what happened."""
    with serving(port) as url:
        outcome, source = ensure_source(url)
        organizations = _organizations()
        report = run(source)
    counts = ", ".join(f"{number} {status}" for status, number in
                       report["counts"].items() if number)
    if report.get("withdrawn"):
        counts += f", {report['withdrawn']} withdrawn"
    lines = [f"Harvest source {SOURCE_NAME}: {outcome}.",
             f"Harvest of {url}: {counts or 'nothing'}."]
    for problem in report["problems"]:
        reasons = "; ".join(text for _field, text in problem["errors"])
        lines.append(f"  refused: {problem['title']} ({reasons})")
    new = sorted(_organizations() - organizations)
    if new:
        lines.append("Organizations created for the catalogue's "
                     f"publishers: {', '.join(new)}.")
    lines.extend(f"Harvest error: {error}"
                 for error in report["gather_errors"])
    return lines
