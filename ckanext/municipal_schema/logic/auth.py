"""Everything the schema's actions return is public reference data (the
dataset-type lists its publishers through package_search, which applies
dataset permissions itself)."""
import ckan.plugins.toolkit as tk

__all__ = ["municipal_dataset_type_list", "municipal_dataset_type_show",
           "municipal_vocabulary_show"]


@tk.auth_allow_anonymous_access
def municipal_dataset_type_list(context, data_dict):
    return {"success": True}


@tk.auth_allow_anonymous_access
def municipal_dataset_type_show(context, data_dict):
    return {"success": True}


@tk.auth_allow_anonymous_access
def municipal_vocabulary_show(context, data_dict):
    return {"success": True}
