#!/usr/bin/env python3
"""Harvesting a served catalogue of 1,000 datasets with ``municipal_dcat``:
the first run (every dataset created) and an unchanged second run (every
dataset compared, none written), in datasets per second.

Run (own database, emptied here; own Redis db)::

    CKAN_SQLALCHEMY_URL=postgresql://postgres@127.0.0.1:5432/ckan_municipal_bench_harvest \\
    CKAN_REDIS_URL=redis://127.0.0.1:6379/10 \\
        .venv/bin/python bench/harvest_bench.py [--datasets 1000] [--page 100]

The catalogue (DCAT-AP Turtle, hydra-paged, three municipalities as
publishers, one distribution per dataset) is served from a thread on
127.0.0.1. Each run is ``ckan harvester run-test`` through the installed
``ckan`` command, as an operator runs it: the figure includes the
command's start-up (about 3 s, printed apart).

Then the portal's DCAT feed of the harvested datasets, each dataset with
the catalogue it came from (``/catalog.ttl``, 100 datasets a page, and
``/dataset/<name>.ttl``): median and slowest of ten requests, with the
harvest plugin loaded and, for comparison, without it (no source
catalogue written).
"""
from __future__ import annotations

import argparse
import http.server
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.municipal_harvest import catalogue as cat  # noqa: E402

PLUGINS = ("municipal_harvest harvest municipal_schema scheming_datasets "
           "scheming_organizations dcat postgres_search")
CKAN = Path(sys.executable).parent / "ckan"
PUBLISHERS = (cat.AARHUS, cat.GENT, cat.GOTEBORG)


def pages(total: int, size: int, base: str) -> dict:
    """path -> Turtle of each page."""
    items = [cat.dataset(f"d{i:05d}", f"Datasæt {i}",
                         PUBLISHERS[i % len(PUBLISHERS)],
                         keyword=("trafik", "miljø", "affald")[i % 3])
             for i in range(total)]
    served = {}
    count = (total + size - 1) // size
    for n in range(count):
        path = "/catalog.ttl" + (f"?page={n + 1}" if n else "")
        next_path = f"/catalog.ttl?page={n + 2}" if n + 1 < count else ""
        served[path] = cat.turtle(
            items[n * size:(n + 1) * size], page=base + path,
            next_page=base + next_path if next_path else "").encode()
    return served


def serve(served: dict) -> tuple[http.server.HTTPServer, str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self, body_too):
            body = served.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/turtle; charset=utf-8")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            if body_too and body:
                self.wfile.write(body)

        def do_GET(self):
            self._answer(True)

        def do_HEAD(self):
            self._answer(False)

        def log_message(self, *args):
            pass
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def fresh_database(url: str) -> None:
    import psycopg2
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    connection = psycopg2.connect(parsed._replace(path="/postgres").geturl())
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def ckan(ini: Path, *args: str, check: bool = True) -> float:
    started = time.perf_counter()
    done = subprocess.run([str(CKAN), "-c", str(ini), *args], text=True,
                          capture_output=True, cwd=ini.parent)
    if check and done.returncode:
        sys.exit(f"ckan {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - started


def setup(ini: Path) -> None:
    ckan(ini, "db", "init")
    for plugin in ("postgres_search", "harvest"):
        ckan(ini, "db", "upgrade", "-p", plugin)
    script = ("import ckan.plugins.toolkit as tk\n"
              "u = tk.get_action('get_site_user')({'ignore_auth': True}, {})\n"
              "tk.get_action('organization_create')({'user': u['name'], "
              "'ignore_auth': True}, {'name': 'region', 'title': 'Region'})\n")
    subprocess.run([str(CKAN), "-c", str(ini), "shell"], input=script,
                   text=True, capture_output=True, check=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--datasets", type=int, default=1000)
    parser.add_argument("--page", type=int, default=100)
    args = parser.parse_args()
    database = os.environ.get("CKAN_SQLALCHEMY_URL")
    if not database:
        sys.exit("CKAN_SQLALCHEMY_URL is not set (see the module docstring).")
    fresh_database(database)
    with tempfile.TemporaryDirectory() as directory:
        ini = Path(directory) / "bench.ini"
        ini.write_text(re.sub(r"(?m)^ckan\.plugins = .*$",
                              f"ckan.plugins = {PLUGINS}",
                              (ROOT / "test.ini").read_text()))
        setup(ini)
        # the pages name their own address: built once the server has one
        served: dict = {}
        server, base = serve(served)
        served.update(pages(args.datasets, args.page, base))
        ckan(ini, "harvester", "source", "create", "bench",
             base + "/catalog.ttl", "municipal_dcat", "Bench", "true",
             "region", "MANUAL", '{"create_organizations": true}',
             check=False)  # ckanext-harvest 1.6.3 fails printing it on 2.12
        startup = min(ckan(ini, "harvester", "--help") for _ in range(3))
        report(args.datasets, startup, ("first run (all created)",
                                        ckan(ini, "harvester", "run-test",
                                             "bench")),
               ("second run (all unchanged)",
                ckan(ini, "harvester", "run-test", "bench")))
        print(job_stats(ini))
        server.shutdown()
        print(feed_timings(ini, "with the source catalogue"))
        ini.write_text(ini.read_text().replace(
            "municipal_harvest harvest ", ""))
        print(feed_timings(ini, "without it (harvest plugins unloaded)"))


def job_stats(ini: Path) -> str:
    """What each run did, as ckanext-harvest counts it."""
    script = (
        "import ckan.plugins.toolkit as tk\n"
        "jobs = tk.get_action('harvest_job_list')({'ignore_auth': True}, "
        "{'source_id': tk.get_action('harvest_source_show')("
        "{'ignore_auth': True}, {'id': 'bench'})['id']})\n"
        "print('JOBS', [dict(j['stats']) for j in reversed(jobs)])\n")
    done = subprocess.run([str(CKAN), "-c", str(ini), "shell"],
                          input=script, text=True, capture_output=True)
    lines = [line for line in done.stdout.splitlines() if "JOBS" in line]
    return lines[0].split("JOBS", 1)[1].strip() if lines else done.stderr


FEED_SCRIPT = """
import statistics, time
import rdflib
client = app.test_client()
name = tk.get_action('package_search')({'ignore_auth': True},
    {'rows': 1, 'sort': 'name asc'})['results'][0]['name']
for path in ('/catalog.ttl', '/catalog.ttl?page=2', f'/dataset/{name}.ttl'):
    client.get(path)  # warm
    times = []
    for _ in range(10):
        started = time.perf_counter()
        answer = client.get(path)
        times.append(time.perf_counter() - started)
    assert answer.status_code == 200, answer.status_code
    graph = rdflib.Graph().parse(data=answer.data, format='turtle')
    catalogues = len(set(graph.subjects(rdflib.RDF.type, rdflib.URIRef(
        'http://www.w3.org/ns/dcat#Catalog'))))
    print('FEED', path.replace(name, '<name>'), catalogues,
          f'{statistics.median(times) * 1000:.0f}', f'{max(times) * 1000:.0f}')
"""


def feed_timings(ini: Path, label: str) -> str:
    """The feed's pages through CKAN's Flask app in ``ckan shell``."""
    # one statement: the shell reads its input as an interactive console
    script = "import ckan.plugins.toolkit as tk\n" \
        f"exec({FEED_SCRIPT!r})\n"
    done = subprocess.run([str(CKAN), "-c", str(ini), "shell"],
                          input=script, text=True, capture_output=True)
    lines = [line.split("FEED ", 1)[1] for line in done.stdout.splitlines()
             if "FEED " in line]
    if not lines:
        return f"feed {label}: failed\n{done.stderr[-2000:]}"
    rows = []
    for line in lines:
        path, catalogues, median, slowest = line.rsplit(" ", 3)
        rows.append(f"  {path:22} {median:>5} ms (slowest {slowest:>4} ms),"
                    f" {catalogues} dcat:Catalog")
    return f"feed {label}:\n" + "\n".join(rows)


def report(total: int, startup: float, *runs) -> None:
    print(f"{total} datasets; `ckan` start-up {startup:.1f} s")
    for label, seconds in runs:
        work = seconds - startup
        print(f"{label}: {seconds:6.1f} s, {total / seconds:6.1f} datasets/s"
              f" ({total / work:6.1f} datasets/s without the start-up)")


if __name__ == "__main__":
    main()
