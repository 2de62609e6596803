"""Which section of the old version became which section of the new one.

Sections are matched by content, not by number, in rounds; each round assigns best-first over
all candidate pairs (highest score first, never first-come), and later rounds see only what is
left:

1. Supplementary provisions, appendices and the preamble by key (`suppl`, `appendix-1`).
2. Identical bodies once the numbers in cross-references are masked (第5条 → 第#条), so a
   renumbered article whose references were rewritten still matches exactly. Among identical
   bodies, equal captions, then equal text, then equal keys, then nearby positions win.
3. Equal captions and a body similarity of at least `CAPTION_THRESHOLD`.
4. Body similarity of at least `SIMILARITY_THRESHOLD` alone.
5. A 削除 slot with the section of the same key on the other side (content replaced by 削除, or
   a 削除 slot filled again).

Sections only ever match sections of the same kind (an article may match text under a heading
without a number). Similarity is `similarity.dice` over
character bigrams, or words for a text in Latin script; see that module for the measured
thresholds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from tracker.compare.references import mask_references
from tracker.compare.similarity import bigrams, dice, dice_bound, words
from tracker.model import Section, SectionKind, layout_key

CAPTION_THRESHOLD: Final = 0.3
SIMILARITY_THRESHOLD: Final = 0.6


@dataclass(frozen=True)
class Alignment:
    """Index pairs into the old and new section sequences, and what stayed unmatched."""

    pairs: tuple[tuple[int, int], ...]  # (old index, new index), in old order
    removed: tuple[int, ...]  # old indices without a match
    added: tuple[int, ...]  # new indices without a match


def align_sections(old: Sequence[Section], new: Sequence[Section]) -> Alignment:
    """Match the sections of two versions; see the module docstring for the rounds."""
    state = _State(old, new)
    state.assign(state.same_key(lambda o, n: o.kind is not SectionKind.ARTICLE), lambda i, j: 0.0)
    state.assign(state.identical_bodies(), state.identical_score)
    state.assign(state.similar(captioned=True, threshold=CAPTION_THRESHOLD), state.similarity)
    state.assign(state.similar(captioned=False, threshold=SIMILARITY_THRESHOLD), state.similarity)
    state.assign(state.same_key(lambda o, n: o.deleted or n.deleted), lambda i, j: 0.0)
    return state.result()


def _family(section: Section) -> SectionKind:
    """Sections of one family may match: an article and a part under a heading without a
    number (an English section whose heading lost its number in the new version)."""
    return SectionKind.ARTICLE if section.kind is SectionKind.UNNUMBERED else section.kind


class _State:
    """The matches so far and the cached views of each section that the rounds compare."""

    def __init__(self, old: Sequence[Section], new: Sequence[Section]) -> None:
        self.old, self.new = old, new
        self.matches: dict[int, int] = {}
        self.taken: set[int] = set()
        self._masked_text_old = [mask_references(s.text) for s in old]
        self._masked_text_new = [mask_references(s.text) for s in new]
        self._masked_old = [layout_key(text) for text in self._masked_text_old]
        self._masked_new = [layout_key(text) for text in self._masked_text_new]
        self._bigrams_old: dict[int, frozenset[str]] = {}
        self._bigrams_new: dict[int, frozenset[str]] = {}

    def free_old(self) -> list[int]:
        return [i for i in range(len(self.old)) if i not in self.matches]

    def free_new(self) -> list[int]:
        return [j for j in range(len(self.new)) if j not in self.taken]

    def same_key(self, applies: Callable[[Section, Section], bool]) -> list[tuple[int, int]]:
        by_key = {(self.new[j].kind, self.new[j].key): j for j in self.free_new()}
        pairs = []
        for i in self.free_old():
            j = by_key.get((self.old[i].kind, self.old[i].key))
            if j is not None and applies(self.old[i], self.new[j]):
                pairs.append((i, j))
        return pairs

    def identical_bodies(self) -> list[tuple[int, int]]:
        groups: dict[tuple[SectionKind, str], list[int]] = {}
        for i in self.free_old():
            if not self.old[i].deleted:
                groups.setdefault((_family(self.old[i]), self._masked_old[i]), []).append(i)
        pairs = []
        for j in self.free_new():
            if not self.new[j].deleted:
                for i in groups.get((_family(self.new[j]), self._masked_new[j]), ()):
                    pairs.append((i, j))
        return pairs

    def identical_score(self, i: int, j: int) -> float:
        o, n = self.old[i], self.new[j]
        same_title = layout_key(o.title) == layout_key(n.title)
        return 2.0 * same_title + 1.0 * (layout_key(o.text) == layout_key(n.text))

    def similar(self, *, captioned: bool, threshold: float) -> list[tuple[int, int]]:
        olds = [i for i in self.free_old() if not self.old[i].deleted]
        news = [j for j in self.free_new() if not self.new[j].deleted]
        pairs = []
        for i in olds:
            o = self.old[i]
            for j in news:
                n = self.new[j]
                if _family(o) is not _family(n):
                    continue
                if captioned and (o.title is None or o.title != n.title):
                    continue
                a, b = self._old_bigrams(i), self._new_bigrams(j)
                if dice_bound(a, b) >= threshold and dice(a, b) >= threshold:
                    pairs.append((i, j))
        return pairs

    def similarity(self, i: int, j: int) -> float:
        return dice(self._old_bigrams(i), self._new_bigrams(j))

    def assign(
        self, candidates: Iterable[tuple[int, int]], score: Callable[[int, int], float]
    ) -> None:
        """Best-first: the highest score, then the same key, then the nearest relative position."""

        def rank(pair: tuple[int, int]) -> tuple[float, int, float, int, int]:
            i, j = pair
            same_key = self.old[i].key == self.new[j].key
            drift = abs(i / len(self.old) - j / len(self.new))
            return (-score(i, j), -same_key, drift, i, j)

        for i, j in sorted(candidates, key=rank):
            if i not in self.matches and j not in self.taken:
                self.matches[i] = j
                self.taken.add(j)

    def result(self) -> Alignment:
        return Alignment(
            pairs=tuple(sorted(self.matches.items())),
            removed=tuple(self.free_old()),
            added=tuple(self.free_new()),
        )

    def _old_bigrams(self, i: int) -> frozenset[str]:
        if i not in self._bigrams_old:
            found = words(self._masked_text_old[i])
            self._bigrams_old[i] = bigrams(self._masked_old[i]) if found is None else found
        return self._bigrams_old[i]

    def _new_bigrams(self, j: int) -> frozenset[str]:
        if j not in self._bigrams_new:
            found = words(self._masked_text_new[j])
            self._bigrams_new[j] = bigrams(self._masked_new[j]) if found is None else found
        return self._bigrams_new[j]
