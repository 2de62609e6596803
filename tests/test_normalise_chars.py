"""The character folding's shortcuts give exactly what the plain definitions give."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.normalise.chars import NFKC_STABLE, _nfkc


def test_every_character_of_the_stable_ranges_is_left_alone_by_nfkc() -> None:
    stable = re.compile(f"[{NFKC_STABLE}]")
    moved = [
        hex(code)
        for code in range(0x10000)
        if stable.match(chr(code))
        and (
            unicodedata.normalize("NFKC", chr(code)) != chr(code)
            or unicodedata.combining(chr(code))
        )
    ]
    assert moved == []


# Characters that meet at the edges of the stable runs: kana and their voicing marks (combining
# and spacing), half-width katakana, full-width forms, Kangxi radicals, Hangul jamo, Latin with
# combining accents, compatibility ideographs, line breaks.
_EDGES = st.sampled_from(
    list("かきがぱカガパｶｷﾞﾟ゛゜\u3099\u309a\u302a（）　＃１２⽉⽇㈱①ゟヿ〸〶ｱ\u1100\u1161\u11a8")
    + list("aeé\u0301\u0308Å\u212b\uf900\n\t 。、「」第条")
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_EDGES, st.characters()), max_size=40).map("".join))
def test_folding_by_runs_equals_nfkc_of_the_whole_text(text: str) -> None:
    assert _nfkc(text) == unicodedata.normalize("NFKC", text)
