import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from . import config_check, dcat_profile


def _validators() -> dict:
    """The schema's validators (logic/validators.py) and the dataset
    series' (logic/series.py)."""
    from .logic import series, validators
    return {name: getattr(module, name) for module in (validators, series)
            for name in module.__all__}


@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.validators(_validators)
@tk.blanket.helpers
@tk.blanket.blueprints
@tk.blanket.cli
@tk.blanket.config_declarations
class MunicipalSchemaPlugin(p.SingletonPlugin, DefaultTranslation):
    """Municipal dataset schema (on ckanext-scheming), vocabularies,
    dataset-type catalogue and DCAT-AP 3 profile (on ckanext-dcat)."""

    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IPluginObserver, inherit=True)

    def before_load(self, plugin):
        # ckanext-scheming loads the schema options in its update_config,
        # which CKAN calls before ours: check them as it is loaded, so a
        # wrong option is named instead of failing inside scheming.
        if getattr(plugin, "name", "").startswith("scheming_"):
            config_check.check(tk.config)

    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")
        dcat_profile.default_profiles(config)
        config_check.check(config)

    def after_dataset_show(self, context, pkg_dict):
        # Licences CKAN's licence register lacks (EU codes such as CC_BY):
        # their title, URL and openness from the vocabulary
        # (a title of ours may come from the search index, in the
        # language of the indexing: it is given again in the reader's).
        from ckanext.municipal_opendata.lang import current_lang
        from .rules import licence_summary
        licence = pkg_dict.get("license_id")
        summary = licence_summary(licence, None) if licence else None
        if summary and pkg_dict.get("license_title") in (
                None, licence, *summary["titles"]):
            summary = licence_summary(licence, current_lang())
            summary.pop("titles")
            pkg_dict.update(summary)
        return pkg_dict
