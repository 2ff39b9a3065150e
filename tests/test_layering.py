"""Layering: which module of the project may import which, read from the source.

Fast and without Django: the modules are parsed, never imported. Migrations are left
out (Django writes them, and they import by name through ``apps.get_model``).

- No module imports a project module inside a function or class: a local import hides
  a dependency, usually to dodge a cycle.
- No import cycles among the project's modules.
- The direction: website -> inventory -> partnerships, and inside ``inventory`` the
  rooms (``projects``, ``interest``, ``reports``), the shared leaves and the registries
  that Django and Wagtail read (``inventory.models``, ``inventory.wagtail_hooks``).
"""

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ("inventory", "partnerships", "website")

ROOMS = ("inventory.projects", "inventory.interest", "inventory.reports")
LEAVES = frozenset(
    f"inventory.{name}"
    for name in ("spreadsheets", "mail", "ids", "joblock", "conf", "display")
)
REGISTRIES = frozenset({"inventory.models", "inventory.wagtail_hooks"})
# What a room may import from the rest of ``inventory`` besides itself and the leaves.
ROOM_MAY_IMPORT = {
    # The published reports' routes, mounted under the project index, and the
    # reporting cut-offs that say which projects are due for review.
    "inventory.projects": frozenset(
        {
            "inventory.reports.pages",
            "inventory.reports.models",
            "inventory.reports.periods",
        }
    ),
    "inventory.interest": frozenset({"inventory.projects.models"}),
    "inventory.reports": frozenset({"inventory.projects.models"}),
}
SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def within(module, package):
    return module == package or module.startswith(package + ".")


def room_of(module):
    return next((room for room in ROOMS if within(module, room)), None)


@cache
def modules():
    """Every module of the project as {dotted name: path}, migrations left out."""
    found = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def project_module(name):
    """The project module ``name`` stands for: itself, or the longest known prefix
    (``inventory.models.Project`` is ``inventory.models``); None outside the project.
    """
    if name.split(".")[0] not in APPS:
        return None
    while name and name not in modules():
        name = name.rpartition(".")[0]
    return name or None


def targets(node, module):
    """The project modules an import statement in ``module`` imports."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            is_package = modules()[module].name == "__init__.py"
            package = module if is_package else module.rpartition(".")[0]
            for _ in range(node.level - 1):
                package = package.rpartition(".")[0]
            base = f"{package}.{base}" if base else package
        # ``from inventory.projects import views`` imports the module views.
        names = [
            f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules() else base
            for alias in node.names
        ]
    return {target for name in names if (target := project_module(name))}


@cache
def imports():
    """Every import of a project module as (module, target, line, local), where local
    means inside a function or class body."""
    found = []
    for module, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for parent in ast.walk(tree):
            for child in ast.iter_child_nodes(parent):
                child.parent = parent
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            local, ancestor = False, getattr(node, "parent", None)
            while ancestor is not None:
                local = local or isinstance(ancestor, SCOPES)
                ancestor = getattr(ancestor, "parent", None)
            for target in targets(node, module):
                found.append((module, target, node.lineno, local))
    return found


def where(module, line):
    return f"{modules()[module].relative_to(ROOT)}:{line}"


def report(violations):
    return "\n".join(sorted(violations))


# --- No local imports --------------------------------------------------------------


def test_no_project_module_is_imported_inside_a_function_or_class():
    local = [
        f"{where(module, line)} imports {target}"
        for module, target, line, is_local in imports()
        if is_local
    ]
    assert not local, "Import these at the top of the module:\n" + report(local)


# --- No cycles ---------------------------------------------------------------------


def graph():
    """Module-level imports as {module: {imported modules}}. Importing a module also
    runs its packages' ``__init__``, so those count too."""
    edges = {module: set() for module in modules()}
    for module, target, _, local in imports():
        if local:
            continue
        package = target
        while package:
            if package != module and package in edges:
                edges[module].add(package)
            package = package.rpartition(".")[0]
    return edges


def strongly_connected(edges):
    """Tarjan's strongly connected components, without recursion."""
    index, low, stack, on_stack, components = {}, {}, [], set(), []
    for start in edges:
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
    return components


def test_strongly_connected_finds_a_cycle_and_leaves_a_chain_alone():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert sorted(strongly_connected(edges)) == [["a", "b", "c"], ["d"], ["e"]]


def test_the_project_modules_import_each_other_without_cycles():
    cycles = [
        " -> ".join(component)
        for component in strongly_connected(graph())
        if len(component) > 1
    ]
    assert not cycles, "Modules that import each other in a circle:\n" + "\n".join(
        cycles
    )


# --- Direction ---------------------------------------------------------------------


def forbidden(module, target):
    """Why ``module`` may not import ``target``, or None if it may."""
    if within(module, "partnerships") and not within(target, "partnerships"):
        return "partnerships imports neither inventory nor website"
    if within(module, "inventory") and within(target, "website"):
        return "inventory never imports website"
    if module in LEAVES and (room_of(target) or target in REGISTRIES):
        return "a shared leaf imports no room (nor a registry, which imports them)"
    room = room_of(module)
    if room is None or not within(target, "inventory"):
        return None
    if target in REGISTRIES:
        return "a room never imports the registries; import from the room itself"
    if within(target, room) or target in LEAVES or target in ROOM_MAY_IMPORT[room]:
        return None
    if room_of(target) is None:
        return None  # inventory's own plumbing (apps, templatetags, commands)
    return f"{room} may import only {', '.join(sorted(ROOM_MAY_IMPORT[room]))}"


def test_the_rules_of_direction_read_as_intended():
    assert forbidden("partnerships.models", "inventory.models")
    assert forbidden("inventory.projects.pages", "website.models")
    assert forbidden("inventory.spreadsheets", "inventory.projects.models")
    assert forbidden("inventory.mail", "inventory.models")
    assert forbidden("inventory.projects.views", "inventory.interest.pages")
    assert forbidden("inventory.projects.views", "inventory.models")
    assert forbidden("inventory.interest.pages", "inventory.projects.pages")
    assert forbidden("inventory.reports.figures", "inventory.interest.models")
    assert not forbidden("inventory.projects.pages", "inventory.reports.pages")
    assert not forbidden("inventory.interest.pages", "inventory.projects.models")
    assert not forbidden("inventory.reports.pages", "inventory.projects.models")
    assert not forbidden("inventory.reports.figures", "inventory.spreadsheets")
    assert not forbidden("inventory.projects.models", "partnerships.models")
    assert not forbidden("inventory.wagtail_hooks", "inventory.interest.wagtail_hooks")
    assert not forbidden("website.models", "inventory.models")


def test_every_import_goes_the_allowed_way():
    wrong = [
        f"{where(module, line)} imports {target}: {why}"
        for module, target, line, _ in imports()
        if (why := forbidden(module, target))
    ]
    assert not wrong, "Imports against the layering:\n" + report(wrong)


def test_the_layering_knows_the_rooms_and_leaves_it_names():
    """A renamed module must not leave a rule quietly checking nothing."""
    named = LEAVES | REGISTRIES | set(ROOMS)
    for allowed in ROOM_MAY_IMPORT.values():
        named |= allowed
    assert named <= set(modules()), sorted(named - set(modules()))
