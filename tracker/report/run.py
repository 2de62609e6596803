"""The report of one `tracker check` run, as JSON and Markdown (pure: strings out).

For each document: what happened (first version, changed, unchanged, not modified, suspect,
failed), and for a change its summary and 新旧対照表.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tracker.compare.model import Comparison
from tracker.obligations import Finding
from tracker.report.comparison_json import comparison_to_json
from tracker.report.comparison_markdown import render_markdown
from tracker.report.findings_json import findings_to_json

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2, "info": 3}
OUTCOME_JA = {
    "first": "初回取得",
    "changed": "変更あり",
    "unchanged": "変更なし",
    "not-modified": "変更なし (304)",
    "suspect": "要確認 (抽出の異常)",
    "failed": "取得失敗",
}


@dataclass(frozen=True)
class DocumentOutcome:
    """What a run did for one document, with what a reader needs to know about it."""

    id: str
    name: str
    url: str
    kind: str  # an OutcomeKind value
    version: int | None
    previous: int | None
    error: str | None
    comparison: Comparison | None
    findings: tuple[Finding, ...] = ()


def run_to_json(
    run_id: int, started: datetime, finished: datetime, documents: Sequence[DocumentOutcome]
) -> dict[str, Any]:
    return {
        "run": run_id,
        "started": started.isoformat(),
        "finished": finished.isoformat(),
        "counts": _counts(documents),
        "documents": [
            {
                "id": d.id,
                "name": d.name,
                "url": d.url,
                "outcome": d.kind,
                "version": d.version,
                "previous": d.previous,
                "error": d.error,
                "comparison": comparison_to_json(d.comparison) if d.comparison else None,
                "obligations": findings_to_json(d.findings),
            }
            for d in documents
        ],
    }


def _counts(documents: Sequence[DocumentOutcome]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for document in documents:
        counts[document.kind] = counts.get(document.kind, 0) + 1
    return counts


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def run_to_markdown(
    run_id: int, started: datetime, finished: datetime, documents: Sequence[DocumentOutcome]
) -> str:
    changed = [d for d in documents if d.comparison is not None]
    problems = [d for d in documents if d.kind in ("failed", "suspect")]
    lines = [
        f"# tracker check — run {run_id}",
        "",
        f"{started.isoformat(timespec='seconds')} – {finished.isoformat(timespec='seconds')}"
        f"　変更 {len(changed)}件 · 取得失敗・要確認 {len(problems)}件 · 対象 {len(documents)}件",
        "",
        "| 文書 | 結果 | 版 | 備考 |",
        "| --- | --- | --- | --- |",
    ]
    for d in documents:
        version = "" if d.version is None else f"v{d.version}"
        if d.previous is not None and d.version is not None:
            version = f"v{d.previous} → v{d.version}"
        note = d.error or ""
        if d.comparison is not None:
            s = d.comparison.summary
            note = (
                f"新設 {s.added} · 削除 {s.removed} · 改正 {s.modified} · 条番号変更 {s.renumbered}"
            )
        lines.append(
            f"| {_escape(d.name)} (`{d.id}`) | {OUTCOME_JA.get(d.kind, d.kind)} | {version} "
            f"| {_escape(note)} |"
        )
    urgent = sorted(
        ((f, d) for d in documents for f in d.findings if f.severity in ("high", "medium")),
        key=lambda pair: (SEVERITY_ORDER.get(pair[0].severity, 9), pair[0].due or date.max),
    )
    if urgent:
        lines += ["", "## 要対応 — obligations, most urgent first", ""]
        for finding, d in urgent:
            due = f" (due {finding.due.isoformat()})" if finding.due else ""
            lines.append(f"- **{finding.severity}** {d.name} (`{d.id}`){due}: {finding.message}")
    for d in changed:
        assert d.comparison is not None
        lines += ["", f"## {d.name} (`{d.id}`): v{d.previous} → v{d.version}", ""]
        table = render_markdown(d.comparison)
        # The comparison's own title line is replaced by the heading above.
        lines += table.split("\n", 1)[1].lstrip("\n").splitlines()
    return "\n".join(lines) + "\n"
