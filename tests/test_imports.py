"""The import graph of ``src/rfiparse``: read from the source with ``ast``, without importing."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "rfiparse"
NAME = "rfiparse"


def _module_name(path: Path) -> str:
    return NAME if path.name == "__init__.py" else f"{NAME}.{path.stem}"


MODULES = {_module_name(path): path for path in sorted(PACKAGE.glob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    """Whether an ``if`` test is ``TYPE_CHECKING`` (or ``typing.TYPE_CHECKING``)."""
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def _run_time_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node of ``tree`` that can run: all but the bodies of ``if TYPE_CHECKING:``.

    Imports inside functions and methods count: they run when the function is called.
    """
    found: list[ast.AST] = []
    pending = [tree]
    while pending:
        node = pending.pop()
        found.append(node)
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            pending.extend(node.orelse)
            continue
        pending.extend(ast.iter_child_nodes(node))
    return found


def _imported(importer: str, node: ast.AST) -> set[str]:
    """The ``rfiparse`` modules an import statement of ``importer`` loads."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in MODULES}
    if not isinstance(node, ast.ImportFrom):
        return set()
    if node.level:  # relative: from the package that holds ``importer``
        base = NAME + (f".{node.module}" if node.module else "")
        if node.level > 1:
            return set()  # nothing above the package
    else:
        base = node.module or ""
    if base not in MODULES:
        return set()
    # ``from . import model`` loads the submodule, ``from . import __version__`` the package.
    found = {f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES}
    if base != NAME or len(found) < len(node.names):
        found.add(base)
    found.discard(importer)
    return found


def import_graph() -> dict[str, set[str]]:
    """``{module: the rfiparse modules it imports at run time}`` for every module."""
    graph = {}
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        graph[name] = {
            imported for node in _run_time_nodes(tree) for imported in _imported(name, node)
        }
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as the modules along it (first repeated last), or ``None``."""
    done: set[str] = set()
    for start in sorted(graph):
        if start in done:
            continue
        path: list[str] = []
        on_path: set[str] = set()
        stack: list[tuple[str, list[str]]] = [(start, sorted(graph[start]))]
        path.append(start)
        on_path.add(start)
        while stack:
            node, todo = stack[-1]
            if not todo:
                stack.pop()
                path.pop()
                on_path.discard(node)
                done.add(node)
                continue
            successor = todo.pop()
            if successor in on_path:
                return [*path[path.index(successor) :], successor]
            if successor not in done:
                stack.append((successor, sorted(graph.get(successor, ()))))
                path.append(successor)
                on_path.add(successor)
    return None


def test_no_import_cycle_in_package() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, " -> ".join(cycle)


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_function_level_and_type_checking_imports_are_told_apart() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from .model import Article\n"
        "def f():\n    from ._markdown import article_markdown\n"
        "from . import _schema, __version__\n"
    )
    nodes = _run_time_nodes(ast.parse(source))
    found = set().union(*(_imported("rfiparse._cli", node) for node in nodes))
    assert found == {"rfiparse._markdown", "rfiparse._schema", NAME}


def test_model_imports_only_modules_that_import_nothing_of_the_model() -> None:
    # rfiparse.model is imported by nearly every module: what it imports, directly or
    # not, must not import it back, and stays a small set of leaf modules.
    graph = import_graph()
    reached: set[str] = set()
    pending = list(graph["rfiparse.model"])
    while pending:
        module = pending.pop()
        if module not in reached:
            reached.add(module)
            pending.extend(graph[module])
    assert "rfiparse.model" not in reached
    assert reached <= {
        "rfiparse._fields",
        "rfiparse._json",
        "rfiparse._markdown",
        "rfiparse._rebuild",
        "rfiparse._text",
        "rfiparse.errors",
    }
