"""The report of a `check` run: what a compliance officer reads, forwards and prints.

Real runs against a loopback site, a real SQLite file; the HTML is read with a real HTML parser
(Chromium tests are in test_report_browser.py).
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from support.http import Site
from support.run import (
    EFFECTIVE,
    REVISION_003,
    SEED_003,
    SEED_004,
    TEXT,
    report_files,
    run,
    write_config,
)


@pytest.fixture
def changed_run(tmp_path: Path, site: Site) -> Path:
    """Two runs: version 1 of two agreements, then a revision of securecam and beta failing."""
    site.put("/securecam.txt", SEED_003.encode(), TEXT)
    site.put("/beta.txt", SEED_004.encode(), TEXT)
    config = write_config(
        tmp_path,
        {"securecam": site.url("/securecam.txt"), "beta": site.url("/beta.txt")},
        names={"securecam": "セキュアカメラ利用規約", "beta": "ベータ版規約"},
    )
    assert run(config, "check").exit_code == 0
    site.put("/securecam.txt", REVISION_003.encode(), TEXT)
    site.fail("/beta.txt", "500")
    assert run(config, "check").exit_code == 3
    return config


class Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)

    @property
    def text(self) -> str:
        return "".join(self.chunks)


def page_text(path: Path) -> Text:
    parser = Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_the_run_report_leads_with_changes_counts_and_urgent_obligations(
    tmp_path: Path, changed_run: Path
) -> None:
    html = report_files(tmp_path, ".html")[-1]
    page = page_text(html)
    text = page.text
    overview = text[: text.index("新旧対照表")]
    assert "変更された規約" in overview and "セキュアカメラ利用規約" in overview
    assert "v1 → v2" in overview
    # the obligations table: most urgent first, with due dates
    urgent = text[text.index("要対応") : text.index("取得失敗・要確認", text.index("要対応"))]
    assert urgent.index("重要") < urgent.index("要確認")
    assert EFFECTIVE.isoformat() in urgent  # the 548条の4 finding is due on the effective date
    # the failed document, with the reason
    assert "ベータ版規約" in text and "HTTP 500" in text
    # per agreement: versions, dates, effective date, key terms, the table
    assert "効力発生日" in text and EFFECTIVE.isoformat() in text
    assert "変わった数値・期間" in text and "3か月" in text and "1か月" in text
    assert "改定後" in text and "改定前" in text and "（新設）" in text
    assert "script" not in page.tags and "link" not in page.tags and "img" not in page.tags


def test_the_three_formats_say_the_same_and_rerendering_reproduces_them(
    tmp_path: Path, changed_run: Path
) -> None:
    written = {p.suffix: p.read_bytes() for p in report_files(tmp_path, "")[-3:]}
    assert set(written) == {".html", ".md", ".json"}
    data = json.loads(written[".json"])
    assert data["changed"] == ["securecam"]
    assert data["counts"] == {"changed": 1, "failed": 1}
    assert data["urgent"][0]["severity"] == "high"
    markdown = written[".md"].decode()
    assert "## 要対応" in markdown and "| ベータ版規約 (`beta`) | 取得失敗 |" in markdown
    for path in report_files(tmp_path, ""):
        path.unlink()
    result = run(changed_run, "report", "2")
    assert result.exit_code == 0, result.output
    again = {p.suffix: p.read_bytes() for p in report_files(tmp_path, "")}
    assert again == written  # byte for byte what the run wrote
    printed = run(changed_run, "report", "latest", "--format", "markdown")
    assert printed.stdout.encode() == written[".md"]


def test_the_column_order_is_configurable(tmp_path: Path, changed_run: Path) -> None:
    text = changed_run.read_text(encoding="utf-8")
    changed_run.write_text(text + '\n[report]\norder = "old-new"\n', encoding="utf-8")
    html = run(changed_run, "report", "--format", "html").stdout
    assert html.index("<th>改定前</th>") < html.index("<th>改定後</th>")
    default = report_files(tmp_path, ".html")[-1].read_text(encoding="utf-8")
    assert default.index("<th>改定後</th>") < default.index("<th>改定前</th>")


def test_the_index_lists_every_run_newest_first_with_links(
    tmp_path: Path, changed_run: Path
) -> None:
    index = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    run2, run1 = report_files(tmp_path, ".html")[::-1]
    assert index.index(f'href="{run2.name}"') < index.index(f'href="{run1.name}"')
    assert 'href="feed.atom"' in index and 'type="application/atom+xml"' in index
    assert "セキュアカメラ利用規約" in index


def test_report_of_an_unknown_run_is_a_clear_error(tmp_path: Path, changed_run: Path) -> None:
    result = run(changed_run, "report", "99")
    assert result.exit_code == 2
    assert "no run 99" in result.stderr and "latest: 2, 1" in result.stderr
    assert run(changed_run, "report", "yesterday").exit_code == 2


def test_report_files_are_named_from_the_run_never_from_ids_or_urls(
    tmp_path: Path, site: Site
) -> None:
    site.put("/../../etc/passwd?x=/../y", SEED_004.encode(), TEXT)
    config = write_config(tmp_path, {"a..b": site.url("/..%2f..%2fetc/passwd?x=/../y")})
    run(config, "check")
    reports = tmp_path / "reports"
    written = sorted(p.name for p in reports.iterdir())
    assert all(p.parent == reports for p in reports.iterdir())
    assert len(written) == 5 and all(".." not in name and "/" not in name for name in written)


def test_check_sweeps_temporary_files_a_killed_run_left(tmp_path: Path, site: Site) -> None:
    site.put("/beta.txt", SEED_004.encode(), TEXT)
    config = write_config(tmp_path, {"beta": site.url("/beta.txt")})
    run(config, "check")
    stale = [
        tmp_path / "reports" / ".index.html.k3j2_x.tmp",
        tmp_path / "snapshots" / "ab" / ".abcdef.q9.tmp",
    ]
    kept = tmp_path / "reports" / "notes.tmp"  # not one of ours: left alone
    for path in [*stale, kept]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half")
    assert run(config, "check").exit_code == 0
    assert not any(path.exists() for path in stale) and kept.exists()


def test_names_errors_and_warnings_are_text_in_the_markdown_report(
    tmp_path: Path, site: Site
) -> None:
    # Rendered by GitHub, GitLab or a mail client, a raw `<script>` or `[x](javascript:…)`
    # from a name or an error would be markup; everything a document brings is escaped.
    hostile = "<script>alert(1)</script> | *規約* [x](javascript:alert(1)) <img src=x onerror=y>"
    site.put("/securecam.txt", SEED_003.encode(), TEXT)
    site.put("/beta.txt", SEED_004.encode(), TEXT)
    documents = {"securecam": site.url("/securecam.txt"), "beta": site.url("/beta.txt")}
    config = write_config(tmp_path, documents, names={"securecam": hostile, "beta": hostile})
    assert run(config, "check").exit_code == 0
    site.put("/securecam.txt", REVISION_003.encode(), TEXT)
    site.fail("/beta.txt", "500")
    assert run(config, "check").exit_code == 3
    markdown = report_files(tmp_path, ".md")[-1].read_text(encoding="utf-8")
    for raw in ("<script>", "<img", "[x](", "| *規約*"):
        assert raw not in markdown, raw
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; \\| \\*規約\\* \\[x\\](javascript:alert(1))"
    assert markdown.count(escaped) >= 4  # the outcome rows, the finding, the section heading
    assert f"## {escaped}" in markdown
