"""Cross-references: found, keyed like sections, masked for alignment, checked against a map."""

from __future__ import annotations

import pytest

from tracker.compare.references import (
    REFERENCE,
    differs_only_in_references,
    mask_references,
    reference_key,
)


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("第2条に定義します", ["2"]),
        ("第5.1条(利用の制限)第3項各号", ["5.1"]),
        ("第3条の2に定める", ["3-2"]),
        ("第1条の2の3", ["1-2-3"]),
        ("第37条(割増金)及び第38条(延滞損害金)", ["37", "38"]),
        ("第十二条及び第三条の二第1項", ["12", "3-2"]),
        ("第3条の一部を変更", ["3"]),  # の一部 is "part of", not a branch number
        ("前条、同条、第1項", []),
    ],
)
def test_references_are_keyed_like_sections(text: str, keys: list[str]) -> None:
    assert [reference_key(m) for m in REFERENCE.finditer(text)] == keys


def test_masking_hides_only_the_numbers() -> None:
    assert mask_references("第5条第2項及び第3条の2(定義)") == "第#条第2項及び第#条(定義)"


def test_renumbered_references_are_references_only() -> None:
    old = "申込を当社が第5条(申込の承諾)に基づき承諾し、第8条及び第2条を適用します。"
    new = "申込を当社が第6条(申込の承諾)に基づき承諾し、第9条及び第2条を適用します。"
    assert differs_only_in_references(old, new, {"5": "6", "8": "9", "2": "2"})


def test_a_reference_against_the_map_is_a_real_change() -> None:
    assert not differs_only_in_references("第5条に", "第7条に", {"5": "6"})
    assert not differs_only_in_references("第5条に", "第6条を", {"5": "6"})
    assert not differs_only_in_references("第5条に", "第6条及び第7条に", {"5": "6"})


def test_an_unknown_reference_that_stays_equal_is_fine() -> None:
    # 法律第2条 belongs to another statute: unchanged text, whatever the map says
    assert differs_only_in_references(
        "法律第2条及び第5条", "法律第2条及び第6条", {"2": "3", "5": "6"}
    )
