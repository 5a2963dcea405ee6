"""``ckan municipal-schema import FILE_OR_URL --organization NAME
[--dry-run]``: load a DCAT-AP document and print, per dataset, what
happened to it."""
from __future__ import annotations

import sys

import click

import ckan.plugins.toolkit as tk

MARKS = {"created": ("+", "green"), "updated": ("~", "yellow"),
         "unchanged": ("=", None), "refused": ("!", "red")}


@click.group(name="municipal-schema",
             short_help="Municipal dataset schema: DCAT-AP import")
def municipal_schema():
    """The municipal dataset schema."""


def _charset(content_type: str) -> str:
    """The charset the server declares, else UTF-8: Turtle and JSON-LD are
    UTF-8 by definition, and requests' fallback for a text/* type without
    one (ISO-8859-1) turned every ø of a Turtle document into Ã¸."""
    import codecs
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            try:
                return codecs.lookup(value.strip().strip('"')).name
            except LookupError:
                break
    return "utf-8"


def _read(source: str) -> tuple[str, str, str]:
    """The document's text, its name and content type."""
    if source.startswith(("http://", "https://")):
        import requests
        try:
            response = requests.get(source, timeout=60, headers={
                "Accept": "text/turtle, application/rdf+xml, "
                          "application/ld+json;q=0.9, */*;q=0.1"})
            response.raise_for_status()
        except requests.RequestException as error:
            raise click.ClickException(f"{source}: {error}")
        content_type = response.headers.get("Content-Type", "")
        return (response.content.decode(_charset(content_type),
                                        errors="replace"),
                source, content_type)
    try:
        with open(source, "rb") as f:
            data = f.read()
    except OSError as error:
        raise click.ClickException(f"{source}: {error.strerror}")
    try:
        return data.decode("utf-8"), source, ""
    except UnicodeDecodeError:
        raise click.ClickException(f"{source}: not UTF-8 text")


def print_report(report: dict) -> None:
    counts: dict = {}
    for row in report["rows"]:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
        mark, colour = MARKS[row["status"]]
        name = f" -> {row['name']}" if row.get("name") else ""
        click.secho(f"{mark} {row['status']}: {row['title']} <{row['ref']}>"
                    f"{name}", fg=colour)
        for field, messages in sorted(row["errors"].items()):
            for text in messages:
                click.echo(f"    {field}: {text}")
        for note in row["notes"]:
            click.echo(f"    note: {note}")
    summary = ", ".join(f"{n} {status}" for status, n in sorted(
        counts.items()))
    prefix = "dry run, nothing written: " if report.get("dry_run") else ""
    click.echo(f"{prefix}{report['found']} found ({report['format']}): "
               f"{summary or 'nothing'}")


@municipal_schema.command("import")
@click.argument("source", metavar="FILE_OR_URL")
@click.option("--organization", "-o", metavar="NAME",
              help="Organization for datasets whose publisher matches none "
                   "(default: ckanext.municipal_schema."
                   "import_default_organization).")
@click.option("--dry-run", is_flag=True,
              help="Check every dataset, write nothing.")
def import_(source, organization, dry_run):
    """Import the datasets of a DCAT-AP document (Turtle, RDF/XML or
    JSON-LD): create new ones, update changed ones, refuse invalid ones
    with the reasons. Exit status 1 when anything was refused."""
    from .dcat_import import DocumentError
    from .logic.importer import Importer

    text, name, content_type = _read(source)
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    run = Importer({"user": site_user["name"], "ignore_auth": True},
                   organization=organization, dry_run=dry_run)
    try:
        report = run.run(text, name=name, content_type=content_type)
    except DocumentError as error:
        click.secho(f"! {source}: {error}", fg="red", err=True)
        sys.exit(1)
    print_report(report)
    if any(r["status"] == "refused" for r in report["rows"]):
        sys.exit(1)


__all__ = ["municipal_schema"]
