"""Actions that write: the DCAT-AP import, which creates (or updates)
one dataset per dcat:Dataset of a document."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata import validation

__all__ = ["municipal_dcat_import"]


def municipal_dcat_import(context, data_dict):
    """Import a DCAT-AP document: create or update one dataset per
    dcat:Dataset, in the organization its publisher matches (by URI or
    name) or else in ``organization``.

    :param document: the document's text (Turtle, RDF/XML or JSON-LD)
    :param name: its file name or URL (a hint of its format), optional
    :param organization: name or id of the organization for datasets whose
        publisher matches none (default
        ``ckanext.municipal_schema.import_default_organization``)
    :param dry_run: only check, write nothing (default false)
    :returns: ``found``, ``format``, ``dry_run`` and ``rows``: per dataset
        (and per dataset series) ``ref``, ``title``, ``status`` (created,
        updated, unchanged, refused), ``name``, ``errors`` (field ->
        messages) and ``notes`` (recommended fields missing)

    A refused dataset stores nothing; the others are loaded. When any is
    refused, or the document is not RDF or has no dataset, the action
    raises a ValidationError (HTTP 409) whose ``datasets`` carry the whole
    report.
    """
    from .. import importer
    from ...dcat_import import DocumentError

    validation.check_ids(data_dict, "organization")
    tk.check_access("municipal_dcat_import", context, data_dict)
    document = data_dict.get("document")
    if not isinstance(document, str) or not document.strip():
        raise tk.ValidationError({"document": [tk._("Missing value")]})
    organization = data_dict.get("organization")
    if organization is not None and not isinstance(organization, str):
        raise tk.ValidationError({"organization": [tk._("Missing value")]})
    run = importer.Importer(
        context, organization=organization,
        dry_run=validation.flag(data_dict, "dry_run"))
    try:
        report = run.run(document, name=str(data_dict.get("name") or ""))
    except DocumentError as error:
        raise tk.ValidationError({"document": [
            tk._(error.message).format(**error.params)]})
    refused = [r for r in report["rows"] if r["status"] == "refused"]
    if refused:
        raise tk.ValidationError({
            "datasets": report["rows"],
            "message": [tk._("{refused} of {found} datasets refused.").format(
                refused=len(refused), found=report["found"])]})
    return report
