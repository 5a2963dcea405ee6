"""The CKAN side of the DCAT-AP import: ckanext-dcat's parser with the
portal's RDF profiles, then package_create/package_update per dataset with
the caller's rights. The pure part is ``dcat_import.py``."""
from __future__ import annotations

import logging
from typing import Any, Optional

import ckan.plugins.toolkit as tk
from ckanext.dcat.processors import RDFParser
from rdflib import URIRef

from .. import dcat_access, dcat_import, dcat_series, rules
from ..dcat_import import DocumentError, Row
from .validators import field_label, message

log = logging.getLogger(__name__)

DEFAULT_ORGANIZATION = "ckanext.municipal_schema.import_default_organization"


def _profiles() -> list:
    return tk.config.get("ckanext.dcat.rdf.profiles", "").split() or [
        "euro_dcat_ap_3", "municipal_dcat_ap_3"]


def _schema() -> dict:
    try:
        return tk.h.scheming_get_dataset_schema("dataset") or {}
    except (AttributeError, RuntimeError):
        return {}


def _label(field: str) -> str:
    schema = _schema()
    for f in schema.get("dataset_fields", []):
        if f["field_name"] == field:
            return field_label(f)
    return field


def _problem_text(problem: rules.Problem) -> str:
    return message(problem.message, field=_label(problem.field),
                   **problem.params)


def _flatten_errors(errors: Any) -> dict:
    """CKAN's error_dict as field -> [messages] (resources' errors under
    ``resources``)."""
    flat: dict = {}
    for field, value in (errors or {}).items():
        if field == "resources" and isinstance(value, list):
            for index, resource_errors in enumerate(value):
                for key, messages in (resource_errors or {}).items():
                    flat.setdefault("resources", []).extend(
                        f"{index + 1}: {m}" for m in _as_texts(messages))
        else:
            flat.setdefault(field, []).extend(_as_texts(value))
    return flat


def _as_texts(value) -> list:
    if isinstance(value, list):
        return [str(v) for v in value if not isinstance(v, dict)] or [
            str(v) for v in value]
    if isinstance(value, dict):
        return [f"{k}: {', '.join(_as_texts(v))}" for k, v in value.items()]
    return [str(value)]


# Keys of a dataset dict CKAN itself takes, besides the schema's fields
CORE_KEYS = ("resources", "tags", "extras", "groups", "owner_org", "name",
             "type", "id", "private", "state", "url")


def _unknown_structured(data: dict) -> list:
    """Keys with lists or dicts as values that are no field of the
    schema."""
    fields = {f["field_name"] for f in _schema().get("dataset_fields", [])}
    return [k for k, v in data.items() if isinstance(v, (list, dict))
            and k not in fields and k not in CORE_KEYS
            and not k.endswith("_translated")]


class Importer:
    """One import run: a document, an organization for datasets whose
    publisher matches none, the caller's context."""

    def __init__(self, context: dict, organization: Optional[str] = None,
                 dry_run: bool = False, profiles: Optional[list] = None,
                 dataset_type: str = "dataset"):
        self.context = context
        self.dry_run = dry_run
        self.default_organization = organization or tk.config.get(
            DEFAULT_ORGANIZATION) or None
        self.profiles = list(profiles or _profiles())
        self.dataset_type = dataset_type or "dataset"
        self._organizations: Optional[list] = None
        self._series_ids: dict = {}  # document's series -> id on the portal
        self._notes: list = []  # of the dataset being parsed
        # the id of the dataset the last ``store`` created, updated or
        # found unchanged (a harvest object records it)
        self.last_package_id: Optional[str] = None

    # -- context and look-ups ------------------------------------------------

    def _ctx(self, **extra) -> dict:
        ctx = {"user": self.context.get("user"),
               "ignore_auth": self.context.get("ignore_auth", False),
               "municipal_import": True}
        ctx.update(extra)
        return ctx

    def organizations(self) -> list:
        if self._organizations is None:
            self._organizations = tk.get_action("organization_list")(
                {"ignore_auth": True},
                {"all_fields": True, "include_extras": True, "limit": 1000})
        return self._organizations

    def organization_id(self, name: str) -> Optional[str]:
        for org in self.organizations():
            if name in (org["name"], org["id"]):
                return org["id"]
        return None

    def existing(self, uri: str, dataset: dict) -> Optional[dict]:
        """The dataset an earlier import made of ``uri`` (its ``uri``
        extra); for a dataset without URI (a blank node), the one with its
        first name and the same title."""
        if not uri:
            names = dcat_import.name_candidates(dataset, "")
            try:
                found = tk.get_action("package_show")(
                    {"ignore_auth": True}, {"id": names[0]}) if names else None
            except tk.ObjectNotFound:
                found = None
            if found and found.get("title") == dataset.get("title"):
                return found
            return None
        if uri:
            # the search narrows down, the stored URI decides (a phrase
            # query also matches URIs that merely contain this one)
            # as the site user: private datasets and drafts are found too
            site_user = tk.get_action("get_site_user")(
                {"ignore_auth": True}, {})["name"]
            result = tk.get_action("package_search")(
                {"ignore_auth": True, "user": site_user},
                {"fq": 'extras_uri:"{}"'.format(uri.replace('"', '\\"')),
                 "include_private": True, "include_drafts": True,
                 "rows": 100})
            for found in result["results"]:
                if dcat_import.extra_value(found, "uri") == uri:
                    return tk.get_action("package_show")(
                        {"ignore_auth": True}, {"id": found["id"]})
        return None

    def free_name(self, candidates: list) -> str:
        for base in candidates or ["dataset"]:
            for n in range(1, 50):
                name = base if n == 1 else f"{base[:85]}-{n}"
                try:
                    tk.get_action("package_show")(
                        {"ignore_auth": True}, {"id": name})
                except tk.ObjectNotFound:
                    return name
        raise RuntimeError("no free dataset name")

    # -- the run -------------------------------------------------------------

    def run(self, document: Any, name: str = "", content_type: str = ""
            ) -> dict:
        """The report: ``format``, ``found``, ``rows`` (one per dataset and
        per dataset series). DocumentError for a document that is not RDF
        or describes no dataset."""
        if self.default_organization and not self.organization_id(
                self.default_organization):
            raise DocumentError(dcat_import.M_UNKNOWN_ORGANIZATION,
                                value=rules.shorten(self.default_organization))
        graph, fmt = dcat_import.read_graph(document, name, content_type)
        refs = dcat_import.dataset_refs(graph)
        series = dcat_import.series(graph)
        if not refs and not series:
            raise DocumentError(dcat_import.M_NO_DATASET)
        parser = self.parser(graph)
        # series first: their datasets name them by id
        rows = [self.one(parser, graph, ref) for ref, _ in series]
        self._series_ids = {str(ref): self._id_of(row) for (ref, _), row
                            in zip(series, rows)}
        for ref in refs:
            rows.append(self.one(parser, graph, ref))
        return {"format": fmt, "found": len(refs) + len(series),
                "dry_run": self.dry_run,
                "rows": [r.as_dict() for r in rows]}

    def parser(self, graph) -> RDFParser:
        parser = RDFParser(profiles=self.profiles)
        parser.g = graph
        return parser

    def _id_of(self, row: Row) -> Optional[str]:
        """The id of the series a row loaded; None when refused, "" when
        only validated (a dry run)."""
        if not row.name or row.status == "refused":
            return None
        try:
            return tk.get_action("package_show")(
                {"ignore_auth": True}, {"id": row.name})["id"]
        except tk.ObjectNotFound:
            return ""

    def _series_id(self, ref) -> Optional[str]:
        """A series of the document, else one an earlier import made
        (None: neither; "": one a dry run would load)."""
        if str(ref) in self._series_ids:
            return self._series_ids[str(ref)]
        found = self.existing(str(ref), {}) if isinstance(ref, URIRef) \
            else None
        if found and found.get("type") == dcat_series.SERIES_TYPE:
            return found["id"]
        return None

    def _in_series(self, graph, ref, dataset: dict) -> list:
        """The dataset's series (ids) in place; notes for series not
        found."""
        ids, notes = [], []
        for series_ref in dcat_series.series_of(graph, ref):
            series_id = self._series_id(series_ref)
            if series_id:
                ids.append(series_id)
            elif series_id is None:
                notes.append(message(dcat_import.M_SERIES_UNKNOWN,
                                     value=rules.shorten(series_ref)))
        if ids:
            dataset["in_series"] = ids
        return notes

    def one(self, parser: RDFParser, graph, ref) -> Row:
        return self.store(self.prepare(parser, graph, ref))

    def prepare(self, parser: RDFParser, graph, ref) -> dict:
        """What the document says of one dataset, checked, before anything
        is looked up or written: ``ref``, ``uri``, ``title``, ``dataset``
        (the dict for CKAN), ``publisher``, ``errors`` and ``notes``
        (texts). Plain JSON, so that a harvest can store it between its
        gather and import stages."""
        uri = str(ref) if isinstance(ref, URIRef) else ""
        title = dcat_import.label_of(graph, ref)
        publisher = dcat_import.publisher_of(graph, ref)
        prepared = {"ref": str(ref), "uri": uri, "title": title,
                    "dataset": {}, "publisher": publisher, "errors": {},
                    "notes": []}
        try:
            dataset = self._parse(parser, ref)
        except Exception as error:  # a profile failing on odd input
            log.exception("DCAT import: cannot parse %s", ref)
            prepared["errors"] = {"dataset": [rules.shorten(error, 200)]}
            return prepared
        title = dataset.get("title") or title
        notes = self._notes + [
            message(dcat_import.M_RECOMMENDED, field=_label(f))
            for f in dcat_import.missing_recommended(dataset)]
        notes += [message(n.message, **n.params)
                  for n in dcat_import.licence_notes(dataset)
                  + dcat_access.notes(dataset)]
        notes += [message(n.message, field=_label(n.field), **n.params)
                  for n in dcat_import.add_schemes(dataset)]
        errors: dict = {}
        for problem in dcat_import.import_problems(dataset):
            errors.setdefault(problem.field, []).append(
                _problem_text(problem))
        prepared.update(title=title, dataset=dataset, errors=errors,
                        notes=notes)
        return prepared

    def organization_for(self, publisher: dict, create: bool = True
                         ) -> Optional[str]:
        """The name of the organization a dataset of ``publisher`` goes
        to: the one the publisher matches, else the default one.
        ``create``: whether the dataset would be stored (a harvest may
        create the publisher's organization then)."""
        return dcat_import.match_organization(
            publisher, self.organizations()) or self.default_organization

    def claimed_elsewhere(self, existing: dict) -> Optional[dict]:
        """Errors that keep this run from changing ``existing`` (a harvest
        source leaves another source's datasets alone); None here."""
        return None

    def store(self, prepared: dict) -> Row:
        """Creates, updates or leaves unchanged the dataset ``prepare``
        described, or refuses it with the reasons by field."""
        ref, uri, title = prepared["ref"], prepared["uri"], prepared["title"]
        dataset, notes = dict(prepared["dataset"]), prepared["notes"]
        errors = {k: list(v) for k, v in prepared["errors"].items()}
        publisher = prepared["publisher"]
        self.last_package_id = None
        if "dataset" in errors:
            return Row(ref, title, "refused", None, errors, notes)
        org_name = self.organization_for(publisher, create=not errors)
        if not org_name:
            errors.setdefault("owner_org", []).append(message(
                dcat_import.M_NO_ORGANIZATION, publisher=rules.shorten(
                    publisher.get("name") or publisher.get("uri") or "-")))
        if errors:
            return Row(ref, title, "refused", None, errors, notes)
        dataset["owner_org"] = self.organization_id(org_name)
        return self._store(ref, uri, title, dataset, notes, org_name)

    def _store(self, ref: str, uri: str, title: str, dataset: dict,
               notes: list, org_name: str) -> Row:
        existing = self.existing(uri, dataset)
        try:
            if existing is None:
                dataset["name"] = self.free_name(
                    dcat_import.name_candidates(dataset, ref))
                created = self._write("package_create", dataset)
                self.last_package_id = (created or {}).get("id")
                return Row(ref, title, "created", dataset["name"], {}, notes)
            claimed = self.claimed_elsewhere(existing)
            if claimed:
                return Row(ref, title, "refused", None, claimed, notes)
            self.last_package_id = existing["id"]
            if not dcat_import.changed_fields(existing, dataset):
                return Row(ref, title, "unchanged", existing["name"], {},
                           notes)
            data = dcat_import.for_update(existing, dataset)
            self._write("package_update", data)
            return Row(ref, title, "updated", existing["name"], {}, notes)
        except tk.ValidationError as error:
            return Row(ref, title, "refused", None,
                       _flatten_errors(error.error_dict), notes)
        except tk.NotAuthorized:
            return Row(ref, title, "refused", None, {"owner_org": [
                message(dcat_import.M_NOT_ALLOWED, value=org_name)]}, notes)

    def _parse(self, parser: RDFParser, ref) -> dict:
        dataset: dict = {}
        for profile_class in parser._profiles:
            profile = profile_class(parser.g, dataset_type=self.dataset_type,
                                    compatibility_mode=False)
            profile.parse_dataset(dataset, ref)
        self._notes = []
        if dcat_series.is_series(parser.g, ref):
            return dcat_series.as_series(
                dcat_import.tidy(dataset),
                dcat_series.order_field(parser.g, ref))
        if self.dataset_type != "dataset":
            dataset["type"] = self.dataset_type
        dataset = dcat_import.tidy(dataset)
        self._notes = self._in_series(parser.g, ref, dataset)
        return dataset

    def _write(self, action: str, data: dict) -> Optional[dict]:
        """package_create/update without the structured values of no
        field of the schema where CKAN refuses them (CKAN 2.11 takes no
        list of records ckanext-dcat parses, such as qualified_relation,
        in a field the schema lacks)."""
        try:
            return self._write_once(action, data)
        except tk.ValidationError as error:
            extra = _unknown_structured(data)
            if set(error.error_dict) != {"__junk"} or not extra:
                raise
            return self._write_once(action, {k: v for k, v in data.items()
                                             if k not in extra})

    def _write_once(self, action: str, data: dict) -> Optional[dict]:
        """package_create/update, or in a dry run only their validation
        and authorization (nothing is written)."""
        if not self.dry_run:
            return tk.get_action(action)(self._ctx(), data)
        tk.check_access(action, self._ctx(), data)
        # CKAN's own validation of the action, without the writing;
        # the toolkit has no entry point for it.
        from ckan.lib import plugins as lib_plugins
        # the type package_create gives a dataset without one (CKAN 2.11
        # would fall back to its default form, without the schema's
        # subfields)
        data = dict(data, type=data.get("type") or "dataset")
        plugin = lib_plugins.lookup_package_plugin(data["type"])
        schema = (plugin.create_package_schema() if action == "package_create"
                  else plugin.update_package_schema())
        ctx = self._ctx()
        import ckan.model as model
        ctx["model"] = model
        ctx["session"] = model.Session
        _, errors = lib_plugins.plugin_validate(plugin, ctx, data, schema,
                                                action)
        if errors:
            raise tk.ValidationError(errors)
        return None
