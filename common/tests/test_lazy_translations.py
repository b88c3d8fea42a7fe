"""Text translated when a module is imported is fixed in the language active then (Vietnamese)
and never follows the visitor's switch to English: module-level and class-level text must use
gettext_lazy. This walks every module of the project that imports the eager gettext."""

import ast
from pathlib import Path

from django.conf import settings

EAGER = {"gettext", "ngettext", "pgettext", "npgettext"}
SKIPPED = {".venv", "node_modules", "bench", "tests", "migrations"}


def eager_names(tree: ast.Module) -> set[str]:
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.name in EAGER
    }


def calls_at_import(node: ast.AST, names: set[str], in_function: bool = False) -> list[int]:
    """Lines of calls to `names` that run when the module is imported (outside functions)."""
    lines = []
    for child in ast.iter_child_nodes(node):
        deferred = in_function or isinstance(
            child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
        )
        if (
            not in_function
            and isinstance(child, ast.Call)
            and isinstance(child.func, ast.Name)
            and child.func.id in names
        ):
            lines.append(child.lineno)
        lines += calls_at_import(child, names, deferred)
    return lines


def test_no_text_is_translated_when_a_module_is_imported():
    root = Path(settings.BASE_DIR)
    found, walked = [], 0
    for path in root.glob("*/**/*.py"):
        relative = path.relative_to(root)
        if SKIPPED.intersection(relative.parts):
            continue
        tree = ast.parse(path.read_text())
        names = eager_names(tree)
        walked += bool(names)
        found += [f"{relative}:{line}" for line in calls_at_import(tree, names)]
    assert walked > 20  # the walk reached the apps
    assert found == []


def test_the_walk_finds_an_eager_translation_at_import():
    tree = ast.parse(
        "from django.utils.translation import gettext as _\n"
        "TABS = {'a': _('Chờ')}\n"
        "def f():\n    return _('Được')\n"
    )
    assert calls_at_import(tree, eager_names(tree)) == [2]
