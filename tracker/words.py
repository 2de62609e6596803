"""Text a reader sees, in both languages a report can speak: findings, their reasons and the
actions they suggest are built once with an English and a Japanese wording, and each report
picks one (`[report] language`).

>>> words = Words("notice 3 months before", "3か月前までの通知")
>>> words.in_("ja"), words.in_("en"), str(words)
('3か月前までの通知', 'notice 3 months before', 'notice 3 months before')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

Language = Literal["ja", "en"]
LANGUAGES: Final[tuple[Language, ...]] = ("ja", "en")


@dataclass(frozen=True)
class Words:
    """One piece of text in English and in Japanese."""

    en: str
    ja: str

    def in_(self, language: Language) -> str:
        return self.ja if language == "ja" else self.en

    def __str__(self) -> str:
        return self.en


def joined(words: Iterable[Words], en: str = "; ", ja: str = "、") -> Words:
    """Several pieces as one, each language with its own separator.

    >>> joined([Words("a", "甲"), Words("b", "乙")])
    Words(en='a; b', ja='甲、乙')
    """
    pieces = list(words)
    return Words(en.join(w.en for w in pieces), ja.join(w.ja for w in pieces))
