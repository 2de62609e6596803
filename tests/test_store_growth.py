"""The store's size grows with what changed, not with the number of versions: database and raw
snapshots together stay within twice the distinct text recorded (bench/bench_store_growth.py
measures the full 100-revision case)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parent.parent / "bench" / "bench_store_growth.py"


def _bench() -> ModuleType:
    if str(BENCH.parent) not in sys.path:
        sys.path.append(str(BENCH.parent))  # the script imports bench/common.py
    spec = importlib.util.spec_from_file_location("bench_store_growth", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_twenty_one_article_revisions_stay_within_twice_the_distinct_text(tmp_path: Path) -> None:
    growth = _bench().measure(20, tmp_path)
    assert growth.versions == 21
    assert growth.snapshots == growth.distinct_text  # each distinct document stored once
    assert growth.ratio <= 2.0
    # Sections are stored once: far less canonical text than 21 full copies of the agreement.
    assert growth.section_text < 2 * growth.distinct_text / 21
