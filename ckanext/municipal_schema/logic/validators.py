"""Validators of the municipal schema: the CKAN side of ``rules.py``.
Each failing rule adds a translated message that names the field."""
from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata.lang import current_lang
from ckanext.scheming.validation import scheming_validator

from .. import config_check, rules, translations, vocab

__all__ = [
    "municipal_dataset_rules", "municipal_choice", "municipal_multiple_choice",
    "municipal_json_list_output", "municipal_email", "municipal_url",
    "municipal_iso_date", "municipal_municipality_code",
    "municipal_dataset_type_code", "municipal_translated_text",
    "municipal_translated_output", "municipal_required",
    "municipal_required_in_forms",
    "municipal_boolean",
]

def _empty(value: Any) -> bool:
    return value is tk.missing or value is None or value == "" or value in (
        [], {})


def field_label(field: dict) -> str:
    return vocab.pick_label(field.get("label") or field["field_name"],
                            current_lang())


def message(msgid: str, **params: Any) -> str:
    return tk._(msgid).format(**params)


def _add_error(errors: dict, key: tuple, text: str) -> None:
    errors.setdefault(key, []).append(text)


def _label_from_schema(schema: dict, field_name: str,
                       fields: str = "dataset_fields") -> str:
    for f in (schema or {}).get(fields, []):
        if f["field_name"] == field_name:
            return field_label(f)
    return field_name


# -- the dataset as a whole (schema ``before_validators``) ------------------

# Repeatable agents (scheming repeating subfields, ckanext-dcat's names)
AGENT_FIELDS = ("contact", "publisher", "creator")


def _sanitize(data, errors, schema):
    """Refuse values CKAN's core validators cannot take (non-text in text
    fields, NUL characters, too long), naming the field; replace them as
    ``rules.raw_value_problem`` says so the remaining validators run."""
    for key, value in list(data.items()):
        if value is tk.missing or value is None:
            continue
        found = rules.raw_value_problem(key, value)
        if found is None:
            continue
        data[key], msgid, params = found
        if len(key) > 1 and key[0] == "resources":
            label = _label_from_schema(schema, key[-1], "resource_fields")
        else:
            label = _label_from_schema(schema, key[0])
        _add_error(errors, key, message(msgid, field=label, **params))


@scheming_validator
def municipal_dataset_rules(field, schema):
    return lambda key, data, errors, context: _dataset_rules(
        schema, key, data, errors, context)


def _dataset_rules(schema, key, data, errors, context):
    """Rules over several fields, on the raw input: open licence for public
    datasets, temporal order, the HVD legislation, and the municipality
    taken from the organization when the dataset gives none."""
    _sanitize(data, errors, schema)
    _licence_from_resources(data)
    top = {k[0]: v for k, v in data.items()
           if len(k) == 1 and v is not tk.missing}

    for problem in rules.dataset_problems(top):
        if _is_draft(data) and _empty(top.get(problem.field)):
            continue  # a later page of the form fills it in
        if is_import(context) and _empty(top.get(problem.field)):
            continue  # the import report recommends it to the publisher
        _add_error(errors, (problem.field,),
                   message(problem.message, **problem.params))

    hvd = rules.as_list(top.get("hvd_category"))
    legislation = top.get("applicable_legislation")
    if hvd and isinstance(legislation, (str, list, tuple, type(None))):
        wanted = rules.applicable_legislation(
            hvd, rules.as_list(legislation))
        if wanted != rules.as_list(legislation):
            data[("applicable_legislation",)] = wanted

    _drop_blank_entries(schema, data)
    _agent_names(schema, data, errors)

    if _empty(top.get("municipality_code")) and isinstance(
            top.get("owner_org"), str) and top.get("owner_org"):
        code = _organization_municipality(top["owner_org"], context)
        if code:
            data[("municipality_code",)] = code


def _blank(value: Any) -> bool:
    return _empty(value) or (isinstance(value, str) and not value.strip()) \
        or (isinstance(value, dict) and all(map(_blank, value.values())))


def _licence_from_resources(data):
    """A dataset without a licence of its own whose resources carry one
    (Open Data DK's schema) gets the licence derived from theirs: shown,
    published and scored as the dataset's, open when theirs are."""
    if not _empty(data.get(("license_id",))) or not _empty(
            data.get(("license_label",))):
        return
    resources = sorted((k[1], v) for k, v in data.items() if len(k) == 3
                       and k[0] == "resources" and k[2] == "license_id"
                       and isinstance(k[1], int))
    derived = rules.derived_licence(v for _, v in resources)
    if derived:
        data[("license_id",)] = derived


def _drop_blank_entries(schema, data):
    """An entry of a repeating field (publisher, contact point, ...) in
    which nothing is filled in is no entry. The form sends one when it is
    submitted before its script removed the hidden template of a new entry
    (a slow page, or no JavaScript); refusing it would ask the publisher to
    name an entry they never added."""
    repeating = {f["field_name"] for f in (schema or {}).get(
        "dataset_fields", []) if "repeating_subfields" in f}
    entries: dict = {}
    for key in data:
        if len(key) == 3 and key[0] in repeating and isinstance(key[1], int):
            entries.setdefault(key[:2], []).append(key)
    for keys in entries.values():
        if all(_blank(data[key]) for key in keys):
            for key in keys:
                del data[key]


def _agent_names(schema, data, errors):
    """A publisher, creator or contact point given with any detail needs a
    name (DCAT-AP: an agent has a foaf:name; a contact point is read by
    people)."""
    entries = {}
    for key, value in data.items():
        if len(key) == 3 and key[0] in AGENT_FIELDS and isinstance(
                key[1], int):
            entries.setdefault(key[:2], {})[key[2]] = value
    for (field, index), entry in sorted(entries.items()):
        filled = {k: v for k, v in entry.items() if not _empty(v)}
        name = filled.get("name")
        if filled and not (isinstance(name, str) and name.strip()):
            _add_error(errors, (field, index, "name"), message(
                rules.M_AGENT_NAME, field=_label_from_schema(schema, field)))


def _organization_municipality(owner_org: str, context: dict):
    model = context.get("model")
    if model is None:
        import ckan.model as model
    group = model.Group.get(owner_org)
    if group is None:
        return None
    extras = group.extras
    code = extras.get("municipality_code") if hasattr(extras, "get") else None
    return code if rules.check_municipality(code) else None


# -- single fields ----------------------------------------------------------

def _is_draft(data) -> bool:
    """A dataset still being filled in through the form's pages: fields of
    later pages may be empty (ckanext-scheming 3.1.0 validates every page's
    required fields on the first; newer releases do not)."""
    state = data.get(("state",))
    return isinstance(state, str) and state.startswith("draft")


@scheming_validator
def municipal_required(field, schema):
    def validator(key, data, errors, context):
        value = data.get(key)
        if _is_draft(data) and _empty(value):
            data.pop(key, None)
            raise tk.StopOnError
        if _empty(value) or (isinstance(value, str) and not value.strip()):
            _add_error(errors, key, message(rules.M_REQUIRED,
                                            field=field_label(field)))
            raise tk.StopOnError
    return validator


def is_import(context: dict) -> bool:
    """A dataset written by an import or a harvest, not by a person in the
    form or the API: the suite's DCAT import (``municipal_import`` in the
    context), or a background job running as the site user with
    ``ignore_auth`` (harvesters), as Open Data DK's
    ``not_empty_except_bg_jobs``."""
    if context.get("municipal_import"):
        return True
    return bool(context.get("ignore_auth")) and bool(context.get("user")) \
        and context.get("user") == tk.config.get("ckan.site_id")


@scheming_validator
def municipal_required_in_forms(field, schema):
    """Required of people (form, API); recommended only for imports and
    harvests, whose source may not carry the field: the import report
    lists it as missing instead."""
    required = municipal_required(field, schema)

    def validator(key, data, errors, context):
        if is_import(context) and _empty(data.get(key)):
            data.pop(key, None)
            raise tk.StopOnError
        required(key, data, errors, context)
    return validator


def _vocabulary_of(field: dict) -> vocab.Vocabulary:
    return vocab.vocabulary(field["vocabulary"])


@scheming_validator
def municipal_choice(field, schema):
    """One term of the field's ``vocabulary`` (given by code or URI in any
    spelling; stored as ``vocabulary_value``: ``code`` or ``uri``). With
    ``other_uris``, a web address the vocabulary does not know is kept as
    given (a licence document of another register)."""
    attr = field.get("vocabulary_value", "code")

    def validator(key, data, errors, context):
        value = data.get(key)
        if _empty(value):
            data[key] = tk.missing if value is tk.missing else ""
            return
        voc = _vocabulary_of(field)
        code = voc.code_for(value) if isinstance(value, str) else None
        if code is None and field.get("other_uris") and rules.is_url(
                value.strip() if isinstance(value, str) else value):
            data[key] = value.strip()
            return
        if code is None:
            _add_error(errors, key, message(
                rules.M_CHOICE, field=field_label(field),
                value=rules.shorten(value)))
            raise tk.StopOnError
        data[key] = getattr(voc.get(code), attr)
    return validator


@scheming_validator
def municipal_multiple_choice(field, schema):
    """Zero or more terms of the field's ``vocabulary``, stored as a JSON
    list (of codes or URIs, per ``vocabulary_value``)."""
    attr = field.get("vocabulary_value", "code")

    def validator(key, data, errors, context):
        value = data.get(key)
        if _empty(value):
            data[key] = "[]" if key in data else tk.missing
            return
        if not isinstance(value, (str, list, tuple)):
            _add_error(errors, key, message(
                rules.M_CHOICE, field=field_label(field),
                value=rules.shorten(value)))
            raise tk.StopOnError
        voc = _vocabulary_of(field)
        result = []
        for item in rules.as_list(value):
            code = voc.code_for(item)
            if code is None:
                _add_error(errors, key, message(
                    rules.M_CHOICE, field=field_label(field),
                    value=rules.shorten(item)))
                continue
            term_value = getattr(voc.get(code), attr)
            if term_value not in result:
                result.append(term_value)
        if errors.get(key):
            raise tk.StopOnError
        data[key] = json.dumps(result)
    return validator


@scheming_validator
def municipal_text_list(field, schema):
    """Free values (URLs) as a JSON list."""
    def validator(key, data, errors, context):
        value = data.get(key)
        if _empty(value):
            data[key] = "[]" if key in data else tk.missing
            return
        items = rules.as_list(value) if isinstance(
            value, (str, list, tuple)) else None
        if items is None:
            _add_error(errors, key, message(rules.M_TEXT,
                                            field=field_label(field)))
            raise tk.StopOnError
        for item in items:
            if field.get("list_of") == "url" and not rules.is_url(item):
                _add_error(errors, key, message(
                    rules.M_URL, field=field_label(field),
                    value=rules.shorten(item)))
        if errors.get(key):
            raise tk.StopOnError
        data[key] = json.dumps(items)
    return validator


__all__.append("municipal_text_list")


# A stored list read back as a list (an output validator).
municipal_json_list_output = rules.stored_list


def _single_text(field, key, data, errors):
    value = data.get(key)
    # an empty list or mapping is a value of the wrong type, not "no value"
    if value is tk.missing or value is None or value == "":
        return None
    if not isinstance(value, str):
        _add_error(errors, key, message(rules.M_TEXT,
                                        field=field_label(field)))
        # scheming serialises sub-records to JSON after the validators,
        # errors or not, and a float such as -inf cannot be serialised
        data[key] = tk.missing
        raise tk.StopOnError
    value = value.strip()
    data[key] = value
    return value or None


def _checked_text(is_valid, message_id):
    """A validator of one text value that ``is_valid`` must accept; else a
    translated ``message_id`` naming the field and the value."""
    @scheming_validator
    def factory(field, schema):
        def validator(key, data, errors, context):
            value = _single_text(field, key, data, errors)
            if value and not is_valid(value):
                _add_error(errors, key, message(
                    message_id, field=field_label(field),
                    value=rules.shorten(value)))
                raise tk.StopOnError
        return validator
    return factory


_email = _checked_text(rules.is_email, rules.M_EMAIL)


@scheming_validator
def municipal_email(field, schema):
    """An e-mail address; given as a mailto: address (as RDF carries
    it), stored without the scheme, which the DCAT output puts back."""
    check = _email(field, schema)

    def validator(key, data, errors, context):
        value = data.get(key)
        if isinstance(value, str) and value.strip().lower().startswith(
                "mailto:"):
            data[key] = value.strip()[len("mailto:"):]
        check(key, data, errors, context)
    return validator

municipal_url = _checked_text(rules.is_url, rules.M_URL)
municipal_dataset_type_code = _checked_text(rules.check_dataset_type,
                                            rules.M_DATASET_TYPE)
_municipality_code = _checked_text(rules.check_municipality,
                                   rules.M_MUNICIPALITY)


@scheming_validator
def municipal_iso_date(field, schema):
    """An ISO 8601 date (YYYY-MM-DD) or date-time, stored as given: a
    date-time keeps its time and zone."""
    def validator(key, data, errors, context):
        raw = data.get(key)
        if not _empty(raw) and not isinstance(raw, str):
            stored = rules.normalise_date(raw)
            if stored:
                data[key] = stored
                return
        value = _single_text(field, key, data, errors)
        if not value:
            return
        stored = rules.normalise_date(value)
        if stored is None:
            _add_error(errors, key, message(
                rules.M_DATE, field=field_label(field),
                value=rules.shorten(value)))
            raise tk.StopOnError
        data[key] = stored
    return validator


@scheming_validator
def municipal_boolean(field, schema):
    """Yes or no: true/false, yes/no, on/off, 1/0 (any case, or a list of
    one of them) stored as true or false; anything else refused, never
    read as false."""
    def validator(key, data, errors, context):
        value = data.get(key)
        if _empty(value):
            data[key] = tk.missing if value is tk.missing else ""
            return
        parsed = rules.parse_boolean(value)
        if parsed is None:
            _add_error(errors, key, message(
                rules.M_BOOLEAN, field=field_label(field),
                value=rules.shorten(value)))
            raise tk.StopOnError
        data[key] = "true" if parsed else "false"
    return validator


@scheming_validator
def municipal_municipality_code(field, schema):
    check = _municipality_code(field, schema)

    def validator(key, data, errors, context):
        value = data.get(key)
        # Codes sent as numbers (751) are the same codes as text ("751").
        if isinstance(value, int) and not isinstance(value, bool):
            data[key] = str(value)
        check(key, data, errors, context)
    return validator


def content_languages() -> tuple:
    return config_check.content_languages(tk.config)


@scheming_validator
def municipal_translated_text(field, schema):
    """Open Data DK's ``*_translated`` fields: ``{lang: text}`` (or its
    JSON text), stored as given as JSON text. Keys are language tags; one
    outside the content languages is kept or refused as the option
    ``unknown_content_language`` says (the rules: ``translations.py``)."""
    def validator(key, data, errors, context):
        value = data.get(key)
        # The form posts one input per language (<field>-<lang>); CKAN keeps
        # such unknown keys in __extras.
        posted = translations.posted(
            data.get(key[:-1] + ("__extras",)) or {}, key[-1])
        if posted is not None:
            value = posted
        if value == {}:
            # stored as JSON text like any other translation: a dict is no
            # value for CKAN 2.11's text extras
            data[key] = "{}"
            return
        if _empty(value):
            return
        value = translations.parse(value)
        if value is None:
            _add_error(errors, key, message(rules.M_TEXT,
                                            field=field_label(field)))
            raise tk.StopOnError
        clean, problems = translations.checked(
            value, content_languages(), tk.config.get(
                config_check.UNKNOWN_LANGUAGE_OPTION, "keep") == "refuse")
        for msgid, params in problems:
            _add_error(errors, key, message(
                msgid, field=field_label(field), **params))
        if errors.get(key):
            raise tk.StopOnError
        data[key] = json.dumps(clean, ensure_ascii=False)
    return validator


# Stored translations read back as a mapping (an output validator).
municipal_translated_output = translations.as_mapping
