"""Documents for the substitution tests: a 就業規則 of many short articles, and edits applied
to every article the way a drafter's "replace all" does."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from support.compare import ParagraphSpec, Spec

WORK_RULES_WORDS = ("賃金", "休暇", "研修", "出張", "安全", "衛生", "表彰", "懲戒", "服務", "休職")


def work_rules(count: int, *, worker: str = "労働者", company: str = "会社") -> list[Spec]:
    """`count` articles of a 就業規則, each naming the worker twice and the employer once; each
    article refers to the next one (by caption, so renumbering follows)."""
    specs = []
    for n in range(1, count + 1):
        topic = WORK_RULES_WORDS[n % len(WORK_RULES_WORDS)]
        following = f"{{規則{n + 1}}}" if n < count else "{規則1}"
        specs.append(
            Spec(
                f"{topic}{n}",
                (
                    f"{worker}は、{topic}に関する第{n}区分の事項について、{following}の定めに従う。",
                    f"{company}は、{worker}から申出があったときは、速やかに回答する。",
                ),
                name=f"規則{n}",
            )
        )
    return specs


def replace_all(specs: Sequence[Spec], old: str, new: str) -> list[Spec]:
    """Every article with `old` replaced by `new` in its paragraphs, items and caption."""
    return [
        replace(
            s,
            caption=s.caption.replace(old, new) if s.caption else s.caption,
            paragraphs=tuple(_replaced(p, old, new) for p in s.paragraphs),
            name=s.ref_name,
        )
        for s in specs
    ]


def _replaced(paragraph: ParagraphSpec, old: str, new: str) -> ParagraphSpec:
    if isinstance(paragraph, str):
        return paragraph.replace(old, new)
    text, items = paragraph
    return (text.replace(old, new), [i.replace(old, new) for i in items])


def without(specs: Sequence[Spec], name: str) -> list[Spec]:
    """The articles without the one referred to as `name`; references to it go to 規則1."""
    kept = [s for s in specs if s.ref_name != name]
    return [
        replace(
            s, paragraphs=tuple(_replaced(p, "{" + name + "}", "{規則1}") for p in s.paragraphs)
        )
        for s in kept
    ]
