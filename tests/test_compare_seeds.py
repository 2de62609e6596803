"""Comparisons of edited copies of the real seed agreements, through the real normaliser."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from tracker.compare import ChangeKind, compare_documents
from tracker.model import Document

normalise_module = pytest.importorskip("tracker.normalise")

SEEDS = Path(__file__).resolve().parent.parent / "snapshots" / "seeds"
NEW_ARTICLE = (
    "第4条 本人確認\n"
    "1 当社は、ユーザーに対し、運転免許証その他の本人確認書類の提出を求めることができます。\n"
    "2 ユーザーが前項の求めに応じない場合、当社は第6条に基づく承諾を取り消すことがあります。\n"
)


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def parse(text: str, source: str) -> Document:
    document: Document = normalise_module.normalise(text, source=source)
    return document


def shift_articles(text: str, start: int) -> str:
    """Every 第N条 with N ≥ start, heading or reference, becomes 第N+1条."""
    return re.sub(
        r"第([0-9]+)条",
        lambda m: f"第{int(m[1]) + 1}条" if int(m[1]) >= start else m[0],
        text,
    )


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_a_seed_compared_with_itself_has_no_changes(prefix: str) -> None:
    document = parse(seed(prefix), f"{prefix}.txt")
    assert compare_documents(document, document).changes == ()


def test_inserting_an_article_into_seed_000_adds_one_and_renumbers_the_rest() -> None:
    text = unicodedata.normalize("NFKC", seed("000"))
    at = text.index("第4条 申込の方法")
    edited = text[:at] + NEW_ARTICLE + "\n" + shift_articles(text[at:], 4)
    old, new = parse(text, "old.txt"), parse(edited, "new.txt")
    assert len(new.articles) == len(old.articles) + 1
    comparison = compare_documents(old, new)
    summary = comparison.summary
    assert (summary.added, summary.removed) == (1, 0)
    (added,) = [c for c in comparison.changes if c.kind is ChangeKind.ADDED]
    assert (added.new_key, added.title) == ("4", "本人確認")
    rest = [c for c in comparison.changes if c is not added]
    assert len(rest) == len(old.articles) - 3  # 第4条 … 第24条, each now one higher
    for change in rest:
        assert change.kind is ChangeKind.RENUMBERED or change.references_only, change.old_key
        assert int(change.new_key or 0) == int(change.old_key or 0) + 1
        assert not change.moved
    refs_only = {c.new_key for c in rest if c.kind is ChangeKind.MODIFIED}
    assert {"7", "9", "10"} <= refs_only  # 第5条(申込の承諾), 第8条, 第10条 references moved up


def test_decimal_article_inserted_into_chapter_3_of_seed_002() -> None:
    text = seed("002")
    at = text.index("第4章")
    article = (
        "第3.6条 本人確認\n当社は、契約者に対し、本人確認書類の提出を求めることができます。\n\n"
    )
    comparison = compare_documents(
        parse(text, "old.txt"), parse(text[:at] + article + text[at:], "new.txt")
    )
    assert [(c.kind, c.new_key, c.new_number) for c in comparison.changes] == [
        (ChangeKind.ADDED, "3.6", "第3.6条")
    ]


def test_fee_edit_in_the_appendix_of_seed_003() -> None:
    text = seed("003")
    edited = text.replace(
        "サービス基本料\t5,000 円(税込 5,500円)", "サービス基本料\t6,000 円(税込 6,600円)"
    )
    assert edited != text
    comparison = compare_documents(parse(text, "old.txt"), parse(edited, "new.txt"))
    (change,) = comparison.changes
    assert (change.kind, change.new_key) == (ChangeKind.MODIFIED, "appendix")
    assert [(t.type.value, t.old, t.new) for t in change.key_terms] == [
        ("amount", "5,000円", "6,000円"),
        ("amount", "税込5,500円", "税込6,600円"),
    ]


def test_notice_period_edit_in_seed_003() -> None:
    text = seed("003")
    assert "3 か月前" in text
    edited = text.replace("3 か月前", "1 か月前", 1)
    (change,) = compare_documents(parse(text, "old.txt"), parse(edited, "new.txt")).changes
    assert change.kind is ChangeKind.MODIFIED
    assert [(t.type.value, t.old, t.new) for t in change.key_terms] == [
        ("duration", "3か月", "1か月")
    ]
    assert (-1, "3") in change.diff and (1, "1") in change.diff
