"""The examples in docstrings are part of the documentation: they must stay true."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import tracker

MODULES = sorted(
    name
    for _, name, _ in pkgutil.walk_packages(tracker.__path__, prefix="tracker.")
    if not name.endswith("__main__")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
