"""The actions of the prioritization plugin that change what is stored:
a dataset's screening, the weights, and the recomputation of every
score."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata import actions
from ckanext.municipal_opendata.model import utcnow
from ckanext.municipal_opendata.validation import check_ids, validated

from ... import criteria as cr
from ... import model as pmodel
from ... import registry
from .. import schema as sch
from .. import names
from .. import scores
from .. import suggestions as sg
from .get import screening_dict

__all__ = [
    "prioritization_recompute",
    "prioritization_screening_update",
    "prioritization_type_suggestion_confirm",
    "prioritization_weights_update",
]


def prioritization_screening_update(context, data_dict):
    """Record (replace) the screening of a dataset and re-score it.

    :param id: the dataset's name or id
    :param status: candidate, in_preparation, published or declined
    :param scores: ``{criterion: 0..4}`` for the typed criteria; a
        criterion left out or empty is unknown (scale and obligation are
        derived and cannot be given)
    :param evidence: ``{criterion: text}``
    :param personal_data: none, low or high (empty: not assessed)
    :param confidentiality: none, low or high (empty: not assessed)
    :param legal_duty: a legal duty to publish (besides an HVD category)
    :param reason: why declined or recommended only for restricted
        publication (required then)
    """
    check_ids(data_dict, "id", required=("id",))
    tk.check_access("prioritization_screening_update", context, data_dict)
    data = validated({"id": data_dict.get("id")}, sch.id_schema(), context)
    pkg = actions.package_or_404(context, data["id"])
    model = registry.screening_model()
    clean, problems = cr.check_screening(model, data_dict)
    if problems:
        raise tk.ValidationError(sch.problems_to_errors(problems))
    session = context["model"].Session
    # One screening write at a time: concurrent first screenings of a
    # dataset inserted the same row twice (a 500 for all but one).
    scores.lock_scores()
    screening = session.get(pmodel.Screening, pkg.id)
    if screening is None:
        screening = pmodel.Screening(package_id=pkg.id)
        session.add(screening)
    screening.status = clean["status"]
    screening.scores = clean["scores"]
    screening.evidence = clean["evidence"]
    for gate in model.gates:
        setattr(screening, gate.code, clean.get(gate.code))
    screening.legal_duty = clean["legal_duty"]
    screening.reason = clean["reason"]
    user = actions.acting_user(context)
    screening.modified_by = user.id if user else None
    screening.modified = utcnow()
    session.flush()
    pkg_dict = tk.get_action("package_show")(
        {"ignore_auth": True, "use_cache": False}, {"id": pkg.id})
    changed = scores.rescore(pkg.id, pkg_dict, index=False)
    scores.refresh_index(changed)
    session.commit()
    return screening_dict(context, pkg)


def prioritization_weights_update(context, data_dict):
    """Save new weights (every criterion, numbers >= 0, not all zero),
    record the change and recompute every score.

    :param weights: ``{criterion: weight}``
    """
    tk.check_access("prioritization_weights_update", context, data_dict)
    model = registry.screening_model()
    clean, problems = cr.check_weights(model, data_dict.get("weights"))
    if problems:
        raise tk.ValidationError(sch.problems_to_errors(problems))
    session = context["model"].Session
    # The last change is read under the lock: the history is a chain (each
    # change's "old" is the previous one's "new").
    scores.lock_scores()
    old = scores.current_weights()
    user = actions.acting_user(context)
    session.add(pmodel.WeightsChange(changed_by=user.id if user else None,
                                     old=old, new=clean))
    session.flush()
    changed = scores.recompute(weights=clean)
    scores.refresh_index(changed)
    session.commit()
    return {"weights": clean, "old": old, "rescored": len(changed)}


def prioritization_recompute(context, data_dict):
    """Copy every dataset's facts, recompute every score and repair the
    search-index entries that differ from the scores in the database
    (what ``ckan prioritization recompute`` does); sysadmins only.

    Returns how many datasets were synced, how many scores changed
    (``rescored``) and how many stale index entries were re-indexed
    although their score had not changed (``repaired``)."""
    tk.check_access("prioritization_recompute", context, data_dict)
    scores.lock_scores()
    synced = scores.sync_all()
    changed = scores.recompute()
    scores.refresh_index(changed)
    repaired = [i for i in scores.stale_index() if i not in set(changed)]
    scores.refresh_index(repaired)
    context["model"].Session.commit()
    return {"datasets": synced, "rescored": len(changed),
            "repaired": len(repaired)}


def prioritization_type_suggestion_confirm(context, data_dict):
    """Set the dataset type of a dataset that has none: the suggested one
    the secretariat confirms, or another it chose (sysadmins and the
    secretariat). The dataset then counts in the coverage matrix. A type
    already set is left alone (the municipality's editors change it).

    :param id: the dataset's name or id
    :param dataset_type_code: a code of the dataset-type catalogue
    """
    check_ids(data_dict, "id", required=("id",))
    tk.check_access("prioritization_type_suggestion_confirm", context,
                    data_dict)
    data = validated(data_dict, sch.type_suggestion_confirm_schema(),
                     context)
    pkg = actions.package_or_404(context, data["id"])
    labels = names.type_labels()
    code = data["dataset_type_code"]
    if not labels:
        raise tk.ValidationError({"dataset_type_code": [tk._(
            "There is no dataset-type catalogue: the plugin "
            "municipal_schema is not loaded")]})
    if code not in labels:
        raise tk.ValidationError({"dataset_type_code": [tk._(
            "\"{code}\" is not a type of the dataset-type catalogue").format(
                code=code)]})
    if sg.current_type(pkg.id):
        raise tk.ValidationError({"dataset_type_code": [tk._(
            "This dataset already has a dataset type")]})
    user = actions.acting_user(context)
    result = sg.set_type(pkg.id, code, user.name if user else None)
    return {"id": pkg.id, "name": result["name"],
            "dataset_type_code": code, "label": labels[code],
            "confirmed_by": user.name if user else None}
