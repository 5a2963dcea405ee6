"""A link check must not reach the portal's own network, whatever form
the address takes (issue #17, item 1).

A listener on 127.0.0.1 records every request it gets; each link below
names it in another form (percent- or IDNA-encoded, numeric, IPv6-mapped,
with a trailing dot or a user name...). Checked directly, through
`ckan charter check-links`, and as the target of a redirect, none may
reach it, and the result says why.

A redirecting server must run on loopback too, which the check refuses.
The redirect tests therefore pass ``check`` an address policy that allows
exactly the first hop's (address, port) and is the default rule for every
other address: the redirect loop, parser, resolution and connection are
the production ones, and no configuration option can widen the rule.
"""
import http.server
import ipaddress
import socket
import socketserver
import ssl
import subprocess
import threading

import pytest

from ckan.tests import factories

from ckanext.charter import linkcheck, weburl
from ckanext.charter.cli import charter

NOT_PUBLIC, NOT_WEB = linkcheck.NOT_PUBLIC, linkcheck.NOT_WEB

# Links to the listener ({port}), each with the reason it is refused.
FORMS = [
    ("http://%31%32%37.0.0.1:{port}/x", NOT_PUBLIC),
    ("http://%6c%6f%63%61%6c%68%6f%73%74:{port}/x", NOT_PUBLIC),
    ("http://%6C%4F%63%41%6C%68%6F%73%74:{port}/x", NOT_PUBLIC),
    ("http://%EF%BC%91%EF%BC%92%EF%BC%97.0.0.1:{port}/x", NOT_PUBLIC),
    ("http://\uff11\uff12\uff17.\uff10.\uff10.\uff11:{port}/x", NOT_PUBLIC),
    ("http://\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54:{port}/x",
     NOT_PUBLIC),
    ("http://127\u30020\u30020\u30021:{port}/x", NOT_PUBLIC),
    ("http://loca\u00adlhost:{port}/x", NOT_PUBLIC),
    ("http://127.0.0.1:{port}/x", NOT_PUBLIC),
    ("http://localhost:{port}/x", NOT_PUBLIC),
    ("http://LocalHost:{port}/x", NOT_PUBLIC),
    ("http://2130706433:{port}/x", NOT_PUBLIC),
    ("http://0x7f000001:{port}/x", NOT_PUBLIC),
    ("http://0x7f.1:{port}/x", NOT_PUBLIC),
    ("http://0177.0.0.1:{port}/x", NOT_PUBLIC),
    ("http://017700000001:{port}/x", NOT_PUBLIC),
    ("http://127.1:{port}/x", NOT_PUBLIC),
    ("http://0:{port}/x", NOT_PUBLIC),
    ("http://0.0.0.0:{port}/x", NOT_PUBLIC),
    ("http://[::ffff:127.0.0.1]:{port}/x", NOT_PUBLIC),
    ("http://[::ffff:7f00:1]:{port}/x", NOT_PUBLIC),
    ("http://[::1]:{port}/x", NOT_PUBLIC),
    ("http://[::]:{port}/x", NOT_PUBLIC),
    ("http://127.0.0.1.:{port}/x", NOT_PUBLIC),
    ("http://localhost.:{port}/x", NOT_PUBLIC),
    ("http://example.org@127.0.0.1:{port}/x", weburl.USERINFO),
    ("http://example.org:80@127.0.0.1:{port}/x", weburl.USERINFO),
    ("http://127.0.0.1:{port}\\@example.org/x", NOT_WEB),
]
# Redirect targets only: relative to the redirecting server's address.
REDIRECT_ONLY = [
    ("//%31%32%37.0.0.1:{port}/x", NOT_PUBLIC),
    ("//localhost:{port}/x", NOT_PUBLIC),
    ("\\\\127.0.0.1:{port}/x", NOT_WEB),
    ("/\\127.0.0.1:{port}/x", NOT_WEB),
]


class Recorder(http.server.BaseHTTPRequestHandler):
    """Records (Host, path) of every request; /to/<n> redirects to link
    n of ``server.redirects``, anything else answers 200."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.requests.append((self.headers.get("Host"), self.path))
        if self.path.startswith("/to/"):
            # by hand: send_header would refuse a non-Latin-1 Location
            location = self.server.redirects[int(self.path[4:])]
            self.wfile.write(b"HTTP/1.1 302 Found\r\nLocation: "
                             + location.encode() + b"\r\n"
                             b"Content-Length: 0\r\nConnection: close\r\n\r\n")
            return
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def serve(tls=None):
    server = Server(("127.0.0.1", 0), Recorder)
    server.requests = []
    server.redirects = []
    if tls:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def servers():
    listener, hop = serve(), serve()
    port = listener.server_address[1]
    hop.redirects = [link.format(port=port)
                     for link, _ in FORMS + REDIRECT_ONLY] + ["/ok"]
    yield listener, hop
    for server in (listener, hop):
        server.shutdown()
        server.server_close()


@pytest.fixture
def listener(servers):
    servers[0].requests.clear()
    yield servers[0]


def first_hop_only(hop):
    """The default rule, but for the redirecting server's own address."""
    address = ("127.0.0.1", hop.server_address[1])

    def allow(ip, port):
        return (str(ip), port) == address or weburl.is_public(ip)
    return allow


def refused(reason):
    return {"ok": False, "status": None, "error": reason}


# One test per table, not per form: each test costs a plugin load, and
# the dict diff names every form that went wrong.
def test_a_link_to_the_portal_is_not_requested(listener):
    port = listener.server_address[1]
    links = {link.format(port=port): reason for link, reason in FORMS}
    assert {url: linkcheck.check(url, 2) for url in links} == {
        url: refused(reason) for url, reason in links.items()}
    assert listener.requests == []


def test_a_redirect_to_the_portal_is_not_followed(servers, listener):
    hop = servers[1]
    hop.requests.clear()
    start = f"http://127.0.0.1:{hop.server_address[1]}/to/"
    cases = list(enumerate(FORMS + REDIRECT_ONLY))
    assert {hop.redirects[n]: linkcheck.check(
        start + str(n), 2, allow=first_hop_only(hop)) for n, _ in cases} \
        == {hop.redirects[n]: refused(reason) for n, (_, reason) in cases}
    assert sorted(path for _, path in hop.requests) == sorted(
        f"/to/{n}" for n, _ in cases)
    assert listener.requests == []


def test_the_listener_hears_what_is_allowed(servers, listener):
    """The tests above could not fail if nothing reached the listener:
    a redirect the rule allows is followed, and with private addresses
    allowed the decoded host is the one requested."""
    hop = servers[1]
    port = hop.server_address[1]
    last = len(hop.redirects) - 1  # "/ok", on the first hop itself
    assert linkcheck.check(f"http://127.0.0.1:{port}/to/{last}", 2,
                           allow=first_hop_only(hop))["ok"] is True
    url = FORMS[0][0].format(port=listener.server_address[1])
    assert linkcheck.check(url, 2, private_addresses=True)["ok"] is True
    assert listener.requests == [
        (f"127.0.0.1:{listener.server_address[1]}", "/x")]


class TestResolution:
    """The host is resolved once, refused unless every address is allowed,
    and the request goes to an address that was checked."""

    def test_connects_to_the_address_checked(self, listener):
        asked = []

        def resolve(host, port):
            asked.append(host)
            return [ipaddress.ip_address("127.0.0.1")]
        port = listener.server_address[1]
        # .test never resolves (RFC 6761): only the address checked, not
        # a second look-up of the name, can reach the listener
        result = linkcheck.check(
            f"http://portal.test:{port}/x", 2, resolve=resolve,
            allow=lambda ip, p: p == port)
        assert result["ok"] is True, result
        assert asked == ["portal.test"]
        assert listener.requests == [(f"portal.test:{port}", "/x")]

    @pytest.mark.parametrize("found", [
        ["8.8.8.8", "127.0.0.1"], ["2001:4860:4860::8888", "::1"],
        ["10.0.0.1"], ["::ffff:127.0.0.1"]])
    def test_any_private_address_refuses(self, listener, found):
        def resolve(host, port):
            return [ipaddress.ip_address(a) for a in found]
        port = listener.server_address[1]
        assert linkcheck.check(f"http://name.test:{port}/x", 2,
                               resolve=resolve)["error"] == NOT_PUBLIC
        assert listener.requests == []

    @pytest.mark.parametrize("failure", [
        socket.gaierror(socket.EAI_NONAME, "Name or service not known"),
        UnicodeError("label too long"), None])
    def test_a_host_that_does_not_resolve_is_refused(self, listener,
                                                     failure):
        def resolve(host, port):
            if failure:
                raise failure
            return []
        port = listener.server_address[1]
        assert linkcheck.check(f"http://name.test:{port}/x", 2,
                               resolve=resolve) == {
            "ok": False, "status": None, "error": linkcheck.UNRESOLVED}
        assert listener.requests == []


@pytest.mark.ckan_config("ckan.plugins", "postgres_search charter")
@pytest.mark.usefixtures("clean_db", "clean_index")
def test_check_links_refuses_every_form(cli, app, listener):
    """The real path: links an editor saved, `ckan charter check-links`,
    and what anyone reads through `charter_link_check_list`."""
    port = listener.server_address[1]
    links = [(link.format(port=port), reason) for link, reason in FORMS]
    org = factories.Organization()
    factories.Dataset(name="parking", owner_org=org["id"], resources=[
        {"url": link, "download_url": link + "?download", "format": "CSV"}
        for link, _ in links])
    result = cli.invoke(charter, ["check-links"])
    assert result.exit_code == 0, result.output
    n = 2 * len(links)
    assert f"{n} links checked, {n} failed" in result.output
    rows = app.get("/api/3/action/charter_link_check_list",
                   query_string={"id": "parking"}).json["result"]
    assert sorted((r["url"], r["kind"], r["ok"], r["status"], r["error"])
                  for r in rows) == sorted(
        (url, kind, False, None, reason)
        for link, reason in links
        for url, kind in ((link, "access"), (link + "?download", "download")))
    assert listener.requests == []


@pytest.fixture
def tls_listener(tmp_path, monkeypatch):
    """An https listener on 127.0.0.1 whose self-signed certificate names
    portal.test, trusted through SSL_CERT_FILE; records the TLS server
    names it is sent."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
         "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
         "-subj", "/CN=portal.test", "-addext",
         "subjectAltName=DNS:portal.test", "-keyout", str(key),
         "-out", str(cert)], check=True, capture_output=True)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    names = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    server = serve(context)
    server.names = names
    yield server
    server.shutdown()
    server.server_close()


def test_https_goes_to_the_address_checked_under_the_name(tls_listener):
    """TLS too: the connection is to the checked address, the server name
    and the certificate are the link's host."""
    port = tls_listener.server_address[1]

    def resolve(host, port):
        return [ipaddress.ip_address("127.0.0.1")]

    def check(url):
        return linkcheck.check(url, 2, resolve=resolve,
                               allow=lambda ip, p: p == port)
    assert check(f"https://portal.test:{port}/x") == {
        "ok": True, "status": 200, "error": None}
    assert tls_listener.names == ["portal.test"]
    assert tls_listener.requests == [(f"portal.test:{port}", "/x")]
    # same address, another name: the certificate is checked for the name
    wrong = check(f"https://other.test:{port}/x")
    assert wrong["ok"] is False and "certificate" in wrong["error"], wrong
    assert len(tls_listener.requests) == 1
