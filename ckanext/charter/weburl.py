"""Which host a web address names, and whether an address is public
(no CKAN import).

The link check asks this module, and only this module, where a link
points: the host it checks is the host it connects to, because the
request is made to the address checked (see ``linkcheck``), never by a
client that would parse the URL again. The host is read the way a
browser reads it (the WHATWG URL standard): percent-decoded, mapped and
encoded with IDNA, lower-cased, without its trailing dot, and a host
that ends in a number is an IPv4 address in any of the forms browsers
and ``inet_aton`` accept (``2130706433``, ``0x7f.1``, ``0177.0.0.1``,
``127.1``, ``0``). What could be read two ways is refused instead: a
user name or password before the host, a backslash in the authority,
anything but ``http://`` or ``https://`` followed by two slashes.
"""
from __future__ import annotations

import ipaddress
import re
from typing import NamedTuple, Union
from urllib.parse import quote, unquote_to_bytes

Address = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]

NOT_WEB = "not a web address"
USERINFO = "not checked: the address holds a user name or password"

DEFAULT_PORTS = {"http": 80, "https": 443}
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
# after IDNA, a host name holds only these (underscore: some real names)
_NAME = re.compile(r"[a-z0-9_-]+(\.[a-z0-9_-]+)*")
# RFC 3986 reserved and unreserved characters, and '%': kept as they are
# in the request target; anything else (spaces, non-ASCII) is encoded.
_PATH_SAFE = "!#$%&'()*+,/:;=?@[]~"
# NAT64 well-known prefix (RFC 6052): the IPv4 address is the last 32 bits
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class Refused(ValueError):
    """A link that is not requested; ``str()`` is the reason shown."""


class Target(NamedTuple):
    scheme: str
    host: str  # canonical: an ASCII name, or an IP address as text
    port: int
    path: str  # the request target: path and query, percent-encoded
    address: Address | None  # the host when it is an IP address

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        if self.port == DEFAULT_PORTS[self.scheme]:
            return host
        return f"{host}:{self.port}"


def parse(url: str) -> Target:
    """The scheme, canonical host, port and request target of ``url``;
    ``Refused`` when it is not an http(s) address read only one way."""
    if not isinstance(url, str):
        raise Refused(NOT_WEB)
    url = url.strip()
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        raise Refused(NOT_WEB)
    match = _SCHEME.match(url)
    scheme = match.group(1).lower() if match else ""
    rest = url[match.end():] if match else ""
    if scheme not in DEFAULT_PORTS or not rest.startswith("//"):
        raise Refused(NOT_WEB)
    rest = rest[2:]
    end = min([i for i in (rest.find(c) for c in "/?#\\") if i >= 0],
              default=len(rest))
    authority, rest = rest[:end], rest[end:]
    if "@" in authority:
        raise Refused(USERINFO)
    if rest.startswith("\\"):
        raise Refused(NOT_WEB)  # a browser reads it as '/', Python not
    host, port = _host_port(authority, DEFAULT_PORTS[scheme])
    address = None if isinstance(host, str) else host
    path = rest.split("#", 1)[0]
    if not path.startswith("/"):
        path = "/" + path
    return Target(scheme, str(host), port, quote(path, safe=_PATH_SAFE),
                  address)


def _host_port(authority: str, default_port: int):
    if authority.startswith("["):
        inside, bracket, after = authority[1:].partition("]")
        if not bracket or "%" in inside:  # no zone ids, no encoding
            raise Refused(NOT_WEB)
        try:
            host = ipaddress.IPv6Address(inside)
        except ValueError:
            raise Refused(NOT_WEB) from None
        port_text = _port_text(after)
    else:
        text, _, port_text = authority.partition(":")
        host = canonical_host(text)
    if port_text == "":
        return host, default_port
    if not port_text.isascii() or not port_text.isdigit() \
            or not 0 < int(port_text) < 65536:
        raise Refused(NOT_WEB)
    return host, int(port_text)


def _port_text(after: str) -> str:
    if after and not after.startswith(":"):
        raise Refused(NOT_WEB)
    return after[1:]


def canonical_host(text: str) -> str | ipaddress.IPv4Address:
    """A host as browsers read it: an IPv4 address when it ends in a
    number, else its lower-case ASCII (IDNA) name without trailing dot."""
    try:
        decoded = unquote_to_bytes(text).decode("utf-8")
        # nameprep maps full-width letters and digits, ideographic full
        # stops, soft hyphens... to what they look like
        name = decoded.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise Refused(NOT_WEB) from None
    if name.endswith("."):
        name = name[:-1]
    if not _NAME.fullmatch(name):  # empty, '%' left after decoding, ...
        raise Refused(NOT_WEB)
    last = name.rsplit(".", 1)[-1]
    if last.isdigit() or re.fullmatch(r"0x[0-9a-f]*", last):
        return ipv4(name)
    return name


def ipv4(name: str) -> ipaddress.IPv4Address:
    """WHATWG IPv4 parsing: up to four parts, each decimal, octal (a
    leading 0) or hexadecimal (0x); the last part fills what is left."""
    parts = name.split(".")
    if len(parts) > 4:
        raise Refused(NOT_WEB)
    numbers = [_ipv4_number(p) for p in parts]
    if any(n > 255 for n in numbers[:-1]) \
            or numbers[-1] >= 256 ** (5 - len(numbers)):
        raise Refused(NOT_WEB)
    value = numbers[-1]
    for i, n in enumerate(numbers[:-1]):
        value += n << (8 * (3 - i))
    return ipaddress.IPv4Address(value)


def _ipv4_number(part: str) -> int:
    try:
        if part[:2] == "0x":
            return int(part[2:] or "0", 16)
        if len(part) > 1 and part[0] == "0":
            return int(part[1:], 8)
        return int(part, 10)
    except ValueError:
        raise Refused(NOT_WEB) from None


def is_public(address: Address) -> bool:
    """Whether ``address`` is on the public internet. An IPv6 address that
    wraps an IPv4 one (IPv4-mapped, 6to4, NAT64) is as public as the IPv4
    address it reaches; loopback, private, link-local, shared, multicast,
    reserved and unspecified addresses are not."""
    if address.version == 6:
        inner = address.ipv4_mapped or address.sixtofour
        if inner is None and address in _NAT64:
            inner = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if inner is not None:
            return is_public(inner)
    return (address.is_global and not address.is_multicast
            and not address.is_reserved and not address.is_private
            and not address.is_loopback and not address.is_link_local
            and not address.is_unspecified)
