"""The house stays one way up: read the import graph (ast, every import, at module level or
inside a function) and fail on an import that points up a floor, on a circle, on a private name
borrowed from another package, and on an import of a module that does not exist.

    validation  ←  workbooks  ←  reports  ←  addin  ←  portal  ←  ziping
    (rules)        (files)       (Excel)    (web)      (command line, the server app)

Inside workbooks and reports the subpackages have floors of their own (see SUBFLOORS).
"""

from __future__ import annotations

import ast
import importlib.util
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FLOORS = {"validation": 0, "workbooks": 1, "reports": 2, "addin": 3, "portal": 4, "ziping": 5}
# Within workbooks: what reads forms sits below what checks them, which sits below what files and
# summarises them; the writers of workbooks use no reader.
WORKBOOKS_FLOORS = {"reading": 0, "writing": 0, "checking": 1, "submission": 2, "review": 2}
REPORTS_FLOORS = {"reading": 0, "drafting": 0, "checking": 1}
SUBFLOORS = {"workbooks": WORKBOOKS_FLOORS, "reports": REPORTS_FLOORS}
# Run as a script on a clerk's PC before ziping is installed: imports nothing of ziping by design.
STANDALONE = {"addin.installer.install"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    found = {}
    for package in FLOORS:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts and path.name != "env.py":
                continue  # Alembic revisions: loaded by Alembic, not imported
            found[_module_name(path)] = path
    return found


def _absolute(module: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = package[:len(package) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def imports() -> list[tuple[str, str, str, int]]:
    """(importer, imported module, name or "", line) for every import of the house's packages."""
    found = []
    for module, path in modules().items():
        tree = ast.parse(path.read_text("utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [(module, alias.name, "", node.lineno) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                target = _absolute(module, path, node)
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    if sub in MODULES:  # `from package import module`
                        found.append((module, sub, "", node.lineno))
                    else:
                        found.append((module, target, alias.name, node.lineno))
    return [item for item in found if item[1].split(".")[0] in FLOORS]


MODULES = modules()
IMPORTS = imports()


def _floor(module: str) -> tuple[int, int]:
    parts = module.split(".")
    sub = SUBFLOORS[parts[0]].get(parts[1], 0) if parts[0] in SUBFLOORS and len(parts) > 1 else 0
    return FLOORS[parts[0]], sub


def test_every_import_of_the_house_names_a_module_that_exists():
    missing = [f"{a}:{line} imports {b}" for a, b, _, line in IMPORTS if importlib.util.find_spec(b) is None]
    assert missing == []


def test_imports_point_down_only():
    upward = []
    for importer, imported, _, line in IMPORTS:
        if importer in STANDALONE:
            upward.append(f"{importer}:{line} imports {imported} (a standalone script)")
            continue
        here, there = _floor(importer), _floor(imported)
        same_package = importer.split(".")[0] == imported.split(".")[0]
        if there[0] > here[0] or (same_package and importer.startswith("workbooks.") and there[1] > here[1]):
            upward.append(f"{importer}:{line} imports {imported}")
    assert upward == []


def test_no_private_name_is_borrowed_from_another_package():
    """`from x import _name` (or `import x._private`) across top-level packages, or across the
    subpackages of one: what two packages share goes down a floor under a public name."""
    def package_of(module: str) -> str:
        parts = module.split(".")
        return ".".join(parts[:2]) if len(parts) > 2 or module in MODULES and MODULES[module].name == "__init__.py" else parts[0]

    borrowed = []
    for importer, imported, name, line in IMPORTS:
        private = (name.startswith("_") and not name.startswith("__")) or any(
            part.startswith("_") and not part.startswith("__") for part in imported.split("."))
        if private and package_of(importer) != package_of(imported):
            borrowed.append(f"{importer}:{line} imports {imported} {name}".strip())
    assert borrowed == []


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan), each a circle."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


@pytest.mark.parametrize("level", ["module", "package"])
def test_no_circles(level):
    """No module imports itself back through others (its package's __init__ included); no top-level
    package imports back one that imports it; nor do sibling subpackages (workbooks.reading and
    workbooks.checking, portal.store and portal.web…)."""
    def node(module: str) -> str:
        if level == "module":
            return module
        parts = module.split(".")
        return ".".join(parts[:2]) if len(parts) > 1 and f"{parts[0]}.{parts[1]}" in MODULES \
            and MODULES[f"{parts[0]}.{parts[1]}"].name == "__init__.py" else parts[0]

    edges: dict[str, set[str]] = defaultdict(set)
    for importer, imported, _, _ in IMPORTS:
        a, b = node(importer), node(imported)
        if level == "package":  # top-level packages among themselves, and sibling subpackages
            siblings = a.count(".") == b.count(".") and a.split(".")[:-1] == b.split(".")[:-1]
            if a != b and (siblings or "." not in a and "." not in b):
                edges[a].add(b)
            if a.split(".")[0] != b.split(".")[0]:
                edges[a.split(".")[0]].add(b.split(".")[0])
        elif a != b:  # a module and its package's __init__ count too: importing one runs the other
            edges[a].add(b)
    assert _cycles(edges) == []


def test_the_graph_is_read():
    """A guard for the guards: the graph holds the imports it must (the reading is not empty)."""
    pairs = {(a, b) for a, b, _, _ in IMPORTS}
    assert ("ziping.server", "portal.web") in pairs
    assert any(a.startswith("portal.web") and b.startswith("addin") for a, b in pairs)
    assert len(IMPORTS) > 300


def test_the_offline_bundle_builds_ziping_from_every_package():
    """`ziping bundle` builds ziping's wheel from a copy of the listed sources: a package left off
    the list would install a ziping that cannot start."""
    from addin.bundle.wheels import WHEEL_SOURCES

    assert set(FLOORS) <= set(WHEEL_SOURCES)
