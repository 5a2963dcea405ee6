#!/usr/bin/env python3
"""Dataset search benchmark for the postgres_search backend.

Run with ``make bench TEST_DB=ckan_municipal_bench REDIS_DB=7`` (and
``BENCH_ARGS="--datasets 100000"`` etc.). CKAN is loaded in-process from
test.ini with the database named by CKAN_SQLALCHEMY_URL; the script

1. creates CKAN's tables and the postgres_search migration,
2. builds N municipal datasets (organizations, themes as groups, tags,
   resources, licences, ~10% private, ~2% drafts) with bulk inserts into
   CKAN's tables, then indexes them with CKAN's own indexing
   (``ckan.lib.search.rebuild``: package_show + PackageSearchIndex), and
   records a marker so the next run with the same N reuses the database,
3. times ``package_search`` (the action, in-process) for several query
   shapes as an anonymous user and as a member of one organization,
4. times a search-index rebuild (datasets/second),
5. prints the figures against the targets, and EXPLAIN ANALYZE of the
   slowest query.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import municipal_data as md  # noqa: E402

DATA_VERSION = "municipal-v1"
MARKER_TABLE = "bench_search_marker"
ADMIN, MEMBER = "bench-admin", "bench-member"
TARGET_P50_MS = 30.0
TARGET_SCALE_FACTOR = 3.0


def log(message: str) -> None:
    print(message, flush=True)


# -- CKAN -----------------------------------------------------------------
def load_ckan(config_file: str, revision: str | None = None):
    """CKAN's app from test.ini, the database from CKAN_SQLALCHEMY_URL,
    migrated to the latest revision of postgres_search or to ``revision``
    (up or down)."""
    if not os.environ.get("CKAN_SQLALCHEMY_URL"):
        sys.exit("CKAN_SQLALCHEMY_URL is not set: run through `make bench`.")
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    conf = load_config(config_file)
    app = make_app(conf)
    flask_app = getattr(app, "_wsgi_app", app)
    context = flask_app.test_request_context()
    context.push()
    from ckan import model
    from ckan.cli.db import _run_migrations, current_revision
    model.repo.init_db()
    current = (current_revision("postgres_search") or "base").split()[0]
    # Revisions are numbered 0001, 0002, ...
    if revision and current != "base" and revision < current:
        _run_migrations("postgres_search", revision, forward=False)
    else:
        _run_migrations("postgres_search", revision or "head")
    return app


def _raw_execute(sql: str, autocommit: bool = False):
    from ckan import model
    with model.meta.engine.connect() as connection:
        if autocommit:
            connection = connection.execution_options(
                isolation_level="AUTOCOMMIT")
        result = connection.exec_driver_sql(sql)
        rows = result.fetchall() if result.returns_rows else None
        if not autocommit:
            connection.commit()
        return rows


def read_marker() -> dict:
    _raw_execute(f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} "
                 "(key text PRIMARY KEY, value text NOT NULL)")
    return dict(_raw_execute(f"SELECT key, value FROM {MARKER_TABLE}"))


def write_marker(values: dict) -> None:
    from ckan import model
    with model.meta.engine.begin() as connection:
        connection.exec_driver_sql(f"DELETE FROM {MARKER_TABLE}")
        for key, value in values.items():
            connection.exec_driver_sql(
                f"INSERT INTO {MARKER_TABLE} VALUES (%(k)s, %(v)s)",
                {"k": key, "v": str(value)})


def counts() -> tuple[int, int]:
    packages = _raw_execute("SELECT count(*) FROM package")[0][0]
    indexed = _raw_execute(
        "SELECT count(*) FROM postgres_search_index")[0][0]
    return packages, indexed


# -- data -----------------------------------------------------------------
def build_data(n: int, seed: int) -> None:
    import ckan.logic as logic
    from ckan import model

    log(f"Building {n:,} datasets (seed {seed})...")
    started = time.perf_counter()
    model.Session.remove()
    model.repo.delete_all()
    # delete_all() misses the index table: ckanext.postgres_search.model is
    # never imported, so the table is not on CKAN's metadata.
    from ckan.lib import search
    search.clear_all()
    _raw_execute(f"DELETE FROM {MARKER_TABLE}")
    rng = random.Random(seed)

    admin = model.User(name=ADMIN, email="admin@bench.example",
                       password="bench-password-123", sysadmin=True)
    member = model.User(name=MEMBER, email="member@bench.example",
                        password="bench-password-123")
    model.Session.add_all([admin, member])
    model.Session.commit()

    context = lambda: {"user": ADMIN, "ignore_auth": True}  # noqa: E731
    orgs = []
    for org in md.organizations():
        created = logic.get_action("organization_create")(context(), {
            "name": org["name"], "title": org["title"],
            "description": f"Open data from {org['title']}."})
        orgs.append(dict(org, id=created["id"]))
    themes = {}
    for name, title in md.THEMES:
        themes[name] = logic.get_action("group_create")(
            context(), {"name": name, "title": title})["id"]
    logic.get_action("organization_member_create")(context(), {
        "id": orgs[0]["name"], "username": MEMBER, "role": "member"})
    log(f"  {len(orgs)} organizations, {len(themes)} themes "
        f"({time.perf_counter() - started:.1f}s)")

    tag_ids = {name: str(uuid.uuid4()) for name in md.all_tags()}
    model.Session.execute(model.tag_table.insert(), [
        {"id": i, "name": name, "vocabulary_id": None}
        for name, i in tag_ids.items()])

    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    first = dt.datetime(2015, 1, 1)
    span = (now - first).total_seconds()
    mime = {f: m for f, _, m in md.FORMATS}
    batch = 2000
    for start in range(0, n, batch):
        packages, resources, package_tags, members = [], [], [], []
        for number in range(start, min(n, start + batch)):
            org = orgs[rng.randrange(len(orgs))]
            d = md.dataset(rng, number, org)
            pid = str(uuid.uuid4())
            created = first + dt.timedelta(seconds=rng.random() * span * 0.95)
            if rng.random() < 0.15:  # recently touched
                modified = now - dt.timedelta(days=rng.random() * 60)
                modified = max(modified, created)
            else:
                modified = created + (now - created) * rng.random()
            packages.append({
                "id": pid, "name": d["name"], "title": d["title"],
                "notes": d["notes"], "type": "dataset",
                "state": "draft" if rng.random() < 0.02 else "active",
                "private": rng.random() < 0.10,
                "owner_org": org["id"], "license_id": d["license_id"],
                "author": org["title"],
                "maintainer": f"Open data team, {org['title']}",
                "maintainer_email": f"opendata@{org['name']}.example",
                "url": f"https://{org['name']}.example/data/{d['name']}",
                "version": str(rng.randint(1, 5)) + ".0",
                "metadata_created": created, "metadata_modified": modified,
                "creator_user_id": admin.id,
                "extras": {"update_frequency": d["frequency"],
                           "language": d["lang"]},
            })
            for position, fmt in enumerate(d["formats"]):
                ext = fmt.lower()
                resources.append({
                    "id": str(uuid.uuid4()), "package_id": pid,
                    "url": f"https://{org['name']}.example/files/"
                           f"{d['name']}-{position}.{ext}",
                    "format": fmt, "name": f"{d['title']} ({fmt})",
                    "description": f"{fmt} distribution of {d['title']}.",
                    "position": position, "state": "active",
                    "mimetype": mime.get(fmt), "extras": {},
                    "created": created, "metadata_modified": modified,
                    "size": rng.randint(1_000, 50_000_000),
                })
            for tag in d["tags"]:
                package_tags.append({"id": str(uuid.uuid4()),
                                     "package_id": pid,
                                     "tag_id": tag_ids[tag],
                                     "state": "active"})
            for theme in d["themes"]:
                members.append({"id": str(uuid.uuid4()),
                                "group_id": themes[theme], "table_id": pid,
                                "table_name": "package", "state": "active",
                                "capacity": "public"})
        model.Session.execute(model.package_table.insert(), packages)
        model.Session.execute(model.resource_table.insert(), resources)
        model.Session.execute(model.package_tag_table.insert(), package_tags)
        model.Session.execute(model.member_table.insert(), members)
        model.Session.commit()
    log(f"  inserted {n:,} datasets ({time.perf_counter() - started:.1f}s)")
    _raw_execute("ANALYZE", autocommit=True)


def _index_part(ids: list[str], chunk: int, done, lock) -> None:
    from ckan import model
    from ckan.lib import search
    for start in range(0, len(ids), chunk):
        part = ids[start:start + chunk]
        search.rebuild(package_ids=part, defer_commit=True, quiet=True)
        model.Session.remove()
        with lock:
            done.value += len(part)


def index_all(chunk: int = 500, workers: int = 1,
              missing_only: bool = False) -> float:
    """Index every dataset with CKAN's own indexing, in ``workers``
    processes side by side as ``ckan search-index rebuild-fast`` does;
    datasets/second. ``missing_only`` indexes only the datasets the
    index lacks, so an interrupted build resumes where it stopped."""
    import multiprocessing

    from ckan import model
    from ckan.lib import search
    ids = [r[0] for r in _raw_execute(
        "SELECT id FROM package p"
        + (" WHERE NOT EXISTS (SELECT 1 FROM postgres_search_index i "
           "WHERE i.package_id = p.id)" if missing_only else "")
        + " ORDER BY id")]
    # Forked workers open connections of their own, never the parent's.
    model.Session.remove()
    model.meta.engine.dispose()
    done = multiprocessing.Value("i", 0)
    lock = multiprocessing.Lock()
    started = time.perf_counter()
    processes = [multiprocessing.Process(
        target=_index_part, args=(ids[w::workers], chunk, done, lock))
        for w in range(workers)]
    for process in processes:
        process.start()
    while any(process.is_alive() for process in processes):
        time.sleep(2)
        elapsed = time.perf_counter() - started
        print(f"\r  indexed {done.value:,}/{len(ids):,} "
              f"({done.value / elapsed:.0f} datasets/s, {workers} "
              f"process{'es' if workers > 1 else ''})", end="", flush=True)
    print(flush=True)
    if any(process.exitcode for process in processes):
        sys.exit("An indexing process failed; see its traceback above.")
    search.commit()
    _raw_execute("VACUUM ANALYZE postgres_search_index", autocommit=True)
    return len(ids) / (time.perf_counter() - started)


def ensure_data(n: int, seed: int, rebuild: bool, replicas: int = 1,
                workers: int = 1) -> dict:
    marker = read_marker()
    if replicas > 1:
        # A database scaled up by replicate_index.py: never rebuilt here.
        packages, indexed = counts()
        if marker.get("replicas") != str(replicas) or \
                indexed != n * replicas or packages != n:
            sys.exit(f"Expected {n:,} datasets replicated x{replicas} "
                     f"(bench/replicate_index.py); found {packages:,} "
                     f"datasets, {indexed:,} index rows.")
        log(f"Synthetic scale: {n:,} CKAN datasets, index replicated "
            f"x{replicas} = {indexed:,} index rows.")
        return marker
    wanted = {"datasets": str(n), "seed": str(seed),
              "data_version": DATA_VERSION}
    packages, indexed = counts()
    reuse = (not rebuild and all(marker.get(k) == v for k, v in
                                 wanted.items()) and packages == n
             and indexed == n)
    if reuse:
        log(f"Reusing the database: {n:,} datasets, indexed "
            f"(built {marker.get('built_at')}; --rebuild-data forces a "
            f"new build).")
        return marker
    if (not rebuild and all(marker.get(k) == v for k, v in wanted.items())
            and packages == n):
        log(f"Data present, index incomplete ({indexed:,}/{n:,}): "
            "indexing the missing datasets.")
        rate = index_all(workers=workers, missing_only=True)
    else:
        build_data(n, seed)
        # Marks the data as built, so that an interrupted indexing resumes.
        write_marker(wanted)
        rate = index_all(workers=workers)
    packages, indexed = counts()
    if packages != n or indexed != n:
        sys.exit(f"After the build: {packages:,} datasets, {indexed:,} "
                 f"index rows; expected {n:,} of each.")
    marker = dict(wanted, built_at=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None).isoformat(
        timespec="seconds"), initial_index_rate=f"{rate:.1f}",
        index_workers=str(workers))
    write_marker(marker)
    return marker


# -- timing ---------------------------------------------------------------
class Recorder:
    """Times the backend's search() and keeps the SQL it ran."""

    def __init__(self):
        from ckanext.postgres_search import backend
        self.backend_ms: list[float] = []
        self.compile_ms: list[float] = []
        self.compiled = None
        original_search = backend.PostgresSearchConnection.search
        original_compile = backend.compile_search
        recorder = self

        def search(self_, q=None, **kwargs):
            started = time.perf_counter()
            try:
                return original_search(self_, q, **kwargs)
            finally:
                recorder.backend_ms.append(
                    (time.perf_counter() - started) * 1000)

        def compile_search(params, config, now=None):
            started = time.perf_counter()
            recorder.compiled = original_compile(params, config, now)
            recorder.compile_ms.append(
                (time.perf_counter() - started) * 1000)
            return recorder.compiled

        backend.PostgresSearchConnection.search = search
        backend.compile_search = compile_search


def scenarios(rng: random.Random, orgs: list[str], member_org: str):
    terms = md.search_terms()
    formats = [f for f, _, _ in md.FORMATS[:6]]
    licences = [lic for lic, _ in md.LICENSES]
    facets3 = ["organization", "tags", "res_format"]
    facets5 = ["organization", "groups", "tags", "res_format", "license_id"]

    def free_text():
        return {"q": rng.choice(terms)}

    def free_text_facets():
        return {"q": rng.choice(terms), "facet.field": json.dumps(facets3)}

    def fq_filters():
        org = member_org if rng.random() < 0.3 else rng.choice(orgs)
        return {"q": "", "fq": (
            f"+organization:{org} +res_format:\"{rng.choice(formats)}\" "
            f"+license_id:{rng.choice(licences)} "
            f"+metadata_modified:[NOW-{rng.randint(1, 8)}YEARS TO NOW]")}

    def sort_modified():
        return {"q": "", "sort": "metadata_modified desc", "rows": 20,
                "start": 20 * rng.randrange(5)}

    def dataset_page():
        # What /dataset sends (views/dataset.py), page 1 to 3.
        return {"q": "", "fq": "+dataset_type:dataset",
                "facet.field": json.dumps(facets5), "rows": 20,
                "start": 20 * rng.choice([0, 0, 0, 1, 2]),
                "include_private": True}

    return [
        ("free text", free_text),
        ("free text + 3 facets", free_text_facets),
        ("fq org+format+licence+date", fq_filters),
        ("sort modified desc", sort_modified),
        ("/dataset page (*:*, 5 facets)", dataset_page),
    ]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def run_queries(runs: int, warmup: int, seed: int, only: str | None = None,
                users: tuple = ("anonymous", "member")) -> list[dict]:
    import ckan.logic as logic
    from ckan import model
    from ckan.lib.search.common import SearchError
    recorder = Recorder()
    package_search = logic.get_action("package_search")
    orgs = [g.name for g in model.Session.query(model.Group)
            .filter_by(is_organization=True).order_by(model.Group.name)]
    member_user = model.User.by_name(MEMBER)
    member_org = logic.get_action("organization_list_for_user")(
        {"user": MEMBER}, {"permission": "read"})[0]["name"]
    anonymous = model.AnonymousUser()
    results = []
    rng = random.Random(seed + 1)
    for label, make in scenarios(rng, orgs, member_org):
        if only and label != only:
            continue
        for who, user in (("anonymous", anonymous), ("member", member_user)):
            if who not in users:
                continue
            timings, backend, compiling, hits = [], [], [], []
            errors: list[str] = []
            slowest = (0.0, None, None)
            for i in range(warmup + runs):
                data_dict = make()
                if who == "member":
                    data_dict["include_private"] = True
                context = {"model": model, "session": model.Session,
                           "user": "" if who == "anonymous" else user.name,
                           "auth_user_obj": user}
                recorder.backend_ms.clear()
                recorder.compile_ms.clear()
                started = time.perf_counter()
                try:
                    count = package_search(context, dict(data_dict))["count"]
                except SearchError as error:
                    # e.g. the backend's statement timeout: the user gets
                    # an error page. Counted, timed up to the failure.
                    count = None
                    if not errors:
                        log(f"    {label} / {who}: {error}"[:300])
                    errors.append(str(error))
                elapsed = (time.perf_counter() - started) * 1000
                model.Session.remove()
                if i < warmup:
                    continue
                timings.append(elapsed)
                backend.append(sum(recorder.backend_ms))
                compiling.append(sum(recorder.compile_ms))
                if count is not None:
                    hits.append(count)
                if elapsed > slowest[0]:
                    slowest = (elapsed, data_dict, recorder.compiled)
            results.append({
                "scenario": label, "user": who, "runs": runs,
                "p50": percentile(timings, 50),
                "p95": percentile(timings, 95),
                "mean": statistics.fmean(timings),
                "backend_p50": percentile(backend, 50),
                "compile_p50": percentile(compiling, 50),
                "hits_median": int(statistics.median(hits)) if hits else -1,
                "errors": len(errors),
                "slowest_ms": slowest[0], "slowest_params": slowest[1],
                "slowest_sql": slowest[2],
                "median_sql": recorder.compiled,
            })
            r = results[-1]
            log(f"  {label:<32} {who:<9} p50 {r['p50']:7.1f} ms  "
                f"p95 {r['p95']:7.1f} ms")
    return results


def rebuild_rate(sample: int | None) -> tuple[int, float]:
    """A search-index rebuild as `ckan search-index rebuild` runs it."""
    from ckan import model
    from ckan.lib import search
    if sample is None:
        total = model.Session.query(model.Package).count()
        started = time.perf_counter()
        search.rebuild(defer_commit=True, quiet=True)
    else:
        ids = [r[0] for r in model.Session.query(model.Package.id)
               .order_by(model.Package.id).limit(sample).all()]
        total = len(ids)
        started = time.perf_counter()
        search.rebuild(package_ids=ids, defer_commit=True, quiet=True)
    search.commit()
    elapsed = time.perf_counter() - started
    model.Session.remove()
    return total, total / elapsed


def explain(compiled) -> str:
    from ckan import model
    with model.meta.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "EXPLAIN (ANALYZE, BUFFERS) " + compiled.sql,
            compiled.params).fetchall()
        connection.rollback()
    return "\n".join(r[0] for r in rows)


def render_sql(compiled) -> str:
    from ckan import model
    raw = model.meta.engine.raw_connection()
    try:
        with raw.cursor() as cursor:
            return cursor.mogrify(compiled.sql, compiled.params).decode()
    finally:
        raw.close()



def run_http(app, runs: int, warmup: int, seed: int) -> list[dict]:
    """The /dataset listing through HTTP, page and API, so that the page's
    own cost (templates, helpers) shows beside the backend's."""
    import ckan.logic as logic
    from ckan import model
    flask_app = getattr(app, "_wsgi_app", app)
    client = flask_app.test_client()
    token = logic.get_action("api_token_create")(
        {"user": MEMBER, "ignore_auth": True},
        {"user": MEMBER, "name": "bench"})["token"]
    model.Session.remove()
    facets5 = ["organization", "groups", "tags", "res_format", "license_id"]
    rng = random.Random(seed + 2)
    requests = [
        ("GET /dataset", lambda: ("/dataset/", {
            "page": rng.choice([1, 1, 1, 2, 3])})),
        ("GET package_search (5 facets)", lambda: (
            "/api/3/action/package_search", {
                "fq": "+dataset_type:dataset", "rows": 20,
                "facet.field": json.dumps(facets5),
                "include_private": "true",
                "start": 20 * rng.choice([0, 0, 0, 1, 2])})),
    ]
    results = []
    for label, make in requests:
        for who, headers in (("anonymous", {}),
                             ("member", {"Authorization": token})):
            timings = []
            for i in range(warmup + runs):
                path, query = make()
                started = time.perf_counter()
                response = client.get(path, query_string=query,
                                      headers=headers)
                elapsed = (time.perf_counter() - started) * 1000
                if response.status_code != 200:
                    sys.exit(f"{label} / {who}: HTTP {response.status_code}")
                if i >= warmup:
                    timings.append(elapsed)
            results.append({"scenario": label, "user": who, "runs": runs,
                            "p50": percentile(timings, 50),
                            "p95": percentile(timings, 95)})
            r = results[-1]
            log(f"  {label:<32} {who:<9} p50 {r['p50']:7.1f} ms  "
                f"p95 {r['p95']:7.1f} ms")
    return results


def table_health() -> dict:
    """Live and dead row versions and size of the index table."""
    rows = _raw_execute(
        "SELECT n_live_tup, n_dead_tup, "
        "pg_relation_size('postgres_search_index'), "
        "pg_total_relation_size('postgres_search_index'), "
        "pg_total_relation_size(c.reltoastrelid) "
        "FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid "
        "WHERE s.relname = 'postgres_search_index'")
    live, dead, heap, total, toast = rows[0]
    return {"live": live, "dead": dead, "heap_mb": heap / 2**20,
            "toast_mb": toast / 2**20, "total_mb": total / 2**20}


def table_layout() -> dict:
    """Where the index keeps what queries read (migration 0003): the
    columns stored in the row, and how the text vectors are stored."""
    in_row = [name for name, in _raw_execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = "
        "'postgres_search_index'::regclass AND attnum > 0 "
        "AND NOT attisdropped AND attstorage = 'm' ORDER BY attnum")]
    vectors = dict(_raw_execute(
        "SELECT coalesce(pg_column_compression(search_vector), 'none'), "
        "count(*) FROM postgres_search_index GROUP BY 1"))
    return {"in_row_columns": in_row, "vector_compression": vectors,
            **table_health()}


HEALTH_SCENARIOS = ("free text", "/dataset page (*:*, 5 facets)")


def health_p50(runs: int, seed: int) -> dict:
    """Backend p50 (anonymous) of free text and of the /dataset query, to
    show what dead rows and pending GIN entries cost."""
    return {name: run_queries(runs, 5, seed, only=name,
                              users=("anonymous",))[0]["backend_p50"]
            for name in HEALTH_SCENARIOS}

# -- report ---------------------------------------------------------------
def print_table(results: list[dict], n: int) -> None:
    log("")
    log(f"package_search latency at {n:,} datasets (ms, in-process, "
        f"{results[0]['runs']} runs each)")
    header = (f"{'query':<32} {'user':<9} {'p50':>7} {'p95':>7} "
              f"{'mean':>7} {'search':>7} {'parse':>6} {'hits':>6}  p50<30")
    log(header)
    log("-" * len(header))
    for r in results:
        ok = "ok" if r["p50"] < TARGET_P50_MS else "MISSED"
        if r.get("errors"):
            ok += f" ({r['errors']} errors)"
        log(f"{r['scenario']:<32} {r['user']:<9} {r['p50']:7.1f} "
            f"{r['p95']:7.1f} {r['mean']:7.1f} {r['backend_p50']:7.1f} "
            f"{r['compile_p50']:6.1f} {r['hits_median']:6d}  {ok}")
    log("-" * len(header))
    log("search = p50 time inside the backend's search() (parse/compile + "
        "the one SQL statement + decoding); parse = p50 of compile_search "
        "alone (luqum parsing + SQL generation); the rest of p50 is CKAN's "
        "action around the backend (validation, permission labels, "
        "result JSON).")
    log("hits = median result count. anonymous: API default "
        "(+capacity:public); member: include_private=True with the "
        "member's permission labels. /dataset page: include_private=True "
        "for both, as the web view sends.")


def compare(results: list[dict], previous_file: str | None) -> None:
    if not previous_file or not Path(previous_file).exists():
        return
    before = json.loads(Path(previous_file).read_text())
    base = {(r["scenario"], r["user"]): r for r in before["results"]}
    log("")
    log(f"Scaling against {previous_file} ({before['datasets']:,} datasets;"
        f" target: p50 at most {TARGET_SCALE_FACTOR:.0f}x)")
    for r in results:
        b = base.get((r["scenario"], r["user"]))
        if not b:
            continue
        factor = r["p50"] / b["p50"] if b["p50"] else float("inf")
        ok = "ok" if factor <= TARGET_SCALE_FACTOR else "MISSED"
        log(f"  {r['scenario']:<32} {r['user']:<9} {b['p50']:7.1f} -> "
            f"{r['p50']:7.1f} ms  x{factor:4.1f}  {ok}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=int, default=10_000)
    parser.add_argument("--rebuild-data", action="store_true",
                        help="build the datasets anew even if the database "
                             "already has them")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--rebuild-sample", type=int, default=2000,
                        help="datasets re-indexed to time the rebuild rate")
    parser.add_argument("--rebuild-all", action="store_true",
                        help="time a rebuild of every dataset")
    parser.add_argument("--skip-rebuild", action="store_true")
    parser.add_argument("--build-only", action="store_true",
                        help="build (or check) the datasets and their index, "
                             "then stop: a long build can run while the "
                             "machine is busy, the timings later on a quiet one")
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--postgres-search-revision",
                        help="migrate the index to this revision first (up "
                             "or down), to time a layout before and after "
                             "a migration on the same data")
    parser.add_argument("--index-workers", type=int,
                        default=os.cpu_count() or 1,
                        help="processes indexing the built datasets side "
                             "by side (default: one per CPU, as CKAN's "
                             "search-index rebuild-fast)")
    parser.add_argument("--without-group-counts", action="store_true",
                        help="count every listing row by row, as before "
                             "migration 0002 (for a before/after figure "
                             "on the same database)")
    parser.add_argument("--without-vacuum-on-commit", action="store_true",
                        help="leave a bulk re-index's dead rows to "
                             "autovacuum, as before (table health figure)")
    parser.add_argument("--http-runs", type=int, default=100)
    parser.add_argument("--replicas", type=int, default=1,
                        help="the database was scaled up by "
                             "bench/replicate_index.py with this factor")
    parser.add_argument("--config", default=str(ROOT / "test.ini"))
    parser.add_argument("--json", help="write the results to this file "
                                       "(default bench/out/search-N.json)")
    parser.add_argument("--compare", help="results JSON of a smaller run "
                                          "to check the scaling target")
    parser.add_argument("--explain-out",
                        help="write every scenario's SQL and EXPLAIN "
                             "ANALYZE to this file")
    args = parser.parse_args()

    log(f"Database: {os.environ.get('CKAN_SQLALCHEMY_URL')}  "
        f"CPUs: {os.cpu_count()}  load: "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    app = load_ckan(args.config, args.postgres_search_revision)
    if args.postgres_search_revision:
        log("postgres_search migrated to revision "
            f"{args.postgres_search_revision} (--postgres-search-revision).")
    from ckanext.postgres_search import backend, query
    if args.without_group_counts:
        query._filters_only_groups = lambda where: False
        log("Listing facets counted row by row (--without-group-counts).")
    if args.without_vacuum_on_commit:
        backend.VACUUM_AFTER_DEFERRED_ROWS = float("inf")
        log("No vacuum after a bulk re-index (--without-vacuum-on-commit).")
    marker = ensure_data(args.datasets, args.seed, args.rebuild_data,
                         args.replicas, args.index_workers)
    scale = args.datasets * args.replicas
    if args.build_only:
        log(f"Built: {scale:,} datasets indexed (initial index rate "
            f"{marker.get('initial_index_rate', '?')} datasets/s).")
        return

    layout = table_layout()
    log(f"Index table: heap {layout['heap_mb']:.0f} MB, TOAST "
        f"{layout['toast_mb']:.0f} MB; {len(layout['in_row_columns'])} "
        "query columns kept in the row; text vectors by compression: "
        + ", ".join(f"{k} {v:,}" for k, v in
                    sorted(layout["vector_compression"].items())))
    log(f"Timing package_search ({args.warmup} warm-up + {args.runs} runs "
        "per query and user)...")
    results = run_queries(args.runs, args.warmup, args.seed)
    print_table(results, scale)

    http = []
    if not args.skip_http:
        log("")
        log("Timing the listing through HTTP (Flask test client, "
            f"{args.http_runs} runs)...")
        http = run_http(app, args.http_runs, 5, args.seed)

    rate, health = None, None
    if not args.skip_rebuild and args.replicas == 1:
        sample = None if args.rebuild_all else args.rebuild_sample
        log("")
        log(f"Timing search-index rebuild of "
            f"{'all' if sample is None else f'{sample:,}'} datasets...")
        before = table_health()
        total, rate = rebuild_rate(sample)
        log(f"Index rebuild: {total:,} datasets at {rate:.1f} datasets/s "
            f"({total / rate:.1f}s); initial build of this database ran at "
            f"{marker.get('initial_index_rate', '?')} datasets/s")
        # What the re-index left in the table, and what it costs a listing.
        after = table_health()
        health = {"before": before, "after_rebuild": after,
                  "p50_after_rebuild": health_p50(50, args.seed)}
        _raw_execute("VACUUM ANALYZE postgres_search_index", autocommit=True)
        health["after_vacuum"] = table_health()
        health["p50_after_vacuum"] = health_p50(50, args.seed)
        log("Table health (index table, live / dead rows, heap MB):")
        for key in ("before", "after_rebuild", "after_vacuum"):
            h = health[key]
            log(f"  {key:<14} {h['live']:>7,} / {h['dead']:>7,}  "
                f"{h['heap_mb']:6.1f} MB heap, {h['toast_mb']:6.1f} MB TOAST, "
                f"{h['total_mb']:6.1f} MB total")
        for name in HEALTH_SCENARIOS:
            log(f"  {name} in the backend (p50, anonymous): "
                f"{health['p50_after_rebuild'][name]:.1f} ms right after "
                f"the re-index, {health['p50_after_vacuum'][name]:.1f} ms "
                "after VACUUM ANALYZE")

    slowest = max(results, key=lambda r: r["p50"])
    log("")
    log(f"Slowest by p50: {slowest['scenario']} / {slowest['user']} "
        f"({slowest['p50']:.1f} ms). Its SQL (last run) and EXPLAIN "
        "ANALYZE:")
    log(render_sql(slowest["median_sql"]))
    log(explain(slowest["median_sql"]))

    if args.explain_out:
        with open(args.explain_out, "w") as out:
            for r in results:
                out.write(f"=== {r['scenario']} / {r['user']}: p50 "
                          f"{r['p50']:.1f} ms, slowest {r['slowest_ms']:.1f}"
                          f" ms with {r['slowest_params']}\n")
                out.write(render_sql(r["slowest_sql"]) + "\n\n")
                out.write(explain(r["slowest_sql"]) + "\n\n")
        log(f"All plans written to {args.explain_out}")

    log("")
    log(f"Targets: p50 < {TARGET_P50_MS:.0f} ms per query at 10,000 "
        f"datasets; at 100,000 at most {TARGET_SCALE_FACTOR:.0f}x the "
        "10,000 figure.")
    missed = [r for r in results if r["p50"] >= TARGET_P50_MS]
    log(f"p50 target: {len(results) - len(missed)}/{len(results)} met"
        + (f" (missed: {', '.join(r['scenario'] + '/' + r['user'] for r in missed)})"
           if missed else ""))
    log(f"Load average after the run: "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} "
        f"(2 shared cores: expect noise)")
    compare(results, args.compare)

    out = Path(args.json or HERE / "out" / f"search-{scale}.json")
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({
        "datasets": scale, "replicas": args.replicas, "runs": args.runs,
        "at": dt.datetime.now(dt.timezone.utc).replace(tzinfo=None).isoformat(timespec="seconds"),
        "rebuild_rate": rate, "table_layout": layout,
        "table_health": health, "http": http,
        "results": [{k: v for k, v in r.items()
                     if not k.endswith("_sql") and k != "slowest_params"}
                    for r in results]}, indent=2))
    log(f"Results written to {out}")


if __name__ == "__main__":
    main()
