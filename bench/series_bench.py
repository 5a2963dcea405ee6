#!/usr/bin/env python3
"""Cost of dataset series (ckanext-dataset-series' navigation): the
``package_show`` of a dataset in an ordered series (two searches for its
previous and next dataset) against that of a dataset in no series, and of
the series itself (two searches for its first and last), in the same run
and process; and a ``/catalog.ttl`` page of the series and its members
against one of as many datasets in no series.

Run (own database, as the other benches)::

    CKAN_SQLALCHEMY_URL=postgresql://postgres@127.0.0.1:5432/ckan_municipal_bench \\
    CKAN_REDIS_URL=redis://127.0.0.1:6379/7 \\
        .venv/bin/python bench/series_bench.py [--members 50] [--rounds 200]

Prints the median and p95 of each in milliseconds (docs/schema.md,
"Dataset series", cites the figures)."""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from schema_bench import load_ckan  # noqa: E402

PLUGINS = ("municipal_schema scheming_datasets scheming_organizations dcat "
           "dataset_series postgres_search")


def build(members: int) -> dict:
    from ckan.tests import factories, helpers
    helpers.reset_db()
    from ckan.cli.db import _run_migrations
    _run_migrations("postgres_search")
    org = factories.Organization(name="municipality-751",
                                 municipality_code="751")
    plain = factories.Organization(name="municipality-101",
                                   municipality_code="101")
    series = helpers.call_action(
        "package_create", type="dataset_series", name="budget",
        title="Budget", notes="Budgets by year.", owner_org=org["id"],
        series_order_field="issued")
    common = {"owner_org": org["id"], "notes": "Budget.",
              "license_id": "cc-by", "author": "Aarhus Kommune",
              "author_email": "data@aarhus.dk"}
    for year in range(members):
        helpers.call_action("package_create", name=f"budget-{year}",
                            title=f"Budget {year}", in_series=[series["id"]],
                            issued=f"{1950 + year}-01-01", **common)
        helpers.call_action("package_create", name=f"plain-{year}",
                            title=f"Plain {year}", issued=f"{1950 + year}-01-01",
                            **dict(common, owner_org=plain["id"]))
    helpers.call_action("package_create", name="alone", title="Alone",
                        **common)
    return series


def timed(call, rounds: int) -> list:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return sorted(times)


def report(label: str, times: list) -> None:
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"{label:<40} median {statistics.median(times):7.2f} ms   "
          f"p95 {p95:7.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    import schema_bench
    schema_bench.PLUGINS = PLUGINS
    app = load_ckan(str(Path(__file__).resolve().parent.parent / "test.ini"),
                    "ckanext.municipal_schema:schemas/dataset_series.yaml")
    build(args.members)
    from ckan.tests import helpers
    middle = f"budget-{args.members // 2}"

    def show(name):
        return lambda: helpers.call_action("package_show", id=name)
    results = {"alone": [], "member": [], "series": []}
    for _ in range(args.rounds // 10):  # alternate, same cache state
        results["alone"] += timed(show("alone"), 10)
        results["member"] += timed(show(middle), 10)
        results["series"] += timed(show("budget"), 10)
    report("package_show, dataset in no series", sorted(results["alone"]))
    report("package_show, member (previous, next)", sorted(results["member"]))
    report("package_show, series (first, last)", sorted(results["series"]))
    client = app.test_client() if hasattr(app, "test_client") else \
        app._wsgi_app.test_client()
    def page(org):
        return lambda: client.get(f"/catalog.ttl?fq=organization:{org}")
    rounds = max(5, args.rounds // 20)
    report(f"/catalog.ttl, {args.members} datasets in no series",
           timed(page("municipality-101"), rounds))
    report(f"/catalog.ttl, series and its {args.members} datasets",
           timed(page("municipality-751"), rounds))


if __name__ == "__main__":
    main()
