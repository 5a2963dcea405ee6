"""The people of a role-matrix test, one builder for every plugin's tests:
Leuven with an admin, an editor and a member, Gent with its own admin, a
sysadmin, and, where a plugin's rules need them, a second Leuven editor
and the programme's secretariat with a member and an outside re-user;
and a browser session logged in through the login form."""
import re

from ckan.tests import factories

SECRETARIAT = "secretariat"
# the password of users a test logs in through the form
PASSWORD = "correct-horse-battery-staple"
CSRF_TOKEN = re.compile(r'name="_csrf_token" value="([^"]+)"')


class Roles(dict):
    __getattr__ = dict.__getitem__


def make_roles(editor2: bool = False, secretariat: bool = False) -> Roles:
    people = {"admin": "org_admin", "editor": "org_editor",
              "member": "org_member", "other": "other_admin"}
    if editor2:
        people["editor2"] = "org_editor2"
    if secretariat:
        people.update(secretary="secretary", reuser="reuser")
    roles = Roles({who: factories.User(name=name)
                   for who, name in people.items()})
    roles["sysadmin"] = factories.Sysadmin(name="the_sysadmin")
    leuven = [(roles[who], capacity) for who, capacity in (
        ("admin", "admin"), ("editor", "editor"), ("editor2", "editor"),
        ("member", "member")) if who in roles]
    roles["org"] = _organization("leuven", "Leuven", leuven)
    roles["other_org"] = _organization("gent", "Gent",
                                       [(roles.other, "admin")])
    if secretariat:
        roles["secretariat"] = _organization(
            SECRETARIAT, "Programme secretariat",
            [(roles.secretary, "member")])
    return roles


def _organization(name, title, members):
    return factories.Organization(name=name, title=title, users=[
        {"name": user["name"], "capacity": capacity}
        for user, capacity in members])


def make_tokens(roles: Roles) -> dict:
    """An API token per person, so page requests run as that user."""
    return {who: factories.APIToken(user=user["id"])["token"]
            for who, user in roles.items() if who not in (
                "org", "other_org", "secretariat")}


def csrf_token_of(client, url) -> str:
    """The CSRF token of the form on ``url``, as a browser reads it."""
    match = CSRF_TOKEN.search(client.get(url).get_data(as_text=True))
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def logged_in(app, user):
    """A browser session of ``user`` (made with ``PASSWORD``), logged in
    through the login form with its CSRF token."""
    client = app.test_client()
    response = client.post("/user/login", follow_redirects=True, data={
        "login": user["name"], "password": PASSWORD,
        "_csrf_token": csrf_token_of(client, "/user/login")})
    # logged in, the page header links to the user's profile
    assert response.status_code == 200 and \
        f'href="/user/{user["name"]}"' in response.get_data(as_text=True), \
        f"{user['name']} could not log in"
    return client
