"""Fixtures of the municipal schema tests: organizations of three
countries' municipalities and a valid dataset in the schema."""
import copy

import pytest
from bs4 import BeautifulSoup

from ckan.tests import factories

PLUGINS = ("municipal_schema scheming_datasets scheming_organizations dcat "
           "dataset_series postgres_search")


def form_as_sent(html):
    """Where the dataset form posts, and what a browser would post before
    any script ran (hidden fields included)."""
    form = BeautifulSoup(html, "html.parser").find("form", id="dataset-edit")
    fields = {}
    for element in form.find_all(["input", "textarea", "select"]):
        name = element.get("name")
        if not name or element.get("type") in ("submit", "checkbox"):
            continue
        if element.name == "textarea":
            fields[name] = element.text
        elif element.name == "select":
            chosen = element.find("option", selected=True) or \
                element.find("option")
            fields[name] = chosen.get("value", "") if chosen else ""
        else:
            fields[name] = element.get("value", "")
    return form.get("action"), fields


@pytest.fixture
def municipality():
    """An organization for a municipality (Aarhus, kommunekode 751)."""
    def make(code="751", name=None, **kwargs):
        return factories.Organization(
            name=name or f"municipality-{code}", title=f"Municipality {code}",
            municipality_code=code, website="https://www.example.org",
            contact_email="data@example.org", **kwargs)
    return make


ODDK_DATASET = {
    # Open Data DK's field names and values (oddk_schema.yaml)
    "name": "parkering-aarhus",
    "title": "Parkering i Aarhus",
    "title_translated": {"da": "Parkering i Aarhus",
                         "en": "Parking in Aarhus"},
    "notes": "Belægning af parkeringshuse i Aarhus midtby.",
    "notes_translated": {"da": "Belægning af parkeringshuse.",
                         "en": "Occupancy of car parks."},
    "tag_string": "parkering,trafik",
    "license_id": "cc-by",
    "author": "Aarhus Kommune, Teknik og Miljø",
    "author_email": "opendata@aarhus.dk",
    "data_themes": ["TRAN", "REGI"],
    "update_frequency": "DAILY",
    "update_frequency_notes": "Opdateres hver nat.",
    "access_rights": "PUBLIC",
    "landing_page": "https://www.aarhus.dk/parkering",
    "temporal_start": "2020-01-01",
    "temporal_end": "2024-12-31",
    "documentation": "https://www.aarhus.dk/parkering/dokumentation.pdf",
    "data_directory": True,
    "resources": [{
        "url": "https://www.aarhus.dk/parkering.csv",
        "name": "Belægning",
        "description": "Belægning pr. time",
        "format": "CSV",
        "license_id": "cc-by",
        "planned_availability": "STABLE",
    }],
}


@pytest.fixture
def oddk_dataset():
    return copy.deepcopy(ODDK_DATASET)


@pytest.fixture
def municipal_dataset(oddk_dataset):
    """A dataset using the DCAT-AP 3 and municipal fields too."""
    data = dict(oddk_dataset)
    data.update({
        "municipality_code": "751",
        "dataset_type_code": "parking",
        "language": ["DAN", "ENG"],
        "conforms_to": ["https://www.datex2.eu/"],
        "issued": "2020-02-01",
        "modified": "2024-06-30",
        "version": "2.1",
    })
    return data
