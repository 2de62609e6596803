"""The package reads as its pipeline: each folder (or root module) imports only from the layers
below it, so there is no import cycle and docs/architecture.md stays true."""

from __future__ import annotations

import ast
from pathlib import Path

import tracker

PACKAGE = Path(tracker.__file__).resolve().parent

# Lowest first. A unit is a folder of tracker/ or a module at its root.
LAYERS: tuple[frozenset[str], ...] = tuple(
    frozenset(names.split())
    for names in (
        "__init__ model errors exitcodes words",
        "clock serialize files",  # files: a refused write is an errors.WriteFailed
        "extract",
        "normalise fetch",
        "compare sources",
        "obligations store",
        "config report",
        "history",
        "notify",
        "check",
        "cli",
        "__main__",
    )
)
LAYER = {unit: level for level, units in enumerate(LAYERS) for unit in units}


def unit_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0].removesuffix(".py")


def imported_units(path: Path) -> set[str]:
    """Every tracker unit `path` imports, at the top or inside a function."""
    units = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        modules: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules = [node.module]
        elif isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        for module in modules:
            parts = module.split(".")
            if parts[0] == "tracker":
                units.add(parts[1] if len(parts) > 1 else "__init__")
    return units


def test_every_unit_of_the_package_has_a_layer() -> None:
    units = {unit_of(path) for path in PACKAGE.rglob("*.py")}
    assert units - LAYER.keys() == set(), "add the new folder or module to LAYERS"


def test_each_unit_imports_only_from_the_layers_below_it() -> None:
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        unit = unit_of(path)
        for imported in imported_units(path) - {unit}:
            if LAYER.get(imported, -1) >= LAYER[unit]:
                upward.append(f"{path.relative_to(PACKAGE)} imports tracker.{imported}")
    assert upward == []
