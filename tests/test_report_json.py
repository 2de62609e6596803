"""`compare --format json`: exactly the shape of CONTRACT.md, plus our documented extras."""

from __future__ import annotations

import json

from support.compare import BASE, NEW_ARTICLE, build, replace_text

from tracker.compare import compare_documents
from tracker.compare.serialize import comparison_to_json
from tracker.model import Dates
from tracker.report.comparison import render_comparison

CONTRACT_KEYS = [
    "kind",
    "old_key",
    "new_key",
    "old_number",
    "new_number",
    "title",
    "moved",
    "references_only",
    "diff",
    "key_terms",
    "flags",
]
EXTRA_KEYS = [
    "old_title",
    "locations",
    "split_from",
    "split_into",
    "merged_from",
    "merged_into",
    "substitutions",
    "substitutions_only",
    "marked_diff",
]


def test_notice_change_as_json() -> None:
    from dataclasses import replace
    from datetime import date

    old = replace(build(BASE, source="v1.pdf"), dates=Dates(enacted=date(2023, 9, 15)))
    new = build(replace_text(BASE, "サービスの終了", "3か月前", "1か月前"), source="v2.pdf")
    data = json.loads(render_comparison(compare_documents(old, new), "json"))
    assert list(data) == ["old", "new", "summary", "changes", "substitutions"]
    assert data["substitutions"] == []
    assert data["old"] == {
        "source": "v1.pdf",
        "dates": {"enacted": "2023-09-15", "revised": None, "effective": None},
    }
    assert data["new"]["source"] == "v2.pdf"
    assert data["summary"] == {"added": 0, "removed": 0, "modified": 1, "renumbered": 0}
    (change,) = data["changes"]
    assert list(change) == CONTRACT_KEYS + EXTRA_KEYS
    assert change["kind"] == "modified"
    assert (change["old_key"], change["new_key"]) == ("6", "6")
    assert (change["old_number"], change["new_number"]) == ("第6条", "第6条")
    assert change["title"] == change["old_title"] == "サービスの終了"
    assert change["moved"] is False and change["references_only"] is False
    assert change["diff"][:3] == [
        [0, "当社は、本サービスの全部又は一部を変更又は終了する"],
        [-1, "3"],
        [1, "1"],
    ]
    assert change["key_terms"] == [{"type": "duration", "old": "3か月", "new": "1か月"}]
    assert change["flags"] == []
    assert change["locations"] == ["第6条第1項"]


def test_added_and_renumbered_sections_as_json() -> None:
    old = build(BASE)
    new = build([*BASE[:3], NEW_ARTICLE, *BASE[3:]])
    data = comparison_to_json(compare_documents(old, new))
    added, *rest = data["changes"]
    assert (added["kind"], added["old_key"], added["old_number"], added["new_key"]) == (
        "added",
        None,
        None,
        "4",
    )
    assert added["title"] == "本人確認" and added["old_title"] is None
    assert [op for op, _ in added["diff"]] == [1]
    renumbered = [c for c in rest if c["kind"] == "renumbered"]
    assert renumbered and all(c["diff"] == [[0, c["diff"][0][1]]] for c in renumbered)
    assert data["summary"] == {"added": 1, "removed": 0, "modified": 3, "renumbered": 4}


def test_no_changes_as_json() -> None:
    document = build(BASE)
    data = comparison_to_json(compare_documents(document, document))
    assert data["changes"] == []
    assert data["summary"] == {"added": 0, "removed": 0, "modified": 0, "renumbered": 0}
