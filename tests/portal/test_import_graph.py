"""The layout's rules hold in the code: no import cycle between the project's modules,
models import no views, renderers import no models, the core uses no feature app's views,
and feature apps reach each other only through the interfaces named here."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = sorted(path.name for path in ROOT.iterdir() if (path / "apps.py").is_file())
CORE = "portal"
# Modules that feed pages to a format and must not query by themselves.
RENDERERS = {"bulletin.feeds", "bulletin.calendars"}
# What one feature app may import from another: (importer app, imported module prefix);
# "*" is every app.
INTERFACES = {
    ("*", "search.mixins"),  # the searchable-page contract every page type follows
    # The API's ?search= parameter reads queries as the portal's search does.
    ("portal", "search.normalise"),
    ("portal", "search.query"),
    ("portal", "search.service"),
    ("training", "polls.blocks"),  # a training index page can hold a poll
    ("training", "polls.models"),  # the demo puts the current poll on the training index
    ("newsletter", "bulletin.models"),  # a mailing sends a bulletin issue
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _project_modules() -> dict[str, Path]:
    modules = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                modules[_module_name(path)] = path
    return modules


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Project modules that `name` imports, at any level (function-level imports count)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(filter(None, [*anchor, base]))
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            # The longest project module the import names (a module or its package).
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _project_modules()
    return {name: _imports(name, path, set(modules)) for name, path in modules.items()}


GRAPH = _graph()


def _app(module: str) -> str:
    return module.split(".")[0]


def _is(module: str, kind: str) -> bool:
    parts = module.split(".")
    return kind in parts or any(part.startswith(f"{kind}_") for part in parts[1:])


def test_the_graph_sees_the_project():
    assert {"polls.models", "newsletter.models", "bulletin.feeds"} <= set(GRAPH)
    assert "polls.models" in GRAPH["polls.voting"]


def test_no_import_cycle():
    """Tarjan's strongly connected components: any component of two or more modules is a
    cycle."""
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(GRAPH[module]):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    assert not cycles, f"import cycles: {cycles}"


def test_models_import_no_views():
    offenders = {
        (module, target)
        for module, targets in GRAPH.items()
        if _is(module, "models")
        for target in targets
        if _is(target, "views")
    }
    assert not offenders


def test_renderers_import_no_models():
    offenders = {
        (module, target)
        for module in RENDERERS
        for target in GRAPH[module]
        if _is(target, "models")
    }
    assert not offenders


def _through_interface(module, target):
    return any(
        importer in ("*", _app(module)) and (target + ".").startswith(prefix + ".")
        for importer, prefix in INTERFACES
    )


def test_the_core_uses_no_feature_app():
    offenders = {
        (module, target)
        for module, targets in GRAPH.items()
        if _app(module) == CORE
        for target in targets
        if _app(target) != CORE and not _through_interface(module, target)
    }
    assert not offenders, sorted(offenders)


def test_feature_apps_meet_only_through_named_interfaces():
    offenders = {
        (module, target)
        for module, targets in GRAPH.items()
        if _app(module) != CORE
        for target in targets
        if _app(target) not in (CORE, _app(module)) and not _through_interface(module, target)
    }
    assert not offenders, sorted(offenders)


def test_every_module_imports():
    """A moved or renamed name fails here, not when a rarely used command first runs."""
    import importlib

    from django.db import connection

    skipped = ("portal.settings.", "portal.wsgi")
    if connection.vendor != "sqlite":
        skipped += ("search.sqlite_ranking",)  # loads only with SQLite's full-text tables
    failures = []
    for module in sorted(GRAPH):
        if module.startswith(skipped):
            continue
        try:
            importlib.import_module(module)
        except Exception as error:
            failures.append(f"{module}: {error!r}")
    assert not failures, failures
