"""Fixtures of the harvest tests: the harvest plugins (only here, through
a ``ckan_config`` mark, so the rest of the suite does not load them), the
harvest tables (``ckan db upgrade -p harvest``), a DCAT-AP catalogue served
on 127.0.0.1 from a thread, and the installed ``ckan`` command run in a
subprocess against the test database."""
from __future__ import annotations

import http.server
import os
import pathlib
import re
import subprocess
import sys
import threading

import pytest

from ckan import model
from ckan.tests import factories

from tests.conftest import migrate_behind_head

# activity: a run that changes nothing must leave no activity
PLUGINS = ("municipal_harvest harvest municipal_schema scheming_datasets "
           "scheming_organizations dcat postgres_search activity")
REPO = pathlib.Path(__file__).resolve().parents[2]
CKAN = pathlib.Path(sys.executable).parent / "ckan"


@pytest.fixture
def harvest_db(clean_db, clean_index, migrate_db_for):
    """An empty database and index with the harvest (and activity) tables
    at their newest migration (CKAN's first reset of a run drops them)."""
    migrate_behind_head(migrate_db_for, ("harvest", "activity"))


@pytest.fixture
def region():
    """The regional portal's own organization (owns the sources) and
    Aarhus, a municipality already on the portal."""
    factories.Organization(name="aarhus", title="Aarhus",
                           municipality_code="751")
    return factories.Organization(name="region", title="Region")


class Catalogue:
    """What the served catalogue answers: path -> (status, content type,
    body)."""

    def __init__(self):
        self.pages: dict = {}
        self.requests: list = []
        self.url = ""

    def serve(self, path: str, body: str, status: int = 200,
              content_type: str = "text/turtle; charset=utf-8") -> str:
        self.pages[path] = (status, content_type, body)
        return self.url + path


def _handler(catalogue: Catalogue):
    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self, with_body: bool):
            catalogue.requests.append((self.command, self.path))
            status, content_type, body = catalogue.pages.get(
                self.path, (404, "text/plain", "not found"))
            data = body if isinstance(body, bytes) else body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if with_body:
                self.wfile.write(data)

        def do_GET(self):
            self._answer(True)

        def do_HEAD(self):
            self._answer(False)

        def log_message(self, *args):
            pass
    return Handler


@pytest.fixture
def catalogue():
    served = Catalogue()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             _handler(served))
    served.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield served
    server.shutdown()
    server.server_close()


@pytest.fixture
def ckan_cli(tmp_path):
    """Runs the installed ``ckan`` command with the harvest plugins on the
    test database and Redis db (from the environment, as ``make test``
    sets them); returns the finished process (text output)."""
    # test.ini with the harvest plugins (a copy, not `use = config:`:
    # CKAN 2.11 reads the logging sections from the named file itself)
    # and activities recorded, to see that a run that changes nothing
    # records none
    ini = tmp_path / "harvest.ini"

    def configure(plugins: str = PLUGINS, **settings: str) -> None:
        """The command's plugins, and further settings of its ini."""
        text = re.sub(r"(?m)^ckan\.plugins = .*$", f"ckan.plugins = {plugins}",
                      (REPO / "test.ini").read_text())
        text = re.sub(r"(?m)^ckan\.activity_streams_enabled = .*$",
                      "ckan.activity_streams_enabled = true", text)
        text = text.replace("[app:main]\n", "[app:main]\n" + "".join(
            f"{key} = {value}\n" for key, value in settings.items()), 1)
        ini.write_text(text)

    configure()

    def run(*args: str, answer: str = "") -> subprocess.CompletedProcess:
        model.Session.commit()
        model.Session.remove()
        done = subprocess.run(
            [str(CKAN), "-c", str(ini), *args], input=answer,
            capture_output=True, text=True, timeout=300, cwd=tmp_path,
            env=dict(os.environ))
        model.Session.remove()
        return done
    run.configure = configure
    return run
