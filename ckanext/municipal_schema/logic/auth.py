"""Everything the schema's actions return is public reference data (the
dataset-type lists its publishers through package_search, which applies
dataset permissions itself)."""
import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata.auth import public

__all__ = ["municipal_dataset_type_list", "municipal_dataset_type_show",
           "municipal_dataset_type_suggest",
           "municipal_vocabulary_show", "municipal_dcat_import",
           "dcat_dataset_show", "dcat_catalog_show", "dcat_catalog_search",
           "package_show"]


municipal_dataset_type_list = municipal_dataset_type_show = public
municipal_vocabulary_show = public
# The suggestion reads only the texts it is given (no dataset is looked up).
municipal_dataset_type_suggest = public


def municipal_dcat_import(context, data_dict):
    """Sysadmins, and editors and admins of the import's organization (who
    may create datasets in it). Each dataset is then written with the
    caller's own rights: one whose publisher is another organization is
    refused unless the caller may write there too."""
    organization = (data_dict or {}).get("organization") or tk.config.get(
        "ckanext.municipal_schema.import_default_organization")
    if not organization or not isinstance(organization, str):
        return {"success": False, "msg": tk._(
            "An import needs an organization you may add datasets to.")}
    try:
        tk.check_access("package_create", context,
                        {"owner_org": organization})
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._(
            "You may not add datasets to this organization.")}
    return {"success": True}


# The RDF actions chained in action.py keep ckanext-dcat's own rules.

@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def dcat_dataset_show(next_auth, context, data_dict):
    return next_auth(context, data_dict)


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def dcat_catalog_show(next_auth, context, data_dict):
    return next_auth(context, data_dict)


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def dcat_catalog_search(next_auth, context, data_dict):
    return next_auth(context, data_dict)


# package_show (chained in action.py for the series navigation) keeps
# CKAN's own rule.
@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def package_show(next_auth, context, data_dict):
    return next_auth(context, data_dict)
