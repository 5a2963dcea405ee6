"""Link checks against a local HTTP server started here: answers, hangs,
redirects forever, garbage; and `ckan charter check-links` storing them.
The server is on the loopback address, which the check refuses unless
private addresses are allowed: the tests allow them, but for the tests of
that refusal."""
import functools
import http.server
import socket
import socketserver
import threading
import time

import pytest

import ckan.model as model
from ckan.tests import factories, helpers

from ckanext.charter import linkcheck
from ckanext.charter.cli import charter
from ckanext.charter import model as cmodel


class Handler(http.server.BaseHTTPRequestHandler):
    requested: list[str] = []  # paths asked for, by every test's server

    def log_message(self, *args):
        pass

    def do_GET(self):
        Handler.requested.append(self.path)
        if self.path == "/ok":
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")
        elif self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/ok")
            self.end_headers()
        elif self.path.startswith("/loop"):
            self.send_response(302)
            n = int(self.path[5:] or 0)
            self.send_header("Location", f"/loop{n + 1}")
            self.end_headers()
        elif self.path == "/hang":
            time.sleep(3)
            self.send_response(200)
            self.end_headers()
        elif self.path == "/garbage":
            self.wfile.write(b"\x00\xffthis is not HTTP\r\n\r\n")
        else:
            self.send_response(404)
            self.end_headers()


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


@pytest.fixture
def site():
    server = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The check of a link on this machine's own loopback server.
check = functools.partial(linkcheck.check, private_addresses=True)


class TestCheck:
    def test_answers(self, site):
        assert check(site + "/ok", 2) == {
            "ok": True, "status": 200, "error": None}
        assert check(site + "/moved", 2)["ok"] is True

    def test_not_found(self, site):
        assert check(site + "/nothing", 2)["status"] == 404

    def test_hang_is_a_timeout(self, site):
        started = time.monotonic()
        result = check(site + "/hang", 0.5)
        assert result == {"ok": False, "status": None, "error": "timed out"}
        assert time.monotonic() - started < 2.5

    def test_redirect_loop(self, site):
        result = check(site + "/loop", 2, max_redirects=3)
        assert result["ok"] is False
        assert result["status"] == 302

    def test_garbage(self, site):
        result = check(site + "/garbage", 2)
        assert result["ok"] is False and result["error"]
        assert "\x00" not in result["error"]

    def test_refused_and_not_web(self):
        assert check(f"http://127.0.0.1:{closed_port()}/", 1)[
            "ok"] is False
        assert check("ftp://x/y")["error"] == "not a web address"

    def test_many_bounded(self, site):
        urls = [site + "/ok", site + "/hang", site + "/nothing",
                site + "/ok"]
        results = linkcheck.check_many(urls, concurrency=2, timeout=0.5,
                                        private_addresses=True)
        assert set(results) == {site + "/ok", site + "/hang",
                                site + "/nothing"}
        assert results[site + "/ok"]["ok"] is True
        assert results[site + "/hang"]["error"] == "timed out"


class TestPrivateAddresses:
    """A link an editor typed must not make the portal's server probe its
    own network: loopback, private and link-local hosts are not requested
    unless the operator allows them."""

    def test_not_requested_by_default(self, site):
        Handler.requested.clear()
        port = site.rsplit(":", 1)[1]
        for url in (site + "/ok", f"http://localhost:{port}/ok"):
            assert linkcheck.check(url, 2) == {
                "ok": False, "status": None,
                "error": linkcheck.NOT_PUBLIC}, url
        assert Handler.requested == []


@pytest.mark.ckan_config("ckan.plugins", "postgres_search charter")
# 1.5 s: /hang (3 s) times out, /ok answers in time on a busy machine too
@pytest.mark.ckan_config("ckanext.charter.link_check_timeout", "1.5")
@pytest.mark.ckan_config("ckanext.charter.link_check_max_redirects", "3")
@pytest.mark.usefixtures("clean_db", "clean_index")
class TestCommand:
    """The commands of `ckan charter` (invoked as a group: CKAN's own CLI
    reads the plugins of test.ini, not the test's)."""

    @pytest.mark.ckan_config(
        "ckanext.charter.link_check_private_addresses", "true")
    def test_check_links_stores_results_and_scores(self, cli, site):
        org = factories.Organization(name="leuven")
        dataset = factories.Dataset(
            name="parking", owner_org=org["id"], resources=[
                {"url": site + "/ok", "format": "CSV",
                 "download_url": site + "/loop"},
                {"url": site + "/hang", "format": "CSV"},
                {"url": site + "/garbage", "format": "CSV"}])
        before = helpers.call_action("charter_dataset_show", id="parking")
        assert before["quality"]["pending"] == 80
        result = cli.invoke(charter, ["check-links"])
        assert result.exit_code == 0, result.output
        assert "4 links checked, 3 failed" in result.output
        rows = helpers.call_action("charter_link_check_list", id="parking")
        by_url = {(r["url"], r["kind"]): r for r in rows}
        assert by_url[(site + "/ok", "access")]["ok"] is True
        assert by_url[(site + "/hang", "access")]["error"] == "timed out"
        assert by_url[(site + "/loop", "download")]["ok"] is False
        assert by_url[(site + "/garbage", "access")]["ok"] is False
        assert all(r["checked"] for r in rows)
        after = helpers.call_action("charter_dataset_show", id="parking")
        assert after["quality"]["pending"] == 0
        access = next(i for i in after["quality"]["indicators"]
                      if i["code"] == "access_url_status")
        assert (access["status"], access["points"]) == ("partial", 17)
        row = model.Session.get(cmodel.Evaluation, dataset["id"])
        model.Session.refresh(row)
        assert row.pending == 0
        # checked recently: not again, unless --all
        again = cli.invoke(charter, ["check-links"])
        assert "0 links checked" in again.output
        again = cli.invoke(charter, ["check-links", "--all"])
        assert "4 links checked" in again.output

    @pytest.mark.ckan_config(
        "ckanext.charter.link_check_private_addresses", "true")
    def test_a_changed_url_is_unknown_until_checked_again(self, cli, site):
        org = factories.Organization(name="leuven")
        dataset = factories.Dataset(
            name="parking", owner_org=org["id"],
            resources=[{"url": site + "/ok", "format": "CSV"}])
        unchecked = helpers.call_action("charter_dataset_show", id="parking")
        assert unchecked["quality"]["pending"] > 0
        assert cli.invoke(charter, ["check-links"]).exit_code == 0
        checked = helpers.call_action("charter_dataset_show", id="parking")
        assert checked["quality"]["pending"] == 0
        resource = dataset["resources"][0]
        helpers.call_action("resource_patch", id=resource["id"],
                            url=site + "/nothing")
        changed = helpers.call_action("charter_dataset_show", id="parking")
        access = next(i for i in changed["quality"]["indicators"]
                      if i["code"] == "access_url_status")
        assert access["status"] == "unknown", access
        assert changed["quality"]["pending"] == unchecked["quality"]["pending"]
        result = cli.invoke(charter, ["check-links"])
        assert "1 links checked, 1 failed" in result.output

    def test_private_addresses_refused_by_default(self, cli, site):
        Handler.requested.clear()
        org = factories.Organization(name="leuven")
        factories.Dataset(name="parking", owner_org=org["id"], resources=[
            {"url": site + "/ok", "format": "CSV"}])
        result = cli.invoke(charter, ["check-links"])
        assert "1 links checked, 1 failed" in result.output
        rows = helpers.call_action("charter_link_check_list", id="parking")
        assert [r["error"] for r in rows] == [linkcheck.NOT_PUBLIC]
        assert Handler.requested == []

    def test_recompute(self, cli):
        org = factories.Organization(name="leuven")
        factories.Dataset(name="parking", license_id="cc-by",
                          owner_org=org["id"])
        model.Session.query(cmodel.Evaluation).delete()
        model.Session.commit()
        result = cli.invoke(charter, ["recompute"])
        assert result.exit_code == 0, result.output
        assert "1 datasets evaluated" in result.output
        assert model.Session.query(cmodel.Evaluation).count() == 1
        assert model.Session.query(cmodel.Snapshot).count() >= 1
