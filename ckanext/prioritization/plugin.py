import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from . import hooks
from .logic import action
from .logic import activity


def _actions() -> dict:
    """The plugin's actions, and the chained activity_create only while
    CKAN's activity plugin provides the action it chains (CKAN refuses a
    chained action without one). CKAN collects actions after every plugin
    is loaded."""
    actions = {name: getattr(action, name) for name in action.__all__}
    if p.plugin_loaded("activity"):
        actions.update({name: getattr(activity, name)
                        for name in activity.__all__})
    return actions


@tk.blanket.actions(_actions)
@tk.blanket.auth_functions
@tk.blanket.validators
@tk.blanket.helpers
@tk.blanket.blueprints
@tk.blanket.cli
@tk.blanket.config_declarations
class PrioritizationPlugin(hooks.DatasetHooks, p.SingletonPlugin,
                           DefaultTranslation):
    """Screening model, priority score, ranking and coverage pages."""

    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)
    p.implements(p.IPackageController, inherit=True)

    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")
