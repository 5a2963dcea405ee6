#!/usr/bin/env python3
"""Speed of the charter plugin.

1. Pure evaluation (rules + metadata quality score, both shipped
   charters) of 10,000 generated datasets: time per dataset (aim: under
   1 ms).
2. The organization page at 10,000 datasets of one organization:
   ``charter_organization_summary`` and ``GET /organization/<id>/charter``
   (aim: p50 under 100 ms).

Run in a database of its own (``make bench`` does)::

    CKAN_SQLALCHEMY_URL=postgresql://postgres@127.0.0.1:5432/ckan_municipal_bench_charter \\
    CKAN_REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python bench/charter_bench.py [--datasets 10000]

The 10,000 datasets of part 2 are written straight into the package and
evaluation tables (building them through package_create would take most
of an hour and measures CKAN, not this plugin); they are kept between
runs.
"""
from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FORMATS = ["CSV", "JSON", "GeoJSON", "XLSX", "PDF", "XML", "SHP", "HTML",
           "JSON-LD", "", "text/csv"]
LICENCES = ["cc-by", "cc-zero", "odc-odbl", "other-closed", "", "opendatadk",
            "notspecified"]
FREQUENCIES = ["DAILY", "WEEKLY", "MONTHLY", "ANNUAL", "IRREG", "", "NEVER"]
THEMES = ["TRAN", "ENVI", "ECON", "GOVE", "SOCI", "EDUC"]


def dataset(i: int, rnd: random.Random) -> dict:
    today = datetime.date(2026, 11, 23)
    modified = today - datetime.timedelta(days=rnd.randint(0, 900))
    resources = [{
        "id": f"r{i}-{j}",
        "url": f"https://data.example.org/{i}/{j}",
        "format": rnd.choice(FORMATS),
        "mimetype": rnd.choice([None, "text/csv"]),
        "download_url": rnd.choice([None, f"https://data.example.org/{i}/{j}.csv"]),
        "size": rnd.choice([None, 1024]),
        "rights": rnd.choice([None, "Municipality"]),
        "created": "2024-01-01T00:00:00",
        "metadata_modified": modified.isoformat(),
    } for j in range(rnd.randint(0, 4))]
    return {
        "id": f"d{i}", "name": f"dataset-{i}",
        "title": f"Dataset {i}", "notes": rnd.choice(["", "Description"]),
        "tags": [{"name": "t"}] * rnd.randint(0, 3),
        "data_themes": rnd.sample(THEMES, rnd.randint(0, 2)),
        "municipality_code": rnd.choice([None, "751", "44021"]),
        "temporal_start": rnd.choice([None, "2020-01-01"]),
        "update_frequency": rnd.choice(FREQUENCIES),
        "modified": modified.isoformat(),
        "license_id": rnd.choice(LICENCES),
        "access_rights": rnd.choice(["PUBLIC", "", "RESTRICTED"]),
        "author": rnd.choice(["", "Unit"]),
        "author_email": rnd.choice(["", "unit@example.org"]),
        "organization": {"id": "o", "name": "org"},
        "private": i % 10 == 0,
        "metadata_modified": modified.isoformat(),
        "resources": resources,
    }


def links_for(d: dict, rnd: random.Random) -> dict:
    if rnd.random() < 0.5:
        return {}
    return {r["id"]: {"access": rnd.random() < 0.9,
                      "download": rnd.random() < 0.8}
            for r in d["resources"]}


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))]


def bench_pure(n: int) -> list[tuple[dict, dict]]:
    from ckanext.charter import charters as ch
    from ckanext.charter import rules
    charters = ch.select(ch.load_directory(ch.CHARTER_DIR),
                         ["smart-flanders-2018", "open-data-charter-2015"])
    rnd = random.Random(2018)
    data = [dataset(i, rnd) for i in range(n)]
    links = [links_for(d, rnd) for d in data]
    claims = {"smart-flanders": [9, 11]}
    today = datetime.date(2026, 11, 23)
    for d, lk in zip(data[:200], links[:200]):  # warm up
        rules.evaluate(charters, d, claims, lk, True, today)
    times, results = [], []
    started = time.perf_counter()
    for d, lk in zip(data, links):
        t = time.perf_counter()
        results.append(rules.evaluate(charters, d, claims, lk, True, today))
        times.append(time.perf_counter() - t)
    total = time.perf_counter() - started
    ratings = {}
    for r in results:
        ratings[r["quality"]["rating"]] = ratings.get(
            r["quality"]["rating"], 0) + 1
    print(f"Pure evaluation of {n} datasets (2 charters + MQA): "
          f"total {total:.2f} s, per dataset mean "
          f"{1000 * total / n:.3f} ms, p50 {1000 * pct(times, 50):.3f} ms, "
          f"p95 {1000 * pct(times, 95):.3f} ms (aim: < 1 ms)")
    print(f"  ratings: {ratings}")
    return list(zip(data, results))


def load_ckan(config_file: str):
    if not os.environ.get("CKAN_SQLALCHEMY_URL"):
        sys.exit("CKAN_SQLALCHEMY_URL is not set (see the module docstring).")
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    conf = load_config(config_file)
    conf["ckan.plugins"] = "postgres_search charter"
    app = make_app(conf)
    flask_app = getattr(app, "_wsgi_app", app)
    flask_app.test_request_context().push()
    from ckan import model
    from ckan.cli.db import _run_migrations
    model.repo.init_db()
    for plugin in ("postgres_search", "charter"):
        _run_migrations(plugin)
    return flask_app


def fill(evaluated: list[tuple[dict, dict]]) -> str:
    """An organization with the datasets and their evaluations (kept
    between runs)."""
    import sqlalchemy as sa
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    from ckanext.charter import quality
    session = model.Session
    org = model.Group.get("bench-charter")
    if org is None:
        site = tk.get_action("get_site_user")({"ignore_auth": True}, {})
        tk.get_action("organization_create")(
            {"user": site["name"], "ignore_auth": True},
            {"name": "bench-charter", "title": "Bench municipality"})
        org = model.Group.get("bench-charter")
    have = session.execute(sa.text(
        "SELECT count(*) FROM charter_evaluation WHERE organization_id = :o"),
        {"o": org.id}).scalar()
    if have >= len(evaluated):
        print(f"  reusing {have} evaluated datasets of bench-charter")
        return org.name
    started = time.perf_counter()
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    packages, rows = [], []
    for d, result in evaluated[have:]:
        pid = str(uuid.uuid4())
        packages.append({"id": pid, "name": f"bench-charter-{uuid.uuid4().hex[:12]}",
                         "title": d["title"], "owner_org": org.id,
                         "private": d["private"], "now": now})
        gain, effort = quality.points_to_gain(result["quality"])
        rows.append({"id": pid, "org": org.id,
                     "score": result["quality"]["score"],
                     "pending": result["quality"]["pending"],
                     "rating": result["quality"]["rating"],
                     "gain": gain, "effort": effort,
                     "proven": result["proven"],
                     "contradicted": result["contradicted"],
                     "claimed": result["claimed"],
                     "now": now})
    session.execute(sa.text("""
        INSERT INTO package (id, name, title, owner_org, private, state,
                             type, metadata_created, metadata_modified)
        VALUES (:id, :name, :title, :owner_org, :private, 'active',
                'dataset', :now, :now)"""), packages)
    session.execute(sa.text("""
        INSERT INTO charter_evaluation (package_id, organization_id, score,
            pending, rating, gain, effort, proven, contradicted, claimed,
            computed)
        VALUES (:id, :org, :score, :pending, :rating, :gain, :effort,
                :proven, :contradicted, :claimed, :now)"""), rows)
    session.commit()
    session.execute(sa.text("ANALYZE package"))
    session.execute(sa.text("ANALYZE charter_evaluation"))
    session.commit()
    print(f"  wrote {len(rows)} datasets and evaluations in "
          f"{time.perf_counter() - started:.1f} s")
    return org.name


def bench_organization(flask_app, org_name: str, repeat: int) -> None:
    import ckan.plugins.toolkit as tk
    context = {"user": "", "ignore_auth": False}
    action = tk.get_action("charter_organization_summary")
    action(dict(context), {"id": org_name})  # warm up
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        summary = action(dict(context), {"id": org_name})
        times.append(time.perf_counter() - t)
    print(f"charter_organization_summary at {summary['datasets']} public "
          f"datasets: p50 {1000 * statistics.median(times):.1f} ms, "
          f"p95 {1000 * pct(times, 95):.1f} ms")
    client = flask_app.test_client()
    # CKAN's own about page of the organization: the same page chrome
    # (organization_show, header, navigation), as the baseline
    for url, label in ((f"/organization/about/{org_name}",
                        "baseline, CKAN's own page"),
                       (f"/organization/{org_name}/charter",
                        "aim: p50 < 100 ms")):
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - t)
            assert response.status_code == 200
        print(f"GET {url}: p50 {1000 * statistics.median(times):.1f} ms, "
              f"p95 {1000 * pct(times, 95):.1f} ms ({label})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--config", default=str(ROOT / "test.ini"))
    parser.add_argument("--pure-only", action="store_true")
    args = parser.parse_args()
    evaluated = bench_pure(args.datasets)
    if args.pure_only:
        return 0
    flask_app = load_ckan(args.config)
    org = fill(evaluated)
    bench_organization(flask_app, org, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
