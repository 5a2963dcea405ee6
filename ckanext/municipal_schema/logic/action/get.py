"""Actions that read: the dataset-type catalogue (and who publishes each
type, through package_search, so Solr and postgres_search both answer),
the vocabularies for the suite's other plugins, and the chained readers
of ckanext-dcat's RDF and of a dataset's series."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata import validation

from ... import vocab

__all__ = ["municipal_dataset_type_list", "municipal_dataset_type_show",
           "municipal_dataset_type_suggest", "municipal_vocabulary_show", "dcat_dataset_show",
           "dcat_catalog_show", "dcat_catalog_search", "package_show"]


def _lang(data_dict):
    lang = data_dict.get("lang")
    if isinstance(lang, str) and lang:
        return lang
    try:
        return tk.h.lang()
    except (RuntimeError, AttributeError):
        return tk.config.get("ckan.locale_default", "en")


def _search(context, fq, facet_fields, rows=0):
    return tk.get_action("package_search")(
        {"user": context.get("user"), "ignore_auth": False},
        {"fq": fq, "rows": rows, "facet": "true",
         "facet.field": facet_fields, "facet.limit": -1,
         "facet.mincount": 1, "sort": "title_string asc"})


@tk.side_effect_free
def municipal_dataset_type_list(context, data_dict):
    """The catalogue of municipal dataset types.

    :param lang: language of ``name`` (default: the portal's)
    :param with_counts: add ``dataset_count`` per type (one search; which
        municipalities publish a type is in municipal_dataset_type_show)
    """
    tk.check_access("municipal_dataset_type_list", context, data_dict)
    lang = _lang(data_dict)
    types = [t.as_dict(lang) for t in vocab.dataset_types()]
    if validation.flag(data_dict, "with_counts"):
        result = _search(context, "",
                         ["dataset_type_code"])
        counts = result["search_facets"].get(
            "dataset_type_code", {}).get("items", [])
        by_code = {i["name"]: i["count"] for i in counts}
        for t in types:
            t["dataset_count"] = by_code.get(t["code"], 0)
    return types


@tk.side_effect_free
def municipal_dataset_type_show(context, data_dict):
    """One dataset type and the municipalities that publish it.

    :param id: the type's code
    :param lang: language of names (default: the portal's)
    :returns: the type, with ``municipalities`` (code, name, country, uri,
        dataset_count) and ``datasets`` (name, title, organization,
        municipality_code)
    """
    tk.check_access("municipal_dataset_type_show", context, data_dict)
    code = data_dict.get("id")
    dataset_type = vocab.dataset_type(code) if isinstance(code, str) else None
    if dataset_type is None:
        raise tk.ObjectNotFound(tk._("Dataset type not found"))
    lang = _lang(data_dict)
    result = _search(context, 'dataset_type_code:"{}"'.format(code),
                     ["municipality_code"], rows=1000)
    municipalities = vocab.vocabulary("municipalities")
    items = result["search_facets"].get(
        "municipality_code", {}).get("items", [])
    publishers = []
    for item in items:
        term = municipalities.get(item["name"])
        publishers.append({
            "code": item["name"],
            "name": term.label(lang) if term else item["name"],
            "country": term.extra.get("country") if term else None,
            "uri": term.uri if term else None,
            "dataset_count": item["count"],
        })
    publishers.sort(key=lambda m: m["name"])
    out = dataset_type.as_dict(lang)
    out["municipalities"] = publishers
    out["datasets"] = [{
        "name": d["name"], "title": d.get("title"),
        "organization": (d.get("organization") or {}).get("title"),
        "municipality_code": d.get("municipality_code"),
    } for d in result["results"]]
    out["dataset_count"] = result["count"]
    return out


SUGGEST_LIMIT = 1000


@tk.side_effect_free
def municipal_dataset_type_suggest(context, data_dict):
    """The dataset types suggested for datasets without one, from their
    titles, keywords and descriptions (``type_suggestion``): for the
    secretariat to confirm, never set.

    :param datasets: a list (at most 1000) of dataset dicts (``id``,
        ``title``, ``title_translated``, ``notes``, ``notes_translated``,
        ``tags``, ``tag_string``, ``keywords``, ``dataset_type_code``)
    :param lang: language of the types' names (default: the portal's)
    :returns: per dataset, in the order given, ``id`` and ``suggestions``
        (``code``, ``name``, ``score``, ``matches``: ``field``, ``words``,
        ``term``, ``lang``), best first
    """
    from ... import type_suggestion
    tk.check_access("municipal_dataset_type_suggest", context, data_dict)
    datasets = data_dict.get("datasets")
    if not isinstance(datasets, list) or len(datasets) > SUGGEST_LIMIT or \
            not all(isinstance(d, dict) for d in datasets):
        raise tk.ValidationError({"datasets": [tk._(
            "A list of at most {n} datasets").format(n=SUGGEST_LIMIT)]})
    lang = _lang(data_dict)
    out = []
    for pkg in datasets:
        found = []
        for suggestion in type_suggestion.suggest(pkg):
            item = suggestion.as_dict()
            item["name"] = vocab.dataset_type(suggestion.code).name(lang)
            found.append(item)
        out.append({"id": pkg.get("id"), "suggestions": found})
    return out


@tk.side_effect_free
def municipal_vocabulary_show(context, data_dict):
    """A vocabulary of the schema: its authority and terms (code, uri,
    labels in da/nl/sv/en, further attributes).

    :param id: data_themes, frequencies, hvd_categories, access_rights,
        licences, languages, municipalities, planned_availability or
        file_types
    """
    tk.check_access("municipal_vocabulary_show", context, data_dict)
    name = data_dict.get("id")
    if name not in vocab.VOCABULARIES:
        raise tk.ObjectNotFound(tk._("Vocabulary not found"))
    voc = vocab.vocabulary(name)
    return {
        "name": voc.name, "authority": voc.authority,
        "terms": [dict(t.extra, code=t.code, uri=t.uri, label=t.labels)
                  for t in voc],
    }


# -- ckanext-dcat's RDF actions: the feed that never breaks ------------------
# ckanext-dcat's own serializer fails the whole catalogue on one dataset
# whose stored values it cannot write; rdf_output writes each apart.

@tk.chained_action
def dcat_dataset_show(up_func, context, data_dict):
    from ..rdf_output import dataset_show
    return dataset_show(context, data_dict)


@tk.chained_action
@tk.side_effect_free
def dcat_catalog_show(up_func, context, data_dict):
    from ..rdf_output import catalog
    return catalog("dcat_catalog_show", context, data_dict)


@tk.chained_action
@tk.side_effect_free
def dcat_catalog_search(up_func, context, data_dict):
    from ..rdf_output import catalog
    return catalog("dcat_catalog_search", context, data_dict)


# -- dataset series ----------------------------------------------------------
# ckanext-dataset-series reads a dataset's series with ignore_auth: what the
# caller may not see is taken out of the navigation again (this action is
# the outer one: municipal_schema comes first in ckan.plugins).

@tk.chained_action
@tk.side_effect_free
def package_show(up_func, context, data_dict):
    from ..series import visible_navigation
    return visible_navigation(context, up_func(context, data_dict))
