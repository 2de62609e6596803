"""Edits made across the document are found once: substitutions and repeated edits."""

from __future__ import annotations

from support.compare import BASE, Spec, build, spec
from support.substitution import replace_all, without, work_rules

from tracker.compare import ChangeKind, Comparison, SubstitutionKind, compare_documents
from tracker.compare.chardiff import new_text, old_text
from tracker.obligations import compare_flagged


def compare(old: list[Spec], new: list[Spec]) -> Comparison:
    return compare_documents(build(old), build(new, source="new.txt"))


def rebuilds(comparison: Comparison) -> None:
    for change in comparison.changes:
        plain = [(op, text) for op, text, _ in change.marked_diff]
        if plain:
            assert old_text(tuple(plain)) == (change.old.text if change.old else "")
            assert new_text(tuple(plain)) == (change.new.text if change.new else "")


def test_a_term_replaced_everywhere_is_one_substitution_and_nothing_else() -> None:
    old = work_rules(20)
    comparison = compare(old, replace_all(old, "労働者", "社員"))
    (substitution,) = comparison.substitutions
    assert (substitution.kind, substitution.old, substitution.new) == (
        SubstitutionKind.REPLACED,
        "労働者",
        "社員",
    )
    assert len(substitution.sections) == 20 and substitution.count == 40
    assert substitution.kept == ()
    assert len(comparison.changes) == 20
    assert all(c.substitutions_only and c.substitutions == (1,) for c in comparison.changes)
    rebuilds(comparison)


def test_a_company_renamed_everywhere_including_captions_and_the_preamble() -> None:
    old = work_rules(6, company="山田商事株式会社")
    old[2] = Spec(
        "山田商事株式会社の責務", ("山田商事株式会社は、安全配慮義務を負う。",), name="規則3"
    )
    new = replace_all(old, "山田商事株式会社", "川田ホールディングス株式会社")
    comparison = compare(old, new)
    (substitution,) = comparison.substitutions
    assert "山田商事" in substitution.old and "川田ホールディングス" in substitution.new
    assert len(substitution.sections) == 6
    recaptioned = comparison.changes[2]
    assert recaptioned.substitutions_only and recaptioned.marked_title
    assert all(c.substitutions_only for c in comparison.changes)


def test_ko_and_otsu_are_two_substitutions_even_where_they_stand_together() -> None:
    old = [
        spec(
            f"協議{n}",
            f"甲及び乙は、第{n}号の事項について協議する。甲乙間の合意は書面による。",
            "乙は、甲に対し、速やかに報告する。",
        )
        for n in range(1, 6)
    ]
    new = [
        Spec(
            s.caption,
            tuple(str(p).replace("甲", "当社").replace("乙", "利用者") for p in s.paragraphs),
        )
        for s in old
    ]
    comparison = compare(old, new)
    pairs = {(s.old, s.new) for s in comparison.substitutions}
    assert pairs == {("甲", "当社"), ("乙", "利用者")}
    assert all(c.substitutions_only for c in comparison.changes)
    assert {s.count for s in comparison.substitutions} == {15}
    rebuilds(comparison)


def test_a_swap_is_two_substitutions() -> None:
    def document(first: str, second: str) -> list[Spec]:
        return [
            spec(
                f"通知{n}",
                f"{first}は、{second}に対し、第{n}号の事項を通知する。",
                f"前項の通知を受けた{second}は、遅滞なく確認する。",
            )
            for n in range(1, 5)
        ]

    old, new = document("甲", "乙"), document("乙", "甲")
    comparison = compare(old, new)
    assert {(s.old, s.new) for s in comparison.substitutions} == {("甲", "乙"), ("乙", "甲")}
    assert all(c.substitutions_only for c in comparison.changes)


def test_one_real_edit_hidden_among_fifty_substituted_articles_stands_out() -> None:
    old = work_rules(51)
    new = replace_all(old, "労働者", "社員")
    edited = new[29]
    new[29] = Spec(
        edited.caption,
        (str(edited.paragraphs[0]), "会社は、社員から申出があったときは、10日以内に回答する。"),
        name=edited.ref_name,
    )
    comparison = compare(old, new)
    (substitution,) = comparison.substitutions
    assert len(substitution.sections) == 51
    (real,) = [c for c in comparison.changes if not c.substitutions_only]
    assert real.new_key == "30" and real.substitutions == (1,)
    changed = [(op, text) for op, text, mark in real.marked_diff if op and not mark]
    assert "".join(text for op, text in changed if op == 1) == "10日以内"
    assert "".join(text for op, text in changed if op == -1) == "速やか"
    # the plain diff is still there, whole, for every section
    assert all(c.diff for c in comparison.changes) and len(comparison.changes) == 51
    rebuilds(comparison)


def test_a_substitution_with_an_article_deleted_and_the_rest_renumbered() -> None:
    old = work_rules(30)
    new = replace_all(without(old, "規則5"), "労働者", "社員")
    comparison = compare(old, new)
    (substitution,) = comparison.substitutions
    assert len(substitution.sections) == 29
    removed = [c for c in comparison.changes if c.kind is ChangeKind.REMOVED]
    assert [c.old_key for c in removed] == ["5"]
    # article 4 referred to the deleted article: that is a real edit
    not_only = [c.new_key for c in comparison.changes if c.new and not c.substitutions_only]
    assert not_only == ["4"]
    renumbered = [c for c in comparison.changes if c.old_key == "6"]
    assert renumbered[0].new_key == "5" and renumbered[0].substitutions_only
    rebuilds(comparison)


def test_a_notice_period_shortened_everywhere_still_flags_notice() -> None:
    old = [
        spec(f"変更{n}", f"当社は、第{n}号のサービスを変更する3か月前までに契約者に通知します。")
        for n in range(1, 5)
    ]
    new = [
        spec(f"変更{n}", f"当社は、第{n}号のサービスを変更する1か月前までに契約者に通知します。")
        for n in range(1, 5)
    ]
    comparison = compare_flagged(build(old), build(new, source="new.txt"))
    (substitution,) = comparison.substitutions
    assert (substitution.old, substitution.new) == ("3か月", "1か月")
    assert "notice" in substitution.flags
    assert [t.type.value for t in substitution.key_terms] == ["duration"]
    for change in comparison.changes:
        assert change.substitutions_only and "notice" in change.flags
        assert [(t.old, t.new) for t in change.key_terms] == [("3か月", "1か月")]


def test_a_one_off_edit_is_never_a_substitution() -> None:
    old = work_rules(10)
    new = list(old)
    new[3] = replace_all([old[3]], "労働者", "社員")[0]
    comparison = compare(old, new)
    assert comparison.substitutions == ()
    (change,) = comparison.changes
    assert not change.substitutions_only and change.marked_diff == ()


def test_two_sections_are_enough_only_for_a_whole_document_replacement() -> None:
    def document(name: str, kept: str) -> list[Spec]:
        return [
            spec("目的", f"本規約は、{name}が提供するサービスについて定める。"),
            spec("定義", f"本規約において「当社」とは{name}をいう。"),
            spec("連絡", f"{kept}の窓口は別途定める。"),
        ]

    whole = compare(document("甲社", "利用者"), document("乙社", "利用者"))
    assert [(s.old, s.new) for s in whole.substitutions] == [("甲", "乙")]
    kept_elsewhere = compare(document("甲社", "甲社"), document("乙社", "甲社"))
    assert kept_elsewhere.substitutions == ()


def test_a_section_where_the_term_was_kept_once_shows_its_full_diff() -> None:
    old = work_rules(8)
    new = replace_all(old, "労働者", "社員")
    keeper = old[2]
    new[2] = Spec(
        keeper.caption,
        (str(new[2].paragraphs[0]), "会社は、労働者派遣法に基づく申出にも回答する。"),
        name=keeper.ref_name,
    )
    old[2] = Spec(
        keeper.caption,
        (str(old[2].paragraphs[0]), "会社は、労働者派遣法に基づく申出にも回答する。"),
        name=keeper.ref_name,
    )
    comparison = compare(old, new)
    (substitution,) = comparison.substitutions
    assert "3" not in {t.new_key for t in substitution.sections}
    assert [(t.new_key, t.count) for t in substitution.kept] == [("3", 1)]
    third = next(c for c in comparison.changes if c.new_key == "3")
    assert not third.substitutions_only and third.substitutions == ()


def test_the_same_sentence_added_to_many_articles_is_one_repeated_edit() -> None:
    sentence = "ただし、法令に別段の定めがある場合はこの限りではない。"
    old = [spec(f"処理{n}", f"会社は、第{n}号の事項を処理する。") for n in range(1, 6)]
    new = [spec(f"処理{n}", f"会社は、第{n}号の事項を処理する。{sentence}") for n in range(1, 6)]
    comparison = compare(old, new)
    (substitution,) = comparison.substitutions
    assert (substitution.kind, substitution.new) == (SubstitutionKind.INSERTED, sentence)
    assert all(c.substitutions_only for c in comparison.changes)


def test_a_reference_style_changed_everywhere_is_a_pattern_over_the_numbers() -> None:
    old = [spec(f"準用{n}", f"第{n + 10}条第2項の規定を準用する。") for n in range(1, 5)]
    new = [spec(f"準用{n}", f"第{n + 10}条の第2項の規定を準用する。") for n in range(1, 5)]
    comparison = compare(old, new)
    (substitution,) = comparison.substitutions
    assert substitution.new.startswith(substitution.old) and "の" in substitution.new
    assert all(c.substitutions_only for c in comparison.changes)


def test_an_unrelated_document_finds_nothing_to_group() -> None:
    comparison = compare(list(BASE), list(BASE))
    assert comparison.changes == () and comparison.substitutions == ()
