#!/usr/bin/env python3
"""Synthetic scale-up of a built benchmark database, for when building
100,000 datasets through CKAN's indexing takes longer than there is time
(CKAN's rebuild indexes ~15-40 datasets/s on a small machine).

Clones SOURCE_DB to TARGET_DB (CREATE DATABASE ... TEMPLATE) and copies
every row of postgres_search_index FACTOR-1 more times with new index ids,
package ids and names. The copies are CKAN-built index documents; the
CKAN tables keep the original datasets. Every query then matches FACTOR
times the rows it matched, which is what the backend's SQL sees at
FACTOR x the size (the index triggers keep the facet counts per filter
group of migration 0002 as they do for CKAN's writes). Run the search
timing on it with
``search_bench.py --datasets N --replicas FACTOR``.

    python bench/replicate_index.py ckan_municipal_bench \
        ckan_municipal_bench_x10 10
"""
import argparse
import time

import psycopg2

from ckanext.postgres_search.fields import COLUMN_FIELDS, column_of

# The native columns are copied as they are.
COLUMNS = ", ".join(column_of(name) for name in COLUMN_FIELDS)

SERVER = "postgresql://postgres@127.0.0.1:5432"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source")
    parser.add_argument("target")
    parser.add_argument("factor", type=int)
    parser.add_argument("--server", default=SERVER)
    args = parser.parse_args()

    started = time.perf_counter()
    admin = psycopg2.connect(f"{args.server}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{args.target}"')
        cursor.execute(f'CREATE DATABASE "{args.target}" '
                       f'TEMPLATE "{args.source}"')
    admin.close()

    db = psycopg2.connect(f"{args.server}/{args.target}")
    with db, db.cursor() as cursor:
        for copy in range(1, args.factor):
            # The doc's id/name change too, so results stay distinct.
            cursor.execute(f"""
                INSERT INTO postgres_search_index (index_id, package_id,
                    site_id, doc, {COLUMNS}, fields, text_fields, search_vector,
                    metadata_created, metadata_modified, name, title_string,
                    indexed_at)
                SELECT md5(index_id || %(k)s), p.id, site_id,
                    doc || jsonb_build_object('id', p.id,
                        'name', name || '-x' || %(k)s), {COLUMNS},
                    fields || jsonb_build_object('id', jsonb_build_array(p.id),
                        'name', jsonb_build_array(name || '-x' || %(k)s),
                        'index_id', jsonb_build_array(md5(index_id || %(k)s))),
                    text_fields, search_vector, metadata_created,
                    metadata_modified, name || '-x' || %(k)s, title_string,
                    indexed_at
                FROM postgres_search_index,
                    LATERAL (SELECT md5(package_id || %(k)s)::uuid::text
                             AS id) p
                WHERE name NOT LIKE '%%-x%%'
            """, {"k": str(copy)})
            print(f"copy {copy}/{args.factor - 1}: {cursor.rowcount} rows",
                  flush=True)
        cursor.execute("INSERT INTO bench_search_marker VALUES "
                       "('replicas', %s) ON CONFLICT (key) DO UPDATE SET "
                       "value = EXCLUDED.value", (str(args.factor),))
    db.autocommit = True
    with db.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE postgres_search_index")
        cursor.execute("SELECT count(*) FROM postgres_search_index")
        print(f"{cursor.fetchone()[0]} index rows in {args.target} "
              f"({time.perf_counter() - started:.0f}s)")
    db.close()


if __name__ == "__main__":
    main()
