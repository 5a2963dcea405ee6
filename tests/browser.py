"""Browser test harness (a pytest plugin, registered in tests/conftest.py,
so every folder's browser tests share one Chromium): CKAN served on a free loopback port, driven by
Debian's Chromium through Playwright.

``ckan_server`` builds CKAN's Flask app the way CKAN's own ``app`` fixture
does (same config object, same database, the suite's plugins loaded by the
autouse ``_suite_plugins`` fixture) and serves it from a thread with
werkzeug, so a test can prepare data with ``ckan.tests.factories`` and then
look at it in the browser. ``page`` is a fresh browser context (no cookies)
whose relative URLs resolve against the served CKAN.

Playwright never downloads a browser here: it launches /usr/bin/chromium.
"""
from __future__ import annotations

import dataclasses
import logging
import os
import threading
import traceback

import pytest
from werkzeug.serving import make_server

log = logging.getLogger(__name__)

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Milliseconds a Playwright action or expectation may wait: generous, as a
# form save on a busy 2-core CI machine (validation, indexing) can take long.
TIMEOUT_MS = int(os.environ.get("E2E_TIMEOUT_MS", "30000"))

# CKAN binds its JavaScript modules (slug preview, image upload, ...) only
# once it has fetched the page's translations (main.js), which can be after
# the load event: text typed before then goes unheard, as in a CI run where
# the title was filled before the slug preview listened. This script, run
# before the page's own, marks the moment the modules are bound.
MARK_MODULES_BOUND = """
window.addEventListener('DOMContentLoaded', function () {
  var ckan = window.ckan;
  if (!ckan || !ckan.module || !ckan.module.initialize) { return; }
  var initialize = ckan.module.initialize;
  ckan.module.initialize = function () {
    var result = initialize.apply(this, arguments);
    window.__ckanModulesBound = true;
    return result;
  };
});
"""
MODULES_BOUND = ("() => !(window.ckan && window.ckan.module)"
                 " || window.__ckanModulesBound === true")


@dataclasses.dataclass
class ServedCKAN:
    url: str
    errors: list = dataclasses.field(default_factory=list)


class _RecordErrors:
    """WSGI middleware that keeps the tracebacks of requests that crashed,
    so that a server-side failure fails the test instead of only showing
    up as an "Internal Server Error" page."""

    def __init__(self, app, errors: list):
        self.app = app
        self.errors = errors

    def __call__(self, environ, start_response):
        try:
            return self.app(environ, start_response)
        except Exception:
            self.errors.append("{} {}\n{}".format(
                environ.get("REQUEST_METHOD"), environ.get("PATH_INFO"),
                traceback.format_exc()))
            raise


def visit(page, path: str) -> None:
    """Open a page of the served CKAN and wait until its JavaScript modules
    listen, as a person would before typing."""
    page.goto(path)
    page.wait_for_function(MODULES_BOUND)


def resource_link_button(page):
    """The resource form's "Link" button, that makes the resource a link
    to a URL, once its module listens (the form is reached by a click, not
    ``visit``). Its accessible name differs (2.12 labels it "Link to a URL
    on the internet ...", 2.11 names it by its icon and text), its id not."""
    button = page.locator("#resource-link-button")
    button.wait_for()  # the resource form's document, not the one before
    page.wait_for_function(MODULES_BOUND)
    return button


def log_in(page, name: str, password: str) -> None:
    """Log in through CKAN's login form, as a person would."""
    from playwright.sync_api import expect

    visit(page, "/user/login")
    page.get_by_label("Username or Email").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Login").click()
    # The log-out button of the account menu (CKAN 2.11 and 2.12 alike).
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def account_name(page):
    """The logged-in person's name in the account menu of the header."""
    return page.locator(".account .username")


def choose_option(select, **option) -> None:
    """Choose an option of a ``<select>``, such as the organization of the
    dataset form. CKAN 2.11 hides that select behind its select2 widget,
    which follows the select's change event; 2.12 shows it. ``force``
    chooses on the select in both cases, as the widget itself would."""
    select.select_option(force=True, **option)


@pytest.fixture
def ckan_server(ckan_config, make_app, monkeypatch, with_plugins):
    """CKAN with the suite's plugins, served on http://127.0.0.1:<free port>.

    The port is bound first (port 0), then ``ckan.site_url`` is set to the
    served URL and the app is built (CKAN's ``ckan_config`` fixture restores
    the config after the test)."""
    # One log line per request (werkzeug's default) drowns the report.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, None, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    # CKAN_SITE_URL wins over the config file in CKAN's update_config, so
    # set both.
    monkeypatch.setenv("CKAN_SITE_URL", url)
    ckan_config["ckan.site_url"] = url
    served = ServedCKAN(url=url)
    server.app = _RecordErrors(make_app().app, served.errors)
    thread = threading.Thread(target=server.serve_forever,
                              kwargs={"poll_interval": 0.05},
                              name="ckan-e2e-server", daemon=True)
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
    assert not served.errors, \
        "CKAN raised while serving the browser:\n" + "\n".join(served.errors)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, launched once per session."""
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        # `make test` installs it; a browser test that silently skips hides
        # a broken page.
        pytest.fail(f"no Chromium at {CHROMIUM}: run `make chromium`")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, ckan_server, request, tmp_path):
    """A page in a fresh browser context; ``visit(page, "/dataset")`` opens
    the served CKAN. On failure a screenshot and the page's HTML are kept
    in the test's tmp_path."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    context = browser.new_context(base_url=ckan_server.url,
                                  locale="en-US",
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(MARK_MODULES_BOUND)
    page = context.new_page()
    console_errors: list[str] = []
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    try:
        yield page
    finally:
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            try:
                page.screenshot(path=str(tmp_path / "failure.png"),
                                full_page=True)
                (tmp_path / "failure.html").write_text(page.content())
                print(f"\ne2e failure at {page.url}; screenshot and HTML "
                      f"in {tmp_path}; JavaScript errors: {console_errors}")
            except Exception as error:  # browser already gone
                print(f"\ne2e: could not keep the failing page: {error}")
        context.close()


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Lets the ``page`` fixture know at teardown whether the test failed.
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
