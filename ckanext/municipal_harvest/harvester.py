"""The ``municipal_dcat`` harvester: ckanext-dcat's DCAT RDF harvester
(its download, paging and withdrawal of datasets gone from the source)
with the suite's DCAT-AP import for every dataset (``importer.py``).

Gather reads every page of the catalogue first and queues nothing when a
page fails (an error, a document that is not RDF): a broken page must not
withdraw the datasets it would have listed. Each dataset is queued as what
``Importer.prepare`` made of it; import runs ``Importer.store``."""
from __future__ import annotations

import importlib.metadata
import json
import logging
from typing import Optional

import ckan.plugins.toolkit as tk
from ckan import model
from ckanext.dcat.harvesters.rdf import DCATRDFHarvester
from ckanext.harvest.model import HarvestObject, HarvestObjectExtra

from ckanext.municipal_schema import dcat_import
from ckanext.municipal_schema.logic.validators import message
from ckanext.municipal_schema.rules import N_

from . import source_config, validation
from .importer import HarvestImporter
from .validation import REPORT_KEY

__all__ = ["MunicipalDCATHarvester", "settings_of"]

log = logging.getLogger(__name__)

M_PAGE = N_("{url}: {problem}")
M_NO_DATASET = N_("{url}: the catalogue lists no dataset; nothing is "
                  "withdrawn.")


def _rdf_profiles() -> list:
    return [e.name for e in importlib.metadata.entry_points(
        group="ckan.rdf.profiles")]


def _dataset_types() -> list:
    try:
        schemas = tk.h.scheming_dataset_schemas() or {}
    except (AttributeError, RuntimeError):
        schemas = {}
    return sorted(schemas) or ["dataset"]


def _organization_exists(name: str) -> bool:
    group = model.Group.get(name)
    return bool(group and group.is_organization and group.state == "active")


def settings_of(config_text: Optional[str]
                ) -> tuple[source_config.Settings, list]:
    """A source's settings, and its problems as translated texts."""
    settings, problems = source_config.parse(
        config_text, _rdf_profiles(), _dataset_types(), _organization_exists)
    return settings, [message(p.message, **p.params) for p in problems]


class MunicipalDCATHarvester(DCATRDFHarvester):

    def info(self):
        return {
            "name": "municipal_dcat",
            "title": tk._("Municipal DCAT-AP (RDF)"),
            "description": tk._(
                "DCAT-AP catalogues (Turtle, RDF/XML, JSON-LD) read into "
                "the municipal schema, each dataset in its publisher's "
                "organization"),
            "form_config_interface": "Text",
        }

    def validate_config(self, config_text):
        _settings, problems = settings_of(config_text)
        if problems:
            raise ValueError(" ".join(problems))
        return config_text

    # -- gather -------------------------------------------------------------

    _cached: tuple = (None, None)

    def _importer(self, source, job_id: Optional[str] = None
                  ) -> HarvestImporter:
        """The source's importer; one for all the objects of a job (its
        settings, site user and organizations read once per job)."""
        if job_id is not None and self._cached[0] == job_id:
            return self._cached[1]
        settings, _problems = settings_of(source.config)
        owner = model.Group.get(source_owner_org(source)) if \
            source_owner_org(source) else None
        importer = HarvestImporter(settings, source.id,
                                   owner.name if owner else None)
        self._cached = (job_id, importer) if job_id else (None, None)
        return importer

    def gather_stage(self, harvest_job):
        source = harvest_job.source
        settings, problems = settings_of(source.config)
        if problems:
            for text in problems:
                self._save_gather_error(text, harvest_job)
            return []
        prepared = self._read_catalogue(harvest_job, settings)
        if prepared is None:
            return []
        ids = []
        for guid, item in prepared.items():
            obj = HarvestObject(guid=guid, job=harvest_job,
                                content=json.dumps(item))
            obj.save()
            ids.append(obj.id)
        ids.extend(self._mark_datasets_for_deletion(list(prepared),
                                                    harvest_job))
        return ids

    def _read_catalogue(self, harvest_job, settings) -> Optional[dict]:
        """guid -> prepared dataset, for every page; None when a page
        failed (its error saved on the job)."""
        importer = self._importer(harvest_job.source)
        url, seen, prepared = harvest_job.source.url, set(), {}
        while url and url not in seen:
            seen.add(url)
            content, content_type = self._download(url, harvest_job,
                                                   settings.rdf_format)
            if content is None:
                return None
            try:
                graph, _fmt = dcat_import.read_graph(
                    content, url, content_type or "")
            except dcat_import.DocumentError as error:
                self._save_gather_error(message(M_PAGE, url=url, problem=(
                    message(error.message, **error.params))), harvest_job)
                return None
            parser = importer.parser(graph)
            for ref in dcat_import.dataset_refs(graph):
                item = importer.prepare(parser, graph, ref)
                prepared.setdefault(self._guid_of(item, harvest_job), item)
            url = parser.next_page()
        if not prepared:
            self._save_gather_error(message(
                M_NO_DATASET, url=harvest_job.source.url), harvest_job)
            return None
        return prepared

    def _download(self, url: str, harvest_job, rdf_format):
        """ckanext-dcat's download (size limit, HEAD then GET, its errors
        saved on the job); a document that is not UTF-8 is refused as
        the import refuses it."""
        try:
            return self._get_content_and_type(url, harvest_job, 1,
                                              content_type=rdf_format)
        except UnicodeDecodeError:
            self._save_gather_error(message(M_PAGE, url=url, problem=message(
                dcat_import.M_NOT_RDF, reason="not UTF-8 text")), harvest_job)
            return None, None

    @staticmethod
    def _guid_of(item: dict, harvest_job) -> str:
        """The dataset's URI; for a blank node, the source's address and
        the dataset's identifier or title."""
        if item["uri"]:
            return item["uri"]
        dataset = item["dataset"]
        key = dcat_import.extra_value(dataset, "identifier") or \
            dataset.get("identifier") or item["title"]
        return f"{harvest_job.source.url.rstrip('/')}#{key}"

    # -- fetch and import ----------------------------------------------------

    def fetch_stage(self, harvest_object):
        return True

    def import_stage(self, harvest_object):
        if self._get_object_extra(harvest_object, "status") == "delete":
            return super().import_stage(harvest_object)
        try:
            item = json.loads(harvest_object.content or "")
        except ValueError:
            self._save_object_error("Empty or unreadable harvest object",
                                    harvest_object, "Import")
            return False
        importer = self._importer(harvest_object.source,
                                  harvest_object.harvest_job_id)
        row = importer.store(item)
        line, dataset = row.as_dict(), None
        if row.status != "refused":
            line["shacl"], dataset = self._shacl(
                harvest_object, row.status, importer.last_package_id)
        harvest_object.extras.append(HarvestObjectExtra(
            key=REPORT_KEY, value=json.dumps(line)))
        if row.status == "refused":
            harvest_object.add()
            self._save_object_error(_problems_text(row), harvest_object,
                                    "Import")
            return False
        self._make_current(harvest_object, importer.last_package_id)
        if row.status != "unchanged":
            validation.evaluate_again(importer.last_package_id, dataset)
        return "unchanged" if row.status == "unchanged" else True

    @staticmethod
    def _shacl(harvest_object, status: str, package_id: Optional[str]
               ) -> tuple[Optional[dict], Optional[dict]]:
        """The dataset's SHACL result (the last run's for an unchanged
        dataset, else checked now) and the dataset where it was read for
        the check (the charter reads it again)."""
        if status == "unchanged":
            previous = validation.previous_result(harvest_object)
            if previous is not None:
                return previous, None
        try:
            dataset = validation.stored_dataset(package_id)
            return validation.check_published(dataset), dataset
        except Exception:  # a check that fails must not lose the dataset
            log.exception("Harvest: no SHACL check of %s", package_id)
            return None, None

    @staticmethod
    def _make_current(harvest_object, package_id: Optional[str]) -> None:
        model.Session.query(HarvestObject) \
            .filter(HarvestObject.guid == harvest_object.guid) \
            .filter(HarvestObject.harvest_source_id
                    == harvest_object.harvest_source_id) \
            .filter(HarvestObject.current == True) \
            .update({"current": False}, False)  # noqa: E712
        harvest_object.current = True
        harvest_object.package_id = package_id
        harvest_object.add()
        model.Session.commit()


def source_owner_org(source) -> Optional[str]:
    package = model.Package.get(source.id)
    return package.owner_org if package else None


def _problems_text(row) -> str:
    return "; ".join(f"{field}: {text}" for field, texts in sorted(
        row.errors.items()) for text in texts)
