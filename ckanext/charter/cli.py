import click


@click.group(short_help="Open Data Charter and metadata quality")
def charter():
    """Open Data Charter principles and metadata quality."""


@charter.command("recompute")
@click.argument("datasets", nargs=-1)
def recompute(datasets):
    """Evaluate DATASETS (names or ids; default all) again, store the
    results, reindex them and take this month's snapshot."""
    from .logic import jobs
    count = jobs.recompute(list(datasets) or None)
    click.secho(f"{count} datasets evaluated", fg="green")


@charter.command("check-links")
@click.argument("datasets", nargs=-1)
@click.option("--all", "check_all", is_flag=True,
              help="Check every link, also those checked recently.")
def check_links(datasets, check_all):
    """Check that the access and download URLs of DATASETS (default: all
    public datasets) answer, store the results and re-evaluate."""
    from .logic import jobs
    checked, failed = jobs.check_links(list(datasets) or None, check_all)
    click.secho(f"{checked} links checked, {failed} failed",
                fg="green" if not failed else "yellow")


@charter.command("load-demo")
def load_demo():
    """Load the demo adoptions, claims and history (after the demo
    portal's datasets)."""
    from .demo import load_demo as load
    counts = load()
    click.secho(", ".join(f"{v} {k}" for k, v in counts.items())
                + " loaded", fg="green")


__all__ = ["charter"]
