import click


@click.group(short_help="Open-data maturity self-assessment")
def maturity():
    """Open-data maturity self-assessment."""


@maturity.command("load-demo")
@click.argument("organizations", nargs=-1)
def load_demo(organizations):
    """Load demo assessments for existing ORGANIZATIONS (names)."""
    from .demo import load_demo_assessments
    created = load_demo_assessments(list(organizations) or None)
    click.secho(f"{len(created)} demo assessments loaded", fg="green")


@maturity.command("frameworks")
def frameworks():
    """List the framework versions this portal knows."""
    from . import registry
    current = registry.current_version()
    for version, framework in sorted(registry.frameworks().items()):
        mark = "*" if version == current else " "
        click.echo(f"{mark} {version}: {len(framework.domains)} domains")


@maturity.command("release")
def release():
    """Move the network figures on from the current results (once after
    upgrading to migration 0002; submissions do it from then on)."""
    import ckan.plugins.toolkit as tk
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    moved = tk.get_action("maturity_network_release")(
        {"user": site_user["name"]}, {})["moved"]
    click.secho("network figures moved on" if moved else
                "network figures unchanged: not enough new, varied results",
                fg="green" if moved else "yellow")


__all__ = ["maturity"]
