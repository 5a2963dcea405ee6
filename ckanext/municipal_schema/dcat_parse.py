"""Parsing DCAT-AP into the municipal schema: the steps the suite's RDF
profile adds to ckanext-dcat's DCAT-AP 3 parsing, one method each
(vocabularies, pages and dates, contact, licence, texts, resources), in
the way ckanext-dcat composes its profiles from versioned steps."""
from __future__ import annotations

import json

from rdflib import Literal, Namespace
from ckanext.dcat.profiles import DCAT, DCATAP, DCT, FOAF, VCARD

from . import dcat_access, dcat_terms, vocab

__all__ = ["MunicipalParsing"]

DC_ELEMENTS = Namespace("http://purl.org/dc/elements/1.1/")
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
# IANA's register of media types: DCAT-AP's dcat:mediaType is one of its IRIs
MEDIA_TYPE = "http://www.iana.org/assignments/media-types/"
# What ckanext-dcat's parsing leaves that the municipal schema names
# otherwise (read again from the graph below).
_REPLACED_KEYS = ("theme", "frequency", "language", "access_rights",
                  "spatial_uri", "spatial_text", "documentation",
                  "contact_name", "contact_email", "contact_uri")
_DATE_KEYS = ("temporal_start", "temporal_end", "issued", "modified")


def _take(dataset_dict, key):
    """A value ckanext-dcat parsed, as a key or as an extra, removed."""
    extras = dataset_dict.setdefault("extras", [])
    value = dataset_dict.pop(key, None)
    for extra in list(extras):
        if extra["key"] == key:
            extras.remove(extra)
            value = extra["value"] if value is None else value
    return value


def _codes(vocabulary, uris):
    """Codes of the URIs the vocabulary knows; the others as given, so
    that validation refuses them naming the field."""
    voc = vocab.vocabulary(vocabulary)
    return [voc.code_for(str(u)) or str(u) for u in uris]


class MunicipalParsing:
    """The parsing half of the municipal profile (a mixin before
    ckanext-dcat's EuropeanDCATAP3Profile)."""

    def parse_dataset(self, dataset_dict, dataset_ref):
        dataset_dict = super().parse_dataset(dataset_dict, dataset_ref)
        for key in _REPLACED_KEYS:
            _take(dataset_dict, key)
        self._parse_vocabularies(dataset_dict, dataset_ref)
        self._parse_pages_and_dates(dataset_dict, dataset_ref)
        self._parse_contact(dataset_dict, dataset_ref)
        for key in ("hvd_category", "applicable_legislation", "conforms_to"):
            value = dataset_dict.get(key)
            if isinstance(value, str) and value.startswith("["):
                dataset_dict[key] = json.loads(value)
        # licence: the dataset's, else its distributions', as a code of
        # the vocabulary, a URI kept as given or a label (dcat_terms)
        dataset_dict.pop("license_id", None)
        dataset_dict.update(dcat_terms.dataset_licence(self.g, dataset_ref))
        self._parse_texts(dataset_dict, dataset_ref)
        self._parse_resources(dataset_dict, dataset_ref)
        return dataset_dict

    def _parse_vocabularies(self, dataset_dict, dataset_ref):
        g = self.g
        # Themes of other schemes than the EU's (national ones) are left
        # out: DCAT-AP allows them beside the EU themes.
        themes = [c for c in _codes("data_themes",
                                    g.objects(dataset_ref, DCAT.theme))
                  if c in vocab.vocabulary("data_themes")]
        if themes:
            dataset_dict["data_themes"] = themes
        frequency = _codes("frequencies",
                           g.objects(dataset_ref, DCT.accrualPeriodicity))
        if frequency:
            dataset_dict["update_frequency"] = frequency[0]
        dataset_dict.update(dcat_access.dataset_access_rights(g, dataset_ref))
        languages = _codes("languages", g.objects(dataset_ref, DCT.language))
        if languages:
            dataset_dict["language"] = languages
        hvd = _codes("hvd_categories",
                     g.objects(dataset_ref, DCATAP.hvdCategory))
        if hvd:
            voc = vocab.vocabulary("hvd_categories")
            dataset_dict["hvd_category"] = [voc.uri(c) or c for c in hvd]
        places = [c for c in _codes("municipalities",
                                    g.objects(dataset_ref, DCT.spatial))
                  if c in vocab.vocabulary("municipalities")]
        if places:
            dataset_dict["municipality_code"] = places[0]

    def _parse_pages_and_dates(self, dataset_dict, dataset_ref):
        for key, predicate in (("landing_page", DCAT.landingPage),
                               ("documentation", FOAF.page)):
            value = self._object_value(dataset_ref, predicate)
            if value:
                dataset_dict[key] = value
        # Dates as given (a date-time keeps its time and zone); one that is
        # no date is refused by the schema, naming the field
        for key in _DATE_KEYS:
            value = _take(dataset_dict, key)
            if value:
                dataset_dict[key] = str(value).strip()

    def _parse_contact(self, dataset_dict, dataset_ref):
        """The contact point (vCard) is Open Data DK's author."""
        for contact in sorted(self.g.objects(dataset_ref, DCAT.contactPoint),
                              key=str):
            name = self._object_value(contact, VCARD.fn) or \
                self._object_value(contact, VCARD["organization-name"])
            email = self._object_value(contact, VCARD.hasEmail)
            if name:
                dataset_dict["author"] = name
            if email:
                dataset_dict["author_email"] = email.strip().removeprefix(
                    "mailto:")
            if name or email:
                break

    def _parse_texts(self, dataset_dict, dataset_ref):
        g = self.g
        for key, predicate in (("title", DCT.title),
                               ("notes", DCT.description)):
            literals = [o for o in g.objects(dataset_ref, predicate)
                        if isinstance(o, Literal)] or [
                # Dublin Core's elements (dc:title) where a document has
                # no dct:title (DCAT-AP-DK 1.1's example)
                o for o in g.objects(dataset_ref, DC_ELEMENTS[
                    "title" if key == "title" else "description"])
                if isinstance(o, Literal)]
            plain = [str(o) for o in literals if not o.language]
            # every language the source gives: the schema keeps or refuses
            # one outside the portal's content languages, as configured
            tagged = {o.language: str(o) for o in literals
                      if o.language and str(o).strip()}
            if plain:
                dataset_dict[key] = plain[0]
            if tagged:
                dataset_dict[f"{key}_translated"] = tagged

    def _parse_resources(self, dataset_dict, dataset_ref):
        distributions = {str(d): d for d in
                         self.g.objects(dataset_ref, DCAT.distribution)}
        for resource in dataset_dict.get("resources", []):
            self._parse_resource(
                resource, distributions.get(resource.get("distribution_ref")))

    def _parse_resource(self, resource, distribution):
        fmt = resource.get("format")
        if isinstance(fmt, str) and fmt.startswith(("http://", "https://")):
            # a format this profile published under the file-type
            # authority without it being one of its codes (API, WMS)
            # comes back as the name it was published from
            resource["format"] = vocab.vocabulary("file_types").code_for(
                fmt) or (fmt[len(FILE_TYPE):] if fmt.startswith(FILE_TYPE)
                         else fmt)
        mimetype = resource.get("mimetype")
        if isinstance(mimetype, str) and mimetype.startswith(MEDIA_TYPE):
            resource["mimetype"] = mimetype[len(MEDIA_TYPE):]
        resource.pop("license", None)
        for node in self.g.objects(distribution, DCT.license) \
                if distribution is not None else ():
            resource.update(dcat_terms.licence(self.g, node))
        availability = resource.pop("availability", None)
        if availability:
            resource["planned_availability"] = vocab.vocabulary(
                "planned_availability").code_for(availability) or availability
