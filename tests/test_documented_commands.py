"""Every `ckan ...` command the README and docs name, run as users run it.

The rest of the suite calls the plugins from inside one Python process;
a CLI group that CKAN never registered (no ``__all__`` in ``cli.py``)
passed every test while ``make demo`` failed. Here each command is run by
the installed ``ckan`` executable of this virtualenv, in a subprocess,
against an ini written from test.ini with the README's "everything on"
plugin list and a scratch database of its own (``<test db>_cli``), which
the commands themselves set up (``ckan db init``, ``ckan db upgrade -p``).

The commands are read from the docs: indented and fenced code lines and
inline code that start with ``ckan ``; ``a|b`` names alternatives. A
documented command that ``STEPS`` does not know how to run fails the
test, so a new command in the docs forces a decision here. Network
commands get a loopback server: the DCAT-AP document is served from
127.0.0.1 and its download links point there too.
"""
from __future__ import annotations

import http.server
import itertools
import os
import pathlib
import re
import shutil
import subprocess
import sys
import threading
import time
from typing import NamedTuple
from urllib.parse import urlparse

import psycopg2
import pytest

import ckan.plugins.toolkit as tk

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOC_FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
CKAN = pathlib.Path(sys.executable).parent / "ckan"
DCAT_DOCUMENT = ROOT / "tests" / "data" / "dcat-ap" / "municipal" / \
    "aarhus-dk.ttl"
ORGANIZATION = "aarhus-kommune"  # the document's publisher, in portal.yaml


# -- what the docs name ---------------------------------------------------
def _code_lines(text: str) -> list[str]:
    """Indented and fenced code lines, and inline code spans."""
    found, prose = [], []
    fenced = False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if fenced or line.startswith("    "):
            found.append(line.strip().removeprefix("$ "))
        else:
            prose.append(line)
    # inline spans in the prose only: a fence's backticks would pair with
    # those of the spans after it
    found += re.findall(r"`([^`]+)`", "\n".join(prose))
    return found


def normalise(command: str) -> list[str]:
    """``ckan -c ckan.ini a b|c`` -> ``["ckan a b", "ckan a c"]``."""
    words = command.split()
    if words[1:2] == ["-c"]:
        del words[1:3]
    choices = [w.split("|") if "|" in w and not w.startswith("[") else [w]
               for w in words]
    return [" ".join(c) for c in itertools.product(*choices)]


def _is_placeholder(code: str) -> bool:
    """``ckan -c demo.ini ...`` shows how to point any command at an ini."""
    words = normalise(code)[0].split()
    return words[1:] == ["..."] or words[1:2] == ["<command>"]


def documented_commands() -> dict[str, list[str]]:
    """{normalised command: [files naming it]}."""
    commands: dict[str, list[str]] = {}
    for path in DOC_FILES:
        for code in _code_lines(path.read_text(encoding="utf-8")):
            code = " ".join(code.split())
            if not code.startswith("ckan ") or _is_placeholder(code):
                continue
            for command in normalise(code):
                commands.setdefault(command, []).append(path.name)
    return commands


def readme_plugins() -> str:
    """The plugin list of the README's "A portal with everything on"."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("A portal with everything on:", 1)[1]
    match = re.search(r"ckan\.plugins = \.\.\. (.*?)\n\n", block, re.S)
    return " ".join(match.group(1).split())


# -- how each is run -------------------------------------------------------
class Step(NamedTuple):
    documents: tuple[str, ...]  # the documented commands it runs ("": setup)
    argv: tuple[str, ...]       # after `ckan -c INI`; {placeholders}
    expect: str                 # a regular expression the output matches
    status: int = 0


GROUPS = {"municipal-schema": ("import", "validate"),
          "maturity": ("frameworks", "load-demo", "release"),
          "prioritization": ("recompute", "load-demo"),
          "charter": ("recompute", "check-links", "load-demo")}

# In order: each step works on what the steps before it made.
STEPS = [
    Step((), ("db", "init"), r"(Initialising|Upgrading) DB: SUCCESS"),
    *[Step((f"ckan db upgrade -p {plugin}",), ("db", "upgrade", "-p", plugin),
           r"Upgrading DB: SUCCESS")
      for plugin in ("harvest", "postgres_search", "maturity",
                     "prioritization", "charter")],
    *[Step((), (group, "--help"),
           r"(?s)Commands:" + "".join(f"(?=.*\\b{c}\\b)" for c in subs))
      for group, subs in GROUPS.items()],
    # the organizations come from the demo loader (no command makes them)
    Step(("ckan municipal-schema import FILE_OR_URL --organization NAME "
          "[--dry-run]",),
         ("municipal-schema", "import", "{url}", "--organization",
          ORGANIZATION, "--dry-run"),
         r"dry run, nothing written: 2 found \(turtle\): 2 created"),
    Step(("ckan municipal-schema import",
          "ckan municipal-schema import FILE_OR_URL --organization NAME "
          "[--dry-run]"),
         ("municipal-schema", "import", "{file}", "--organization",
          ORGANIZATION), r"\+ created: .* -> (?P<dataset>[-a-z0-9_]+)"),
    # the imported datasets, as the portal publishes them, conform
    Step(("ckan municipal-schema validate",
          "ckan municipal-schema validate [DATASETS]... [--organization "
          "NAME]"),
         ("municipal-schema", "validate", "--organization", ORGANIZATION),
         r"(?m)^([1-9]\d*) datasets checked against DCAT-AP 3\.0\.1 "
         r"\(\d+ also against HVD 3\.0\.0\): \1 conform, 0 violate, 0 "
         r"cannot be written$"),
    # a harvest source on the same document: its datasets are those the
    # import made (same URIs), found unchanged or updated, not doubled.
    # ckanext-harvest 1.6.3 on CKAN 2.12 creates the source, then fails
    # printing it (its status is not there yet): docs/harvest.md says so
    Step(("ckan harvester source create",
          "ckan harvester source create NAME URL municipal_dcat TITLE true "
          "ORGANIZATION MANUAL CONFIG"),
         ("harvester", "source", "create", "municipalities", "{url}",
          "municipal_dcat", "Municipalities", "true", ORGANIZATION, "MANUAL",
          '{{"create_organizations": true}}'),
         r"AttributeError: 'NoneType' object has no attribute 'get'"
         if tk.check_ckan_version("2.12") else r"Created new harvest source",
         1 if tk.check_ckan_version("2.12") else 0),
    Step(("ckan harvester source show NAME",),
         ("harvester", "source", "show", "municipalities"),
         r"type: municipal_dcat"),
    Step(("ckan harvester run-test NAME",),
         ("harvester", "run-test", "municipalities"), r""),
    Step((), ("harvester", "jobs"),
         r"status: Finished\s+source: \S+\s+objects: \d+\s+gather_errors: 0"),
    # the consumers run until stopped: that CKAN knows them is checked
    *[Step((f"ckan harvester {consumer}",),
           ("harvester", consumer, "--help"), rf"Usage: .*{consumer}")
      for consumer in ("gather-consumer", "fetch-consumer")],
    # the cron line's command (README)
    Step((), ("harvester", "run"), r""),
    Step(("ckan prioritization load-demo",), ("prioritization", "load-demo"),
         r"[1-9]\d* screenings, [1-9]\d* demand signals loaded"),
    Step(("ckan prioritization recompute",), ("prioritization", "recompute"),
         # load-demo queued index refreshes (sync_reindex_limit = 1):
         # recompute finds them stale and repairs them
         r"[1-9]\d* datasets, \d+ scores changed, [1-9]\d* stale index "
         r"entries in"),
    Step(("ckan maturity frameworks",), ("maturity", "frameworks"),
         r"\* [-\w.]+: 11 domains"),
    Step(("ckan maturity load-demo",), ("maturity", "load-demo"),
         r"[1-9]\d* demo assessments loaded"),
    Step(("ckan maturity release",), ("maturity", "release"),
         r"network figures (moved on|unchanged: not enough new)"),
    Step(("ckan charter load-demo",), ("charter", "load-demo"),
         r"[1-9]\d* adoptions, \d+ claims, [1-9]\d* datasets, "
         r"[1-9]\d* months loaded"),
    Step(("ckan charter recompute",), ("charter", "recompute"),
         r"[1-9]\d* datasets evaluated"),
    Step(("ckan charter check-links",), ("charter", "check-links"),
         r"[1-9]\d* links checked, 0 failed"),
    Step(("ckan charter check-links [DATASETS] [--all]",),
         ("charter", "check-links", "{dataset}", "--all"),
         r"[1-9]\d* links checked, 0 failed"),
    Step(("ckan search-index rebuild",), ("search-index", "rebuild"),
         r"Indexing dataset (\d+)/\1"),
    Step(("ckan search-index check",), ("search-index", "check"),
         r"Packages not indexed = 0 out of [1-9]"),
    # the charter's fields are in the index document CKAN shows (those
    # under Solr's catch-all `*` are indexed, not stored: not shown)
    Step(("ckan search-index show",), ("search-index", "show", "{dataset}"),
         r"'vocab_charter_proven': \['smart-flanders:\d+'"),
    # the index refreshes prioritization queued (sync_reindex_limit = 1)
    Step(("ckan jobs worker",), ("jobs", "worker", "--burst"),
         r"Worker \S+ has finished job"),
    Step(("ckan search-index clear <id>",),
         ("search-index", "clear", "{dataset}"), r""),
    Step((), ("search-index", "check"),
         r"Packages not indexed = 1 out of [1-9]"),
    Step(("ckan search-index clear",), ("search-index", "clear"), r""),
    Step((), ("search-index", "check"),
         r"Packages not indexed = ([1-9]\d*) out of \1"),
]


def test_every_documented_command_is_run():
    documented = documented_commands()
    known = {d for step in STEPS for d in step.documents}
    unknown = {c: documented[c] for c in sorted(set(documented) - known)}
    assert not unknown, (
        "The docs name commands this test does not know how to run; add a "
        f"step for each to STEPS: {unknown}")
    stale = sorted(known - set(documented))
    assert not stale, f"STEPS run commands no doc names any more: {stale}"


# -- the portal they run against --------------------------------------------
class _Loopback(http.server.BaseHTTPRequestHandler):
    document = b""

    def do_GET(self):
        if self.path == "/catalog.ttl":
            body, kind = self.document, "text/turtle"
        else:
            body, kind = b"place,free\nBruuns Galleri,120\n", "text/csv"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def loopback():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Loopback)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def _scratch_database() -> str:
    url = urlparse(tk.config["sqlalchemy.url"])
    name = url.path.lstrip("/") + "_cli"
    connection = psycopg2.connect(url._replace(path="/postgres").geturl())
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return url._replace(path="/" + name).geturl()


def _write_ini(directory: pathlib.Path, database: str) -> pathlib.Path:
    text = (ROOT / "test.ini").read_text()
    text = re.sub(r"(?m)^ckan\.plugins = .*$",
                  "ckan.plugins = " + readme_plugins(), text)
    text = re.sub(r"(?m)^sqlalchemy\.url = .*$",
                  "sqlalchemy.url = " + database, text)
    # a queue of its own for `ckan jobs worker` (queues carry the site id)
    text = re.sub(r"(?m)^ckan\.site_id = .*$", "ckan.site_id = municipal-cli",
                  text)
    text = text.replace("[app:main]\n", "[app:main]\n"
                        # the download links are on the loopback server
                        "ckanext.charter.link_check_private_addresses = "
                        "true\n"
                        # a re-scoring of several datasets re-indexes
                        # them in a job
                        "ckanext.prioritization.sync_reindex_limit = 1\n",
                        1)
    # what `ckan jobs worker` did is logged at INFO
    text = text.replace("qualname = ckan\nhandlers =\nlevel = WARNING",
                        "qualname = ckan\nhandlers =\nlevel = INFO")
    ini = directory / "cli.ini"
    ini.write_text(text)
    return ini


@pytest.fixture(scope="module")
def portal(tmp_path_factory, loopback):
    directory = tmp_path_factory.mktemp("cli")
    database = _scratch_database()
    ini = _write_ini(directory, database)
    document = re.sub(r"(dcat:(?:access|download)URL) <https?://[^/>]+",
                      rf"\1 <{loopback}", DCAT_DOCUMENT.read_text())
    _Loopback.document = document.encode()
    (directory / "catalog.ttl").write_text(document)
    env = {k: v for k, v in os.environ.items() if k != "CKAN_INI"}
    env["CKAN_SQLALCHEMY_URL"] = database  # the environment beats the ini
    orgs = directory / "organizations"
    orgs.mkdir()
    shutil.copy(ROOT / "demo" / "data" / "portal.yaml", orgs)
    return {"ini": ini, "env": env, "orgs": orgs,
            "file": str(directory / "catalog.ttl"),
            "url": f"{loopback}/catalog.ttl"}


def _run(portal, argv) -> tuple[subprocess.CompletedProcess, float]:
    started = time.perf_counter()
    result = subprocess.run(argv, env=portal["env"], cwd=ROOT, text=True,
                            capture_output=True, timeout=600)
    return result, time.perf_counter() - started


def test_documented_commands_run_through_the_installed_ckan(portal):
    values = {"file": portal["file"], "url": portal["url"]}
    failures, timings = [], []
    for step in STEPS:
        argv = [a.format(**values) for a in step.argv]
        result, seconds = _run(portal, [str(CKAN), "-c", str(portal["ini"]),
                                        *argv])
        timings.append((" ".join(argv), seconds))
        output = result.stdout + result.stderr
        match = re.search(step.expect, output)
        if result.returncode != step.status or not match:
            failures.append(f"ckan {' '.join(argv)}: exit {result.returncode}"
                            f" (expected {step.status}), expected "
                            f"/{step.expect}/ in:\n{output[-3000:]}")
        elif match.groupdict():
            values.update(match.groupdict())
        if argv[:2] == ["db", "upgrade"] and argv[-1] == "charter":
            # The organizations the demo commands need; no `ckan` command
            # creates one.
            result, seconds = _run(portal, [
                sys.executable, str(ROOT / "demo" / "load.py"),
                "-c", str(portal["ini"]), "--data", str(portal["orgs"])])
            timings.append(("demo/load.py (organizations)", seconds))
            assert result.returncode == 0, result.stdout + result.stderr
    print("\n".join(f"{s:6.1f} s  {c}" for c, s in timings))
    print(f"{sum(s for _, s in timings):6.1f} s  in all")
    assert not failures, "\n\n".join(failures)
