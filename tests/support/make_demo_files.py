"""Write the documents `tracker demo` serves: snapshots/demo/round1 and round2.

usage: .venv/bin/python tests/support/make_demo_files.py

They are publications of the seed agreements and of the two revisions in snapshots/revisions,
rendered with the test suite's publishing renderers (tests/support/render.py: reportlab PDFs
with running headers and page numbers, HTML in several markup styles) and committed, so the
demo runs on a machine without the dev extras. Round 2 changes two agreements (an inserted
article; a shorter notice period and a fee rise), re-lays out a third (new HTML markup, same
agreement: no new version) and leaves two untouched (answered with 304 Not Modified).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))  # run as a script: `support` is a package of tests/

from support.render import seed_text, to_html, to_pdf  # noqa: E402

DEMO = ROOT / "snapshots" / "demo"
REVISIONS = ROOT / "snapshots" / "revisions"


def revision(name: str) -> str:
    return (REVISIONS / name).read_text(encoding="utf-8")


def main() -> None:
    s000, s001, s002, s003, s004 = (
        seed_text(name)
        for name in (
            "000_3c77ce43546e0bc6.txt",
            "001_cc46c699d6aa69c1.txt",
            "002_161b8dc7f6ff9c60.txt",
            "003_4624b84317b8ee68.txt",
            "004_dd3f312f96aab035.txt",
        )
    )
    rounds = {
        "round1": {
            "soracam.pdf": to_pdf(s000, chars_per_line=38),
            "hajimete.txt": s001.encode("utf-8"),
            "flux.html": to_html(s002, "sections"),
            "securecam.pdf": to_pdf(s003, chars_per_line=42),
            "beta.html": to_html(s004, "cp932-soup"),
        },
        "round2": {
            "soracam.pdf": to_pdf(revision("000_v2_article_inserted.txt"), chars_per_line=35),
            "hajimete.txt": s001.encode("utf-8"),
            "flux.html": to_html(s002, "landmarks"),
            "securecam.pdf": to_pdf(revision("003_v2_notice_and_fee.txt"), chars_per_line=40),
            "beta.html": to_html(s004, "cp932-soup"),
        },
    }
    for round_name, files in rounds.items():
        folder = DEMO / round_name
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (folder / name).write_bytes(data)
            print(f"{folder / name}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
