"""Calls made at the same moment from several threads, each with its own
database session, as a multi-threaded web server makes them."""
from __future__ import annotations

import threading
import time
from typing import Any, Callable

import ckan.model as model


class Outcome:
    def __init__(self, results: list, errors: list, seconds: float):
        self.results, self.errors, self.seconds = results, errors, seconds


def at_once(calls: list[Callable[[], Any]], timeout: float = 60
            ) -> Outcome:
    """Run the calls in threads released together; return their results,
    the exceptions raised, and how long the slowest took."""
    _warm_caches()
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list = []

    def run(number: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[number] = call()
        except Exception as error:  # what the user would get: reported
            errors.append(error)
            model.Session.rollback()
        finally:
            model.Session.remove()

    threads = [threading.Thread(target=run, args=(n, c), daemon=True)
               for n, c in enumerate(calls)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.1, timeout - (time.perf_counter() - started)))
    hung = sum(thread.is_alive() for thread in threads)
    assert not hung, f"{hung} of {len(calls)} calls still waiting"
    return Outcome(results, errors, time.perf_counter() - started)


def _warm_caches() -> None:
    """CKAN fills its registries of actions and auth functions on first
    use, in place: threads that come first together read a half-filled
    one ("Authorization function not found"). A served portal's first
    request fills them the same way."""
    from ckan import authz
    import ckan.plugins.toolkit as tk
    tk.get_action("package_show")
    authz.auth_functions_list()
