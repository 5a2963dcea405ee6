"""Small DCAT-AP catalogues in Turtle, written for these tests (no copied
data): municipalities as publishers, a few datasets each, hydra paging."""
from __future__ import annotations

PREFIXES = """\
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dcatap: <http://data.europa.eu/r5r/> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix hydra: <http://www.w3.org/ns/hydra/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

AARHUS = {"uri": "https://api.dataforsyningen.dk/kommuner/0751",
          "name": "Aarhus Kommune"}
GENT = {"uri": "https://stad.gent/id/organisation", "name": "Stad Gent",
        "identifier": "44021"}
GOTEBORG = {"uri": "https://goteborg.se", "name": "Göteborgs Stad"}

BASE = "https://data.example.org/dataset/"


def dataset(key: str, title: str, publisher: dict = AARHUS,
            description: str = "", keyword: str = "trafik",
            more: str = "") -> dict:
    """``more``: further statements of the dataset, in Turtle."""
    return {"key": key, "title": title, "publisher": publisher,
            "description": description or f"Beskrivelse af {title}.",
            "keyword": keyword, "more": more}


def _agent(publisher: dict) -> str:
    lines = [f'<{publisher["uri"]}> a foaf:Agent ;',
             f'    foaf:name "{publisher["name"]}"']
    if publisher.get("identifier"):
        lines.append(f'    ; dct:identifier "{publisher["identifier"]}"')
    return "\n".join(lines) + " .\n"


def _dataset(item: dict) -> str:
    uri = BASE + item["key"]
    title = f'    dct:title "{item["title"]}"@da ;\n' if item["title"] else ""
    return f"""
<{uri}> a dcat:Dataset ;
{title}    dct:description "{item['description']}"@da ;
    dct:identifier "{item['key']}" ;
    dcat:keyword "{item['keyword']}"@da ;
    dct:publisher <{item['publisher']['uri']}> ;{item.get("more", "")}
    dct:license <http://publications.europa.eu/resource/authority/licence/CC_BY_4_0> ;
    dcat:distribution <{uri}/csv> .
<{uri}/csv> a dcat:Distribution ;
    dcat:accessURL <https://data.example.org/files/{item['key']}.csv> ;
    dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> .
"""


def turtle(datasets: list, page: str = "", next_page: str = "") -> str:
    """A catalogue of ``datasets``; with ``next_page``, one page of a
    hydra-paged catalogue."""
    text = PREFIXES + "<https://data.example.org/catalog> a dcat:Catalog ;\n"
    text += '    dct:title "Regional catalogue"@en'
    for item in datasets:
        text += f" ;\n    dcat:dataset <{BASE + item['key']}>"
    text += " .\n"
    publishers = {item["publisher"]["uri"]: item["publisher"]
                  for item in datasets}
    for publisher in publishers.values():
        text += _agent(publisher)
    for item in datasets:
        text += _dataset(item)
    if next_page:
        text += (f"<{page}> a hydra:PagedCollection ;\n"
                 f"    hydra:nextPage <{next_page}> .\n")
    return text
