"""Checking that web addresses answer (no CKAN import).

A link answers when a GET ends, after at most ``max_redirects``
redirects, in a 2xx status within ``timeout`` seconds per network step.
Whatever goes wrong (a server that hangs, redirects forever, answers
garbage or refuses) is a result with an error text, never an exception.
"""
from __future__ import annotations

import concurrent.futures
import http.client
import socket
import ssl
import urllib.error
import urllib.request
from typing import Iterable

USER_AGENT = "ckanext-charter link check (+https://ckan.org)"


def _opener(max_redirects: int) -> urllib.request.OpenerDirector:
    class Redirects(urllib.request.HTTPRedirectHandler):
        max_redirections = max_redirects
        max_repeats = max_redirects

    return urllib.request.build_opener(Redirects)


def _clean(text: str) -> str:
    """An error text safe to store and show: garbage from a server may
    hold NUL and control characters."""
    return "".join(c if c.isprintable() else "?" for c in text)[:200]


def check(url: str, timeout: float = 10.0,
          max_redirects: int = 5) -> dict:
    """``{"ok": bool, "status": int | None, "error": str | None}``."""
    if not url or not url.startswith(("http://", "https://")):
        return {"ok": False, "status": None, "error": "not a web address"}
    request = urllib.request.Request(url, headers={
        "User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with _opener(max_redirects).open(request, timeout=timeout) as answer:
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
               timeout: float = 10.0, max_redirects: int = 5
               ) -> dict[str, dict]:
    """Check distinct URLs, at most ``concurrency`` at a time."""
    unique = list(dict.fromkeys(u for u in urls if u is not None))
    results: dict[str, dict] = {}
    with concurrent.futures.ThreadPoolExecutor(
            max_workers=max(1, concurrency)) as pool:
        futures = {pool.submit(check, u, timeout, max_redirects): u
                   for u in unique}
        for future in concurrent.futures.as_completed(futures):
            url = futures[future]
            try:
                results[url] = future.result()
            except Exception as e:  # a bug must not lose the other results
                results[url] = {"ok": False, "status": None,
                                "error": _clean(f"{type(e).__name__}: {e}")}
    return results
