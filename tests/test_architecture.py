"""The import rules of ARCHITECTURE.md, checked on every module of ``maillage/``.

The allowed imports are read from the "May import" column of the table in ARCHITECTURE.md, so
the document and the code cannot drift apart. Every ``import`` and ``from … import`` counts,
at module level and inside functions, relative ones resolved. Only our own code is checked
(the apps of ``maillage`` and ``config``); third-party libraries are not listed in the table.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "maillage"
TABLE_ROW = re.compile(r"^\|\s*`(?:maillage/)?(\w+)/?`\s*\|")
CELL_SEPARATOR = re.compile(r"(?<!\\)\|")
EVERYTHING = "everything"


def allowed_imports(text: str) -> dict[str, frozenset[str] | str]:
    """{unit: the units it may import, or EVERYTHING}, from the table of ARCHITECTURE.md."""
    column = None
    rules: dict[str, frozenset[str] | str] = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in CELL_SEPARATOR.split(line.strip())[1:-1]]
        if "May import" in cells:
            column = cells.index("May import")
            continue
        match = TABLE_ROW.match(line.strip())
        if column is None or match is None:
            continue
        may_import = cells[column]
        if may_import.lower().startswith(EVERYTHING):
            rules[match.group(1)] = EVERYTHING
        else:
            rules[match.group(1)] = frozenset(re.findall(r"`(\w+)`", may_import))
    return rules


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, absolute dotted name) of every import in ``source``, wherever it is made."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1])
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            # ``from maillage import projects`` imports the app itself.
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
    return found


def unit_of(dotted: str) -> str | None:
    """The unit of the table a dotted name belongs to: an app of ``maillage``, or ``config``."""
    parts = dotted.split(".")
    if parts[0] == "config":
        return "config"
    if parts[0] == "maillage" and len(parts) > 1:
        return parts[1]
    return None


def violations(
    source: str, module: str, rules: dict[str, frozenset[str] | str], is_package: bool = False
) -> list[str]:
    """ "module:line imports X (unit may import only …)" for each import the table forbids."""
    unit = unit_of(module)
    allowed = rules.get(unit, frozenset())
    if allowed == EVERYTHING:
        return []
    found = []
    for line, target in imported_modules(source, module, is_package):
        target_unit = unit_of(target)
        if target_unit is None or target_unit == unit or target_unit in allowed:
            continue
        may = ", ".join(sorted(allowed)) or "no app of ours"
        found.append(f"{module}:{line} imports {target} ({unit} may import: {may})")
    return found


@pytest.fixture(scope="module")
def rules() -> dict[str, frozenset[str] | str]:
    return allowed_imports((ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8"))


def test_every_app_has_a_row(rules):
    apps = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    assert apps - set(rules) == set(), "apps missing from the table of ARCHITECTURE.md"
    assert rules["core"] == frozenset(), "core imports no app of ours"


def test_no_module_imports_what_the_table_forbids(rules):
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if unit_of(module_name(path)) is None:
            continue  # maillage/__init__.py belongs to no app
        found += violations(
            path.read_text(encoding="utf-8"),
            module_name(path),
            rules,
            is_package=path.name == "__init__.py",
        )
    assert found == [], "\n".join(found)


FAKE_CORE_MODULE = """
from django.db import models
from maillage.core import audit
from . import tenancy
import maillage.skills.models


def page():
    from ..projects.selectors import projects_of_service
    from maillage import governance
    import config.settings
"""


def test_forbidden_imports_are_found():
    rules = {"core": frozenset(), "projects": frozenset({"core", "organisation"})}
    assert violations(FAKE_CORE_MODULE, "maillage.core.fake", rules) == [
        "maillage.core.fake:5 imports maillage.skills.models (core may import: no app of ours)",
        "maillage.core.fake:9 imports maillage.projects.selectors.projects_of_service "
        "(core may import: no app of ours)",
        "maillage.core.fake:10 imports maillage.governance (core may import: no app of ours)",
        "maillage.core.fake:11 imports config.settings (core may import: no app of ours)",
    ]
    relative_up = "from ..skills import rules\nfrom .models import Project\n"
    assert violations(relative_up, "maillage.projects.views", rules) == [
        "maillage.projects.views:1 imports maillage.skills.rules "
        "(projects may import: core, organisation)"
    ]
    assert violations("from . import views\n", "maillage.projects", rules, is_package=True) == []


def test_the_table_is_read_from_its_column():
    text = """
| App | Owns | May import |
|---|---|---|
| `maillage/core` | models, a \\| b | Django only |
| `maillage/projects` | `Project`, `core` things | `core`, `organisation` |
| `maillage/demo` | the demo | everything (top of the stack) |
"""
    assert allowed_imports(text) == {
        "core": frozenset(),
        "projects": frozenset({"core", "organisation"}),
        "demo": EVERYTHING,
    }
