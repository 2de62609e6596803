"""Is one source tree slower than another at normalising? The statute and seed 003, interleaved.

usage: .venv/bin/python bench/bench_trees.py OTHER_TREE [--rounds N]

A busy machine makes single timings useless for a few percent; this runs both trees (this one
and OTHER_TREE, e.g. `git archive main | tar -x -C /tmp/main-tree`) in fresh processes, one after
the other, for N rounds, and reports each tree's best time: normalise 会社法 (the corpus copy,
else the statute `bench_parse.py` generates) 5 times a round and seed 003 20 times.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from bench_parse import CORPUS_STATUTE, generated_statute
from common import seed

HERE = Path(__file__).resolve().parent
_PROBE = """
import json, sys, time
from tracker.normalise import normalise
texts = json.load(open(sys.argv[1], encoding="utf-8"))
best = {}
for name, text, runs in (("statute", texts["statute"], 5), ("seed 003", texts["seed"], 20)):
    normalise(text)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        normalise(text)
        times.append(time.perf_counter() - start)
    best[name] = min(times) * 1000
print(json.dumps(best))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path, help="the other source tree (holds tracker/)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    statute = (
        CORPUS_STATUTE.read_text(encoding="utf-8")
        if CORPUS_STATUTE.exists()
        else generated_statute()
    )
    texts = HERE / ".cache" / "bench_trees.json"
    texts.parent.mkdir(exist_ok=True)
    texts.write_text(
        json.dumps({"statute": statute, "seed": seed("003").read_text(encoding="utf-8")}),
        encoding="utf-8",
    )
    trees = {"other": args.other.resolve(), "this": HERE.parent}
    best: dict[str, dict[str, float]] = {name: {} for name in trees}
    for _ in range(args.rounds):
        for name, tree in trees.items():
            out = subprocess.run(
                [sys.executable, "-c", _PROBE, str(texts)],
                capture_output=True,
                text=True,
                check=True,
                cwd=tree,
                env={"PYTHONPATH": str(tree)},
            ).stdout
            for text, ms in json.loads(out).items():
                best[name][text] = min(best[name].get(text, ms), ms)
    for text in ("statute", "seed 003"):
        other, this = best["other"][text], best["this"][text]
        print(f"{text}: other {other:.1f} ms, this {this:.1f} ms ({(this / other - 1):+.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
