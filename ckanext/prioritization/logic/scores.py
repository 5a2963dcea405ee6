"""Keeping scores up to date: the CKAN shell around ``screening``.

Every active dataset has a row in ``prioritization_dataset`` with the facts
the score needs (copied from the dataset dict, whatever its schema) and its
computed score. Scores are recomputed when a dataset changes, when the
weights change, when the number of municipalities holding a dataset type
changes, when demand is registered, and by ``ckan prioritization
recompute``.
"""
from __future__ import annotations

import json
import logging
from typing import Iterable

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckanext.municipal_opendata import compat
from ckanext.municipal_opendata.model import utcnow

from .. import model as pmodel
from .. import registry
from .. import screening as sc

log = logging.getLogger(__name__)


# -- weights -------------------------------------------------------------------

def current_weights() -> dict[str, float]:
    """The last saved weights, else the configured defaults; criteria the
    saved weights lack (a newer criteria file) get their default."""
    last = model.Session.query(pmodel.WeightsChange).order_by(
        pmodel.WeightsChange.id.desc()).first()
    defaults = registry.default_weights()
    if last is None:
        return defaults
    return {code: float(last.new.get(code, defaults.get(code, 0)))
            for code in defaults}


# -- facts from a dataset -------------------------------------------------------

def _text(value) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _field(pkg_dict: dict, key: str):
    """A dataset field: top-level (scheming schemas) or among the extras
    (CKAN's default schema)."""
    if pkg_dict.get(key) not in (None, "", []):
        return pkg_dict[key]
    for extra in pkg_dict.get("extras") or []:
        if isinstance(extra, dict) and extra.get("key") == key:
            return extra.get("value")
    return None


def _themes(pkg_dict: dict) -> list[str]:
    themes = _field(pkg_dict, "data_themes") or _field(pkg_dict, "theme")
    if isinstance(themes, str):
        try:
            parsed = json.loads(themes)
            themes = parsed if isinstance(parsed, list) else [themes]
        except ValueError:
            themes = [t for t in themes.replace(",", " ").split() if t]
    if not themes:
        themes = [g.get("name") for g in pkg_dict.get("groups") or []
                  if isinstance(g, dict)]
    # EU theme URIs keep their code only (".../data-theme/TRAN" -> TRAN)
    return sorted({str(t).rstrip("/").rsplit("/", 1)[-1]
                   for t in themes if t})


def hvd_categories(value) -> list[str]:
    """A dataset's HVD categories as a list, whether given as a list, as
    the JSON text of one (how a multiple-select field is stored) or as
    one category."""
    if isinstance(value, str) and value.strip().startswith("["):
        try:
            value = json.loads(value)
        except ValueError:
            pass
    if not isinstance(value, list):
        value = [value]
    return [v for v in (_text(x) for x in value) if v]


def _hvd(pkg_dict: dict) -> str | None:
    categories = hvd_categories(_field(pkg_dict, "hvd_category"))
    return categories[0] if categories else None


def _facts(pkg, pkg_dict: dict) -> dict:
    """What a dataset's row copies from the dataset."""
    org = model.Group.get(pkg.owner_org) if pkg.owner_org else None
    return {
        "name": pkg.name, "title": pkg.title or pkg.name,
        "owner_org": pkg.owner_org, "private": bool(pkg.private),
        "municipality": (_text(_field(pkg_dict, "municipality_code"))
                         or (org.name if org else None)),
        "dataset_type_code": _text(_field(pkg_dict, "dataset_type_code")),
        "hvd_category": _hvd(pkg_dict), "themes": _themes(pkg_dict),
    }


def sync_dataset(package_id: str, pkg_dict: dict | None = None
                 ) -> set[str]:
    """Copy a dataset's facts into its row (remove the row when the dataset
    is no longer active); returns the dataset type codes whose holder
    count may have changed."""
    pkg = model.Package.get(package_id)
    row = model.Session.get(pmodel.Dataset, package_id)
    before = {row.dataset_type_code} if row is not None else set()
    if pkg is None or pkg.state != "active":
        if row is not None:
            model.Session.delete(row)
            model.Session.flush()
        return {c for c in before if c}
    if row is None:
        row = pmodel.Dataset(package_id=pkg.id)
        model.Session.add(row)
    for key, value in _facts(pkg, pkg_dict or {}).items():
        setattr(row, key, value)
    screening = model.Session.get(pmodel.Screening, pkg.id)
    row.status = screening.status if screening else None
    model.Session.flush()
    return {c for c in before | {row.dataset_type_code} if c}


def facts_unchanged(package_id: str, pkg_dict: dict | None) -> bool:
    """Whether a changed dataset's row already holds its facts (an edit of
    its description, its resources): nothing to re-score, so the edit
    need not queue behind score writers."""
    pkg = model.Package.get(package_id)
    # as committed now, not as this request read it earlier
    row = model.Session.get(pmodel.Dataset, package_id,
                            populate_existing=True)
    if pkg is None or row is None or pkg.state != "active":
        return False
    facts = _facts(pkg, pkg_dict or {})
    return all(getattr(row, key) == value if key != "themes" else
               list(row.themes or ()) == list(value)
               for key, value in facts.items())


# -- recomputing ------------------------------------------------------------------

def holder_counts(codes: Iterable[str] | None) -> dict[str, int]:
    """Municipalities holding each dataset type: published (public, or
    status published) or a candidate; declined ones do not count."""
    holding = sa.or_(
        pmodel.Dataset.status.in_(sc.HOLDING_STATUSES),
        sa.and_(pmodel.Dataset.status.is_(None),
                pmodel.Dataset.private.is_(False)))
    query = model.Session.query(
        pmodel.Dataset.dataset_type_code,
        sa.func.count(sa.distinct(pmodel.Dataset.municipality))).filter(
        pmodel.Dataset.dataset_type_code.isnot(None), holding)
    if codes is not None:
        query = query.filter(pmodel.Dataset.dataset_type_code.in_(
            list(codes)))
    return dict(query.group_by(pmodel.Dataset.dataset_type_code).all())


def _demand_counts(package_ids, codes) -> tuple[dict, dict]:
    on_dataset = model.Session.query(
        pmodel.Demand.package_id, sa.func.count()).filter(
        pmodel.Demand.package_id.isnot(None))
    on_type = model.Session.query(
        pmodel.Demand.dataset_type_code, sa.func.count()).filter(
        pmodel.Demand.dataset_type_code.isnot(None))
    if package_ids is not None:
        on_dataset = on_dataset.filter(
            pmodel.Demand.package_id.in_(list(package_ids)))
    if codes is not None:
        on_type = on_type.filter(
            pmodel.Demand.dataset_type_code.in_(list(codes)))
    return (dict(on_dataset.group_by(pmodel.Demand.package_id).all()),
            dict(on_type.group_by(pmodel.Demand.dataset_type_code).all()))


_UPDATE = sa.text("""
    UPDATE prioritization_dataset AS d
    SET status = v.status, score = v.score, known = v.known,
        unknown = v.unknown, recommendation = v.recommendation,
        steps = CAST(v.steps AS jsonb), demand_signals = v.demand,
        computed = :now
    FROM unnest(CAST(:ids AS text[]), CAST(:statuses AS text[]),
                CAST(:scores AS numeric[]), CAST(:known AS integer[]),
                CAST(:unknown AS integer[]), CAST(:recommendations AS text[]),
                CAST(:steps AS text[]), CAST(:demand AS integer[]))
         AS v(id, status, score, known, unknown, recommendation, steps,
              demand)
    WHERE d.package_id = v.id""")


def recompute(package_ids: Iterable[str] | None = None,
              type_codes: Iterable[str] | None = None,
              weights: dict[str, float] | None = None) -> list[str]:
    """Recompute the scores of the given datasets and of every dataset of
    the given types (everything when both are None): one read, the
    scoring in Python (``screening.rescore``), one set-based update of
    the rows that changed. Returns the ids of datasets whose score,
    status or recommendation changed (their search-index entries need
    refreshing)."""
    sc_model = registry.screening_model()
    weights = weights or current_weights()
    all_rows = package_ids is None and type_codes is None
    rows = _stored(package_ids, type_codes)
    if not rows:
        return []
    codes = None if all_rows else {r.dataset_type_code for r in rows
                                   if r.dataset_type_code}
    by_dataset, by_type = _demand_counts(
        None if all_rows else [r.package_id for r in rows], codes)
    rescored = sc.rescore(sc_model, weights, rows, holder_counts(codes),
                          by_dataset, by_type)
    if rescored:
        _store(rescored)
    return [r.package_id for r in rescored if r.changed]


def _stored(package_ids: Iterable[str] | None,
            type_codes: Iterable[str] | None) -> list[sc.Stored]:
    """The rows to recompute with their screenings, as stored (all of
    them when both are None)."""
    Dataset, Screening = pmodel.Dataset, pmodel.Screening
    model.Session.flush()
    query = model.Session.query(
        Dataset.package_id, Dataset.dataset_type_code, Dataset.hvd_category,
        Dataset.status, Dataset.score, Dataset.recommendation,
        Dataset.known, Dataset.steps, Dataset.demand_signals,
        Screening.package_id, Screening.status, Screening.scores,
        Screening.legal_duty, Screening.personal_data,
        Screening.confidentiality).outerjoin(
        Screening, Screening.package_id == Dataset.package_id)
    if package_ids is not None or type_codes is not None:
        query = query.filter(sa.or_(
            Dataset.package_id.in_(list(package_ids or ())),
            Dataset.dataset_type_code.in_(list(type_codes or ()))))
    return [sc.Stored(*row[:9], row[9] is not None, *row[10:])
            for row in query.all()]


def _store(rescored: list[sc.Rescored]) -> None:
    """Write the recomputed rows in one statement."""
    session = model.Session
    session.execute(_UPDATE, {
        "ids": [r.package_id for r in rescored],
        "statuses": [r.status for r in rescored],
        "scores": [r.score for r in rescored],
        "known": [r.known for r in rescored],
        "unknown": [r.unknown for r in rescored],
        "recommendations": [r.recommendation for r in rescored],
        "steps": [json.dumps(r.steps) for r in rescored],
        "demand": [r.demand_signals for r in rescored],
        "now": utcnow()})
    # the ORM's copies of these rows are stale now
    for obj in list(session.identity_map.values()):
        if isinstance(obj, pmodel.Dataset):
            session.expire(obj)


def breakdown(steps: dict, weights: dict | None = None) -> list[dict]:
    """Each criterion's step, weight and points, from the stored steps
    (scores are recomputed on every weight change, so the current weights
    are the ones the stored score was computed with)."""
    if not steps:
        return []
    result = sc.score(registry.screening_model(),
                      weights or current_weights(), steps, {})
    return result.as_dict()["breakdown"]


# -- one writer of scores at a time -------------------------------------------

# The key of the transaction-level advisory lock every score writer and
# every indexing of a dataset holds until it commits ("prio" in ASCII).
SCORE_LOCK = 0x7072696F


def lock_scores(shared: bool = False) -> None:
    """Wait until no other transaction writes scores or indexes them, and
    keep the lock until this transaction ends.

    Scores depend on other rows (the weights, the holder counts of a
    type, demand): two transactions recomputing from what each read
    before the other committed left scores and index rows stale, first
    screenings collided on insert, and the weights history lost its
    chain. After the lock, every read sees what the last writer
    committed (the session's copies are expired).

    ``shared``: for indexing only; indexings run side by side, never
    while a score writer holds the lock."""
    session = model.Session
    session.flush()
    function = ("pg_advisory_xact_lock_shared" if shared
                else "pg_advisory_xact_lock")
    session.execute(sa.text(f"SELECT {function}(:key)"),
                    {"key": SCORE_LOCK})
    for obj in list(session.identity_map.values()):
        if isinstance(obj, (pmodel.Dataset, pmodel.Screening,
                            pmodel.WeightsChange)):
            session.expire(obj)


def refresh_index(package_ids: list[str]) -> None:
    """Refresh the search-index entries of re-scored datasets: when few,
    in the caller's transaction (they commit with the scores), else in a
    background job (which waits for this transaction's lock, so it reads
    what it commits)."""
    if not package_ids:
        return
    limit = tk.config.get("ckanext.prioritization.sync_reindex_limit")
    if len(package_ids) <= limit:
        for package_id in package_ids:
            compat.index_package(package_id)
    else:
        tk.enqueue_job(reindex, [package_ids],
                       title="prioritization: refresh search index")


def reindex(package_ids: list[str]) -> None:
    from ckan.lib import search  # no toolkit equivalent for re-indexing
    for package_id in package_ids:
        try:
            search.rebuild(package_id)
        except Exception:  # a dataset purged meanwhile, a search outage
            log.exception("Could not re-index dataset %s", package_id)


def rescore(package_id: str, pkg_dict: dict | None = None,
            index: bool = True) -> list[str]:
    """After a change of one dataset: copy its facts, recompute it and
    every dataset whose type's holder count changed."""
    if index and facts_unchanged(package_id, pkg_dict):
        return []
    lock_scores()
    codes = sync_dataset(package_id, pkg_dict)
    changed = recompute([package_id], codes)
    others = [c for c in changed if c != package_id]
    if index:
        refresh_index(others)
    return changed


def forget(package_id: str) -> list[str]:
    """A dataset is being deleted: its row leaves the ranking, coverage and
    demand counts now (before CKAN marks it deleted), and the datasets of
    its type are recomputed and re-indexed in the same transaction."""
    lock_scores()
    row = model.Session.get(pmodel.Dataset, package_id)
    if row is None:
        return []
    code = row.dataset_type_code
    model.Session.delete(row)
    model.Session.flush()
    changed = recompute([], [code]) if code else []
    refresh_index(changed)
    return changed


def stale_index() -> list[str]:
    """The datasets whose indexed score, status or recommendation differ
    from the database's (read from the postgres_search index; a Solr
    index is not compared)."""
    import ckan.plugins as p
    if not p.plugin_loaded("postgres_search"):
        return []
    from ckanext.postgres_search import consistency
    indexed = consistency.indexed_fields(INDEXED_FIELDS)
    stale = []
    for row in model.Session.query(pmodel.Dataset):
        want = indexed_values(row)
        have = indexed.get(row.package_id)
        if have is not None and have != want:
            stale.append(row.package_id)
    return stale


INDEXED_FIELDS = ("prioritization_status", "prioritization_score",
                  "prioritization_recommendation")


def indexed_values(row: pmodel.Dataset | None) -> dict[str, str | None]:
    """The prioritization fields as the search index holds them (only set
    values are indexed; the score as a string)."""
    if row is None or row.status is None:
        return {k: None for k in INDEXED_FIELDS}
    score = float(row.score) if row.score is not None else None
    return {"prioritization_status": row.status or None,
            "prioritization_score": str(score) if score is not None
            else None,
            "prioritization_recommendation": row.recommendation or None}


def sync_all(progress=None) -> int:
    """Copy the facts of every active dataset (for datasets made before
    the plugin was enabled, or changed by bulk operations that bypass the
    dataset hooks). Returns how many were synced."""
    ids = [i for (i,) in model.Session.query(model.Package.id).filter(
        model.Package.state == "active", model.Package.type == "dataset")]
    context = {"ignore_auth": True, "use_cache": False}
    for n, package_id in enumerate(ids):
        pkg_dict = tk.get_action("package_show")(dict(context),
                                                 {"id": package_id})
        sync_dataset(package_id, pkg_dict)
        if progress:
            progress(n + 1, len(ids))
    stale = model.Session.query(pmodel.Dataset).filter(
        ~pmodel.Dataset.package_id.in_(ids) if ids else sa.true())
    stale.delete(synchronize_session=False)
    model.Session.flush()
    return len(ids)
