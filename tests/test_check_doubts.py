"""A version whose structure the parse doubts is marked so, in the run report and in `log`.

Compliance staff must be able to tell "no change" from "we could not read this properly": the
doubts the normaliser reports (`normalise.diagnostics`) and extraction warnings travel with the
version `check` records, into the run report that recorded it (JSON, Markdown, HTML) and `log`.
"""

from __future__ import annotations

import json
from pathlib import Path

from support.http import Site
from support.run import TEXT, run_report
from test_check import run, write_config

DUPLICATED = "\n".join(
    [
        "サンプル会員規約",
        "第1条（目的）", "本規約は、会員に関する事項を定めます。",
        "第2条（会員）", "会員は、本会の目的に賛同する個人とします。",
        "第2条（会費）", "会員は、会費を納めるものとします。",
        "第3条（退会）", "会員は、いつでも退会することができます。",
    ]
)  # fmt: skip
CLEAN = DUPLICATED.replace("第2条（会費）", "第3条（会費）").replace(
    "第3条（退会）", "第4条（退会）"
)


def _report(tmp_path: Path, suffix: str) -> str:
    reports = sorted((tmp_path / "reports").glob(f"*-run*{suffix}"))
    return reports[-1].read_text(encoding="utf-8")


def test_a_doubtful_first_version_is_reported_and_marked_in_log(tmp_path: Path, site: Site) -> None:
    site.put("/terms.txt", DUPLICATED.encode(), TEXT)
    config = write_config(tmp_path, site, {"members": "/terms.txt"})
    assert run(config, "check").exit_code == 0

    data = json.loads(_report(tmp_path, ".json"))
    (document,) = data["documents"]
    assert document["outcome"] == "first"
    assert [w for w in document["warnings"] if "two articles numbered 第2条" in w]
    markdown = _report(tmp_path, ".md")
    assert "構成に疑義 1件" in markdown and "## 構成に疑義" in markdown
    assert "keys 2 and 2~2" in _report(tmp_path, ".html")

    log = run(config, "log", "members")
    assert "doubtful: 1 warnings" in log.stdout
    assert "version 1 was read with doubts:" in log.stdout
    versions = json.loads(run(config, "log", "members", "--format", "json").stdout)["versions"]
    assert versions[0]["warnings"] and "2~2" in versions[0]["warnings"][0]


def test_doubts_are_news_once_and_a_clean_revision_clears_them(tmp_path: Path, site: Site) -> None:
    site.put("/terms.txt", DUPLICATED.encode(), TEXT)
    config = write_config(tmp_path, site, {"members": "/terms.txt"})
    assert run(config, "check").exit_code == 0
    assert run(config, "check").exit_code == 0  # unchanged: the doubt was reported already
    # a run where nothing happened writes no report: rendered, it lists no doubt either
    (unchanged,) = run_report(config)["documents"]
    assert unchanged["outcome"] in ("unchanged", "not-modified")
    assert unchanged["warnings"] == []
    assert "構成に疑義" not in run(config, "report", "--format", "markdown").stdout

    site.put("/terms.txt", CLEAN.encode(), TEXT)
    assert run(config, "check").exit_code == 0
    (changed,) = json.loads(_report(tmp_path, ".json"))["documents"]
    assert (changed["outcome"], changed["warnings"]) == ("changed", [])
    assert "read with doubts" not in run(config, "log", "members").stdout
