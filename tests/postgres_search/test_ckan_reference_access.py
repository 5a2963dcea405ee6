"""Who sees which datasets in search, against postgres_search.

Reference: ckan/tests/logic/action/test_get.py (TestPackageSearch private /
draft tests, TestGroupShow, TestOrganizationShow),
ckan/tests/cli/test_search_index.py (deleted datasets) and
ckan/tests/controllers/test_package.py, test_group.py,
test_organization.py (dataset search pages, org and group pages).
"""
import pytest
from bs4 import BeautifulSoup

from ckan import logic
from ckan.lib.helpers import url_for
from ckan.tests import factories, helpers

pytestmark = [
    pytest.mark.usefixtures("clean_db", "clean_index"),
    pytest.mark.ckan_config("ckan.auth.create_unowned_dataset", "true"),
]


def search_as(user, **data_dict):
    context = {"user": user["name"] if user else ""}
    return logic.get_action("package_search")(context, data_dict)


def names(result):
    return sorted(r["name"] for r in result["results"])


def page_titles(response):
    html = BeautifulSoup(response.body, "html.parser")
    return sorted(n.text.strip() for n in html.select(
        ".dataset-list .dataset-item .dataset-heading a"))


class TestPrivateAndDrafts:
    @pytest.fixture
    def data(self):
        user = factories.User()
        other_user = factories.User()
        org = factories.Organization(user=user)
        factories.Dataset(user=user, name="dataset")
        factories.Dataset(user=other_user, name="other-dataset")
        factories.Dataset(user=user, state="deleted", name="deleted-dataset")
        factories.Dataset(user=user, state="draft", name="draft-dataset")
        factories.Dataset(user=other_user, state="draft",
                          name="other-draft-dataset")
        factories.Dataset(user=user, private=True, owner_org=org["name"],
                          name="private-dataset")
        return user, other_user

    def test_excludes_private_and_drafts(self, data):
        assert names(helpers.call_action("package_search")) == [
            "dataset", "other-dataset"]

    def test_fq_cannot_reveal_private_or_drafts(self, data):
        assert helpers.call_action(
            "package_search", fq="capacity:private")["count"] == 0
        assert helpers.call_action(
            "package_search", fq="state:draft")["count"] == 0

    def test_include_drafts_anonymous(self, data):
        assert names(search_as(None, include_drafts=True)) == [
            "dataset", "other-dataset"]

    def test_include_drafts_sysadmin(self, data):
        sysadmin = factories.Sysadmin()
        assert names(search_as(sysadmin, include_drafts=True)) == [
            "dataset", "draft-dataset", "other-dataset",
            "other-draft-dataset"]
        assert names(search_as(sysadmin, include_drafts=False)) == [
            "dataset", "other-dataset"]

    def test_include_drafts_for_the_creator_only(self, data):
        user, _ = data
        assert names(search_as(user, include_drafts=True)) == [
            "dataset", "draft-dataset", "other-dataset"]

    def test_creator_user_id_filters(self, data):
        user, other_user = data
        fq = "creator_user_id:{}".format(other_user["id"])
        assert names(search_as(user, fq=fq)) == ["other-dataset"]
        assert names(search_as(user, fq=fq, include_drafts=True)) == [
            "other-dataset"]
        fq = "(creator_user_id:{} AND +state:draft)".format(other_user["id"])
        assert names(search_as(user, fq=fq, include_drafts=True)) == []

    def test_sysadmin_can_filter_drafts_of_another_user(self, data):
        user, _ = data
        sysadmin = factories.Sysadmin()
        fq = "(creator_user_id:{} AND +state:draft)".format(user["id"])
        assert names(search_as(sysadmin, fq=fq)) == ["draft-dataset"]

    def test_include_private_for_member(self, data):
        user, other_user = data
        assert names(search_as(user, include_private=True)) == [
            "dataset", "other-dataset", "private-dataset"]
        # not a member of the organization
        assert names(search_as(other_user, include_private=True)) == [
            "dataset", "other-dataset"]
        # include_private defaults to false
        assert names(search_as(user)) == ["dataset", "other-dataset"]

    def test_include_private_and_drafts_together(self, data):
        user, _ = data
        assert names(search_as(user, include_private=True,
                               include_drafts=True)) == [
            "dataset", "draft-dataset", "other-dataset", "private-dataset"]


class TestPrivateAcrossOrganizations:
    def test_member_of_another_organization_does_not_see_private(self):
        user = factories.User()
        user2 = factories.User()
        factories.Organization(user=user)
        org2 = factories.Organization(user=user2)
        factories.Dataset(user=user2, private=True, owner_org=org2["name"],
                          name="private-of-org2")
        assert names(search_as(user, include_private=True)) == []
        assert names(search_as(user2, include_private=True)) == [
            "private-of-org2"]

    def test_org_member_roles_see_private(self):
        org = factories.Organization()
        member, editor, admin = (factories.User() for _ in range(3))
        for user, capacity in ((member, "member"), (editor, "editor"),
                               (admin, "admin")):
            helpers.call_action("organization_member_create", id=org["id"],
                                username=user["name"], role=capacity)
        factories.Dataset(owner_org=org["id"], private=True, name="secret")
        for user in (member, editor, admin):
            assert names(search_as(user, include_private=True)) == ["secret"]

    def test_sysadmin_sees_all_private(self):
        user = factories.User()
        sysadmin = factories.Sysadmin()
        org1 = factories.Organization(user=user)
        org2 = factories.Organization()
        factories.Dataset(user=user, private=True, owner_org=org1["name"],
                          name="private-one")
        factories.Dataset(private=True, owner_org=org2["name"],
                          name="private-two")
        factories.Dataset(name="public")
        assert names(search_as(sysadmin, include_private=True)) == [
            "private-one", "private-two", "public"]

    @pytest.mark.ckan_config("ckan.auth.allow_dataset_collaborators", True)
    def test_collaborator_sees_private(self):
        org = factories.Organization()
        dataset = factories.Dataset(owner_org=org["id"], private=True,
                                    name="shared-private")
        collaborator = factories.User()
        stranger = factories.User()
        helpers.call_action(
            "package_collaborator_create", id=dataset["id"],
            user_id=collaborator["id"], capacity="member")
        assert names(search_as(collaborator, include_private=True)) == [
            "shared-private"]
        assert names(search_as(stranger, include_private=True)) == []

    @pytest.mark.parametrize("remove_deleted", [True, False])
    def test_private_deleted_only_for_the_right_users(self, remove_deleted):
        with helpers.changed_config("ckan.search.remove_deleted_packages",
                                    remove_deleted):
            user1 = factories.User()
            user2 = factories.User()
            org1 = factories.Organization(user=user1)
            org2 = factories.Organization(user=user2)
            state = "active" if remove_deleted else "deleted"
            factories.Dataset(name="dataset-user-1", user=user1,
                              private=True, owner_org=org1["name"],
                              state=state)
            factories.Dataset(name="dataset-user-2", user=user2,
                              private=True, owner_org=org2["name"],
                              state=state)
            for user, expected in ((user1, ["dataset-user-1"]),
                                   (user2, ["dataset-user-2"])):
                result = helpers.call_action(
                    "package_search",
                    {"user": user["name"], "ignore_auth": False},
                    include_private=True,
                    include_deleted=not remove_deleted)
                assert names(result) == expected


class TestDeleted:
    @pytest.mark.ckan_config("ckan.search.remove_deleted_packages", True)
    def test_deleted_dataset_leaves_the_index(self):
        factories.Dataset(title="Deleted package", name="deleted-pkg")
        helpers.call_action("package_delete", id="deleted-pkg")
        assert helpers.call_action("package_search", q="Deleted")[
            "count"] == 0

    @pytest.mark.ckan_config("ckan.search.remove_deleted_packages", False)
    def test_deleted_dataset_kept_until_purge(self):
        dataset = factories.Dataset(title="Deleted package",
                                    name="deleted-pkg")
        helpers.call_action("package_delete", id="deleted-pkg")
        assert helpers.call_action("package_search", q="Deleted")[
            "count"] == 0
        result = helpers.call_action("package_search", q="Deleted",
                                     include_deleted=True)
        assert [r["id"] for r in result["results"]] == [dataset["id"]]
        helpers.call_action("dataset_purge", id="deleted-pkg")
        assert helpers.call_action("package_search", q="Deleted",
                                   include_deleted=True)["count"] == 0


class TestGroupAndOrganizationShow:
    def test_group_show_packages(self):
        group = factories.Group(user=factories.User())
        for name in ("dataset_1", "dataset_2"):
            factories.Dataset(name=name, groups=[{"name": group["name"]}])
        factories.Dataset(name="not_in_group")
        group_dict = helpers.call_action("group_show", id=group["id"],
                                         include_datasets=True)
        assert sorted(p["name"] for p in group_dict["packages"]) == [
            "dataset_1", "dataset_2"]
        assert group_dict["package_count"] == 2
        group_dict = helpers.call_action("group_show", id=group["id"],
                                         include_datasets=False)
        assert "packages" not in group_dict
        assert group_dict["package_count"] == 2

    def test_group_show_never_shows_private_datasets(self):
        org_member = factories.User()
        org = factories.Organization(user=org_member)
        private_dataset = factories.Dataset(
            user=org_member, owner_org=org["name"], private=True)
        group = factories.Group()
        helpers.call_action("member_create", id=group["id"],
                            object=private_dataset["id"],
                            object_type="package", capacity="public")
        sysadmin = factories.Sysadmin()
        for user in (org_member, sysadmin, None):
            context = {"user": user["name"]} if user else None
            group_dict = helpers.call_action(
                "group_show", id=group["id"], include_datasets=True,
                context=context)
            assert private_dataset["id"] not in [
                d["id"] for d in group_dict["packages"]]

    @pytest.mark.ckan_config("ckan.search.rows_max", "2")
    def test_group_show_package_limit(self):
        group = factories.Group()
        for _ in range(3):
            factories.Dataset(groups=[{"id": group["id"]}])
        result = helpers.call_action("group_show", id=group["id"],
                                     include_datasets=1)
        assert len(result["packages"]) == 2
        assert result["package_count"] == 3

    def test_organization_show_packages(self):
        org = factories.Organization()
        other = factories.Organization()
        factories.Dataset(name="public-one", owner_org=org["name"])
        factories.Dataset(name="private-one", owner_org=org["name"],
                          private=True)
        factories.Dataset(name="elsewhere", owner_org=other["name"])
        org_dict = helpers.call_action("organization_show", id=org["id"],
                                       include_datasets=True)
        assert [p["name"] for p in org_dict["packages"]] == ["public-one"]
        assert org_dict["package_count"] == 1

    def test_organization_show_private_for_members(self):
        member = factories.User()
        org = factories.Organization(
            users=[{"name": member["name"], "capacity": "member"}])
        factories.Dataset(name="public-one", owner_org=org["name"])
        factories.Dataset(name="private-one", owner_org=org["name"],
                          private=True)
        org_dict = helpers.call_action(
            "organization_show", context={"user": member["name"]},
            id=org["id"], include_datasets=True)
        assert sorted(p["name"] for p in org_dict["packages"]) == [
            "private-one", "public-one"]
        assert org_dict["package_count"] == 2


class TestDatasetSearchPage:
    def test_search_page_lists_datasets(self, app):
        factories.Dataset(name="dataset-one", title="Dataset One")
        factories.Dataset(name="dataset-two", title="Dataset Two")
        factories.Dataset(name="dataset-three", title="Dataset Three")
        response = app.get(url_for("dataset.search"))
        assert "3 datasets found" in response
        assert page_titles(response) == [
            "Dataset One", "Dataset Three", "Dataset Two"]

    def test_search_page_query(self, app):
        factories.Dataset(name="dataset-one", title="Dataset One")
        factories.Dataset(name="dataset-two", title="Dataset Two")
        response = app.get(url_for("dataset.search"),
                           query_string={"q": "One"})
        assert "1 dataset found" in response
        assert page_titles(response) == ["Dataset One"]
        response = app.get(url_for("dataset.search"),
                           query_string={"q": "Nout"})
        assert 'No datasets found for "Nout"' in response
        assert page_titles(response) == []

    def test_search_page_tag_facets(self, app):
        factories.Dataset(name="dataset-one", title="Dataset One", tags=[
            {"name": "my-tag-1"}, {"name": "my-tag-2"}])
        factories.Dataset(name="dataset-two", title="Dataset Two",
                          tags=[{"name": "my-tag-1"}])
        factories.Dataset(name="dataset-three", title="Dataset Three")
        response = app.get(url_for("dataset.search"))
        assert "/dataset/?tags=my-tag-1" in response
        response = app.get("/dataset/?tags=my-tag-1")
        assert "2 datasets found" in response
        response = app.get("/dataset/?tags=my-tag-1&tags=my-tag-2")
        assert "1 dataset found" in response
        assert page_titles(response) == ["Dataset One"]

    def test_search_page_sort(self, app):
        factories.Dataset(name="bb", title="Banana")
        factories.Dataset(name="aa", title="Apple")
        factories.Dataset(name="cc", title="Cherry")
        response = app.get(url_for("dataset.search"),
                           query_string={"sort": "title_string desc"})
        html = BeautifulSoup(response.body, "html.parser")
        titles = [n.text.strip() for n in html.select(
            ".dataset-list .dataset-item .dataset-heading a")]
        assert titles == ["Cherry", "Banana", "Apple"]

    def test_search_page_private(self, app):
        member = factories.UserWithToken()
        org = factories.Organization(
            users=[{"name": member["name"], "capacity": "member"}])
        stranger = factories.UserWithToken()
        factories.Organization(
            users=[{"name": stranger["name"], "capacity": "member"}])
        sysadmin = factories.SysadminWithToken()
        factories.Dataset(title="A private dataset", owner_org=org["id"],
                          private=True)
        factories.Dataset(title="A public dataset")

        def titles(user):
            headers = {"Authorization": user["token"]} if user else {}
            return page_titles(app.get(url_for("dataset.search"),
                                       headers=headers))

        both = ["A private dataset", "A public dataset"]
        assert titles(None) == ["A public dataset"]
        assert titles(factories.UserWithToken()) == ["A public dataset"]
        # a member of ANOTHER organization
        assert titles(stranger) == ["A public dataset"]
        assert titles(member) == both
        assert titles(sysadmin) == both

    @pytest.mark.ckan_config("ckan.search.default_include_private", "false")
    def test_search_page_default_include_private_false(self, app):
        member = factories.UserWithToken()
        org = factories.Organization(
            users=[{"name": member["name"], "capacity": "member"}])
        factories.Dataset(owner_org=org["id"], private=True)
        response = app.get(url_for("dataset.search"),
                           headers={"Authorization": member["token"]})
        assert page_titles(response) == []

    def test_search_page_drafts_not_listed(self, app):
        user = factories.UserWithToken()
        factories.Dataset(user=user, title="A draft", state="draft")
        factories.Dataset(title="Active one")
        response = app.get(url_for("dataset.search"),
                           headers={"Authorization": user["token"]})
        assert page_titles(response) == ["Active one"]

    def test_search_page_syntax_error_is_shown(self, app):
        factories.Dataset()
        response = app.get(url_for("dataset.search") + "?q=--included")
        html = BeautifulSoup(response.body, "html.parser")
        message = "".join(n.text for n in html.select("#search-error"))
        assert "error while searching" in message

    def test_search_page_bad_sort_is_an_error(self, app):
        factories.Dataset()
        response = app.get(url_for("dataset.search") +
                           "?sort=gvgyr_fgevat+nfp")
        assert response.status_code == 400
        # CKAN's error page says which parameter it refused; no results.
        assert 'Invalid search query: Invalid "sort" parameter' in \
            BeautifulSoup(response.body, "html.parser").get_text()
        assert page_titles(response) == []


class TestOrganizationAndGroupPages:
    def test_organization_page_lists_and_searches(self, app):
        org = factories.Organization()
        for title in ("Dataset One", "Dataset Two", "Dataset Three"):
            factories.Dataset(title=title, owner_org=org["id"])
        factories.Dataset(title="Dataset Elsewhere")
        url = url_for("organization.read", id=org["name"])
        response = app.get(url)
        assert "3 datasets found" in response
        assert page_titles(response) == [
            "Dataset One", "Dataset Three", "Dataset Two"]
        response = app.get(url, query_string={"q": "One"})
        assert "1 dataset found" in response
        assert page_titles(response) == ["Dataset One"]
        response = app.get(url, query_string={"q": "Nout"})
        assert helpers.body_contains(response, 'No datasets found for "Nout"')

    def test_organization_page_private_for_members_only(self, app):
        member = factories.UserWithToken()
        org = factories.Organization(
            users=[{"name": member["name"], "capacity": "member"}])
        factories.Dataset(title="Public one", owner_org=org["id"])
        factories.Dataset(title="Private one", owner_org=org["id"],
                          private=True)
        url = url_for("organization.read", id=org["name"])
        assert page_titles(app.get(url)) == ["Public one"]
        assert page_titles(app.get(
            url, headers={"Authorization": member["token"]})) == [
            "Private one", "Public one"]

    def test_organization_page_dataset_count(self, app):
        org = factories.Organization()
        _, dataset = factories.Dataset.create_batch(2, owner_org=org["id"])
        response = app.get(url_for("organization.read", id=org["id"]))
        soup = BeautifulSoup(response.body, "html.parser")
        count = soup.find("dt", string="Datasets").find_next_sibling(
            "dd").find("span")
        assert count.text == "2"

    def test_group_page_lists_and_searches(self, app):
        group = factories.Group()
        for title in ("Dataset One", "Dataset Two", "Dataset Three"):
            factories.Dataset(title=title, groups=[{"id": group["id"]}])
        factories.Dataset(title="Dataset Elsewhere")
        url = url_for("group.read", id=group["name"])
        response = app.get(url)
        assert "3 datasets found" in response
        assert page_titles(response) == [
            "Dataset One", "Dataset Three", "Dataset Two"]
        response = app.get(url, query_string={"q": "One"})
        assert "1 dataset found" in response
        assert page_titles(response) == ["Dataset One"]
