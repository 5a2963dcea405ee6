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


@municipal_schema.command("validate")
@click.argument("datasets", nargs=-1, metavar="[DATASETS]...")
@click.option("--organization", "-o", metavar="NAME",
              help="Only the public datasets of this organization.")
def validate(datasets, organization):
    """Check datasets as the portal publishes them (its DCAT feed)
    against the DCAT-AP 3.0.1 SHACL shapes, and HVD 3.0.0's for those
    claiming to be high-value; print each violation. Every public dataset
    unless DATASETS are named. Exit status 1 when any violates."""
    from .logic import catalogue_check

    names = datasets or catalogue_check.published_datasets(organization)
    counts = {"checked": 0, "violating": 0, "hvd": 0, "unwritable": 0}
    try:
        for name, result in catalogue_check.results(names):
            counts["checked"] += 1
            _print_result(name, result, counts)
    except tk.ObjectNotFound as missing:
        raise click.ClickException(f"{missing}: no such dataset")
    click.echo(
        f"{counts['checked']} datasets checked against DCAT-AP 3.0.1 "
        f"({counts['hvd']} also against HVD 3.0.0): "
        f"{counts['checked'] - counts['violating'] - counts['unwritable']}"
        f" conform, {counts['violating']} violate, "
        f"{counts['unwritable']} cannot be written")
    if counts["violating"] or counts["unwritable"]:
        sys.exit(1)


def _print_result(name: str, result, counts: dict) -> None:
    from .dcat_validation import describe
    if result is None:
        counts["unwritable"] += 1
        click.secho(f"! {name}: cannot be written as RDF (see the log)",
                    fg="red")
        return
    counts["hvd"] += "HVD 3.0.0" in result.shapes
    if result.conforms:
        return
    counts["violating"] += 1
    count = len(result.violations)
    click.secho(f"! {name}: {count} violation{'s' if count != 1 else ''}",
                fg="red")
    for violation in result.violations:
        click.echo(f"    {describe(violation)}")


__all__ = ["municipal_schema"]
