"""Who sees which scores: sysadmins and the secretariat everything, a
municipality's members their own organization's candidates, everyone else
the scores of public datasets only (none when the operator turns public
scores off)."""
from __future__ import annotations

from typing import NamedTuple

from ckan import authz
import ckan.model as model
import ckan.plugins.toolkit as tk

from .. import hiding


class Viewer(NamedTuple):
    user: str
    full: bool  # sysadmin or secretariat: every candidate
    org_ids: frozenset[str]  # organizations whose private candidates show
    public: bool  # sees the scores of public datasets


def public_scores() -> bool:
    return bool(tk.config.get("ckanext.prioritization.public_scores"))


def secretariat_id() -> str | None:
    name = tk.config.get("ckanext.prioritization.secretariat_organization")
    group = model.Group.get(name) if name else None
    if group is None or not group.is_organization or group.state != "active":
        return None
    return group.id


def is_secretariat(user: str | None) -> bool:
    org_id = secretariat_id()
    return bool(user and org_id and authz.has_user_permission_for_group_or_org(
        org_id, user, "read"))


def is_full(user: str | None) -> bool:
    return bool(user) and (authz.is_sysadmin(user) or is_secretariat(user))


def viewer(context_or_user) -> Viewer:
    if isinstance(context_or_user, dict):
        # internal calls that skip authorization see everything
        if context_or_user.get("ignore_auth"):
            return Viewer(context_or_user.get("user") or "", True,
                          frozenset(), True)
        user = context_or_user.get("user") or ""
    else:
        user = context_or_user or ""
    user_obj = model.User.get(user) if user else None
    if user_obj is None:
        return Viewer(user, False, frozenset(), public_scores())
    if user_obj.sysadmin:
        return Viewer(user, True, frozenset(), True)
    # One query for the user's organizations; the secretariat's members
    # see everything.
    org_ids = frozenset(
        gid for (gid,) in model.Session.query(model.Member.group_id)
        .join(model.Group, model.Group.id == model.Member.group_id)
        .filter(model.Member.table_name == "user",
                model.Member.table_id == user_obj.id,
                model.Member.state == "active",
                model.Group.is_organization.is_(True),
                model.Group.state == "active"))
    secretariat = secretariat_id() if org_ids else None
    if secretariat and secretariat in org_ids:
        return Viewer(user, True, frozenset(), True)
    return Viewer(user, False, org_ids, public_scores())


def sees_score(v: Viewer, owner_org: str | None, private: bool) -> bool:
    if v.full or (owner_org and owner_org in v.org_ids):
        return True
    return v.public and not private


def hidden_fields(v: Viewer, owner_org: str | None,
                  private: bool) -> frozenset[str]:
    """The score fields this viewer may not see on this dataset: all of
    them, or none."""
    return frozenset() if sees_score(v, owner_org, private) else hiding.FIELDS


def search_scope(v: Viewer) -> hiding.Scope | None:
    """The datasets a search naming a score field is answered over for
    this viewer (None: every dataset the search would find anyway). With
    public scores on, CKAN's own search already keeps private datasets to
    those who may read them, whose scores they see (but for a dataset's
    collaborators outside its organization: docs/prioritization.md)."""
    if v.full or v.public:
        return None
    return hiding.Scope(v.org_ids, v.public)
