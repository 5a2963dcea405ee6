"""Demo content of the municipal schema: municipalities of the three
countries with datasets in the schema (HVD ones included), a loader that
creates or updates them through CKAN's actions (running it again changes
nothing), and ``adapt`` for loosely written demo datasets.

Wiring (bin/demo or demo/load.py), inside a CKAN app context with the
schema's plugins enabled::

    from ckanext.municipal_schema import demo
    demo.load(user="admin")              # organizations + datasets
    for url in demo.pages():             # what to show: dataset-type pages
        print(url)

``demo.adapt(dataset)`` turns a dataset written for the portal's own demo
YAML (maintainer instead of author, ``language: da``) into the schema.
"""
from __future__ import annotations

import copy
from typing import Iterable

from . import vocab

ORGANIZATIONS = [
    {"name": "aarhus-kommune", "title": "Aarhus Kommune",
     "municipality_code": "751", "country": "DK", "region": "Region Midtjylland",
     "website": "https://www.aarhus.dk", "contact_name": "Open Data Aarhus",
     "contact_email": "opendata@aarhus.dk"},
    {"name": "stad-gent", "title": "Stad Gent", "municipality_code": "44021",
     "country": "BE", "region": "Provincie Oost-Vlaanderen",
     "website": "https://stad.gent", "contact_name": "Data Gent",
     "contact_email": "data@stad.gent"},
    {"name": "goteborgs-stad", "title": "Göteborgs Stad",
     "municipality_code": "1480", "country": "SE",
     "region": "Västra Götalands län", "website": "https://goteborg.se",
     "contact_name": "Öppna data Göteborg",
     "contact_email": "oppnadata@goteborg.se"},
]

MOBILITY = "http://data.europa.eu/bna/c_b79e35eb"
ENVIRONMENT = "http://data.europa.eu/bna/c_dd313021"
STATISTICS = "http://data.europa.eu/bna/c_e1da4e07"


def _dataset(org, name, title, notes, type_code, themes, frequency, url,
             fmt="CSV", hvd=None, licence="cc-by", lang="DAN",
             start="2020-01-01", end=None):
    data = {
        "name": name, "title": title, "notes": notes, "owner_org": org,
        "dataset_type_code": type_code, "data_themes": themes,
        "update_frequency": frequency, "license_id": licence,
        "access_rights": "PUBLIC", "language": [lang],
        "temporal_start": start,
        "author": dict((o["name"], o["contact_name"]) for o in ORGANIZATIONS)[org],
        "author_email": dict((o["name"], o["contact_email"])
                             for o in ORGANIZATIONS)[org],
        "tag_string": type_code.replace("-", " "),
        "resources": [{"name": title, "url": url, "format": fmt,
                       "planned_availability": "STABLE"}],
    }
    if end:
        data["temporal_end"] = end
    if hvd:
        data["hvd_category"] = [hvd]
    return data


DATASETS = [
    _dataset("aarhus-kommune", "aarhus-parkering", "Parkering i Aarhus",
             "Belægning af kommunens parkeringshuse, hvert femte minut.",
             "parking", ["TRAN"], "UPDATE_CONT",
             "https://www.aarhus.dk/demo/parkering.json", "JSON", MOBILITY),
    _dataset("aarhus-kommune", "aarhus-luftkvalitet", "Luftkvalitet i Aarhus",
             "Målinger af NO2 og partikler fra kommunens målestationer.",
             "air-quality", ["ENVI"], "HOURLY",
             "https://www.aarhus.dk/demo/luft.csv", hvd=ENVIRONMENT),
    _dataset("aarhus-kommune", "aarhus-budget", "Budget for Aarhus Kommune",
             "Vedtaget budget pr. magistratsafdeling.", "annual-budget",
             ["ECON", "GOVE"], "ANNUAL", "https://www.aarhus.dk/demo/budget.xlsx",
             "XLSX", licence="cc-zero", end="2025-12-31"),
    _dataset("stad-gent", "gent-luchtkwaliteit", "Luchtkwaliteit Gent",
             "Metingen van fijn stof en stikstofdioxide in Gent.",
             "air-quality", ["ENVI"], "HOURLY",
             "https://data.stad.gent/demo/lucht.csv", hvd=ENVIRONMENT,
             licence="vlaamse-modellicentie", lang="NLD"),
    _dataset("stad-gent", "gent-fietstellingen", "Fietstellingen Gent",
             "Tellingen van fietsers aan de telpalen in Gent.",
             "bicycle-counts", ["TRAN"], "DAILY",
             "https://data.stad.gent/demo/fiets.csv",
             licence="vlaamse-modellicentie", lang="NLD"),
    _dataset("stad-gent", "gent-bevolking", "Bevolking per wijk Gent",
             "Aantal inwoners per wijk en leeftijdsgroep.",
             "population-statistics", ["SOCI"], "ANNUAL",
             "https://data.stad.gent/demo/bevolking.csv", hvd=STATISTICS,
             licence="cc-zero", lang="NLD"),
    _dataset("goteborgs-stad", "goteborg-luftkvalitet", "Luftkvalitet Göteborg",
             "Timvärden för luftkvalitet från stadens mätstationer.",
             "air-quality", ["ENVI"], "HOURLY",
             "https://goteborg.se/demo/luft.csv", hvd=ENVIRONMENT,
             licence="cc-zero", lang="SWE"),
    _dataset("goteborgs-stad", "goteborg-parkering", "Parkering Göteborg",
             "Parkeringsplatser och beläggning i Göteborg.", "parking",
             ["TRAN"], "DAILY", "https://goteborg.se/demo/parkering.json",
             "JSON", MOBILITY, licence="cc-zero", lang="SWE"),
]

# Codes the portal's demo YAML uses for catalogue types, and the
# catalogue's codes.
TYPE_ALIASES = {"parking-occupancy": "parking"}


def adapt(dataset: dict) -> dict:
    """A demo dataset in the schema's shape: author from maintainer,
    catalogue codes for known aliases, lists for multi-valued fields."""
    data = copy.deepcopy(dataset)
    if not data.get("author") and data.get("maintainer"):
        data["author"] = data["maintainer"]
    if not data.get("author_email") and data.get("maintainer_email"):
        data["author_email"] = data["maintainer_email"]
    code = data.get("dataset_type_code")
    data["dataset_type_code"] = TYPE_ALIASES.get(code, code)
    for key in ("language", "data_themes", "hvd_category"):
        if isinstance(data.get(key), str):
            data[key] = [data[key]]
    languages = vocab.vocabulary("languages")
    if data.get("language"):
        data["language"] = [languages.code_for(v) or v for v in data["language"]]
    return data


def load(user: str, organizations: Iterable[dict] = ORGANIZATIONS,
         datasets: Iterable[dict] = DATASETS) -> dict:
    """Create what is missing, update what differs; returns the counts."""
    import ckan.plugins.toolkit as tk

    def context():
        return {"user": user, "ignore_auth": True}

    counts = {"created": 0, "updated": 0, "unchanged": 0}

    def sync(kind, data, keys):
        try:
            current = tk.get_action(f"{kind}_show")(context(), {"id": data["name"]})
        except tk.ObjectNotFound:
            tk.get_action(f"{kind}_create")(context(), dict(data))
            counts["created"] += 1
            return
        if all(current.get(k) == v for k, v in data.items() if k in keys):
            counts["unchanged"] += 1
            return
        tk.get_action(f"{kind}_patch")(context(), dict(data, id=current["id"]))
        counts["updated"] += 1

    for org in organizations:
        sync("organization", org, set(org) - {"name"})
    for dataset in datasets:
        sync("package", dataset,
             set(dataset) - {"name", "resources", "tag_string", "owner_org"})
    return counts


def pages() -> list:
    """The pages the demo shows: the catalogue and each type's page."""
    return ["/dataset-types"] + [f"/dataset-types/{t.code}"
                                 for t in vocab.dataset_types()]
