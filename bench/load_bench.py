#!/usr/bin/env python3
"""The portal under load: editors, screeners, the secretariat and
anonymous readers at once, against a multi-threaded WSGI server.

Run (own database and Redis db; `make bench-load` does this)::

    CKAN_SQLALCHEMY_URL=postgresql://postgres@127.0.0.1:5432/ckan_municipal_bench_load \\
    CKAN_REDIS_URL=redis://127.0.0.1:6379/12 \\
        .venv/bin/python bench/load_bench.py [--seconds 60] [--threads 8]

The portal (plugins postgres_search and prioritization, test.ini's
settings) is served by waitress, the multi-threaded WSGI server CKAN's
documentation deploys behind a proxy, in a process of its own, on
127.0.0.1 only, with ``--threads`` worker threads and a database pool of
that many connections plus ``--pool-extra``. For ``--seconds``, from this
process:

* 20 editors ``package_patch`` datasets of their municipality (two
  editors share each dataset: the same row, at once);
* 5 screeners ``prioritization_screening_update`` their candidates;
* 2 secretaries ``prioritization_weights_update``;
* 50 anonymous readers GET /dataset, /prioritization and dataset pages.

Each client waits ``--think`` seconds (writers) or ``--read-think``
(readers) between requests, as people do; ``--think 0 --read-think 0``
is a stress test whose latency is the queue in front of the threads.
Printed (and written to bench/out/load.json): requests per second and
p50/p95 per kind, errors by status, and then the index rows that differ
from a fresh indexing of their dataset (``consistency.verify``).

Aims: no error but 409, no stale index row, reads p95 < 300 ms.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PLUGINS = "postgres_search prioritization"
SECRETARIAT = "secretariat"
MUNICIPALITIES = 5
DATASETS_PER_MUNICIPALITY = 8
TYPES = ["parking", "air-quality", "tree-inventory", "road-works",
         "public-toilets"]
CRITERIA = ("demand", "transparency", "economic_reuse", "scale",
            "obligation", "quality", "effort", "machine_readable")
EDITORS, SCREENERS, SECRETARIES, READERS = 20, 5, 2, 50
AIM_READ_P95_MS = 300.0


def portal_config(config_file: str, port: int, pool: int, extra: int):
    from ckan.cli import load_config
    conf = load_config(config_file)
    conf.update({
        "ckan.plugins": PLUGINS,
        "ckan.site_url": f"http://127.0.0.1:{port}",
        "ckanext.prioritization.secretariat_organization": SECRETARIAT,
        "sqlalchemy.pool_size": str(pool),
        "sqlalchemy.max_overflow": str(extra),
    })
    return conf


def serve(args) -> None:
    """The server process: CKAN under waitress."""
    import waitress
    from ckan.config.middleware import make_app
    app = make_app(portal_config(args.config, args.port, args.threads,
                                 args.pool_extra))
    waitress.serve(app, host="127.0.0.1", port=args.port,
                   threads=args.threads, connection_limit=200,
                   backlog=256, _quiet=True)


# -- the data -------------------------------------------------------------------

def set_up(args) -> dict:
    """Empty the database; municipalities with their editors and
    screeners, the secretariat, screened candidates; an API token each."""
    from ckan.config.middleware import make_app
    app = make_app(portal_config(args.config, args.port, 2, 2))
    getattr(app, "_wsgi_app", app).test_request_context().push()
    import ckan.plugins.toolkit as tk
    from ckan import model
    site = {"ignore_auth": True, "user": empty_database()}

    def act(action, **data):
        return tk.get_action(action)(dict(site), data)

    def user(name):
        act("user_create", name=name, email=f"{name}@bench.example",
            password="bench-password-123")
        return act("api_token_create", user=name, name="load")["token"]

    people = {"editors": [], "screeners": [], "secretaries": []}
    datasets = []
    for m in range(MUNICIPALITIES):
        editors = [f"editor-{m}-{e}" for e in range(EDITORS // MUNICIPALITIES)]
        screener = f"screener-{m}"
        tokens = {name: user(name) for name in editors + [screener]}
        act("organization_create", name=f"municipality-{m}",
            users=[{"name": n, "capacity": "editor"} for n in tokens])
        names = []
        for d in range(DATASETS_PER_MUNICIPALITY):
            name = f"m{m}-{TYPES[d % len(TYPES)]}-{d}"
            act("package_create", name=name, title=name.replace("-", " "),
                owner_org=f"municipality-{m}", extras=[
                    {"key": "dataset_type_code",
                     "value": TYPES[d % len(TYPES)]}])
            act("prioritization_screening_update", id=name,
                status="candidate", scores={"demand": d % 5, "quality": 2},
                personal_data="none", confidentiality="none")
            names.append(name)
        datasets += names
        # two editors on each of the first datasets: the same row at once
        for number, editor in enumerate(editors):
            people["editors"].append((tokens[editor], names[number // 2]))
        people["screeners"].append((tokens[screener], names))
    secretaries = [f"secretary-{s}" for s in range(SECRETARIES)]
    tokens = {name: user(name) for name in secretaries}
    act("organization_create", name=SECRETARIAT,
        users=[{"name": n, "capacity": "member"} for n in secretaries])
    people["secretaries"] = list(tokens.values())
    people["datasets"] = datasets
    model.Session.commit()
    return people


def empty_database() -> str:
    """Migrated, emptied, with a sysadmin (whose name is returned)."""
    from ckan import model
    from ckan.cli.db import _run_migrations
    from ckan.lib import search
    model.repo.init_db()
    for plugin in ("postgres_search", "prioritization"):
        _run_migrations(plugin)
    model.repo.delete_all()
    search.clear_all()
    admin = model.User(name="load-bench-admin", sysadmin=True,
                       email="admin@bench.example",
                       password="bench-password-123")
    model.Session.add(admin)
    model.Session.commit()
    return admin.name


# -- the load -------------------------------------------------------------------

class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = collections.defaultdict(list)
        self.statuses = collections.defaultdict(collections.Counter)

    def record(self, kind: str, ms: float, status) -> None:
        with self.lock:
            self.times[kind].append(ms)
            self.statuses[kind][status] += 1


def client(base, kind, request, think, until, recorder, seed) -> None:
    rng = random.Random(seed)
    session = requests.Session()
    time.sleep(rng.uniform(0, think or 0.05))  # not all in one burst
    while time.monotonic() < until:
        method, path, kwargs = request(rng)
        started = time.perf_counter()
        try:
            response = session.request(method, base + path, timeout=60,
                                        **kwargs)
            status = response.status_code
        except requests.RequestException as error:
            status = type(error).__name__
        recorder.record(kind, (time.perf_counter() - started) * 1000,
                        status)
        if think:
            time.sleep(rng.uniform(0.5 * think, 1.5 * think))


def requests_of(people):
    def action(token, name, data):
        return ("POST", f"/api/3/action/{name}",
                {"json": data, "headers": {"Authorization": token}})

    def editor(token, dataset):
        return lambda rng: action(token, "package_patch", {
            "id": dataset, "notes": f"Edited {rng.random():.6f}"})

    def screener(token, names):
        return lambda rng: action(token, "prioritization_screening_update", {
            "id": rng.choice(names), "status": "candidate",
            "scores": {"demand": rng.randint(0, 4),
                       "quality": rng.randint(0, 4)},
            "personal_data": "none", "confidentiality": "none"})

    def secretary(token):
        return lambda rng: action(token, "prioritization_weights_update", {
            "weights": {c: rng.randint(1, 5) for c in CRITERIA}})

    pages = ["/dataset", "/prioritization"]

    def reader(rng):
        path = rng.choice(pages + ["/dataset/" + rng.choice(
            people["datasets"])])
        return "GET", path, {}

    return ([("edit", editor(*e)) for e in people["editors"]]
            + [("screen", screener(*s)) for s in people["screeners"]]
            + [("weights", secretary(t)) for t in people["secretaries"]]
            + [("read", reader)] * READERS)


def wait_for(base: str, server, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server stopped (exit code {server.returncode})")
        try:
            if requests.get(base + "/api/3/action/status_show",
                            timeout=5).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    sys.exit("the server did not answer within 120 s")


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


def run_load(args, people) -> dict:
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", "--port", str(args.port),
         "--threads", str(args.threads), "--pool-extra",
         str(args.pool_extra), "--config", args.config], env=os.environ)
    try:
        wait_for(base, server)
        # warm up: CKAN fills its registries on first use, templates compile
        for path in ("/dataset", "/prioritization",
                     "/dataset/" + people["datasets"][0]):
            requests.get(base + path, timeout=60)
        recorder = Recorder()
        until = time.monotonic() + args.seconds
        threads = []
        for number, (kind, request) in enumerate(requests_of(people)):
            think = args.read_think if kind == "read" else args.think
            threads.append(threading.Thread(target=client, daemon=True, args=(
                base, kind, request, think, until, recorder, number)))
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(30)
    return summarize(recorder, elapsed)


def summarize(recorder: Recorder, elapsed: float) -> dict:
    kinds = {}
    for kind, times in sorted(recorder.times.items()):
        statuses = recorder.statuses[kind]
        kinds[kind] = {
            "requests": len(times), "per_second": len(times) / elapsed,
            "p50_ms": percentile(times, 0.5), "p95_ms": percentile(times, 0.95),
            "errors": {str(s): n for s, n in statuses.items()
                       if not (isinstance(s, int) and s < 400)}}
    return {"seconds": elapsed, "kinds": kinds}


def check_index(args) -> list[dict]:
    from ckanext.postgres_search import consistency
    return consistency.verify()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--pool-extra", type=int, default=4)
    parser.add_argument("--think", type=float, default=1.0)
    parser.add_argument("--read-think", type=float, default=1.0)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--config", default=str(ROOT / "test.ini"))
    parser.add_argument("--serve", action="store_true",
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not os.environ.get("CKAN_SQLALCHEMY_URL"):
        sys.exit("CKAN_SQLALCHEMY_URL is not set (see the module docstring).")
    if args.serve:
        serve(args)
        return 0
    if not args.port:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            args.port = probe.getsockname()[1]
    people = set_up(args)
    result = run_load(args, people)
    stale = check_index(args)
    result.update({
        "server": f"waitress, {args.threads} threads, database pool "
                  f"{args.threads} + {args.pool_extra}",
        "clients": {"edit": EDITORS, "screen": SCREENERS,
                    "weights": SECRETARIES, "read": READERS},
        "think_s": {"writers": args.think, "readers": args.read_think},
        "cores": os.cpu_count(), "stale_index_rows": len(stale),
        "stale_examples": stale[:5]})
    report(result)
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "load.json").write_text(json.dumps(result, indent=2))
    errors = sum(n for k in result["kinds"].values()
                 for s, n in k["errors"].items() if s != "409")
    read = result["kinds"].get("read", {}).get("p95_ms", 0)
    return 1 if errors or stale or read > AIM_READ_P95_MS else 0


def report(result: dict) -> None:
    print(f"load bench: {result['server']}; {result['cores']} cores; "
          f"{result['seconds']:.0f} s; think {result['think_s']}")
    print(f"{'kind':8} {'clients':>7} {'requests':>8} {'req/s':>7} "
          f"{'p50 ms':>8} {'p95 ms':>8}  errors")
    for kind, k in result["kinds"].items():
        print(f"{kind:8} {result['clients'][kind]:7d} {k['requests']:8d} "
              f"{k['per_second']:7.1f} {k['p50_ms']:8.0f} {k['p95_ms']:8.0f}"
              f"  {k['errors'] or '-'}")
    print(f"stale index rows: {result['stale_index_rows']}")
    read = result["kinds"].get("read", {}).get("p95_ms")
    if read is not None:
        verdict = "met" if read < AIM_READ_P95_MS else "MISSED"
        print(f"read p95 {read:.0f} ms: aim < {AIM_READ_P95_MS:.0f} ms "
              f"{verdict}")


if __name__ == "__main__":
    sys.exit(main())
