import collections, json, pathlib
import pytest
import ckan.plugins.toolkit as tk
from ckan.tests import helpers
from .conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("clean_db", "clean_index")]
DATA = pathlib.Path(__file__).parent.parent / "data"


def test_counts(municipality, app):
    org = municipality("751")
    out = []
    docs = sorted((DATA / "dcat-national").iterdir()) + sorted((DATA / "dcat-ap" / "examples").iterdir())
    for path in docs:
        if path.suffix == ".md":
            continue
        try:
            rep = helpers.call_action("municipal_dcat_import", document=path.read_text("utf-8"), name=path.name, organization=org["name"])
            rows, found = rep["rows"], rep["found"]
        except tk.ValidationError as e:
            if "datasets" not in e.error_dict:
                out.append(f"{path.parent.name}/{path.name}: not imported: {e.error_dict['document'][0][:90]}")
                continue
            rows = e.error_dict["datasets"]; found = len(rows)
        st = collections.Counter(r["status"] for r in rows)
        reasons = collections.Counter(f for r in rows if r["status"] == "refused" for f in r["errors"])
        out.append(f"{path.parent.name}/{path.name}: found {found}, " + ", ".join(f"{k} {v}" for k, v in sorted(st.items())) + (f" (refused for: {dict(reasons)})" if reasons else ""))
    r = app.get("/catalog.ttl")
    out.append(f"catalog.ttl status {r.status_code}")
    from .shacl import violations, DCAT_AP
    import rdflib
    g = rdflib.Graph().parse(data=r.body, format="turtle")
    out.append(f"violations {len(violations(g, *DCAT_AP))}; datasets {len(list(g.subjects(rdflib.RDF.type, rdflib.URIRef('http://www.w3.org/ns/dcat#Dataset'))))}")
    pathlib.Path("/tmp/series_counts.txt").write_text("\n".join(out))
