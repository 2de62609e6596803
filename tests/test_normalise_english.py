"""Agreements in English: sections and clauses numbered `1.`, `1.1`, `Section 2`, `Article III`,
`§ 4`, in every layout — plain text, Markdown (setext headings, bold clause heads), HTML
(`<h2>`, `<ol>`) — and the per-document decision that keeps `1.` a paragraph (項) in Japanese.

The fixtures in `tests/fixtures/english/` are small invented agreements, one per layout (see
its README); smaller cases are written inline.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.model import Document, Doubt, Section, SectionKind
from tracker.normalise import normalise
from tracker.normalise.clause_headings import keyword_heading, numbered_heading
from tracker.sources import document_from_bytes

ENGLISH = Path(__file__).parent / "fixtures" / "english"
NIMBUS_KEYS = [
    "1", "1.1", "1.2", "2", "2.1", "2.2", "3", "3.1", "3.2", "3.3", "4", "4.1", "4.2", "4.3",
    "5", "5.1", "5.2", "6", "6.1", "6.2", "7", "7.1", "7.2", "8", "8.1", "8.2", "9", "9.1", "9.2",
]  # fmt: skip


def load(name: str) -> Document:
    path = ENGLISH / name
    return document_from_bytes(path.read_bytes(), source=name).document


def parse(*lines: str) -> Document:
    return normalise("\n".join(lines), source="test.txt")


def keys(doc: Document, kind: SectionKind = SectionKind.ARTICLE) -> list[str]:
    return [s.key for s in doc.sections if s.kind is kind]


def get(doc: Document, key: str) -> Section:
    found = doc.section(key)
    assert found is not None, f"no section {key!r}; keys {[s.key for s in doc.sections]}"
    return found


# --------------------------------------------------------------------------------------------
# 1. One agreement, three layouts: the same sections, captions and text


@pytest.mark.parametrize("name", ["plain.txt", "setext.md", "headings.html"])
def test_sections_and_clauses_are_keyed_by_their_numbers(name: str) -> None:
    doc = load(name)
    assert keys(doc) == NIMBUS_KEYS
    assert doc.title == "Nimbus Cloud Storage Terms of Service"
    assert get(doc, "3").title == "FEES AND PAYMENT" and get(doc, "3").text == ""
    assert get(doc, "3.1").title == "Subscription Fees"
    assert get(doc, "3.1").text.startswith("The Service costs $10 per month")
    assert doc.diagnostics == ()


def test_plain_markdown_and_html_give_the_same_sections_and_text() -> None:
    plain, markdown, html = (load(n) for n in ("plain.txt", "setext.md", "headings.html"))
    for other in (markdown, html):
        assert [(s.key, s.number, s.title, s.text) for s in other.sections] == [
            (s.key, s.number, s.title, s.text) for s in plain.sections
        ]
        assert other.dates == plain.dates


def test_dates_last_updated_and_effective_date() -> None:
    doc = load("plain.txt")
    assert doc.dates.as_json() == {
        "enacted": None,
        "revised": "2025-03-03",
        "effective": "2025-03-10",
    }
    # the date lines are furniture, not preamble text
    preamble = get(doc, "preamble").text
    assert "Last updated" not in preamble and "Effective Date" not in preamble


def test_english_words_keep_their_spaces_and_wrapped_lines_join_with_one() -> None:
    doc = parse(
        "Terms of Service",
        "1. GENERAL",
        "1.1 Scope. These Terms apply to the Service. You agree to a",
        "non-exclusive licence as set out",
        "in these Terms.",
    )
    assert get(doc, "1.1").text == (
        "These Terms apply to the Service. You agree to a non-exclusive licence as set out in "
        "these Terms."
    )


def test_lettered_items_continue_past_i_v_and_x() -> None:
    letters = "abcdefghijklmn"
    doc = parse(
        "Terms of Service",
        "1. USE",
        "1.1 Restrictions. You must not:",
        *(f"({c}) do thing {c};" for c in letters),
    )
    (paragraph,) = get(doc, "1.1").paragraphs
    assert [item.number for item in paragraph.items] == list(letters)


def test_roman_items_stay_roman() -> None:
    doc = parse("Terms", "1. USE", "1.1 Rules. You must:", "(i) one;", "(ii) two;", "(iii) three.")
    (paragraph,) = get(doc, "1.1").paragraphs
    assert [item.number for item in paragraph.items] == ["i", "ii", "iii"]


# --------------------------------------------------------------------------------------------
# 2. Keyword headings: ARTICLE III, Section 2, § 4


def test_articles_in_roman_numerals_with_dotted_sections() -> None:
    doc = load("articles.txt")
    assert keys(doc) == [
        "1", "1.1", "1.2", "2", "2.1", "2.2", "3", "3.1", "3.2", "4", "4.1", "4.2",
        "5", "5.1", "5.2",
    ]  # fmt: skip
    assert get(doc, "3").number == "ARTICLE III" and get(doc, "3").title == "FEES AND PAYMENT"
    assert get(doc, "2.1").number == "Section 2.1"
    # a reference wrapped to a line start stays in its sentence
    assert get(doc, "2.2").text.endswith("except as permitted under Section 3.2 of this Agreement.")
    # under keyword headings a bare `1.` numbers a paragraph, as in Japanese
    fees = get(doc, "3.1")
    assert [p.number for p in fees.paragraphs] == ["1"] and len(fees.paragraphs[0].items) == 2
    assert doc.dates.effective is not None and doc.dates.effective.isoformat() == "2025-03-03"


def test_section_keyword_headings_with_numbered_paragraphs() -> None:
    doc = load("sections.txt")
    assert keys(doc) == ["1", "2", "3", "4"]
    assert get(doc, "1").number == "Section 1" and get(doc, "1").title == "Acceptance"
    use = get(doc, "2")
    assert [p.number for p in use.paragraphs] == ["1", "2"]
    assert [i.number for i in use.paragraphs[1].items] == ["a", "b", "c"]
    assert "except as stated in Section 2 above" in get(doc, "3").text


def test_section_signs() -> None:
    doc = load("paragraphs.txt")
    assert keys(doc) == ["1", "2", "3", "4", "5"]
    assert [get(doc, k).number for k in ("1", "5")] == ["§ 1", "§ 5"]
    assert get(doc, "3").title == "Prices"
    assert doc.dates.revised is not None and doc.dates.revised.isoformat() == "2024-04-01"


@pytest.mark.parametrize(
    ("line", "key", "caption"),
    [
        ("ARTICLE 3: TERM", "3", "TERM"),
        ("Article 1 (Purpose)", "1", "Purpose"),
        ("SECTION 2.1 FEES", "2.1", "FEES"),
        ("§4 Payment", "4", "Payment"),
        ("Clause 7 - Notices", "7", "Notices"),
    ],
)
def test_keyword_heading_forms(line: str, key: str, caption: str) -> None:
    heading = keyword_heading(line)
    assert heading is not None and (heading.key, heading.caption) == (key, caption)


@pytest.mark.parametrize(
    "line",
    [
        "Section 5 of these Terms applies",
        "Section 4.2, above",
        "Sections 3 and 4",
        "10.2 above, the Company",
        "1.5 million users",
        "2.5 GB of storage",
        "2025. That year",
        "12.5% of the fees",
    ],
)
def test_references_and_numbers_in_running_text_are_not_headings(line: str) -> None:
    assert keyword_heading(line) is None and numbered_heading(line) is None


def test_a_number_out_of_sequence_at_a_line_start_is_text() -> None:
    doc = parse(
        "Terms of Service",
        "1. FEES",
        "1.1 Price. The price of the service is set in the order and increases by",
        "5. This increase applies each year.",
        "1.2 Taxes. Taxes are extra.",
    )
    assert keys(doc) == ["1", "1.1", "1.2"]
    assert "increases by 5. This increase" in get(doc, "1.1").text


def test_sections_numbered_by_an_ordered_list_in_html_and_markdown() -> None:
    html, markdown = load("ordered-list.html"), load("ordered-list.md")
    assert keys(html) == ["1", "2", "3"]
    assert [get(html, k).title for k in ("1", "2", "3")] == [
        "Acceptance of Terms",
        "Your Account",
        "Changes",
    ]
    assert [i.number for i in get(html, "2").paragraphs[0].items] == ["a", "b"]
    # the list nested in section 3 is its items, not sections 1 and 2 again
    assert [i.text for i in get(html, "3").paragraphs[0].items] == [
        "Notices are sent to your registered address.",
        "Changes apply from the stated date.",
    ]
    assert [(s.key, s.title, s.text) for s in markdown.sections] == [
        (s.key, s.title, s.text) for s in html.sections
    ]
    assert html.title == "Pixel Terms of Use" and keys(html, SectionKind.UNNUMBERED) == []


# --------------------------------------------------------------------------------------------
# 3. Headings without numbers


def test_headings_without_numbers_group_numbered_clauses_into_chapters() -> None:
    doc = load("dropped-v2.md")
    assert keys(doc) == [
        "1.1", "1.2", "2.1", "2.2", "2.3", "3.1", "3.2", "4.1", "4.2", "5.1", "5.2", "7.1", "7.2",
    ]  # fmt: skip
    assert get(doc, "1.1").chapter == "Services"
    assert get(doc, "4.2").chapter == "Artificial Intelligence Features"
    # text under a heading with no numbered clause of its own is a section of its own
    contact = get(doc, "contact")
    assert contact.kind is SectionKind.UNNUMBERED and contact.title == "Contact"
    assert contact.text.startswith("Questions about these Terms")
    assert "Questions" not in get(doc, "5.2").text
    # section 6 is the heading without a number: no doubt about a gap between 5.2 and 7.1
    assert doc.diagnostics == ()


def test_numbered_section_headings_in_markdown_glued_to_bold() -> None:
    doc = load("dropped-v1.md")
    assert keys(doc)[:3] == ["1", "1.1", "1.2"]
    assert get(doc, "2").title == "Your Account" and get(doc, "2").text == ""
    assert get(doc, "5").title == "Contact" and get(doc, "5").text.startswith("Questions")


# --------------------------------------------------------------------------------------------
# 4. The self-check speaks of sections


def test_a_gap_in_english_numbering_is_reported_in_english() -> None:
    doc = parse("Terms", "1. A", "1.1 One. x.", "1.2 Two. y.", "1.4 Four. z.")
    assert [d.doubt for d in doc.diagnostics] == [Doubt.OUT_OF_SEQUENCE]
    assert doc.warnings == (
        "1.4 follows 1.2: 1.3 is missing (a heading not recognised, or numbers skipped in the "
        "source?)",
    )


def test_an_english_text_without_numbered_sections_says_so() -> None:
    doc = parse("Privacy Notice", "We collect the data you give us.", "We keep it safe.")
    assert keys(doc) == []
    assert [d.doubt for d in doc.diagnostics] == [Doubt.NO_ARTICLES]
    assert "numbered sections" in doc.warnings[0]


# --------------------------------------------------------------------------------------------
# 5. Japanese documents keep 1. as a paragraph; Japanese with English headings works


def test_japanese_articles_keep_1_dot_as_paragraph_numbers() -> None:
    doc = parse(
        "サービス利用規約",
        "第1条（目的）",
        "本規約は、本サービスの利用条件を定めます。",
        "2. 当社は、本規約を変更することがあります。",
        "第2条（料金）",
        "1. 利用者は、料金を支払うものとします。",
        "2. 料金は月額1,000円とします。",
    )
    assert keys(doc) == ["1", "2"]
    assert [p.number for p in get(doc, "1").paragraphs] == ["1", "2"]
    assert [p.number for p in get(doc, "2").paragraphs] == ["1", "2"]


def test_a_japanese_policy_numbered_1_dot_has_no_articles() -> None:
    doc = parse(
        "プライバシーポリシー",
        "1. 当社は、個人情報を適切に取り扱います。",
        "2. 当社は、次の目的で個人情報を利用します。",
        "(1) サービスの提供",
        "3. 当社は、法令に基づく場合を除き、個人情報を第三者に提供しません。",
    )
    assert keys(doc) == []
    assert [d.doubt for d in doc.diagnostics] == [Doubt.NO_ARTICLES]


def test_japanese_with_english_article_headings() -> None:
    doc = load("ja-article-headings.txt")
    assert keys(doc) == ["1", "2", "3", "4"]
    assert [get(doc, k).title for k in ("1", "2")] == ["目的", "定義"]
    assert get(doc, "1").number == "Article 1"
    # Japanese spacing and Japanese paragraphs
    assert get(doc, "1").text.startswith("本規約は、株式会社ミドリ会計(以下「当社」といいます。)")
    assert [p.number for p in get(doc, "3").paragraphs] == ["1", "2"]
    assert doc.dates.enacted is not None and doc.dates.enacted.isoformat() == "2024-04-01"


def test_japanese_with_dotted_clauses() -> None:
    doc = load("ja-dotted.txt")
    assert keys(doc) == ["1", "1.1", "1.2", "2", "2.1", "2.2", "3", "3.1"]
    assert get(doc, "2").title == "料金"
    assert get(doc, "2.1").text == "利用者は、月額5,000円の利用料金を支払うものとします。"


def test_sections_in_roman_numerals() -> None:
    doc = parse("Terms of Use", "I. INTRODUCTION", "These terms apply.", "II. Fees", "Fees apply.")
    assert keys(doc) == ["1", "2"]
    assert [(get(doc, k).number, get(doc, k).title) for k in ("1", "2")] == [
        ("I", "INTRODUCTION"),
        ("II", "Fees"),
    ]


def test_markdown_atx_headings_with_numbers() -> None:
    text = (
        "# Acme Terms of Service\n\n*Last Updated: 3rd of March, 2025*\n\n## 1. Who we are\n\n"
        "We are Acme.\n\n### 1.1 Our Services\n\nWe host websites.\n\n## 2. Paying us\n\n"
        "**2.1 Invoices.** We invoice monthly.\n"
    )
    doc = document_from_bytes(text.encode(), source="terms.md").document
    assert keys(doc) == ["1", "1.1", "2", "2.1"]
    assert [get(doc, k).title for k in keys(doc)] == [
        "Who we are",  # a heading element is all caption, sentence case too
        "Our Services",
        "Paying us",
        "Invoices",
    ]
    assert get(doc, "1").text == "We are Acme."
    assert doc.dates.revised is not None and doc.dates.revised.isoformat() == "2025-03-03"


def test_plain_text_headings_without_numbers_above_clauses_are_chapters() -> None:
    doc = parse(
        "Lumen Notes Terms of Service",
        "Services",
        "1.1 Lumen Notes lets you write notes.",
        "1.2 We may change features.",
        "Your Account",
        "2.1 You must keep your password confidential.",
        "as described in the Terms of",
        "Service Agreement",
        "2.2 You may close your account.",
    )
    assert keys(doc) == ["1.1", "1.2", "2.1", "2.2"]
    assert [get(doc, k).chapter for k in ("1.1", "2.1", "2.2")] == [
        "Services",
        "Your Account",
        "Your Account",
    ]
    # a wrapped line that happens to be in Title Case continues its sentence
    assert get(doc, "2.1").text.endswith("as described in the Terms of Service Agreement")
