"""Checking that web addresses answer (no CKAN import).

A link answers when a GET ends, after at most ``max_redirects``
redirects, in a 2xx status within ``timeout`` seconds per network step.
Whatever goes wrong (a server that hangs, redirects forever, answers
garbage or refuses) is a result with an error text, never an exception.

Unless ``private_addresses`` is set, a link (or a redirect) to a host that
resolves to a loopback, private, link-local or other non-public address
is not requested: the check runs on the portal's server, and a link an
editor typed must not make it probe its own network.
"""
from __future__ import annotations

import concurrent.futures
import http.client
import ipaddress
import socket
import ssl
import urllib.error
import urllib.request
from typing import Iterable
from urllib.parse import urlsplit

USER_AGENT = "ckanext-charter link check (+https://ckan.org)"


NOT_PUBLIC = "not a public address"


def address_problem(url: str) -> str | None:
    """``NOT_PUBLIC`` when the URL's host is, or resolves to, an address
    that is not on the public internet; None otherwise (a name that does
    not resolve is left to the request, which reports it)."""
    host = urlsplit(url).hostname
    if not host:
        return "not a web address"
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, ValueError):
        return None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global:
            return NOT_PUBLIC
    return None


def _opener(max_redirects: int, private_addresses: bool = False
            ) -> urllib.request.OpenerDirector:
    class Redirects(urllib.request.HTTPRedirectHandler):
        max_redirections = max_redirects
        max_repeats = max_redirects

        def redirect_request(self, req, fp, code, msg, headers, newurl):
            problem = None if private_addresses else address_problem(newurl)
            if problem:
                raise urllib.error.URLError(problem)
            return super().redirect_request(req, fp, code, msg, headers,
                                            newurl)

    return urllib.request.build_opener(Redirects)


def _clean(text: str) -> str:
    """An error text safe to store and show: garbage from a server may
    hold NUL and control characters."""
    return "".join(c if c.isprintable() else "?" for c in text)[:200]


def check(url: str, timeout: float = 10.0, max_redirects: int = 5,
          private_addresses: bool = False) -> dict:
    """``{"ok": bool, "status": int | None, "error": str | None}``."""
    if not url or not url.startswith(("http://", "https://")):
        return {"ok": False, "status": None, "error": "not a web address"}
    problem = None if private_addresses else address_problem(url)
    if problem:
        return {"ok": False, "status": None, "error": problem}
    request = urllib.request.Request(url, headers={
        "User-Agent": USER_AGENT, "Accept": "*/*"})
    opener = _opener(max_redirects, private_addresses)
    try:
        with opener.open(request, timeout=timeout) as answer:
            status = answer.status
            return {"ok": 200 <= status < 300, "status": status,
                    "error": None if 200 <= status < 300 else answer.reason}
    except urllib.error.HTTPError as e:
        if 300 <= e.code < 400:
            return {"ok": False, "status": e.code,
                    "error": "too many redirects"}
        return {"ok": False, "status": e.code, "error": _clean(str(e.reason))}
    except urllib.error.URLError as e:
        reason = e.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            return {"ok": False, "status": None, "error": "timed out"}
        return {"ok": False, "status": None, "error": _clean(str(reason))}
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
