"""Properties over random edits of the seeds: flags stay in the vocabulary, assess never raises."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.compare import Comparison, compare_documents
from tracker.model import Document
from tracker.normalise import normalise
from tracker.obligations import (
    FLAGS,
    SEVERITIES,
    OwnObligation,
    assess,
    flag_comparison,
    read_promises,
)

SEEDS = sorted((Path(__file__).parent.parent / "snapshots" / "seeds").glob("*.txt"))

# Substitutions that touch what the obligations stage reads: periods, methods, fees, parties,
# duties, dates, sentence ends.
SWAPS = [
    ("3 か月", "1 か月"),
    ("か月", "ヶ月"),
    ("通知", "掲示"),
    ("事前に", ""),
    ("書面", "電子メール"),
    ("料金", "手数料"),
    ("円", "万円"),
    ("14.5%", "20%"),
    ("解除", "解約"),
    ("東京", "大阪"),
    ("当社は", "契約者は"),
    ("ものとします", "なければなりません"),
    ("責任を負いません", "責任を負います"),
    ("同意したものとみなします", "同意したものとみなしません"),
    ("。", "。\n"),
    ("(", ""),
    ("2020年12月14日", "令和8年12月1日"),
]
INSERTS = [
    "第99条（本規約の変更）\n当社は、効力発生日の30日前までに電子メールで通知します。",
    "附則\nこの規約は令和8年12月1日から施行します。",
    "(99) 当社が不適切と判断する一切の行為",
    "2 契約者は、当社の求めに応じ報告しなければなりません。",
    "当社は、予告なく本規約を変更し、掲示した時点から効力を生じるものとします。",
    "第 37 条(割増金)及び第 38 条(延滞損害金)に定める",
    "別紙2 料金表\n品目\t月額\nサービス基本料\t9,999円",
    "",
]


@cache
def original(index: int) -> tuple[str, Document]:
    text = SEEDS[index].read_text(encoding="utf-8")
    return text, normalise(text, source=SEEDS[index].name)


@st.composite
def edited_seed(draw: st.DrawFn) -> Comparison:
    index = draw(st.integers(0, len(SEEDS) - 1))
    text, document = original(index)
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 6))):
        action = draw(st.sampled_from(["swap", "delete", "insert", "move"]))
        at = draw(st.integers(0, len(lines) - 1))
        if action == "swap":
            before, after = draw(st.sampled_from(SWAPS))
            line = lines[at]
            lines[at] = line.replace(before, after) if before in line else line + after
        elif action == "delete" and len(lines) > 1:
            del lines[at]
        elif action == "insert":
            lines.insert(at, draw(st.sampled_from(INSERTS)))
        elif action == "move":
            lines.insert(draw(st.integers(0, len(lines) - 1)), lines.pop(at))
    edited = normalise("\n".join(lines), source="edited.txt")
    if draw(st.booleans()):
        return compare_documents(document, edited)
    return compare_documents(edited, document)


OWN = st.lists(
    st.builds(
        OwnObligation,
        st.lists(st.sampled_from(FLAGS), min_size=1, max_size=3, unique=True).map(tuple),
        st.integers(0, 90),
        st.just("notify our customers"),
    ),
    max_size=3,
)
DAYS = st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2030, 12, 31)))


@settings(max_examples=60, deadline=None)
@given(edited_seed())
def test_flags_are_always_in_the_vocabulary_and_in_its_order(comparison: Comparison) -> None:
    for change in flag_comparison(comparison).changes:
        assert set(change.flags) <= set(FLAGS)
        assert list(change.flags) == [flag for flag in FLAGS if flag in change.flags]


@settings(max_examples=60, deadline=None)
@given(edited_seed(), DAYS, DAYS, DAYS, OWN)
def test_assess_never_raises_and_sorts_by_urgency(
    comparison: Comparison,
    first_seen: date | None,
    effective: date | None,
    today: date | None,
    own: list[OwnObligation],
) -> None:
    findings = assess(comparison, first_seen=first_seen, effective=effective, own=own, today=today)
    keys = [(SEVERITIES.index(f.severity), f.due or date.max) for f in findings]
    assert keys == sorted(keys)
    for finding in findings:
        assert finding.message and finding.code
        if finding.code == "own-obligation-due" and first_seen is not None:
            assert finding.due is not None and finding.due >= first_seen


@settings(max_examples=40, deadline=None)
@given(edited_seed())
def test_promises_are_located_in_their_sections(comparison: Comparison) -> None:
    for document in (comparison.old, comparison.new):
        keys = {section.key for section in document.sections}
        promises = read_promises(document)
        for notice in promises.notices:
            assert notice.key in keys
            assert notice.quote
            assert notice.lead_time is None or notice.lead_time.days() >= 0
        for clause in promises.change_clauses:
            assert clause.key in keys
