"""Parse and compare properties the two property suites leave out, over real and arbitrary text.

`test_normalise_properties` shows that layout noise never changes a *parse* and that no text crashes
`normalise`; `test_compare_properties` checks diffs, mirrors and self-comparison on agreements
built from the model. What neither covers, checked here:

- `compare` on arbitrary and agreement-like text never crashes, and its result keeps every
  invariant (`check_comparison`): each section accounted for once, every diff rebuilding both
  canonical texts (ops 0 and -1 the old, 0 and 1 the new), the summary agreeing with the changes
  and with the JSON and terminal reports, no change between equal sections;
- a parsed document compared with itself has no changes;
- a seed compared with itself re-laid out — re-wrapped, letter-spaced, full-width digits, Kangxi
  look-alikes, all at once, and published as PDF (either built-in CID font, paragraphs ending
  anyhow or in one- or two-character lines) or HTML at a random width — has no changes, both
  ways;
- a seed compared with a randomly revised copy keeps every invariant.
"""

from __future__ import annotations

import functools
import random
from collections import Counter

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from support.render import HTML_STYLES, PDF_FONTS, SEED_NAMES, rewrap, seed_text, to_html, to_pdf
from test_extract_fuzz import agreement_text
from test_normalise_properties import (
    agreement_like_text,
    densities,
    insert_cjk_spaces,
    randoms,
    swap_lookalikes,
    widen_digits,
)

from tracker.compare import ChangeKind, Comparison, compare_documents
from tracker.compare.chardiff import new_text, old_text
from tracker.compare.serialize import comparison_to_json
from tracker.model import Document
from tracker.normalise import normalise
from tracker.report.comparison_text import render_text
from tracker.sources import document_from_bytes

# A seed example parses (and may render) a whole agreement: few examples, no shrinking.
SEED_RUNS = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TEXT_RUNS = settings(max_examples=150, deadline=None, derandomize=True)


def check_comparison(comparison: Comparison) -> None:
    """Every invariant of a comparison, whatever the two documents were."""
    old, new = comparison.old, comparison.new
    olds = Counter(key for key, _ in comparison.pairs)
    news = Counter(key for _, key in comparison.pairs)
    for change in comparison.changes:
        # Ops EQUAL and DELETE give the old canonical text, EQUAL and INSERT the new.
        assert old_text(change.diff) == (change.old.text if change.old else "")
        assert new_text(change.diff) == (change.new.text if change.new else "")
        assert {op for op, _ in change.diff} <= {-1, 0, 1}
        assert all(text for _, text in change.diff), "an empty diff op"
        if change.kind is ChangeKind.REMOVED and change.new is None:
            olds[change.old_key or ""] += 1
        if change.kind is ChangeKind.ADDED and change.old is None:
            news[change.new_key or ""] += 1
        if (
            change.old is not None
            and change.new is not None
            and change.kind
            in (
                ChangeKind.MODIFIED,
                ChangeKind.RENUMBERED,
            )
        ):
            assert change.old.key != change.new.key or change.old != change.new
    # Each section of either version is matched or reported, exactly once.
    assert olds == Counter(section.key for section in old.sections)
    assert news == Counter(section.key for section in new.sections)
    check_summary(comparison)


def check_summary(comparison: Comparison) -> None:
    """The summary counts the changes by kind, and the reports say the same."""
    kinds = Counter(change.kind.value for change in comparison.changes)
    summary = comparison.summary.as_json()
    assert summary == {kind.value: kinds[kind.value] for kind in ChangeKind}
    assert sum(summary.values()) == len(comparison.changes)
    report = comparison_to_json(comparison)
    assert report["summary"] == summary
    assert Counter(change["kind"] for change in report["changes"]) == +Counter(summary)
    headline = render_text(comparison).splitlines()[0]
    if comparison.changes:
        assert headline.endswith(", ".join(f"{n} {kind}" for kind, n in summary.items()))
    else:
        assert headline.endswith(": no changes")


def parse(text: str, source: str) -> Document:
    return normalise(text, source=source)


# --------------------------------------------------------------------------------------------
# Arbitrary text


@TEXT_RUNS
@given(old=st.one_of(agreement_like_text, agreement_text), new=agreement_text)
def test_compare_on_arbitrary_agreement_like_texts_keeps_every_invariant(
    old: str, new: str
) -> None:
    comparison = compare_documents(parse(old, "old.txt"), parse(new, "new.txt"))
    check_comparison(comparison)
    backward = compare_documents(comparison.new, comparison.old)
    check_comparison(backward)
    assert len(backward.changes) == len(comparison.changes)


@TEXT_RUNS
@given(text=st.one_of(st.text(max_size=300), agreement_like_text, agreement_text))
def test_any_parsed_text_compared_with_itself_has_no_changes(text: str) -> None:
    document = parse(text, "a.txt")
    comparison = compare_documents(document, parse(text, "b.txt"))
    assert comparison.changes == ()
    check_summary(comparison)


def test_a_reference_that_is_no_number_compares_as_written() -> None:
    # `第十十条` matches the reference pattern but is no numeral: the comparison crashed
    # (ValueError from parse_number); now the reference is compared as written.
    old = parse("規約\n第1条 (目的)\n第十十条に定める。\n第2条 (範囲)\n本文です。", "old.txt")
    new = parse("規約\n第1条 (目的)\n第十十条に定めるもの。\n第2条 (範囲)\n本文です。", "new.txt")
    comparison = compare_documents(old, new)
    check_comparison(comparison)
    (change,) = comparison.changes
    assert change.kind is ChangeKind.MODIFIED and not change.references_only
    assert change.diff == ((0, "第十十条に定める"), (1, "もの"), (0, "。"))


# --------------------------------------------------------------------------------------------
# Seeds: with themselves, re-laid out, published, revised


@functools.cache
def seed_document(name: str) -> Document:
    return parse(seed_text(name), name)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_a_seed_compared_with_itself_has_no_changes(name: str) -> None:
    comparison = compare_documents(seed_document(name), parse(seed_text(name), "copy.txt"))
    assert comparison.changes == ()
    assert len(comparison.pairs) == len(seed_document(name).sections)


@SEED_RUNS
@given(
    name=st.sampled_from(SEED_NAMES),
    rnd=randoms,
    width=st.integers(min_value=26, max_value=100),
    spaces=densities,
    lookalikes=densities,
    digits=densities,
)
def test_a_seed_re_laid_out_compares_equal_both_ways(
    name: str, rnd: random.Random, width: int, spaces: float, lookalikes: float, digits: float
) -> None:
    text = rewrap(seed_text(name), width)
    text = insert_cjk_spaces(text, rnd, spaces / 2)
    text = swap_lookalikes(text, rnd, lookalikes)
    disturbed = parse(widen_digits(text, rnd, digits), "disturbed.txt")
    assert compare_documents(seed_document(name), disturbed).changes == ()
    assert compare_documents(disturbed, seed_document(name)).changes == ()


@settings(SEED_RUNS, max_examples=6)
@given(
    name=st.sampled_from(SEED_NAMES),
    width=st.integers(min_value=26, max_value=90),
    font=st.sampled_from(PDF_FONTS),
    tail=st.sampled_from([None, 1, 2]),
)
def test_a_seed_published_as_pdf_at_any_width_compares_equal(
    name: str, width: int, font: str, tail: int | None
) -> None:
    pdf = to_pdf(seed_text(name), chars_per_line=width, font=font, tail=tail)
    published = document_from_bytes(pdf, source="a.pdf").document
    assert compare_documents(seed_document(name), published).changes == ()
    assert compare_documents(published, seed_document(name)).changes == ()


@settings(SEED_RUNS, max_examples=8)
@given(
    name=st.sampled_from(SEED_NAMES),
    style=st.sampled_from(HTML_STYLES),
    width=st.integers(min_value=26, max_value=90),
)
def test_a_seed_published_as_html_compares_equal_to_its_pdf(
    name: str, style: str, width: int
) -> None:
    html_bytes = to_html(seed_text(name), style)  # type: ignore[arg-type]
    html = document_from_bytes(html_bytes, source="a.html").document
    pdf = document_from_bytes(
        to_pdf(seed_text(name), chars_per_line=width), source="a.pdf"
    ).document
    assert compare_documents(html, pdf).changes == ()


WORDS = ("当社", "ユーザー", "本サービス", "3か月", "30日", "14.5%", "通知", "第3条", "一切")


def revise(text: str, rnd: random.Random, edits: int) -> str:
    """A copy of an agreement with lines dropped, doubled, swapped and reworded at random."""
    lines = text.splitlines()
    for _ in range(edits):
        at = rnd.randrange(len(lines))
        action = rnd.choice(["drop", "double", "swap", "word", "digit", "insert"])
        if action == "drop" and len(lines) > 1:
            del lines[at]
        elif action == "double":
            lines.insert(at, lines[at])
        elif action == "swap":
            other = rnd.randrange(len(lines))
            lines[at], lines[other] = lines[other], lines[at]
        elif action == "word" and lines[at]:
            cut = rnd.randrange(len(lines[at]))
            lines[at] = lines[at][:cut] + rnd.choice(WORDS) + lines[at][cut:]
        elif action == "digit":
            lines[at] = "".join(
                str(rnd.randrange(10)) if c.isdigit() and rnd.random() < 0.5 else c
                for c in lines[at]
            )
        elif action == "insert":
            lines.insert(at, f"第{rnd.randrange(1, 80)}条（{rnd.choice(WORDS)}）")
    return "\n".join(lines)


@settings(SEED_RUNS, max_examples=25)
@given(name=st.sampled_from(SEED_NAMES), rnd=randoms, edits=st.integers(1, 12))
def test_a_randomly_revised_seed_keeps_every_invariant(
    name: str, rnd: random.Random, edits: int
) -> None:
    revised = parse(revise(seed_text(name), rnd, edits), "revised.txt")
    check_comparison(compare_documents(seed_document(name), revised))
    check_comparison(compare_documents(revised, seed_document(name)))
