"""The dataset hooks: keep scores current, show them in package_show and
index them for package_search."""
from __future__ import annotations

import json

import ckan.model as model

from . import access
from . import model as pmodel
from . import screening as sc
from . import store

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
            store.rescore(pkg_dict["id"], pkg_dict)
        return pkg_dict

    def after_dataset_update(self, context, pkg_dict):
        if pkg_dict.get("id"):
            store.rescore(pkg_dict["id"], pkg_dict)
        return pkg_dict

    def after_dataset_delete(self, context, pkg_dict):
        # CKAN passes the caller's data dict: "id" may be the name, and
        # CKAN marks the dataset deleted only after this hook.
        pkg = model.Package.get(pkg_dict.get("id") or "")
        if pkg is not None:
            store.forget(pkg.id)
        return pkg_dict

    def after_dataset_show(self, context, pkg_dict):
        row = model.Session.get(pmodel.Dataset, pkg_dict.get("id") or "")
        fields = _fields(row)
        # Whoever may read a private dataset may see its score; a public
        # one's score is hidden only when public scores are off.
        if row is not None and not row.private and \
                not access.public_scores() and not access.sees_score(
                    access.viewer(context), row.owner_org, row.private):
            fields = {k: None for k in FIELDS}
        pkg_dict.update(fields)
        return pkg_dict

    def after_dataset_search(self, search_results, search_params):
        # The cached dicts carry the fields as indexed; hide them from
        # viewers who may not see this dataset's score.
        if access.public_scores():
            return search_results
        viewer = access.viewer(_current_user())
        for pkg_dict in search_results.get("results") or []:
            if not access.sees_score(viewer, pkg_dict.get("owner_org"),
                                     bool(pkg_dict.get("private"))):
                pkg_dict.update({k: None for k in FIELDS})
        return search_results

    def before_dataset_search(self, search_params):
        """With public scores off, a search that filters or sorts on the
        score fields is answered over the datasets whose score the viewer
        may see: a range filter on a public dataset's indexed score would
        otherwise read the score the page hides."""
        if access.public_scores():
            return search_params
        asked = " ".join(str(search_params.get(key) or "")
                         for key in ("q", "fq", "sort"))
        asked += " ".join(str(f) for f in search_params.get("fq_list") or [])
        if "prioritization_" not in asked:
            return search_params
        viewer = access.viewer(_current_user())
        if viewer.full:
            return search_params
        orgs = " OR ".join(f'"{org_id}"' for org_id in sorted(viewer.org_ids))
        search_params["fq"] = "{} +owner_org:({})".format(
            search_params.get("fq") or "", orgs or '"-"').strip()
        return search_params

    def before_dataset_index(self, pkg_dict):
        # Indexed under the score writers' lock (shared): no score can
        # change and commit between this read and this commit.
        store.lock_scores(shared=True)
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

