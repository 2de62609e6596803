"""Which sections match between versions, and what kind of change each pair is."""

from __future__ import annotations

from support.compare import (
    BASE,
    DELETED,
    NEW_ARTICLE,
    Spec,
    build,
    other,
    recaption,
    replace_text,
    spec,
)

from tracker.compare import Change, ChangeKind, Comparison, KeyTerm, compare_documents
from tracker.compare.chardiff import mirror, new_text, old_text
from tracker.model import SectionKind


def kinds(comparison: Comparison) -> list[tuple[str, str | None, str | None]]:
    return [(c.kind.value, c.old_key, c.new_key) for c in comparison.changes]


def only(comparison: Comparison, kind: ChangeKind) -> list[Change]:
    return [c for c in comparison.changes if c.kind is kind]


def test_comparing_a_document_with_itself_reports_nothing() -> None:
    document = build(BASE)
    comparison = compare_documents(document, document)
    assert comparison.changes == ()
    assert comparison.summary.as_json() == {
        "added": 0,
        "removed": 0,
        "modified": 0,
        "renumbered": 0,
    }
    assert comparison.number_map == {str(n): str(n) for n in range(1, len(BASE) + 1)}


def test_inserted_article_renumbers_the_rest_without_modifying_them() -> None:
    old = build(BASE)
    new = build([*BASE[:3], NEW_ARTICLE, *BASE[3:]], source="new.txt")
    comparison = compare_documents(old, new)
    assert only(comparison, ChangeKind.ADDED)[0].new_key == "4"
    assert comparison.summary.added == 1
    assert comparison.summary.removed == 0
    for change in comparison.changes[1:]:
        assert int(change.new_key or 0) == int(change.old_key or 0) + 1
        assert not change.moved
        if change.kind is ChangeKind.MODIFIED:
            assert change.references_only, change
        else:
            assert change.kind is ChangeKind.RENUMBERED
    # articles 1–3 did not change at all
    assert {c.old_key for c in comparison.changes} == {None, *map(str, range(4, 11))}
    # the references that followed the renumbering are the whole diff
    changed = only(comparison, ChangeKind.MODIFIED)
    assert [c.new_key for c in changed] == ["5", "6", "9"]
    assert [op for c in changed for op in c.diff if op[0] != 0] == [
        (-1, "7"),
        (1, "8"),
        (-1, "4"),
        (1, "5"),
        (-1, "6"),
        (1, "7"),
    ]


def test_deleted_article_is_removed_and_the_rest_renumbered() -> None:
    old = build(BASE)
    new = build([*BASE[:2], *BASE[3:]], source="new.txt")  # 第3条 申込の方法 deleted
    comparison = compare_documents(old, new)
    removed = only(comparison, ChangeKind.REMOVED)
    assert [(c.old_key, c.new_key, c.title) for c in removed] == [("3", None, "申込の方法")]
    assert removed[0].diff == ((-1, old.sections[2].text),)
    assert comparison.summary.removed == 1
    assert comparison.summary.added == 0
    assert all(
        c.kind is ChangeKind.RENUMBERED or c.references_only
        for c in comparison.changes
        if c.kind is not ChangeKind.REMOVED
    )
    assert not any(c.moved for c in comparison.changes)
    # a removed section sits where it stood: after 第2条, before the old 第4条
    assert kinds(comparison)[0] == ("removed", "3", None)


def test_moved_article_is_marked_moved_and_the_shifted_ones_are_not() -> None:
    order = list(BASE)
    order.insert(2, order.pop(8))  # 本規約の変更 from 第9条 to 第3条
    comparison = compare_documents(build(BASE), build(order))
    moved = [c for c in comparison.changes if c.moved]
    assert [(c.old_key, c.new_key, c.kind) for c in moved] == [("9", "3", ChangeKind.RENUMBERED)]
    shifted = [c for c in comparison.changes if not c.moved]
    assert shifted and all(int(c.new_key or 0) == int(c.old_key or 0) + 1 for c in shifted)
    assert comparison.summary.added == comparison.summary.removed == 0


def test_swapped_articles_move_but_the_one_between_them_stays() -> None:
    order = list(BASE)
    order[2], order[4] = order[4], order[2]  # 第3条 and 第5条 swap; 第4条 stays
    comparison = compare_documents(build(BASE), build(order))
    assert {c.old_key for c in comparison.changes if c.moved} in ({"3"}, {"5"}, {"3", "5"})
    assert all(not c.moved for c in comparison.changes if c.old_key == "4")


def test_caption_change_is_a_modification() -> None:
    specs = list(BASE)
    specs[6] = recaption(BASE[6], "禁止事項")
    comparison = compare_documents(build(BASE), build(specs))
    (change,) = comparison.changes
    assert change.kind is ChangeKind.MODIFIED
    assert not change.references_only
    assert (change.old_title, change.title) == ("禁止行為", "禁止事項")
    assert change.diff == ((0, change.section.text),)
    # the references to it by number are unaffected: same number
    assert (change.old_key, change.new_key) == ("7", "7")


def test_decimal_numbered_article_inserted_into_a_chapter() -> None:
    keys = ["1.1", "1.2", "2.1", "3.1", "3.2", "3.3", "3.4", "3.5", "4.1", "4.2"]
    new_keys = [*keys[:8], "3.6", *keys[8:]]
    old = build(BASE, keys=keys)
    new = build([*BASE[:8], NEW_ARTICLE, *BASE[8:]], keys=new_keys)
    comparison = compare_documents(old, new)
    assert kinds(comparison) == [("added", None, "3.6")]
    assert comparison.changes[0].new_number == "第3.6条"


def test_split_article_reports_where_the_new_one_came_from() -> None:
    first, second = BASE[7].paragraphs[:2], BASE[7].paragraphs[2:]
    specs = [*BASE[:7], Spec(BASE[7].caption, first), spec("通知の方法", *second), *BASE[8:]]
    comparison = compare_documents(build(BASE), build(specs))
    added = only(comparison, ChangeKind.ADDED)
    assert [(c.new_key, c.split_from) for c in added] == [("9", "8")]
    origin = next(c for c in comparison.changes if c.old_key == "8")
    assert origin.kind is ChangeKind.MODIFIED
    assert origin.split_into == ("9",)
    assert comparison.summary.removed == 0


def test_merged_articles_report_where_the_content_went() -> None:
    merged = Spec(BASE[3].caption, (*BASE[3].paragraphs, *BASE[4].paragraphs))
    specs = [*BASE[:3], merged, *BASE[5:]]
    comparison = compare_documents(build(BASE), build(specs))
    removed = only(comparison, ChangeKind.REMOVED)
    assert [(c.old_key, c.merged_into) for c in removed] == [("5", "4")]
    heir = next(c for c in comparison.changes if c.new_key == "4")
    assert heir.merged_from == ("5",)


def test_a_split_compared_backwards_is_a_merge() -> None:
    first, second = BASE[7].paragraphs[:2], BASE[7].paragraphs[2:]
    split = build([*BASE[:7], Spec(BASE[7].caption, first), spec("通知の方法", *second), *BASE[8:]])
    comparison = compare_documents(split, build(BASE))
    assert [(c.old_key, c.merged_into) for c in only(comparison, ChangeKind.REMOVED)] == [
        ("9", "8")
    ]


def test_references_only_change_in_an_article_that_kept_its_number() -> None:
    # 第7条 禁止行為 moves to the end: 第4条 keeps its number but its reference changes
    order = [*BASE[:6], *BASE[7:], BASE[6]]
    comparison = compare_documents(build(BASE), build(order))
    change = next(c for c in comparison.changes if c.new_key == "4")
    assert change.kind is ChangeKind.MODIFIED
    assert change.references_only
    assert change.old_key == "4"
    assert change.locations == ("第4条第2項第2号",)


def test_a_reference_that_does_not_follow_the_renumbering_is_a_real_change() -> None:
    specs = replace_text(BASE, "契約の効力発生", "{申込の承諾}(申込の承諾)", "第9条(申込の承諾)")
    comparison = compare_documents(build(BASE), build(specs))
    (change,) = comparison.changes
    assert change.kind is ChangeKind.MODIFIED
    assert not change.references_only


def test_notice_period_edit_names_its_key_term_and_paragraph() -> None:
    specs = replace_text(BASE, "サービスの終了", "3か月前", "1か月前")
    comparison = compare_documents(build(BASE), build(specs))
    (change,) = comparison.changes
    assert change.kind is ChangeKind.MODIFIED
    assert [(t.type.value, t.old, t.new) for t in change.key_terms] == [
        ("duration", "3か月", "1か月")
    ]
    assert (-1, "3") in change.diff and (1, "1") in change.diff
    assert change.locations == ("第6条第1項",)


FEES_OLD = (
    "基本設定費15,000円(税込16,500円)1契約あたり",
    "サービス基本料5,000円(税込5,500円)1契約あたり",
)
FEES_NEW = (
    "基本設定費15,000円(税込16,500円)1契約あたり",
    "サービス基本料6,000円(税込6,600円)1契約あたり",
)


def test_fee_table_edit_in_an_appendix_reports_the_amounts() -> None:
    appendix_old = other(SectionKind.APPENDIX, "appendix", "別紙", "料金表", *FEES_OLD)
    appendix_new = other(SectionKind.APPENDIX, "appendix", "別紙", "料金表", *FEES_NEW)
    old = build(BASE, extra=[appendix_old])
    new = build(BASE, extra=[appendix_new])
    (change,) = compare_documents(old, new).changes
    assert change.kind is ChangeKind.MODIFIED
    assert change.new_key == "appendix"
    assert [(t.type.value, t.old, t.new) for t in change.key_terms] == [
        ("amount", "5,000円", "6,000円"),
        ("amount", "税込5,500円", "税込6,600円"),
    ]
    assert change.locations == ("別紙第2項",)


def test_new_supplementary_provision_is_added_and_the_old_one_kept_by_key() -> None:
    suppl = other(
        SectionKind.SUPPLEMENTARY, "suppl", "附則", None, "本規約は2024年4月1日から施行します。"
    )
    suppl2 = other(
        SectionKind.SUPPLEMENTARY, "suppl-2", "附則", None, "本規約は2025年6月25日から施行します。"
    )
    comparison = compare_documents(build(BASE, extra=[suppl]), build(BASE, extra=[suppl, suppl2]))
    (change,) = comparison.changes
    assert (change.kind, change.new_key) == (ChangeKind.ADDED, "suppl-2")
    assert [(t.type.value, t.old, t.new) for t in change.key_terms] == [
        ("date", None, "2025年6月25日")
    ]


def test_article_replaced_by_a_deleted_slot_counts_as_removed() -> None:
    specs = list(BASE)
    specs[2] = DELETED  # 第3条 削除
    comparison = compare_documents(build(BASE), build(specs))
    (change,) = comparison.changes
    assert change.kind is ChangeKind.REMOVED
    assert (change.old_key, change.new_key) == ("3", "3")
    assert old_text(change.diff) == build(BASE).sections[2].text
    assert new_text(change.diff) == "削除"
    assert comparison.summary.removed == 1


def test_filling_a_deleted_slot_counts_as_added() -> None:
    specs = list(BASE)
    specs[2] = DELETED
    comparison = compare_documents(build(specs), build(BASE))
    (change,) = comparison.changes
    assert (change.kind, change.old_key, change.new_key) == (ChangeKind.ADDED, "3", "3")


def test_entirely_rewritten_article_without_a_caption_is_removed_and_added() -> None:
    old = build([*BASE[:2], Spec(None, BASE[2].paragraphs), *BASE[3:]])
    new = build(
        [
            *BASE[:2],
            Spec(None, ("当社は、理由の如何を問わず本サービスを提供しません。",)),
            *BASE[3:],
        ]
    )
    comparison = compare_documents(old, new)
    assert kinds(comparison) == [("removed", "3", None), ("added", None, "3")]


def test_slightly_edited_article_without_a_caption_still_matches() -> None:
    text = BASE[8].paragraphs[0]
    assert isinstance(text, str)
    old = build([*BASE[:8], Spec(None, (text,)), *BASE[9:]])
    new = build([*BASE[:8], Spec(None, (text.replace("30日", "14日"),)), *BASE[9:]])
    comparison = compare_documents(old, new)
    assert kinds(comparison) == [("modified", "9", "9")]


def test_assignment_is_best_first_not_first_come() -> None:
    # Two new articles resemble old 第3条; the closer one (listed second) must win.
    base = BASE[2].paragraphs[0]
    assert isinstance(base, str)
    far = base.replace("オンラインサインアップによる申込", "書面による申込及び本人確認書類の提出")
    near = base.replace("オンライン", "ウェブ")
    old = build([*BASE[:2], Spec(None, (base,))])
    new = build([*BASE[:2], Spec(None, (far,)), Spec(None, (near,))])
    comparison = compare_documents(old, new)
    modified = only(comparison, ChangeKind.MODIFIED)
    assert [(c.old_key, c.new_key) for c in modified] == [("3", "4")]


def test_swapping_the_versions_mirrors_every_change() -> None:
    specs = [*BASE[:3], NEW_ARTICLE, BASE[3], *BASE[5:]]  # insert 第4条, delete old 第5条
    specs = replace_text(specs, "本規約の変更", "30日前", "14日以上前")
    old, new = build(BASE), build(specs)
    forward = compare_documents(old, new)
    backward = {(c.old_key, c.new_key): c for c in compare_documents(new, old).changes}
    flip = {ChangeKind.ADDED: ChangeKind.REMOVED, ChangeKind.REMOVED: ChangeKind.ADDED}
    assert len(backward) == len(forward.changes)
    for change in forward.changes:
        twin = backward[(change.new_key, change.old_key)]
        assert twin.kind is flip.get(change.kind, change.kind)
        assert twin.diff == mirror(change.diff)
        assert twin.key_terms == tuple(KeyTerm(t.type, t.new, t.old) for t in change.key_terms)
        assert (twin.references_only, twin.moved) == (change.references_only, change.moved)
    assert any(c.key_terms for c in forward.changes)


def test_changes_follow_the_new_document_order() -> None:
    specs = [*BASE[:3], NEW_ARTICLE, BASE[3], *BASE[5:]]  # insert 第4条, delete old 第5条
    comparison = compare_documents(build(BASE), build(specs))
    # the removed 第5条 comes right after the section that preceded it (old 第4条, now 第5条)
    assert kinds(comparison) == [
        ("added", None, "4"),
        ("renumbered", "4", "5"),
        ("removed", "5", None),
    ]
