"""Which host a link names and whether an address is public: the pure
part of the link check's refusal of the portal's own network (no CKAN).

Each test goes through a table and compares all its answers at once (the
diff names every form that is wrong): one test per form would cost the
suite a plugin load each."""
import ipaddress

from ckanext.charter import weburl
from ckanext.charter.weburl import NOT_WEB, USERINFO, Refused

PARSED = [
    ("http://example.org/a?b=c#d", "example.org", 80, "/a?b=c"),
    ("HTTPS://Example.ORG:8443", "example.org", 8443, "/"),
    ("http://example.org:/x", "example.org", 80, "/x"),
    ("http://example.org:0080/", "example.org", 80, "/"),
    ("http://example.org./", "example.org", 80, "/"),
    ("http://example.org?q", "example.org", 80, "/?q"),
    ("  http://example.org/a b  ", "example.org", 80, "/a%20b"),
    ("http://example.org/caf\u00e9", "example.org", 80, "/caf%C3%A9"),
    ("http://b\u00fccher.de/", "xn--bcher-kva.de", 80, "/"),
    ("http://xn--bcher-kva.de/", "xn--bcher-kva.de", 80, "/"),
    ("http://my_host.example/", "my_host.example", 80, "/"),
    # percent-encoding, decoded once, as a browser and urllib do
    ("http://%31%32%37.0.0.1:5078/x", "127.0.0.1", 5078, "/x"),
    ("http://%6c%6f%63%61%6c%68%6f%73%74:5078/x", "localhost", 5078, "/x"),
    ("http://%EF%BC%91%EF%BC%92%EF%BC%97.0.0.1/", "127.0.0.1", 80, "/"),
    # IDNA mapping: full-width characters, ideographic full stops, soft
    # hyphens are what they look like
    ("http://\uff11\uff12\uff17.\uff10.\uff10.\uff11/", "127.0.0.1", 80,
     "/"),
    ("http://\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54/",
     "localhost", 80, "/"),
    ("http://127\u30020\u30020\u30021/", "127.0.0.1", 80, "/"),
    ("http://loca\u00adlhost/", "localhost", 80, "/"),
    # every IPv4 form browsers and inet_aton accept
    ("http://2130706433/", "127.0.0.1", 80, "/"),
    ("http://0x7f000001/", "127.0.0.1", 80, "/"),
    ("http://0X7F.1/", "127.0.0.1", 80, "/"),
    ("http://0x7f.0.0.1/", "127.0.0.1", 80, "/"),
    ("http://0177.0.0.1/", "127.0.0.1", 80, "/"),
    ("http://017700000001/", "127.0.0.1", 80, "/"),
    ("http://127.1/", "127.0.0.1", 80, "/"),
    ("http://127.0.1/", "127.0.0.1", 80, "/"),
    ("http://127.0.0.1./", "127.0.0.1", 80, "/"),
    ("http://0/", "0.0.0.0", 80, "/"),
    ("http://0x/", "0.0.0.0", 80, "/"),
    ("http://10.0x1.00.1/", "10.1.0.1", 80, "/"),
    ("http://[::1]:8080/", "::1", 8080, "/"),
    ("http://[::ffff:127.0.0.1]/", "::ffff:7f00:1", 80, "/"),
    ("http://[0:0:0:0:0:ffff:7f00:1]/", "::ffff:7f00:1", 80, "/"),
]


def _parsed(url):
    target = weburl.parse(url)
    address = target.address and str(target.address)
    return (target.host, target.port, target.path,
            "ip" if address == target.host else address)


def test_parse():
    assert {url: _parsed(url) for url, *_ in PARSED} == {
        url: (host, port, path, None if host[0].isalpha() else "ip")
        for url, host, port, path in PARSED}


REFUSED = [
    ("", NOT_WEB),
    (None, NOT_WEB),
    ("ftp://example.org/x", NOT_WEB),
    ("javascript:alert(1)", NOT_WEB),
    ("example.org/x", NOT_WEB),
    ("http:example.org", NOT_WEB),  # browsers: a host; Python: a path
    ("http:/example.org", NOT_WEB),
    ("http:\\\\127.0.0.1\\", NOT_WEB),
    ("http://127.0.0.1\\@example.org/", NOT_WEB),
    ("http://ex\tample.org/", NOT_WEB),
    ("http://example.org/\nx", NOT_WEB),
    ("http:///x", NOT_WEB),
    ("http://:80/x", NOT_WEB),
    ("http://a..b/", NOT_WEB),
    ("http://a b/", NOT_WEB),
    ("http://%2531%2532%2537.0.0.1/", NOT_WEB),  # decoded once, not twice
    ("http://%ff/", NOT_WEB),
    ("http://example.org%40127.0.0.1/", NOT_WEB),
    ("http://example.org%2f@127.0.0.1/", USERINFO),
    ("http://example.org:99999/", NOT_WEB),
    ("http://example.org:0/", NOT_WEB),
    ("http://example.org:8o/", NOT_WEB),
    ("http://example.org:80:80/", NOT_WEB),
    ("http://1.2.3.4.5/", NOT_WEB),
    ("http://256.0.0.1/", NOT_WEB),
    ("http://4294967296/", NOT_WEB),
    ("http://08.0.0.1/", NOT_WEB),
    ("http://example.123/", NOT_WEB),
    ("http://[::1/", NOT_WEB),
    ("http://[::1]x/", NOT_WEB),
    ("http://[fe80::1%25eth0]/", NOT_WEB),
    ("http://[%3a%3a1]/", NOT_WEB),
    ("http://example.org@127.0.0.1/", USERINFO),
    ("http://user:secret@example.org/", USERINFO),
    ("http://@127.0.0.1/", USERINFO),
]


def _reason(url):
    try:
        return f"parsed as {weburl.parse(url)}"
    except Refused as refused:
        return str(refused)


def test_refused():
    assert {url: _reason(url) for url, _ in REFUSED} == dict(REFUSED)


def test_host_header():
    headers = {"http://Example.org/": "example.org",
               "https://example.org:443/": "example.org",
               "https://example.org:80/": "example.org:80",
               "http://[2001:db8::1]:81/": "[2001:db8::1]:81"}
    assert {url: weburl.parse(url).host_header for url in headers} == \
        headers


NOT_PUBLIC = [
    "127.0.0.1", "127.255.255.254", "0.0.0.0", "0.1.2.3", "10.0.0.1",
    "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
    "192.0.0.1", "198.18.0.1", "224.0.0.1", "239.255.255.250",
    "240.0.0.1", "255.255.255.255",
    "::", "::1", "fe80::1", "fc00::1", "fd12::1", "ff02::1", "2001:db8::1",
    "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:0.0.0.0",
    "::127.0.0.1",  # IPv4-compatible (deprecated)
    "2002:7f00:1::", "2002:a00:1::1",  # 6to4 of 127.0.0.1, 10.0.0.1
    "64:ff9b::7f00:1", "64:ff9b::a00:1",  # NAT64 of the same
    "2001::1",  # Teredo
]
PUBLIC = ["8.8.8.8", "93.184.216.34", "2001:4860:4860::8888",
          "::ffff:8.8.8.8", "2002:808:808::", "64:ff9b::808:808"]


def test_is_public():
    assert {a: weburl.is_public(ipaddress.ip_address(a))
            for a in NOT_PUBLIC + PUBLIC} == {
        a: a in PUBLIC for a in NOT_PUBLIC + PUBLIC}
