import click

__all__ = [
    "prioritization",
]


@click.group(short_help="Screening model and priority scores")
def prioritization():
    """Screening model and priority scores."""


@prioritization.command("recompute")
@click.option("--no-index", is_flag=True,
              help="Leave the search index as it is (refresh it later "
                   "with `ckan search-index rebuild`).")
def recompute(no_index):
    """Copy every dataset's facts and recompute every score."""
    import time

    import ckan.model as model

    from .logic import scores
    start = time.perf_counter()
    with click.progressbar(length=1, label="Reading datasets") as bar:
        def progress(done, total):
            bar.length = total
            bar.update(1)
        scores.lock_scores()
        synced = scores.sync_all(progress)
    changed = scores.recompute()
    # index entries that differ from the database although no score
    # changed now (left by a failure between a score's and its index's
    # writes in an older version)
    repaired = [i for i in scores.stale_index() if i not in set(changed)]
    model.Session.commit()
    click.echo(f"{synced} datasets, {len(changed)} scores changed, "
               f"{len(repaired)} stale index entries "
               f"in {time.perf_counter() - start:.1f} s")
    if (changed or repaired) and not no_index:
        with click.progressbar(changed + repaired,
                               label="Refreshing the index") as ids:
            for package_id in ids:
                scores.reindex([package_id])


@prioritization.command("load-demo")
def load_demo():
    """Screen the demo datasets and register demo demand (idempotent)."""
    from .demo import load_demo
    screened, demands = load_demo()
    click.secho(f"{screened} screenings, {demands} demand signals loaded",
                fg="green")
