#!/usr/bin/env python3
"""Cost of the municipal schema: package_create, package_show and
package_update with the municipal schema against ckanext-scheming's
default schema (ckan_dataset.yaml), in the same run and process.

Run (own database, as the search bench)::

    CKAN_SQLALCHEMY_URL=postgresql://postgres@127.0.0.1:5432/ckan_municipal_bench \\
    CKAN_REDIS_URL=redis://127.0.0.1:6379/7 \\
        .venv/bin/python bench/schema_bench.py [--datasets 200]

Both schemas are loaded side by side (the default one as dataset type
``scheming_default``); the operations alternate between them so that
both see the same database and cache state. Prints the median and p95 of
each action for both schemas and their ratio (aim: at most 1.15).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLUGINS = "municipal_schema scheming_datasets scheming_organizations dcat postgres_search"
TARGET_RATIO = 1.15


def load_ckan(config_file: str, baseline_url: str):
    if not os.environ.get("CKAN_SQLALCHEMY_URL"):
        sys.exit("CKAN_SQLALCHEMY_URL is not set (see the module docstring).")
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    conf = load_config(config_file)
    conf["ckan.plugins"] = PLUGINS
    conf["scheming.dataset_schemas"] = (
        "ckanext.municipal_schema:schemas/dataset.yaml " + baseline_url)
    app = make_app(conf)
    flask_app = getattr(app, "_wsgi_app", app)
    flask_app.test_request_context().push()
    from ckan import model
    from ckan.cli.db import _run_migrations
    model.repo.init_db()
    _run_migrations("postgres_search")
    return app


def baseline_schema(directory: str) -> str:
    """ckanext-scheming's default schema as dataset type scheming_default."""
    import ckanext.scheming
    source = Path(ckanext.scheming.__file__).parent / "ckan_dataset.yaml"
    text = source.read_text(encoding="utf-8").replace(
        "dataset_type: dataset", "dataset_type: scheming_default", 1)
    target = Path(directory) / "scheming_default.yaml"
    target.write_text(text, encoding="utf-8")
    return target.as_uri()


def datasets(i: int, org: str) -> tuple[dict, dict]:
    """The same dataset in the two schemas (the municipal one carries its
    DCAT-AP and municipal fields on top of the common ones)."""
    common = {
        "title": f"Parkering i Aarhus {i}",
        "notes": "Belægning af kommunens parkeringshuse, hvert femte minut.",
        "tag_string": "parkering,trafik,mobilitet", "license_id": "cc-by",
        "owner_org": org, "author": "Aarhus Kommune",
        "author_email": "opendata@aarhus.dk", "version": "1.0",
        "resources": [{"url": f"https://www.aarhus.dk/p/{i}.csv",
                       "name": "Belægning", "format": "CSV",
                       "description": "Pr. time"}],
    }
    municipal = dict(
        common, name=f"municipal-{i}", municipality_code="751",
        dataset_type_code="parking", data_themes=["TRAN", "REGI"],
        update_frequency="DAILY", access_rights="PUBLIC", language=["DAN"],
        temporal_start="2020-01-01", temporal_end="2024-12-31",
        landing_page="https://www.aarhus.dk/parkering",
        hvd_category=["http://data.europa.eu/bna/c_b79e35eb"],
        title_translated={"da": common["title"], "en": "Parking"},
    )
    baseline = dict(common, name=f"baseline-{i}", type="scheming_default",
                    url="https://www.aarhus.dk/parkering")
    return municipal, baseline


def timed(fn, *args):
    started = time.perf_counter()
    result = fn(*args)
    return result, (time.perf_counter() - started) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=int, default=200)
    parser.add_argument("--config", default=str(ROOT / "test.ini"))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory:
        load_ckan(args.config, baseline_schema(directory))
        import ckan.plugins.toolkit as tk
        from ckan import model
        from ckan.lib import search

        model.repo.delete_all()
        search.clear_all()
        admin = model.User(name="schema-bench-admin", sysadmin=True,
                           email="admin@bench.example",
                           password="bench-password-123")
        model.Session.add(admin)
        model.Session.commit()

        def action(name):
            fn = tk.get_action(name)
            return lambda data: fn({"user": admin.name}, data)

        create, show, update = (action("package_create"),
                                action("package_show"),
                                action("package_update"))
        org = action("organization_create")(
            {"name": "aarhus-kommune", "municipality_code": "751"})["id"]

        times = {s: {"create": [], "show": [], "update": []}
                 for s in ("municipal", "default")}
        for warmup in (True, False):
            n = 5 if warmup else args.datasets
            for i in range(n):
                municipal, baseline = datasets(
                    (-i - 1) if warmup else i, org)
                pair = [("municipal", municipal), ("default", baseline)]
                if i % 2:
                    pair.reverse()
                for schema, data in pair:
                    data = dict(data, name=data["name"].replace("-", "-w", 1)
                                if warmup else data["name"])
                    created, t_create = timed(create, data)
                    shown, t_show = timed(show, {"id": created["id"]})
                    shown["notes"] += " (updated)"
                    _, t_update = timed(update, shown)
                    if not warmup:
                        times[schema]["create"].append(t_create)
                        times[schema]["show"].append(t_show)
                        times[schema]["update"].append(t_update)

        print(f"{args.datasets} datasets per schema "
              "(milliseconds, median / p95)")
        print(f"{'action':16}{'municipal':>20}{'scheming default':>22}"
              f"{'ratio':>9}")
        worst = 0.0
        for op in ("create", "show", "update"):
            m, d = times["municipal"][op], times["default"][op]
            m50, d50 = statistics.median(m), statistics.median(d)
            m95 = statistics.quantiles(m, n=20)[-1]
            d95 = statistics.quantiles(d, n=20)[-1]
            ratio = m50 / d50
            worst = max(worst, ratio)
            print(f"package_{op:8}{m50:11.1f} / {m95:6.1f}"
                  f"{d50:13.1f} / {d95:6.1f}{ratio:9.2f}")
        verdict = "within" if worst <= TARGET_RATIO else "ABOVE"
        print(f"worst ratio {worst:.2f}: {verdict} the aim of "
              f"{TARGET_RATIO:.2f}")
        model.repo.delete_all()
        search.clear_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
