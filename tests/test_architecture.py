"""The architecture's promises (ARCHITECTURE.md): imports point down the layers; the public API is small."""

from __future__ import annotations

import ast
from pathlib import Path

import workbench

PACKAGE = Path(workbench.__file__).parent

# Lowest first. A module may import from its own layer or any layer below, never above.
LAYERS: list[tuple[str, ...]] = [
    ("errors", "arn", "wildcard", "clock", "files"),
    ("conditions",),
    ("policy",),
    ("engine",),
    ("explain",),
    ("account", "sts", "services"),
    ("analysis", "grading", "conformance"),
    ("api", "content", "boto"),
    ("cli", "notebook", "diagrams"),
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def _unit(module_path: Path) -> str:
    relative = module_path.relative_to(PACKAGE)
    return relative.parts[0].removesuffix(".py")


def _imported_units(module_path: Path) -> set[str]:
    tree = ast.parse(module_path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "workbench" and len(parts) > 1:
                found.add(parts[1])
    return found


def test_every_unit_has_a_layer() -> None:
    units = {_unit(p) for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE}
    assert units <= set(RANK), f"add these to LAYERS (and ARCHITECTURE.md): {sorted(units - set(RANK))}"


def test_imports_point_downward() -> None:
    violations = []
    for path in PACKAGE.rglob("*.py"):
        if path.parent == PACKAGE and path.name == "__init__.py":
            continue  # the lazy public façade re-exports from every layer by design
        unit = _unit(path)
        for imported in _imported_units(path):
            if imported in RANK and RANK[imported] > RANK[unit]:
                violations.append(f"{path.relative_to(PACKAGE)} imports workbench.{imported}")
    assert not violations, "\n".join(violations)


def test_public_api_is_small_and_resolves() -> None:
    assert len(workbench.__all__) <= 40
    for name in workbench.__all__:
        assert getattr(workbench, name) is not None, name
    assert callable(workbench.explain_decision) and callable(workbench.authorize)


def test_every_module_says_its_place_in_the_flow() -> None:
    missing = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if p.stat().st_size and not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))
    ]
    assert not missing, f"modules without a docstring: {missing}"
