"""What an English agreement promises about its own changes and about notice, and what each
change touches: change clauses (`We may modify these Terms…`, `effective upon posting`,
`continued use constitutes acceptance`), notice periods (`thirty (30) days' prior notice`), the
contract's flags and key terms read from English text.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tracker.compare.keyterms import find_terms
from tracker.model import Document
from tracker.normalise import normalise
from tracker.obligations import assess, compare_flagged, find_durations, read_promises
from tracker.sources import document_from_bytes

ENGLISH = Path(__file__).parent / "fixtures" / "english"


def load(name: str) -> Document:
    return document_from_bytes((ENGLISH / name).read_bytes(), source=name).document


def terms_doc(*clauses: str) -> Document:
    body = "\n".join(f"1.{n} {text}" for n, text in enumerate(clauses, 1))
    return normalise(f"Terms of Service\n1. GENERAL\n{body}", source="terms.txt")


# --------------------------------------------------------------------------------------------
# Change clauses and notice


def test_the_change_clause_and_its_notice_period() -> None:
    promises = read_promises(load("plain.txt"))
    clauses = {c.location: c for c in promises.change_clauses}
    assert set(clauses) == {"7.1", "7.2"}  # both clauses under CHANGES TO THESE TERMS
    changes = clauses["7.1"]
    assert changes.lead_time is not None and changes.lead_time.days() == 30
    assert changes.methods == ("電子メール", "ウェブサイト掲示")  # email, posting on the website
    assert changes.materiality_trigger == "material change"
    assert clauses["7.2"].deemed_consent and clauses["7.2"].risky
    notices = {(n.location, n.kind, n.lead_time.days() if n.lead_time else None)
               for n in promises.notices}  # fmt: skip
    assert notices == {("6.2", "termination", 30), ("7.1", "change-clause", 30)}


@pytest.mark.parametrize(
    ("wording", "field"),
    [
        ("We may change these Terms at any time without notice.", "no_notice"),
        ("We may update these Terms. Changes are effective upon posting.", "effective_on_posting"),
        (
            "We may modify these Terms. The updated Terms will be effective as of the time of "
            "posting.",
            "effective_on_posting",
        ),
        (
            "We may revise these Terms. Your continued use of the Service will be considered as "
            "your acceptance of the revised Terms.",
            "deemed_consent",
        ),
        (
            "These Terms may be amended. By continuing to use the Service, you agree to the "
            "amended Terms.",
            "deemed_consent",
        ),
    ],
)
def test_risky_change_clause_wording(wording: str, field: str) -> None:
    (clause,) = read_promises(terms_doc(wording)).change_clauses
    assert getattr(clause, field) and clause.risky


def test_a_change_clause_found_by_its_caption() -> None:
    doc = normalise(
        "Terms\n1. GENERAL\n1.1 Updates to These Terms. We will tell you before anything "
        "changes.\n1.2 Contact. Write to us.",
        source="t.txt",
    )
    assert [c.location for c in read_promises(doc).change_clauses] == ["1.1"]


@pytest.mark.parametrize(
    ("text", "days", "before", "at_least"),
    [
        ("at least thirty (30) days' prior written notice", 30, True, True),
        ("30 days' notice", 30, True, False),
        ("no less than two weeks before the change", 14, True, True),
        ("one (1) month in advance", 30, True, False),
        ("within 14 calendar days of the invoice", 14, False, False),
        ("a 90-day trial", 90, False, False),
    ],
)
def test_english_notice_periods(text: str, days: int, before: bool, at_least: bool) -> None:
    (found,) = find_durations(text)
    assert (found.duration.days(), found.before, found.at_least) == (days, before, at_least)


def test_a_date_is_not_a_duration() -> None:
    for text in ("effective March 3, 2025 and for 2 years", "effective 2025-03-03 and for 2 years"):
        assert [f.duration.text for f in find_durations(text)] == ["2 years"]
    assert find_durations("on 3 March 2025") == []


# --------------------------------------------------------------------------------------------
# Key terms


def test_key_terms_in_english_text() -> None:
    text = (
        "You will receive at least thirty (30) days' prior notice. The fee is $10 per month, "
        "or €100 per year, plus interest at 1.5 percent; effective March 3, 2025."
    )
    assert [(t.type.value, t.text, t.value) for t in find_terms(text)] == [
        ("duration", "at least thirty (30) days", "30 day+"),
        ("amount", "$10", "USD 10"),  # "per month" is a rate's unit, not a period
        ("amount", "€100", "EUR 100"),
        ("percentage", "1.5 percent", "1.5"),
        ("date", "March 3, 2025", "2025-03-03"),
    ]


def test_a_respelled_duration_is_not_a_changed_term() -> None:
    old = terms_doc("Fees. We will give 30 days' notice of a price change.")
    new = terms_doc("Fees. We will give thirty (30) days' notice of a price change.")
    (change,) = compare_flagged(old, new).changes
    assert change.key_terms == ()


# --------------------------------------------------------------------------------------------
# Flags and findings on a revision


def test_flags_of_an_english_revision() -> None:
    comparison = compare_flagged(load("dropped-v1.md"), load("dropped-v2.md"))
    flags = {c.new_key: c.flags for c in comparison.changes}
    assert flags["1.2"] == ("notice",)
    assert flags["3.1"] == ("fees",)
    assert flags["7.2"] == ("change-clause",)  # references only, in the change clause
    assert "service" in flags["4.1"]


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("You may terminate your subscription at any time.", "termination"),
        ("Our aggregate liability will not exceed the fees you paid.", "liability"),
        ("We process your personal data as described in our Privacy Policy.", "data"),
        ("We may suspend the Service for maintenance.", "service"),
        ("These Terms are governed by the laws of the State of New York.", "jurisdiction"),
        ("The subscription fee is payable monthly.", "fees"),
    ],
)
def test_each_flag_from_english_wording(text: str, flag: str) -> None:
    old = terms_doc("Scope. These Terms apply to the Service.")
    new = terms_doc(f"Scope. These Terms apply to the Service. {text}")
    (change,) = compare_flagged(old, new).changes
    assert flag in change.flags


def test_a_shorter_notice_period_and_a_fee_increase_are_findings() -> None:
    comparison = compare_flagged(load("dropped-v1.md"), load("dropped-v2.md"))
    findings = assess(comparison, first_seen=date(2024, 8, 20), effective=date(2024, 9, 1))
    adverse = [f for f in findings if f.code == "adverse-change-548-4"]
    assert {f.location for f in adverse} >= {"3.1"}
    assert any("fee increase $4 → $5" in f.message for f in adverse)
    risky = {f.code for f in findings}
    assert "deemed-consent" in risky  # 6.2 of the old version: keep using the Services
