"""The character diff of one section, tuned for Japanese.

diff-match-patch with `Diff_Timeout = 0` (a time limit makes the output depend on the machine)
over tokens: every run of digits and every run of Latin letters is one token, every other
character (kanji, kana, punctuation, spaces, line breaks) is a token of its own. Then
`diff_cleanupEfficiency` with EditCost 4. Measured against the alternatives of the shared
notes (peers.md, "diff-match-patch findings"): on 以下の行為をしてはなりません →
次の各号に定める行為をしてはならないものとします it gives the notes' best result,
`[-以下の-]{+次の各号に定める+}行為をしてはな[-りません-]{+らないものとします+}`, and numbers
change whole: `[-14.5-]{+10.0+}%`, `[-16,500-]{+19,800+}円` where plain characters give
`1[-4.5-]{+0.0+}%`. Script-run tokens for kana and kanji too turn the verb ending above into one
token and, after the cleanup, the whole clause into one replacement.

Two guards keep it fast and readable without a time limit: the common head and tail are set
aside before tokenising, and texts too long to diff in one go (`BUDGET`) are aligned clause by
clause first (see `_middle_diff`). Text sharing almost no bigrams with its counterpart
(`UNRELATED`) is shown replaced whole rather than as a scatter of shared particles.

Text in Latin script (an English agreement) is diffed word by word instead: a token is a word
(letters of any Latin alphabet, `don't` and `non-exclusive` whole), a digit run, or one other
character (a space, a punctuation mark); long texts are cut into clauses after `. ; , )` and line
breaks. So `[-method-]{+methods+}`, never `method{+s+}`, and `Société` is one word, not five
tokens. Which mode applies is decided once for the pair of texts (`similarity.is_latin`), so
the result stays symmetric.

The result is canonical: between two equal runs there is at most one deletion followed by at
most one insertion, and `char_diff(b, a)` is exactly `mirror(char_diff(a, b))`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from diff_match_patch import diff_match_patch

from tracker.compare.model import DELETE, EQUAL, INSERT, DiffOp
from tracker.compare.similarity import bigrams, dice, is_latin

EDIT_COST: Final = 4
UNRELATED: Final = 0.2  # bigram Dice below which two texts share nothing worth showing
BUDGET: Final = 200_000  # old length × new length above which a text is diffed clause by clause
_TOKEN: Final = re.compile(r"[0-9]+|[A-Za-z]+|.", re.DOTALL)
CLAUSE: Final = re.compile(r"[^。、)\n]*[。、)\n]|[^。、)\n]+")
_LETTER: Final = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"  # Latin alphabets
_WORD_TOKEN: Final = re.compile(rf"[0-9]+|[{_LETTER}]+(?:['’-][{_LETTER}]+)*|.", re.DOTALL)
_IS_LETTER: Final = re.compile(f"[{_LETTER}]")
_WORD_CLAUSE: Final = re.compile(r"(?:[^.;,)\n]|[.;,](?=\S))+[.;,)\n]?|[.;,)\n]")
_SURROGATES: Final = 0xD800
_SAMPLE: Final = 2000  # characters of each text that decide between words and characters


@dataclass(frozen=True)
class _Mode:
    """How a pair of texts is cut: into tokens (Japanese: characters, digit and Latin runs;
    English: words), into clauses for long texts, and where a token may not be split."""

    token: re.Pattern[str]
    clause: re.Pattern[str]
    joined: Callable[[str, str], bool]


def _joined_chars(before: str, after: str) -> bool:
    return (_is_digit(before) and _is_digit(after)) or (_is_latin(before) and _is_latin(after))


def _joined_words(before: str, after: str) -> bool:
    return _joined_chars(before, after) or bool(
        _IS_LETTER.match(before) and _IS_LETTER.match(after)
    )


_CHARACTERS: Final = _Mode(_TOKEN, CLAUSE, _joined_chars)
_WORDS: Final = _Mode(_WORD_TOKEN, _WORD_CLAUSE, _joined_words)


def _mode(old: str, new: str) -> _Mode:
    return _WORDS if is_latin(old[:_SAMPLE] + new[:_SAMPLE]) else _CHARACTERS


def word_tokens(text: str) -> list[str]:
    """The tokens of Latin-script text: words, digit runs, any other character alone.

    >>> word_tokens("Société's non-exclusive licence, 30 days")
    ["Société's", ' ', 'non-exclusive', ' ', 'licence', ',', ' ', '30', ' ', 'days']
    """
    return _WORD_TOKEN.findall(text)


def tokens(text: str) -> list[str]:
    """Digit runs and Latin runs are one token each; any other character is a token alone.

    >>> tokens("第14.5%SORACOM Flux")
    ['第', '14', '.', '5', '%', 'SORACOM', ' ', 'Flux']
    """
    return _TOKEN.findall(text)


def char_diff(old: str, new: str) -> tuple[DiffOp, ...]:
    """The diff from `old` to `new`: EQUAL and DELETE ops rebuild `old`, EQUAL and INSERT `new`.

    >>> char_diff("変更又は終了する3か月前までに", "変更又は終了する1か月前までに")
    ((0, '変更又は終了する'), (-1, '3'), (1, '1'), (0, 'か月前までに'))
    >>> char_diff("the technology, method, and more", "the technology, methods, and more")
    ((0, 'the technology, '), (-1, 'method'), (1, 'methods'), (0, ', and more'))
    """
    if old == new:
        return ((EQUAL, old),) if old else ()
    # Always diff in one direction so that swapping the versions mirrors the result exactly.
    if old > new:
        return mirror(_token_diff(new, old))
    return _token_diff(old, new)


def mirror(diff: tuple[DiffOp, ...]) -> tuple[DiffOp, ...]:
    """The diff from new to old: deletions become insertions and the reverse, canonically ordered.

    >>> mirror(((0, "a"), (-1, "b"), (1, "c")))
    ((0, 'a'), (-1, 'c'), (1, 'b'))
    """
    return _canonical([(-op, text) for op, text in diff])


def old_text(diff: tuple[DiffOp, ...]) -> str:
    return "".join(text for op, text in diff if op != INSERT)


def new_text(diff: tuple[DiffOp, ...]) -> str:
    return "".join(text for op, text in diff if op != DELETE)


@dataclass(frozen=True)
class Hunk:
    """A maximal run of deletions and insertions: where it sits in each text, and what it holds."""

    old_start: int
    old_end: int
    new_start: int
    new_end: int
    deleted: str
    inserted: str


def hunks(diff: tuple[DiffOp, ...]) -> list[Hunk]:
    """The hunks of a diff, in order.

    >>> hunks(((0, "ab"), (-1, "c"), (1, "de"), (0, "f")))
    [Hunk(old_start=2, old_end=3, new_start=2, new_end=4, deleted='c', inserted='de')]
    """
    result: list[Hunk] = []
    old_at = new_at = 0
    deleted = inserted = ""
    for op, text in (*diff, (EQUAL, "")):
        if op == DELETE:
            deleted += text
            continue
        if op == INSERT:
            inserted += text
            continue
        if deleted or inserted:
            old_end, new_end = old_at + len(deleted), new_at + len(inserted)
            result.append(Hunk(old_at, old_end, new_at, new_end, deleted, inserted))
            old_at, new_at, deleted, inserted = old_end, new_end, "", ""
        old_at += len(text)
        new_at += len(text)
    return result


def _token_diff(old: str, new: str) -> tuple[DiffOp, ...]:
    # Tokenising a whole article for a one-character edit is most of the cost: set the common
    # head and tail aside first, cut back to a token boundary so no digit run is split.
    mode = _mode(old, new)
    head, tail = _common_ends(old, new, mode)
    middle = _middle_diff(old[head : len(old) - tail], new[head : len(new) - tail], mode)
    return _canonical([(EQUAL, old[:head]), *middle, (EQUAL, old[len(old) - tail :])])


def _middle_diff(old: str, new: str, mode: _Mode) -> list[DiffOp]:
    """A token diff when it is affordable; otherwise clause by clause.

    Myers' diff costs (length × differences): two long, very different texts would take
    seconds. Above `BUDGET` the texts are cut into clauses (after 。、) and line breaks),
    equal clauses anchor the alignment, and each run of changed clauses is diffed as a whole
    when small, or pair by pair, similar clauses matched in order, when not."""
    if len(old) * len(new) <= BUDGET:
        return _block_diff(old, new, mode)
    vocabulary: dict[str, str] = {}
    words: list[str] = []
    old_code = _encode(mode.clause.findall(old), vocabulary, words)
    new_code = _encode(mode.clause.findall(new), vocabulary, words)
    result: list[DiffOp] = []
    deleted: list[str] = []
    inserted: list[str] = []
    for op, code in (*_engine().diff_main(old_code, new_code, False), (EQUAL, "")):
        clauses = [words[_index(ch)] for ch in code]
        if op == DELETE:
            deleted += clauses
        elif op == INSERT:
            inserted += clauses
        else:
            if len("".join(deleted)) * len("".join(inserted)) <= BUDGET:
                result += _block_diff("".join(deleted), "".join(inserted), mode)
            else:
                result += _paired_diff(deleted, inserted, mode)
            result.append((EQUAL, "".join(clauses)))
            deleted, inserted = [], []
    return result


def _paired_diff(old: list[str], new: list[str], mode: _Mode) -> list[DiffOp]:
    """Pair similar clauses in order (most total similarity wins), diff each pair, and show
    the clauses left over as deleted or inserted whole."""
    old_grams = [bigrams(c) for c in old]
    new_grams = [bigrams(c) for c in new]
    # best[i][j]: the most similarity reachable pairing old[i:] with new[j:]
    best = [[0.0] * (len(new) + 1) for _ in range(len(old) + 1)]
    for i in range(len(old) - 1, -1, -1):
        for j in range(len(new) - 1, -1, -1):
            score = dice(old_grams[i], new_grams[j])
            paired = best[i + 1][j + 1] + score if score >= UNRELATED else -1.0
            best[i][j] = max(paired, best[i + 1][j], best[i][j + 1])
    result: list[DiffOp] = []
    i = j = 0
    while i < len(old) and j < len(new):
        score = dice(old_grams[i], new_grams[j])
        if score >= UNRELATED and best[i][j] == best[i + 1][j + 1] + score:
            result += _block_diff(old[i], new[j], mode)
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            result.append((DELETE, old[i]))
            i += 1
        else:
            result.append((INSERT, new[j]))
            j += 1
    result += [(DELETE, clause) for clause in old[i:]]
    result += [(INSERT, clause) for clause in new[j:]]
    return result


def _block_diff(old: str, new: str, mode: _Mode) -> list[DiffOp]:
    """The token diff of two texts; text sharing next to nothing is replaced whole."""
    if not old or not new:
        return [(DELETE, old), (INSERT, new)]
    if dice(bigrams(old), bigrams(new)) < UNRELATED:
        return [(DELETE, old), (INSERT, new)]
    vocabulary: dict[str, str] = {}
    words: list[str] = []
    old_code = _encode(mode.token.findall(old), vocabulary, words)
    new_code = _encode(mode.token.findall(new), vocabulary, words)
    engine = _engine()
    coded = engine.diff_main(old_code, new_code, False)
    engine.diff_cleanupEfficiency(coded)
    return [(op, "".join([words[_index(ch)] for ch in code])) for op, code in coded]


def fine_diff(old: str, new: str) -> tuple[DiffOp, ...]:
    """The token diff without the efficiency cleanup: every shared token stays shared. Too
    scattered to show a reader, but it splits a replacement that the cleanup merged
    (`甲及び乙` → `当社及び利用者`) into its parts, which is what finding substitutions needs.

    >>> fine_diff("甲及び乙", "当社及び利用者")
    ((-1, '甲'), (1, '当社'), (0, '及び'), (-1, '乙'), (1, '利用者'))
    """
    mode = _mode(old, new)
    vocabulary: dict[str, str] = {}
    words: list[str] = []
    old_code = _encode(mode.token.findall(old), vocabulary, words)
    new_code = _encode(mode.token.findall(new), vocabulary, words)
    coded = _engine().diff_main(old_code, new_code, False)
    return _canonical([(op, "".join([words[_index(ch)] for ch in code])) for op, code in coded])


def _engine() -> diff_match_patch:
    engine = diff_match_patch()
    engine.Diff_Timeout = 0
    engine.Diff_EditCost = EDIT_COST
    return engine


def _common_ends(old: str, new: str, mode: _Mode = _CHARACTERS) -> tuple[int, int]:
    """The lengths of the common head and tail, each ending on a token boundary in both texts.

    >>> _common_ends("年14.5%", "年10.0%")
    (1, 1)
    """
    engine = _engine()
    head = engine.diff_commonPrefix(old, new)
    while head > 0 and (_joined(old, head, mode) or _joined(new, head, mode)):
        head -= 1
    tail = min(engine.diff_commonSuffix(old, new), min(len(old), len(new)) - head)
    while tail > 0 and (_joined(old, len(old) - tail, mode) or _joined(new, len(new) - tail, mode)):
        tail -= 1
    return head, tail


def _joined(text: str, at: int, mode: _Mode) -> bool:
    """True when position `at` falls inside a token that may not be split: a digit run, a
    Latin run (a word, in English)."""
    if at <= 0 or at >= len(text):
        return False
    return mode.joined(text[at - 1], text[at])


def _is_digit(char: str) -> bool:
    return "0" <= char <= "9"


def _is_latin(char: str) -> bool:
    return "a" <= char <= "z" or "A" <= char <= "Z"


def _encode(parts: list[str], vocabulary: dict[str, str], words: list[str]) -> str:
    """One character per token, like diff-match-patch's linesToChars, skipping surrogates."""
    for part in parts:
        if part not in vocabulary:
            number = len(words) + 1
            vocabulary[part] = chr(number if number < _SURROGATES else number + 0x800)
            words.append(part)
    return "".join([vocabulary[part] for part in parts])


def _index(code: str) -> int:
    number = ord(code)
    return (number if number < _SURROGATES else number - 0x800) - 1


def _canonical(ops: list[DiffOp]) -> tuple[DiffOp, ...]:
    """Merge each run between equal ops into one deletion then one insertion; drop empty ops."""
    result: list[DiffOp] = []
    deleted = inserted = ""
    for op, text in (*ops, (EQUAL, "")):
        if op == DELETE:
            deleted += text
        elif op == INSERT:
            inserted += text
        else:
            if deleted:
                result.append((DELETE, deleted))
            if inserted:
                result.append((INSERT, inserted))
            deleted = inserted = ""
            if text:
                if result and result[-1][0] == EQUAL:
                    result[-1] = (EQUAL, result[-1][1] + text)
                else:
                    result.append((EQUAL, text))
    return tuple(result)
