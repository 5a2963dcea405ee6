"""The pure normalisation of stored values for ckanext-dcat's serializer
(dcat_shapes.py), without CKAN."""
import json

from ckanext.municipal_schema import dcat_shapes as shapes

CONTACT = {"name": "Helpdesk", "email": "help@example.org"}


def test_parsed_access_service_contact_list_becomes_one_and_the_rest():
    # what ckanext-dcat's parser stores for a DataService
    stored = json.dumps([{"uri": "https://a.example/s", "title": "API",
                          "contact": [CONTACT, {"name": "Second"}],
                          "publisher": [{"name": "Org"}]}])
    (service,) = shapes.services(stored)
    assert service["contact"] == CONTACT
    assert service["contacts"] == [{"name": "Second"}]
    assert service["publisher"] == {"name": "Org"}
    # normalising again keeps them
    assert shapes.services([service]) == [service]


def test_values_of_no_usable_shape_are_left_out():
    assert shapes.services("free text") == []
    assert shapes.services(json.dumps([1, None, "x", [2]])) == []
    (service,) = shapes.services({"title": ["A", "B"], "modified": 12,
                                  "endpoint_url": "https://a.example/",
                                  "keyword": "one", "serves_dataset": {},
                                  "contact": "help desk",
                                  "creator": {"name": "C"}})
    assert service == {"title": "A", "modified": "12",
                       "endpoint_url": ["https://a.example/"],
                       "keyword": ["one"], "contact": {"name": "help desk"},
                       "creator": [{"name": "C"}]}


def test_resource_and_dataset_values():
    resource = shapes.publishable_resource(
        {"url": "https://a.example/x.csv", "modified": 12, "hash": ["a"],
         "language": "da", "conforms_to": {"a": 1}, "size": "big",
         "status": {"x": 1}})
    assert resource == {"url": "https://a.example/x.csv", "modified": "12",
                        "hash": "a", "language": ["da"], "conforms_to": []}
    dataset = shapes.publishable({
        "title_translated": {"da": " ", "en": "T"}, "notes_translated": {},
        "contact": [{}, {"name": "A", "email": None}], "publisher": "x",
        "resources": [resource, "not a resource"]})
    assert dataset["title_translated"] == {"en": "T"}
    assert "notes_translated" not in dataset
    assert dataset["contact"] == [{"name": "A"}]
    assert dataset["publisher"] == [{"name": "x"}]
    assert len(dataset["resources"]) == 1
    assert shapes.bare({"name": "n", "extras": [1], "resources": [
        {"url": "u", "access_services": "x"}]}) == {
        "name": "n", "resources": [{"url": "u"}]}
