"""Checking that web addresses answer (no CKAN import).

A link answers when a GET ends, after at most ``max_redirects``
redirects, in a 2xx status within ``timeout`` seconds per network step.
Whatever goes wrong (a server that hangs, redirects forever, answers
garbage or refuses) is a result with an error text, never an exception.

The check runs on the portal's server, on links editors typed, and
anyone may read what answered: a link must not make the portal probe its
own network. So, for the link and for every redirect: ``weburl.parse``
alone decides the host; the host is resolved once; unless
``private_addresses`` is set, it is refused when it does not resolve or
when any of its addresses is not public; and the request connects to an
address that was checked, sending the name only in the Host header and
TLS SNI, so nothing resolves the name a second time (no DNS rebinding
between check and request). Redirects are followed here, one checked hop
at a time, never by an HTTP client.
"""
from __future__ import annotations

import concurrent.futures
import http.client
import ipaddress
import socket
import ssl
from typing import Callable, Iterable
from urllib.parse import urljoin

from .weburl import (  # noqa: F401 (NOT_WEB: a reason callers compare)
    NOT_WEB, Address, Refused, Target, is_public, parse)

USER_AGENT = "ckanext-charter link check (+https://ckan.org)"
NOT_PUBLIC = "not a public address"
UNRESOLVED = "could not resolve the host"
REDIRECTS = {301, 302, 303, 307, 308}

# (host, port) -> addresses; the default is the system's resolver
Resolver = Callable[[str, int], list]
# (address, port) -> may it be requested
Policy = Callable[[Address, int], bool]


def _system_resolver(host: str, port: int) -> list[Address]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    # a scope (fe80::1%eth0) only comes with link-local addresses
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0])
            for info in infos]


def _public(address: Address, port: int) -> bool:
    return is_public(address)


def _anywhere(address: Address, port: int) -> bool:
    return True


def addresses(target: Target, allow: Policy = _public,
              resolve: Resolver = _system_resolver) -> list[Address]:
    """The addresses to connect to for ``target``, each allowed by
    ``allow``; ``Refused`` when the host does not resolve or when any of
    its addresses is not allowed (a name with a public and a private
    address must not reach the private one)."""
    if target.address is not None:
        found = [target.address]
    else:
        try:
            found = list(dict.fromkeys(resolve(target.host, target.port)))
        except (OSError, UnicodeError, ValueError):
            raise Refused(UNRESOLVED) from None
    if not found:
        raise Refused(UNRESOLVED)
    if not all(allow(a, target.port) for a in found):
        raise Refused(NOT_PUBLIC)
    return found


def _connect(target: Target, found: list[Address], timeout: float):
    """A socket to the first of the checked addresses that answers,
    wrapped in TLS for https (certificate checked for the name)."""
    error: OSError = OSError(UNRESOLVED)
    for address in found:
        try:
            sock = socket.create_connection((str(address), target.port),
                                            timeout=timeout)
            break
        except OSError as e:
            error = e
    else:
        raise error
    if target.scheme == "https":
        context = ssl.create_default_context()
        try:
            return context.wrap_socket(sock, server_hostname=target.host)
        except BaseException:
            sock.close()
            raise
    return sock


def _get(target: Target, found: list[Address], timeout: float
         ) -> tuple[int, str, str | None]:
    """(status, reason, Location) of a GET; the body is not read."""
    connection = http.client.HTTPConnection(
        str(found[0]), target.port, timeout=timeout)
    try:
        # a connected socket: http.client neither resolves nor connects
        connection.sock = _connect(target, found, timeout)
        connection.request("GET", target.path, headers={
            "Host": target.host_header, "User-Agent": USER_AGENT,
            "Accept": "*/*", "Connection": "close"})
        answer = connection.getresponse()
        return answer.status, answer.reason, answer.getheader("Location")
    finally:
        connection.close()


def _clean(text: str) -> str:
    """An error text safe to store and show: garbage from a server may
    hold NUL and control characters."""
    return "".join(c if c.isprintable() else "?" for c in text)[:200]


def _next_url(url: str, location: str) -> str:
    """The absolute address a redirect names, to be parsed and checked
    like any link."""
    try:  # http.client reads headers as Latin-1; servers send UTF-8
        location = location.encode("latin-1").decode("utf-8")
    except UnicodeError:
        pass
    location = location.strip()
    if location.startswith("\\") or location.startswith("/\\"):
        # a browser reads a host there ('\\host' is '//host'), urljoin not
        raise Refused(NOT_WEB)
    return urljoin(url, location)


def _follow(url: str, timeout: float, max_redirects: int, allow: Policy,
            resolve: Resolver) -> dict:
    status = None
    for _ in range(max(0, max_redirects) + 1):
        target = parse(url)
        status, reason, location = _get(
            target, addresses(target, allow, resolve), timeout)
        if status not in REDIRECTS or not location:
            ok = 200 <= status < 300
            return {"ok": ok, "status": status,
                    "error": None if ok else _clean(reason or str(status))}
        url = _next_url(url, location)
    return {"ok": False, "status": status, "error": "too many redirects"}


def check(url: str, timeout: float = 10.0, max_redirects: int = 5,
          private_addresses: bool = False, *, allow: Policy | None = None,
          resolve: Resolver = _system_resolver) -> dict:
    """``{"ok": bool, "status": int | None, "error": str | None}``.

    ``allow`` decides which resolved addresses may be requested: public
    ones, or any with ``private_addresses``."""
    if allow is None:
        allow = _anywhere if private_addresses else _public
    try:
        return _follow(url, timeout, max_redirects, allow, resolve)
    except Refused as e:
        return {"ok": False, "status": None, "error": str(e)}
    except (socket.timeout, TimeoutError):
        return {"ok": False, "status": None, "error": "timed out"}
    except (http.client.HTTPException, ssl.SSLError, OSError,
            ValueError) as e:
        return {"ok": False, "status": None,
                "error": _clean(f"{type(e).__name__}: {e}")}


def check_many(urls: Iterable[str], concurrency: int = 4,
               timeout: float = 10.0, max_redirects: int = 5,
               private_addresses: bool = False) -> dict[str, dict]:
    """Check distinct URLs, at most ``concurrency`` at a time."""
    unique = list(dict.fromkeys(u for u in urls if u is not None))
    results: dict[str, dict] = {}
    with concurrent.futures.ThreadPoolExecutor(
            max_workers=max(1, concurrency)) as pool:
        futures = {pool.submit(check, u, timeout, max_redirects,
                               private_addresses): u
                   for u in unique}
        for future in concurrent.futures.as_completed(futures):
            url = futures[future]
            try:
                results[url] = future.result()
            except Exception as e:  # a bug must not lose the other results
                results[url] = {"ok": False, "status": None,
                                "error": _clean(f"{type(e).__name__}: {e}")}
    return results
