"""The dataset hooks: keep scores current, show them in package_show and
index them for package_search."""
from __future__ import annotations

import json

import ckan.model as model

from .logic import access
from . import hiding
from . import model as pmodel
from . import screening as sc
from .logic import scores

FIELDS = ("prioritization_status", "prioritization_score",
          "prioritization_recommendation")


def _fields(row: pmodel.Dataset | None) -> dict:
    if row is None or row.status is None:
        return {k: None for k in FIELDS}
    return {
        "prioritization_status": row.status,
        "prioritization_score": (float(row.score) if row.score is not None
                                 else None),
        "prioritization_recommendation": row.recommendation,
    }


class DatasetHooks:
    """IPackageController methods (mixed into the plugin class)."""

    def after_dataset_create(self, context, pkg_dict):
        if pkg_dict.get("id"):
            scores.rescore(pkg_dict["id"], pkg_dict)
        return pkg_dict

    def after_dataset_update(self, context, pkg_dict):
        if pkg_dict.get("id"):
            scores.rescore(pkg_dict["id"], pkg_dict)
        return pkg_dict

    def after_dataset_delete(self, context, pkg_dict):
        # CKAN passes the caller's data dict: "id" may be the name, and
        # CKAN marks the dataset deleted only after this hook.
        pkg = model.Package.get(pkg_dict.get("id") or "")
        if pkg is not None:
            scores.forget(pkg.id)
        return pkg_dict

    def after_dataset_show(self, context, pkg_dict):
        row = model.Session.get(pmodel.Dataset, pkg_dict.get("id") or "")
        pkg_dict.update(_fields(row))
        # A score the viewer may not see is absent, not empty.
        return hiding.strip(pkg_dict, access.hidden_fields(
            access.viewer(context), pkg_dict.get("owner_org"),
            bool(pkg_dict.get("private"))))

    def before_dataset_search(self, search_params):
        """A search that names a score field anywhere (filter, sort, facet,
        query fields, an fl alias) is answered only over the datasets
        whose score the viewer may see: otherwise a facet would count, a
        filter pick and a sort order datasets by a score the page hides
        (hiding.py)."""
        if not search_params.get("sort") or \
                search_params.get("sort") == "rank":
            _default_sort(search_params)
        if not hiding.references(search_params, hiding.FIELDS):
            return search_params
        scope = access.search_scope(access.viewer(_current_user()))
        if scope is None:
            return search_params
        scope_fq = hiding.scope_filter(scope)
        if scope_fq is None:
            # nothing to answer over: CKAN skips the search
            search_params["abort_search"] = True
            return search_params
        # a filter of its own: never text appended to the caller's fq
        fq_list = search_params.get("fq_list") or []
        search_params["fq_list"] = ([fq_list] if isinstance(fq_list, str)
                                    else list(fq_list)) + [scope_fq]
        return search_params

    def after_dataset_search(self, search_results, search_params):
        """The result dicts (and the dataset JSON an fl may ask for) lose
        the score fields of every dataset whose score the viewer may not
        see; a result that cannot be tied to a dataset loses them too."""
        results = [r for r in search_results.get("results") or []
                   if isinstance(r, dict) and _carries_scores(r)]
        if not results:
            return search_results
        viewer = access.viewer(_current_user())
        if viewer.full:
            return search_results
        owners = _owners({_dataset_id(r) for r in results} - {None})
        for result in results:
            owner = owners.get(_dataset_id(result))
            hiding.strip(result, access.hidden_fields(viewer, *owner)
                         if owner else hiding.FIELDS)
        return search_results

    def before_dataset_index(self, pkg_dict):
        # Indexed under the score writers' lock (shared): no score can
        # change and commit between this read and this commit.
        scores.lock_scores(shared=True)
        row = model.Session.get(pmodel.Dataset, pkg_dict.get("id") or "")
        for key in FIELDS + ("prioritization_score_sort",):
            pkg_dict.pop(key, None)
        fields = _fields(row)
        # The result dicts package_search returns are the indexed
        # validated_data_dict: it carries the fields as package_show does
        # (CKAN 2.12 indexes package_show's output, CKAN 2.11 re-validates
        # it with the show schema, which drops them).
        shown = pkg_dict.get("validated_data_dict")
        if shown:
            pkg_dict["validated_data_dict"] = json.dumps(
                dict(json.loads(shown), **fields))
        # Only set values are indexed: a missing field is what Solr and
        # postgres_search both treat as "no value" in filters and sorts.
        if fields["prioritization_status"]:
            pkg_dict["prioritization_status"] = fields[
                "prioritization_status"]
        if fields["prioritization_recommendation"]:
            pkg_dict["prioritization_recommendation"] = fields[
                "prioritization_recommendation"]
        if fields["prioritization_score"] is not None:
            pkg_dict["prioritization_score"] = str(
                fields["prioritization_score"])
            pkg_dict["prioritization_score_sort"] = sc.sortable_score(
                fields["prioritization_score"])
        return pkg_dict


def _current_user() -> str:
    try:
        import ckan.plugins.toolkit as tk
        return tk.current_user.name if tk.current_user.is_authenticated \
            else ""
    except Exception:  # outside a request
        return ""


def _default_sort(search_params) -> None:
    """CKAN puts the configured default sort in after this hook: one on a
    score field would order everyone's listing by hidden scores, so those
    whose searches are scoped get CKAN's own default instead."""
    import ckan.plugins.toolkit as tk
    default = tk.config.get("ckan.search.default_package_sort") or ""
    if hiding.names_hidden(default, hiding.FIELDS) and access.search_scope(
            access.viewer(_current_user())) is not None:
        search_params["sort"] = "score desc, metadata_modified desc"


def _carries_scores(result: dict) -> bool:
    if hiding.FIELDS & set(result):
        return True
    return any(isinstance(result.get(k), (str, dict)) and "prioritization_"
               in str(result.get(k)) for k in hiding.JSON_KEYS)


def _dataset_id(result: dict) -> str | None:
    if result.get("id"):
        return str(result["id"])
    for key in hiding.JSON_KEYS:
        try:
            inner = result.get(key)
            inner = json.loads(inner) if isinstance(inner, str) else inner
        except ValueError:
            continue
        if isinstance(inner, dict) and inner.get("id"):
            return str(inner["id"])
    return None


def _owners(ids: set[str]) -> dict[str, tuple[str | None, bool]]:
    """{dataset id: (organization, private)} as the database has them."""
    if not ids:
        return {}
    rows = model.Session.query(model.Package.id, model.Package.owner_org,
                               model.Package.private).filter(
        model.Package.id.in_(sorted(ids)))
    return {pid: (org, bool(private)) for pid, org, private in rows}
