"""The suite's RDF profile: ckanext-dcat's DCAT-AP 3 profile plus the
municipal schema (vocabulary codes as EU authority URIs, the municipality
as dct:spatial, HVD legislation, a catalog-level publisher)."""
from __future__ import annotations

import re

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

import ckan.plugins as plugins
import ckan.plugins.toolkit as tk
from ckanext.dcat.profiles import DCAT, DCATAP, DCT, FOAF, VCARD
from ckanext.dcat.profiles.euro_dcat_ap_3 import EuropeanDCATAP3Profile
from ckanext.dcat.utils import dataset_uri, resource_uri

from . import (dcat_access, dcat_ranges, dcat_shapes, dcat_terms, rules,
               vocab)
from .dcat_parse import FILE_TYPE, MEDIA_TYPE, MunicipalParsing
from .logic import series_feed

PROFILE_NAME = "municipal_dcat_ap_3"
ELI_LEGAL_RESOURCE = URIRef("http://data.europa.eu/eli/ontology#LegalResource")
PLANNED_AVAILABILITY = (
    "http://publications.europa.eu/resource/authority/planned-availability/")
_IANA_TYPE = re.compile(r"^[a-z]+/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*$")
# ckanext-dcat types every licence with this concept (it has no field for
# the licence type); the shapes want a dct:type to be a skos:Concept
UNKNOWN_IPR = URIRef("http://purl.org/adms/licencetype/UnknownIPR")


def _list(value):
    return rules.as_list(value)


def _date_literal(value: str) -> Literal:
    """A date or date-time in the lexical form the publisher gave (rdflib
    would rewrite ``Z`` as ``+00:00``)."""
    return Literal(value, datatype=XSD.dateTime if "T" in value
                   else XSD.date, normalize=False)


class MunicipalDCATAP3Profile(MunicipalParsing, EuropeanDCATAP3Profile):
    """Serializing here, parsing in dcat_parse.py (MunicipalParsing)."""

    # -- serializing --------------------------------------------------------

    def graph_from_dataset(self, dataset_dict, dataset_ref):
        dataset_dict = dcat_shapes.publishable(dataset_dict)
        super().graph_from_dataset(dataset_dict, dataset_ref)
        g = self.g
        legislation = self._publish_vocabularies(dataset_dict, dataset_ref)
        self._publish_place_and_time(dataset_dict, dataset_ref)
        self._publish_texts(dataset_dict, dataset_ref)
        self._municipal_contact_point(dataset_dict, dataset_ref)
        for contact in g.objects(dataset_ref, DCAT.contactPoint):
            g.add((contact, RDF.type, VCARD.Kind))
        self._municipal_distributions(dataset_dict, dataset_ref, legislation)
        self._named_publishers(dataset_dict, dataset_ref)
        self._more_service_agents(dataset_dict)
        self._typed_links()
        self._literal_identifiers()
        series_feed.publish(g, dataset_dict, dataset_ref)  # DCAT-AP 3 series
        if plugins.plugin_loaded("municipal_harvest"):
            # the catalogue a harvested dataset came from
            from ckanext.municipal_harvest import origin
            origin.publish(g, dataset_dict, dataset_ref)
        dcat_ranges.type_values(g)

    def _set_uris(self, dataset_ref, predicate, uris, rdf_type,
                  vocabulary=None):
        g = self.g
        g.remove((dataset_ref, predicate, None))
        for uri in uris:
            if uri:
                g.add((dataset_ref, predicate, URIRef(uri)))
                g.add((URIRef(uri), RDF.type, rdf_type))
                if vocabulary:
                    self._concept_labels(URIRef(uri), vocabulary)

    def _publish_vocabularies(self, dataset_dict, dataset_ref):
        """Vocabulary codes as their authority URIs, typed; returns the
        applicable legislation (the distributions repeat it)."""
        def set_uris(*args):
            self._set_uris(dataset_ref, *args)
        themes = vocab.vocabulary("data_themes")
        set_uris(DCAT.theme, [themes.uri(c) for c in
                              _list(dataset_dict.get("data_themes"))],
                 SKOS.Concept, "data_themes")
        frequency = vocab.vocabulary("frequencies").uri(
            dataset_dict.get("update_frequency"))
        set_uris(DCT.accrualPeriodicity, [frequency], DCT.Frequency)
        dcat_access.publish(self.g, dataset_ref, dataset_dict)
        languages = vocab.vocabulary("languages")
        set_uris(DCT.language, [languages.uri(c) for c in
                                _list(dataset_dict.get("language"))],
                 DCT.LinguisticSystem)
        set_uris(DCATAP.hvdCategory, _list(dataset_dict.get("hvd_category")),
                 SKOS.Concept, "hvd_categories")
        legislation = _list(dataset_dict.get("applicable_legislation"))
        set_uris(DCATAP.applicableLegislation, legislation,
                 ELI_LEGAL_RESOURCE)
        set_uris(DCT.conformsTo, _list(dataset_dict.get("conforms_to")),
                 DCT.Standard)
        set_uris(DCAT.landingPage, [dataset_dict.get("landing_page")],
                 FOAF.Document)
        set_uris(FOAF.page, [dataset_dict.get("documentation")],
                 FOAF.Document)
        return legislation

    def _publish_place_and_time(self, dataset_dict, dataset_ref):
        g = self.g
        # The municipality, with its authority URI
        g.remove((dataset_ref, DCT.spatial, None))
        term = vocab.vocabulary("municipalities").get(
            dataset_dict.get("municipality_code"))
        if term:
            place = URIRef(term.uri)
            g.add((dataset_ref, DCT.spatial, place))
            g.add((place, RDF.type, DCT.Location))
            g.add((place, SKOS.prefLabel, Literal(term.label())))
            g.add((place, SKOS.notation, Literal(term.code)))
        # Temporal coverage
        g.remove((dataset_ref, DCT.temporal, None))
        start = rules.normalise_date(dataset_dict.get("temporal_start"))
        end = rules.normalise_date(dataset_dict.get("temporal_end"))
        if start or end:
            period = BNode()
            g.add((dataset_ref, DCT.temporal, period))
            g.add((period, RDF.type, DCT.PeriodOfTime))
            for predicate, value in ((DCAT.startDate, start),
                                     (DCAT.endDate, end)):
                if value:
                    g.add((period, predicate, _date_literal(value)))
        # Issued and modified as the publisher gave them: a date stays a
        # date (ckanext-dcat writes every date as a date-time at midnight)
        for key, predicate in (("issued", DCT.issued),
                               ("modified", DCT.modified)):
            value = rules.normalise_date(dataset_dict.get(key))
            if value:
                g.remove((dataset_ref, predicate, None))
                g.add((dataset_ref, predicate, _date_literal(value)))

    def _publish_texts(self, dataset_dict, dataset_ref):
        """Open Data DK's title/notes next to their translations: the
        untagged literal is the main text, tagged ones the translations."""
        g = self.g
        for key, predicate in (("title", DCT.title),
                               ("notes", DCT.description)):
            if dataset_dict.get(key) and dataset_dict.get(f"{key}_translated"):
                g.add((dataset_ref, predicate, Literal(dataset_dict[key])))
            # an empty translation says nothing: not published
            for literal in list(g.objects(dataset_ref, predicate)):
                if isinstance(literal, Literal) and not str(literal).strip():
                    g.remove((dataset_ref, predicate, literal))

    def _more_service_agents(self, dataset_dict):
        """A data service's contact points and publishers after the first
        (ckanext-dcat writes one of each)."""
        for resource in dataset_dict.get("resources", []):
            for service in resource.get("access_services") or []:
                node = URIRef(service["uri"]) if service.get("uri") else \
                    BNode(service.get("access_service_ref"))
                for contact in service.get("contacts", []):
                    self._add_contact_to_graph(node, DCAT.contactPoint,
                                               contact)
                for publisher in service.get("publishers", []):
                    self._add_agent_to_graph(node, DCT.publisher, publisher)

    def _concept_labels(self, uri, vocabulary):
        term = vocab.vocabulary(vocabulary).by_uri(uri)
        if term:
            for lang, label in term.labels.items():
                self.g.add((uri, SKOS.prefLabel, Literal(label, lang=lang)))

    def _literal_identifiers(self):
        """dct:identifier is a literal in DCAT-AP 3 (ckanext-dcat writes
        one that looks like a web address as a URI): the same text as a
        literal."""
        g = self.g
        for subject, value in list(g.subject_objects(DCT.identifier)):
            if isinstance(value, URIRef):
                g.remove((subject, DCT.identifier, value))
                g.add((subject, DCT.identifier, Literal(str(value))))

    def _named_publishers(self, dataset_dict, dataset_ref):
        """Every agent the dataset names has a foaf:name (DCAT-AP): the
        schema requires one for publishers and creators it is given; the
        publisher ckanext-dcat derives from the organization gets the
        organization's title (or its name); an agent's dct:type is a
        concept."""
        g = self.g
        organization = dataset_dict.get("organization") or {}
        fallback = organization.get("title") or organization.get("name") \
            or tk.config.get("ckan.site_title") or "CKAN"
        for predicate in (DCT.publisher, DCT.creator):
            for agent in g.objects(dataset_ref, predicate):
                if g.value(agent, FOAF.name) is None:
                    g.add((agent, FOAF.name, Literal(fallback)))
                for kind in g.objects(agent, DCT.type):
                    if isinstance(kind, URIRef):
                        g.add((kind, RDF.type, SKOS.Concept))
                        if g.value(kind, SKOS.prefLabel) is None:
                            label = str(kind).rstrip("/").rsplit("/", 1)[-1]
                            g.add((kind, SKOS.prefLabel,
                                   Literal(label.rsplit("#", 1)[-1])))

    def _typed_links(self):
        """Give the web addresses the shapes expect a class the class
        (no inference runs on the portal's RDF)."""
        g = self.g
        for email in list(g.objects(None, VCARD.hasEmail)):
            if isinstance(email, URIRef):
                g.add((email, RDF.type, RDFS.Resource))
        for page in list(g.objects(None, FOAF.homepage)):
            if isinstance(page, URIRef):
                g.add((page, RDF.type, FOAF.Document))

    def _municipal_contact_point(self, dataset_dict, dataset_ref):
        g = self.g
        if list(g.objects(dataset_ref, DCAT.contactPoint)):
            return
        name = dataset_dict.get("author")
        email = dataset_dict.get("author_email")
        if not (name or email):
            return
        contact = BNode()
        g.add((dataset_ref, DCAT.contactPoint, contact))
        g.add((contact, RDF.type, VCARD.Kind))
        if name:
            g.add((contact, VCARD.fn, Literal(name)))
        if email:
            g.add((contact, VCARD.hasEmail, URIRef("mailto:" + email)))

    def _municipal_distributions(self, dataset_dict, dataset_ref, legislation):
        g = self.g
        licences = vocab.vocabulary("licences")
        file_types = vocab.vocabulary("file_types")
        hvd = bool(_list(dataset_dict.get("hvd_category")))
        for resource in dataset_dict.get("resources", []):
            distribution = URIRef(resource_uri(resource))
            if (dataset_ref, DCAT.distribution, distribution) not in g:
                continue
            # the distribution's licence, else the dataset's: a known code
            # by the vocabulary's URI, another by the URI or label it came
            # with (dcat_terms)
            own = resource.get("license_id") or resource.get("license_label")
            source = resource if own else dataset_dict
            g.remove((distribution, DCT.license, None))
            licence = dcat_terms.publish(g, source.get("license_id"),
                                         source.get("license_label"))
            if licence is not None:
                g.add((distribution, DCT.license, licence))
            self._publish_distribution_format(distribution, resource, file_types)
            availability = resource.get("planned_availability")
            if availability:
                g.remove((distribution, DCATAP.availability, None))
                g.add((distribution, DCATAP.availability,
                       URIRef(PLANNED_AVAILABILITY + availability)))
                g.add((URIRef(PLANNED_AVAILABILITY + availability),
                       RDF.type, SKOS.Concept))
                g.add((URIRef(PLANNED_AVAILABILITY + availability),
                       SKOS.prefLabel,
                       Literal(availability.capitalize(), lang="en")))
            if hvd:
                for uri in legislation:
                    g.add((distribution, DCATAP.applicableLegislation,
                           URIRef(uri)))
            if g.value(distribution, DCAT.accessURL) is None:
                # DCAT-AP: a distribution has an access URL; without one of
                # its own, where the data is reached: the landing page, or
                # the dataset's page on the portal
                g.add((distribution, DCAT.accessURL, URIRef(
                    dataset_dict.get("landing_page")
                    or dataset_uri(dataset_dict))))
            for access_url in g.objects(distribution, DCAT.accessURL):
                if isinstance(access_url, URIRef):
                    g.add((access_url, RDF.type, RDFS.Resource))
            self._licence_types(distribution, licences)

    def _publish_distribution_format(self, distribution, resource, file_types):
        """The format as an EU file-type URI, the media type as IANA's."""
        g = self.g
        fmt = resource.get("format")
        if fmt and not fmt.startswith("http"):
            # a code of the EU file-type table as given (RDF_TURTLE),
            # else the format's name without punctuation (CSV)
            code = file_types.code_for(fmt.strip().upper()) or "".join(
                c for c in fmt.upper() if c.isalnum())
            g.remove((distribution, DCT["format"], None))
            if code:
                g.add((distribution, DCT["format"],
                       URIRef(FILE_TYPE + code)))
                g.add((URIRef(FILE_TYPE + code), RDF.type,
                       DCT.MediaTypeOrExtent))
        mimetype = resource.get("mimetype")
        if isinstance(mimetype, str) and _IANA_TYPE.match(mimetype.strip()):
            # ckanext-dcat writes a media type as text ("text/csv"):
            # DCAT-AP wants the IANA register's IRI
            media_type = URIRef(MEDIA_TYPE + mimetype.strip())
            g.remove((distribution, DCAT.mediaType, None))
            g.add((distribution, DCAT.mediaType, media_type))
            g.add((media_type, RDF.type, DCT.MediaType))

    def _licence_types(self, distribution, licences):
        """A licence of the vocabulary is placed by its URI and left
        untyped (ckanext-dcat's "unknown IPR" type would be wrong for it);
        another licence keeps that type, declared a skos:Concept as the
        shapes want."""
        g = self.g
        for licence in g.objects(distribution, DCT.license):
            if licences.code_for(str(licence)):
                g.remove((licence, DCT.type, UNKNOWN_IPR))
            for kind in g.objects(licence, DCT.type):
                if isinstance(kind, URIRef):
                    g.add((kind, RDF.type, SKOS.Concept))
                    if kind == UNKNOWN_IPR:
                        g.add((kind, SKOS.prefLabel,
                               Literal("Unknown IPR", lang="en")))

    def graph_from_catalog(self, catalog_dict, catalog_ref):
        super().graph_from_catalog(catalog_dict, catalog_ref)
        g = self.g
        config = tk.config
        if not list(g.objects(catalog_ref, DCT.description)):
            g.add((catalog_ref, DCT.description, Literal(
                config.get("ckanext.municipal_schema.catalog_description")
                or config.get("ckan.site_title") or "Open data catalogue")))
        if not list(g.objects(catalog_ref, DCT.title)):
            g.add((catalog_ref, DCT.title,
                   Literal(config.get("ckan.site_title") or "CKAN")))
        if not list(g.objects(catalog_ref, DCT.publisher)):
            uri = config.get("ckanext.municipal_schema.catalog_publisher_uri")
            publisher = URIRef(uri) if uri else BNode()
            g.add((catalog_ref, DCT.publisher, publisher))
            g.add((publisher, RDF.type, FOAF.Agent))
            g.add((publisher, FOAF.name, Literal(
                config.get("ckanext.municipal_schema.catalog_publisher_name")
                or config.get("ckan.site_title") or "CKAN")))
        self._typed_links()
        # the catalogue's language as an EU language URI
        for value in list(g.objects(catalog_ref, DCT.language)):
            if isinstance(value, Literal):
                g.remove((catalog_ref, DCT.language, value))
                code = {"da": "DAN", "nl": "NLD", "sv": "SWE",
                        "en": "ENG"}.get(str(value).split("_")[0])
                uri = vocab.vocabulary("languages").uri(code)
                if uri:
                    g.add((catalog_ref, DCT.language, URIRef(uri)))
                    g.add((URIRef(uri), RDF.type, DCT.LinguisticSystem))


# -- registration -----------------------------------------------------------
# The profile is the `municipal_dcat_ap_3` entry point of the distribution
# (setup.cfg, group ckan.rdf.profiles).

def default_profiles(config):
    """Serialize with the municipal profile unless the portal chose its
    own profiles (ckanext.dcat.rdf.profiles left at ckanext-dcat's
    default)."""
    from ckanext.dcat.processors import _get_default_rdf_profiles

    current = config.get("ckanext.dcat.rdf.profiles")
    if not current or current == _get_default_rdf_profiles():
        config["ckanext.dcat.rdf.profiles"] = config.get(
            "ckanext.municipal_schema.rdf_profiles",
            "euro_dcat_ap_3 municipal_dcat_ap_3")
