"""What each plugin registers with CKAN is exactly what its doc says.

CKAN's blanket decorators register what a module names in ``__all__`` and,
without it, every public function of the module: a helper function became
an API action that way, and a CLI group went missing. This test reads the
section "What the plugin registers" of each plugin's doc
(``docs/<plugin>.md``) and compares it with what the plugin hands CKAN:
``get_actions()``, ``get_auth_functions()``, ``get_validators()``,
``get_helpers()``, ``get_commands()`` (group and subcommands),
``get_blueprint()``, the interfaces it implements and the options of its
config declaration. Adding one without documenting it, documenting one
that is gone, or leaking a private function fails here.
"""
from __future__ import annotations

import importlib
import inspect
import pathlib
import re

import pytest
import yaml

import ckan.plugins as p
import ckan.plugins.interfaces as interfaces

ROOT = pathlib.Path(__file__).resolve().parent.parent
SECTION = "## What the plugin registers"

# plugin -> its doc; the classes come from setup.cfg's entry points (the
# names CKAN loads), read through importlib.metadata below.
DOCS = {
    "postgres_search": "search.md",
    "municipal_schema": "schema.md",
    "maturity": "maturity.md",
    "prioritization": "prioritization.md",
    "charter": "charter.md",
    "municipal_harvest": "harvest.md",
}

# The modules CKAN's blanket decorators read, per blanket getter.
BLANKET_MODULES = {
    "get_actions": "logic.action",
    "get_auth_functions": "logic.auth",
    "get_validators": "logic.validators",
    "get_helpers": "helpers",
    "get_commands": "cli",
    "get_blueprint": "views",
}

KINDS = ("Interfaces", "Actions", "Auth functions", "Chained auth functions",
         "Validators", "Template helpers", "CLI commands", "Blueprints",
         "Config options")


def plugin_class(name: str) -> type:
    from importlib.metadata import entry_points
    (entry,) = [e for e in entry_points(group="ckan.plugins")
                if e.name == name]
    return entry.load()


def documented(plugin: str) -> dict[str, set[str]]:
    """The doc's section as {kind: names}. Each kind is one bullet,
    ``- Kind: `name`, `name`, ...`` (may wrap; ``none`` when empty)."""
    text = (ROOT / "docs" / DOCS[plugin]).read_text(encoding="utf-8")
    start = text.find(SECTION + "\n")
    assert start >= 0, f"docs/{DOCS[plugin]} has no section {SECTION!r}"
    body = text[start + len(SECTION):]
    end = re.search(r"^#{1,2} ", body, re.M)
    body = body[:end.start()] if end else body
    bullets = re.split(r"^- ", body, flags=re.M)[1:]
    found: dict[str, set[str]] = {}
    for bullet in bullets:
        kind, _, rest = bullet.partition(":")
        assert kind in KINDS, f"docs/{DOCS[plugin]}: unknown kind {kind!r}"
        assert kind not in found, f"docs/{DOCS[plugin]}: {kind} twice"
        names = {" ".join(n.split())
                 for n in re.findall(r"`([^`]+)`", rest)}
        if not names:
            assert rest.split()[:1] == ["none"], (
                f"docs/{DOCS[plugin]}: {kind} lists no `name` and "
                "does not say none")
        found[kind] = names
    missing = set(KINDS) - set(found)
    assert not missing, f"docs/{DOCS[plugin]} does not say {missing}"
    return found


def registered(plugin: str) -> dict[str, set[str]]:
    cls = plugin_class(plugin)
    instance = cls()
    implemented = {
        i for i in vars(interfaces).values()
        if isinstance(i, type) and issubclass(i, interfaces.Interface)
        and i is not interfaces.Interface and i.implemented_by(cls)}

    def names(interface, getter) -> dict:
        return getattr(instance, getter)() if interface in implemented \
            else {}

    auth = names(p.IAuthFunctions, "get_auth_functions")
    blueprints = names(p.IBlueprint, "get_blueprint") or []
    if not isinstance(blueprints, list):
        blueprints = [blueprints]
    commands = set()
    for group in names(p.IClick, "get_commands") or []:
        commands.update(f"ckan {group.name} {sub}" for sub in group.commands)
    options = set()
    declaration = pathlib.Path(inspect.getfile(cls)).parent / \
        "config_declaration.yaml"
    if p.IConfigDeclaration in implemented:
        for group in yaml.safe_load(declaration.read_text())["groups"]:
            options.update(o["key"] for o in group["options"])
    return {
        "Interfaces": {i.__name__ for i in implemented},
        "Actions": set(names(p.IActions, "get_actions")),
        "Auth functions": {k for k, f in auth.items()
                           if not getattr(f, "chained_auth_function", False)},
        "Chained auth functions": {
            k for k, f in auth.items()
            if getattr(f, "chained_auth_function", False)},
        "Validators": set(names(p.IValidators, "get_validators")),
        "Template helpers": set(names(p.ITemplateHelpers, "get_helpers")),
        "CLI commands": commands,
        "Blueprints": {b.name for b in blueprints},
        "Config options": options,
    }


@pytest.mark.parametrize("plugin", sorted(DOCS))
def test_registered_surface_is_the_documented_one(plugin):
    docs, code = documented(plugin), registered(plugin)
    differences = {
        kind: {"registered, not documented": sorted(code[kind] - docs[kind]),
               "documented, not registered": sorted(docs[kind] - code[kind])}
        for kind in KINDS if docs[kind] != code[kind]}
    assert not differences, f"docs/{DOCS[plugin]}: {differences}"


@pytest.mark.parametrize("plugin", sorted(DOCS))
def test_every_blanket_read_module_names_what_it_registers(plugin):
    """Without ``__all__`` a blanket registers every public function of
    the module, imported ones too."""
    cls = plugin_class(plugin)
    package = cls.__module__.rsplit(".", 1)[0]
    for getter, module_name in BLANKET_MODULES.items():
        if not hasattr(cls, getter):
            continue
        module = importlib.import_module(f"{package}.{module_name}")
        assert hasattr(module, "__all__"), \
            f"{module.__name__} has no __all__"
        for name in module.__all__:
            member = getattr(module, name, None)
            assert member is not None, f"{module.__name__}.{name} is missing"
            assert not name.startswith("_"), f"{module.__name__}.{name}"


def test_every_action_has_an_auth_function():
    """House rule: every action has an auth function of the same name."""
    for plugin in DOCS:
        code = registered(plugin)
        auth = code["Auth functions"] | code["Chained auth functions"]
        assert code["Actions"] <= auth, (plugin, code["Actions"] - auth)
