"""`make demo` as the README runs it, tested from the outside: in a
subprocess, with the variables the README names (PORT, DEMO_DB,
DEMO_REDIS_DB), against a scratch database, served on a free port. Every
page the demo prints answers 200 with its heading; a second run reuses
what the first made. The demo harvests a municipal catalogue: the first
run creates its datasets and refuses one, the second leaves them
unchanged, and the job's report (for the admin only) says so.

The scratch database is the test database's name + ``_demo`` (so parallel
runs keep apart), dropped before and after; its Redis db is
DEMO_TEST_REDIS_DB, which `make test` sets (no test run uses it). The demo
serves CKAN 2.12, so only the CKAN 2.12 run tests it: once per `make test`.
"""
from __future__ import annotations

import dataclasses
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import bs4
import psycopg2
import pytest
import rdflib
import requests
from rdflib.namespace import DCAT, DCTERMS, RDF
from sqlalchemy.engine import make_url

import ckan
from ckan.plugins import toolkit as tk

ROOT = Path(__file__).resolve().parents[1]
# The first run sets up the database and loads everything (about a minute
# on two busy cores); a generous bound, as CI machines vary.
START_TIMEOUT = 600
ADMIN = "admin"
# What each page the demo prints shows as its heading: its <h1>, or its
# title where it has none (the front page). A page the demo prints that is
# missing here, or one listed here that it no longer prints, fails.
HEADINGS = {
    "/": "Municipal Open Data (demo)",
    "/user/login": "Login",
    "/dataset": re.compile(r"\d+ datasets found"),
    "/da_DK/dataset/aarhus-luftkvalitet":
        "Luftkvalitet – målinger fra Banegårdsgade og Botanisk Have",
    "/dataset-types": "Municipal dataset types",
    "/dataset-types/parking": "Parking (locations and occupancy)",
    # Turtle: what the catalogue holds; the portal's has Mölndal's
    # harvested catalogue as its part
    "/catalog.ttl": re.compile(r"1 catalogue, [1-9]\d* datasets, 1 part"),
    "/maturity": "Open-data maturity of the network",
    "/prioritization": "Priority scores of public datasets",
    "/prioritization/coverage": "Coverage of dataset types",
    "/dataset/aarhus-parkeringshuse-belaegning/screening":
        "Screening and priority",
    "/charter": "Open Data Charter across the network",
    "/organization/stad-gent/charter": "Charter and metadata quality",
    "/harvest/molndals-stad-oppna-data": "Mölndals stads öppna data",
    "/molndals-stad.ttl": "1 catalogue, 7 datasets",  # the one harvested
    "/organization/molndals-stad": "6 datasets found",
}
# Printed pages that only the admin may see (ckanext-harvest shows a job
# to the source organization's editors and sysadmins): opened logged in,
# and refused to a visitor.
JOB_REPORT = "/harvest/molndals-stad-oppna-data/job/last"
ADMIN_HEADINGS = {JOB_REPORT: "Mölndals stads öppna data"}
REFUSED = "Träd i parker och gatumiljö"  # the catalogue's dataset refused

pytestmark = pytest.mark.skipif(
    not ckan.__version__.startswith("2.12."),
    reason="make demo serves CKAN 2.12: the CKAN 2.12 run of make test "
           "tests it")


@dataclasses.dataclass
class Scratch:
    db: str
    redis_db: int
    server: str  # PostgreSQL URL of the maintenance database

    @property
    def state(self) -> Path:
        return ROOT / "var" / "demo" / self.db

    def remove(self) -> None:
        """Drop the database and the demo's files, as if never run."""
        conn = psycopg2.connect(self.server)
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{self.db}" WITH (FORCE)')
        conn.close()
        shutil.rmtree(self.state, ignore_errors=True)


@dataclasses.dataclass
class Run:
    output: str
    url: str
    password: str
    pages: dict  # path -> (status, heading, label), opened anonymously
    admin_pages: dict  # path -> (status, heading, counts, problems) as admin
    admin_home: str  # where logging in as the admin led


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _clean_env() -> dict[str, str]:
    """The environment of a user's shell: none of the outer make's
    variables (MAKEFLAGS carries its command line), none of the test
    run's CKAN settings."""
    dropped = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES",
               "PORT", "DEMO_DB", "DEMO_REDIS_DB")
    return {key: value for key, value in os.environ.items()
            if key not in dropped and not key.startswith("CKAN_")}


class Demo:
    """`make demo ...` in its own process group, its output collected."""

    def __init__(self, scratch: Scratch, port: int):
        self.lines: list[str] = []
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            ["make", "demo", f"PORT={port}", f"DEMO_DB={scratch.db}",
             f"DEMO_REDIS_DB={scratch.redis_db}"],
            cwd=ROOT, env=_clean_env(), stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, start_new_session=True)
        threading.Thread(target=self._collect, daemon=True).start()

    def _collect(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_until_served(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"make demo stopped (exit "
                            f"{self.process.returncode}) before serving:\n"
                            f"{self.output}")
            try:
                if requests.get(self.url, timeout=10).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(1)
        pytest.fail(f"make demo did not serve {self.url} within "
                    f"{START_TIMEOUT} s:\n{self.output}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def printed_pages(output: str, url: str) -> dict[str, str]:
    """The pages the demo prints (path -> label), the login page and the
    front page among them."""
    pages = {}
    for label, address in re.findall(rf"^\s*(.*?):\s+({re.escape(url)}\S*)$",
                                     output, re.MULTILINE):
        pages[urlparse(address).path or "/"] = label
    return pages


def printed_password(output: str) -> str:
    found = re.search(r"^\s*password:\s+(\S+)$", output, re.MULTILINE)
    assert found, f"the demo printed no admin password:\n{output}"
    return found.group(1)


def heading(response: requests.Response) -> str | None:
    soup = bs4.BeautifulSoup(response.text, "html.parser")
    found = soup.find("h1") or soup.find("title")
    return found.get_text(" ", strip=True) if found else None


def catalogue_heading(response: requests.Response) -> str:
    """A Turtle catalogue's stand-in for a heading: what it holds."""
    assert response.headers["Content-Type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    parts = set(graph.objects(None, DCTERMS.hasPart))
    catalogues = len(set(graph.subjects(RDF.type, DCAT.Catalog)) - parts)
    datasets = len(set(graph.subjects(RDF.type, DCAT.Dataset)))
    return f"{catalogues} catalogue, {datasets} datasets" + (
        f", {len(parts)} part" if parts else "")


def job_report(response: requests.Response) -> tuple:
    """The page's heading, the import report's counts (label -> number)
    and the text of its worst problems."""
    soup = bs4.BeautifulSoup(response.text, "html.parser")
    section = soup.find("section", class_="municipal-harvest-report")
    if section is None:
        return heading(response), {}, ""
    counts = {row.th.get_text(strip=True): row.td.get_text(strip=True)
              for row in section.find_all("tr") if row.th and row.td}
    problems = section.find("ul", class_="municipal-harvest-problems")
    return (heading(response), counts,
            problems.get_text(" ", strip=True) if problems else "")


def log_in(session: requests.Session, url: str, password: str) -> str:
    """Log in through the login form; returns the page it leads to."""
    form = bs4.BeautifulSoup(
        session.get(f"{url}/user/login", timeout=60).text, "html.parser")
    token = form.find("input", attrs={"name": "_csrf_token"})["value"]
    response = session.post(f"{url}/user/login", timeout=60, data={
        "_csrf_token": token, "login": ADMIN, "password": password})
    assert response.status_code == 200, response.text[:500]
    return urlparse(response.url).path


def run_demo(scratch: Scratch, port: int | None = None) -> Run:
    """Run `make demo` (on ``port``, else a free one), open every page it
    prints, stop it."""
    demo = Demo(scratch, port or _free_port())
    try:
        demo.wait_until_served()
        output = demo.output
        password = printed_password(output)
        anonymous, admin = requests.Session(), requests.Session()
        admin_home = log_in(admin, demo.url, password)
        pages, admin_pages = {}, {}
        for path, label in printed_pages(output, demo.url).items():
            if path in ADMIN_HEADINGS:
                response = admin.get(demo.url + path, timeout=60)
                admin_pages[path] = (response.status_code,
                                     *job_report(response))
            # every printed page is one a visitor who is not logged in
            # opens (a private dataset's would be a 404 to them), but for
            # the job report, which a visitor must be refused
            response = anonymous.get(demo.url + path, timeout=60)
            shown = (catalogue_heading(response)
                     if path.endswith(".ttl") and response.ok
                     else heading(response))
            pages[path] = (response.status_code, shown, label)
    finally:
        demo.stop()
    return Run(output, demo.url, password, pages, admin_pages, admin_home)


@pytest.fixture(scope="module")
def scratch():
    if "DEMO_TEST_REDIS_DB" not in os.environ:
        pytest.fail("DEMO_TEST_REDIS_DB is not set: run the suite through "
                    "`make test`, which sets it to a Redis db no test run "
                    "uses")
    test_db = make_url(tk.config["sqlalchemy.url"])
    scratch = Scratch(
        db=f"{test_db.database}_demo",
        redis_db=int(os.environ["DEMO_TEST_REDIS_DB"]),
        server=test_db.set(database="postgres").render_as_string(
            hide_password=False))
    scratch.remove()
    yield scratch
    scratch.remove()


@pytest.fixture(scope="module")
def first_run(scratch):
    return run_demo(scratch)


def test_the_demo_prints_the_pages_it_promises(first_run):
    assert set(first_run.pages) == set(HEADINGS) | set(ADMIN_HEADINGS), \
        first_run.output


@pytest.mark.parametrize("path", HEADINGS)
def test_every_printed_page_answers_with_its_heading(first_run, path):
    if path not in first_run.pages:
        pytest.fail(f"the demo no longer prints {path}:\n{first_run.output}")
    status, shown, label = first_run.pages[path]
    assert status == 200, (label, path)
    expected = HEADINGS[path]
    if isinstance(expected, re.Pattern):
        assert expected.fullmatch(shown), (path, shown)
    else:
        assert shown == expected, path


def test_the_first_run_creates_the_database_admin_and_data(first_run, scratch):
    output = first_run.output
    assert f"Created database {scratch.db}." in output
    assert f"A new demo for database {scratch.db}" in output
    assert "Sysadmin admin: created." in output
    assert re.search(r"Demo datasets: \d+ created\.", output), output
    # the demo's own database and Redis db, written where CKAN reads them
    ini = (scratch.state / "demo.ini").read_text()
    assert f"/{scratch.db}\n" in ini
    assert f"redis://127.0.0.1:6379/{scratch.redis_db}\n" in ini
    assert f"Redis db {scratch.redis_db};" in output
    # the password logs in (the dashboard, not the login form again)
    assert first_run.admin_home.startswith("/dashboard"), first_run.admin_home


def test_a_second_run_reuses_what_the_first_made(first_run, scratch):
    # on the same port, as `make demo` run again: the harvest source's
    # address stays the same
    second = run_demo(scratch, urlparse(first_run.url).port)
    output = second.output
    assert "Created database" not in output, output
    assert f"Using the existing database {scratch.db}." in output
    assert f"Reusing the demo of database {scratch.db}" in output
    assert "Sysadmin admin: unchanged." in output, output
    assert not re.search(r"Demo \w+: .*\b(created|updated)\b", output), output
    assert "0 demo assessments loaded" in output
    assert "0 screenings, 0 demand signals loaded" in output
    # the same admin password, and it still logs in
    assert second.password == first_run.password
    assert second.admin_home.startswith("/dashboard"), second.admin_home
    # the harvest changes nothing: the source reused, its datasets
    # unchanged, the dataset without a description refused again
    assert "Harvest source molndals-stad-oppna-data: unchanged." in output
    assert f"Harvest of {second.url}/molndals-stad.ttl: 6 unchanged, " \
        "1 refused." in output
    assert "Organizations created" not in output
    assert report_counts(second) == {
        "Created": "0", "Updated": "0", "Unchanged": "6", "Refused": "1",
        "Withdrawn": "0"}
    # every page as before: same headings, so the same dataset counts
    assert second.pages == first_run.pages


def report_counts(run: Run) -> dict:
    status, shown, counts, _problems = run.admin_pages[JOB_REPORT]
    assert (status, shown) == (200, ADMIN_HEADINGS[JOB_REPORT])
    return {label: counts.get(label) for label in
            ("Created", "Updated", "Unchanged", "Refused", "Withdrawn")}


def test_the_first_run_harvests_the_municipal_catalogue(first_run):
    output = first_run.output
    catalogue = f"{first_run.url}/molndals-stad.ttl"
    assert "Harvest source molndals-stad-oppna-data: created." in output
    assert f"Harvest of {catalogue}: 6 created, 1 refused." in output
    assert f"refused: {REFUSED} (Description: is required.)" in output
    assert "Organizations created for the catalogue's publishers: " \
        "Mölndals stad." in output
    # the job's report, as the admin sees it: what the import did, and
    # why it refused a dataset
    assert report_counts(first_run) == {
        "Created": "6", "Updated": "0", "Unchanged": "0", "Refused": "1",
        "Withdrawn": "0"}
    problems = first_run.admin_pages[JOB_REPORT][3]
    assert REFUSED in problems and "Description: is required." in problems


def test_a_visitor_is_refused_the_job_report(first_run):
    status, shown, _label = first_run.pages[JOB_REPORT]
    assert status == 403, (status, shown)
