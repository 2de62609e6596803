"""The 新旧対照表 as one self-contained HTML page, safe against any document text."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser

from support.compare import BASE, NEW_ARTICLE, build, recaption, replace_text

from tracker.compare import compare_documents
from tracker.report.comparison import render_comparison

HOSTILE = '<script>alert(1)</script>" onerror="alert(2)" javascript:alert(3)'


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(page: str) -> Collector:
    collector = Collector()
    collector.feed(page)
    return collector


def hostile_page() -> str:
    specs = replace_text(BASE, "サービスの終了", "3か月前", HOSTILE)
    specs[2] = recaption(specs[2], "<img src=x onerror=alert(4)>")
    new = replace(build(specs, source='"><script>alert(5)</script>'), title="<b>規約</b>")
    return render_comparison(compare_documents(build(BASE), new), "html")


def test_page_is_self_contained() -> None:
    page = render_comparison(compare_documents(build(BASE), build([*BASE, NEW_ARTICLE])), "html")
    assert page.startswith('<!DOCTYPE html>\n<html lang="ja">')
    assert '<meta charset="utf-8">' in page
    assert "<style>" in page and "Hiragino" in page and "Noto Sans CJK JP" in page
    assert not re.search(r"\b(src|href)\s*=", page)
    assert "<script" not in page and "<link" not in page and "@import" not in page


def test_changes_are_readable_without_colour() -> None:
    new = build(replace_text(BASE, "サービスの終了", "3か月前", "1か月前"))
    page = render_comparison(compare_documents(build(BASE), new), "html")
    assert "ins { text-decoration: underline" in page
    assert "del { text-decoration: line-through underline" in page
    assert "<ins>1</ins>か月前" in page and "<del>3</del>か月前" in page
    assert page.index("<th>改定後</th>") < page.index("<th>改定前</th>")
    swapped = render_comparison(compare_documents(build(BASE), new), "html", new_first=False)
    assert swapped.index("<th>改定前</th>") < swapped.index("<th>改定後</th>")
    assert swapped.index("<del>3</del>") < swapped.index("<ins>1</ins>")


def test_placeholders_for_added_and_removed_sections() -> None:
    old = build(BASE)
    new = build([*BASE[:3], NEW_ARTICLE, BASE[3], *BASE[5:]])
    page = render_comparison(compare_documents(old, new), "html")
    assert '<span class="placeholder">（新設）</span>' in page
    assert '<span class="placeholder">（削除）</span>' in page
    assert "<p>条番号のみの変更: 第4条→第5条</p>" in page


def test_hostile_document_text_appears_as_text() -> None:
    page = hostile_page()
    collector = parsed(page)
    assert (
        "script" not in collector.tags and "img" not in collector.tags and "b" not in collector.tags
    )
    assert all(
        name in ("lang", "charset", "name", "content", "class") for name, _ in collector.attrs
    )
    text = "".join(collector.text)
    assert "<script>alert(1)</script>" in text
    assert '" onerror="alert(2)"' in text
    assert "javascript:alert(3)" in text
    assert "<img src=x onerror=alert(4)>" in text
    assert '"><script>alert(5)</script>' in text
    # Jinja2 (markupsafe) escapes quotes as numeric references.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34; onerror=&#34;alert(2)&#34;" in page
