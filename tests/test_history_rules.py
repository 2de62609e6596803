"""The rules of a history (`tracker/history/rules.py`): when a parse is held back as suspect.

A different document served at the agreement's address — a cookie policy, another product's
terms — must be held back, and no real revision may be: the thresholds are checked here on
every real revision and every pair of different agreements the repository holds.
"""

from __future__ import annotations

from itertools import permutations
from pathlib import Path

import pytest
from support.render import seed_text

from tracker.history.rules import (
    SURVIVAL_WITH_NEW_TITLE,
    SURVIVAL_WITH_SAME_TITLE,
    is_suspect,
    surviving_share,
)
from tracker.model import Document
from tracker.sources import load_document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "snapshots" / "seeds").glob("*.txt"))
FIXTURES = ROOT / "tests" / "fixtures"
COOKIE_POLICY = FIXTURES / "other-documents" / "cookie-policy.txt"
DEMO = ROOT / "snapshots" / "demo"

# Every real revision the repository holds: old → new.
REVISIONS = [
    (SEEDS[0], ROOT / "snapshots" / "revisions" / "000_v2_article_inserted.txt"),
    (SEEDS[3], ROOT / "snapshots" / "revisions" / "003_v2_notice_and_fee.txt"),
    (FIXTURES / "substitution" / "old.txt", FIXTURES / "substitution" / "new.txt"),
    (FIXTURES / "layouts" / "kaisoku-v1.md", FIXTURES / "layouts" / "kaisoku-v2.md"),
    *[(DEMO / "round1" / p.name, p) for p in sorted((DEMO / "round2").iterdir())],
]


def read(path: Path) -> Document:
    return load_document(str(path))


@pytest.mark.parametrize(
    ("old", "new"), REVISIONS, ids=[f"{old.name}->{new.name}" for old, new in REVISIONS]
)
def test_no_real_revision_is_held_back_as_another_document(old: Path, new: Path) -> None:
    previous, revised = read(old), read(new)
    assert is_suspect(previous, revised) is None
    assert surviving_share(previous, revised) >= 0.75


def test_terms_replaced_throughout_and_a_new_title_keep_the_agreement_a_revision() -> None:
    # Seed 004 renamed (ベータ版 → 試験提供版, in the title too) and 利用者等 → お客様 throughout.
    text = seed_text("004_dd3f312f96aab035.txt")
    previous = load_document_from(text)
    renamed = text.replace("ベータ版", "試験提供版").replace("利用者等", "お客様")
    revised = load_document_from(renamed)
    assert previous.title != revised.title
    assert SURVIVAL_WITH_NEW_TITLE < surviving_share(previous, revised) < 0.95
    assert is_suspect(previous, revised) is None


@pytest.mark.parametrize(
    ("old", "new"),
    list(permutations(SEEDS, 2)),
    ids=[f"{a.name[:3]}->{b.name[:3]}" for a, b in permutations(SEEDS, 2)],
)
def test_another_agreement_served_in_place_of_one_is_held_back(old: Path, new: Path) -> None:
    previous, other = read(old), read(new)
    reason = is_suspect(previous, other)
    assert reason is not None
    if 2 * len(other.articles) >= len(previous.articles):  # the article count says nothing
        assert reason.startswith("a different document, not a revision: the title changed")
        assert surviving_share(previous, other) < SURVIVAL_WITH_NEW_TITLE


def test_a_cookie_policy_served_in_place_of_a_12_article_agreement_is_held_back() -> None:
    previous, cookie = read(SEEDS[4]), read(COOKIE_POLICY)
    assert (len(previous.articles), len(cookie.articles)) == (12, 7)  # more than half
    assert surviving_share(previous, cookie) < 0.02
    assert is_suspect(previous, cookie) == (
        "a different document, not a revision: the title changed"
        " (「SORACOMベータ版規約」 → 「Cookieポリシー」) and only under 1% of the previous text"
        " is found in it (another page served at this address?); it begins"
        " 「Cookieポリシー 株式会社サンプル(以下「当社」といいます。)は、当社のウェ…」;"
        " accept it as a version if the agreement was really replaced"
    )


def test_a_page_keeping_its_title_with_almost_none_of_its_text_is_held_back() -> None:
    previous = read(SEEDS[4])
    cookie = read(COOKIE_POLICY)
    titled = Document(cookie.source, previous.title, cookie.dates, cookie.sections)
    assert surviving_share(previous, titled) < SURVIVAL_WITH_SAME_TITLE
    reason = is_suspect(previous, titled)
    assert reason is not None
    assert reason.startswith("a different document, not a revision: only under 1% of")


def load_document_from(text: str) -> Document:
    from tracker.sources import document_from_bytes

    return document_from_bytes(text.encode(), source="terms.txt").document
