"""The report of one `tracker check` run, as JSON, Markdown and HTML (pure: strings out).

On top: which agreements changed, with counts, and the obligation findings, most urgent first.
Then, per agreement: versions and dates, the effective date, the key terms that changed, and the
新旧対照表. Documents that failed or look suspect are listed with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tracker.compare.locations import section_label
from tracker.compare.model import Comparison, KeyTerm
from tracker.compare.serialize import comparison_to_json
from tracker.obligations import Finding
from tracker.report.comparison_markdown import escape, render_markdown
from tracker.report.comparison_parts import summary_in
from tracker.report.comparison_table import comparison_table
from tracker.report.findings_json import findings_to_json
from tracker.report.html_templates import render
from tracker.report.labels import labels_for

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2, "info": 3}
SEVERITY_JA = {"high": "重要", "medium": "要確認", "low": "参考", "info": "情報"}
OUTCOME_JA = {
    "first": "初回取得",
    "changed": "変更あり",
    "unchanged": "変更なし",
    "not-modified": "変更なし (304)",
    "suspect": "要確認 (抽出の異常)",
    "failed": "取得失敗",
}
PROBLEM_KINDS = ("failed", "suspect")


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
    version_seen: datetime | None = None  # when the current version was first seen
    previous_seen: datetime | None = None
    # What the parse of a version recorded in this run doubted: its structure may be read wrong.
    warnings: tuple[str, ...] = ()
    # Where the configured address led when it redirected elsewhere: the agreement may have moved.
    moved_to: str | None = None
    # Stored versions (numbers) whose raw snapshot file is gone from the snapshots folder.
    missing_snapshots: tuple[int, ...] = ()

    @property
    def effective(self) -> date | None:
        """The effective date the new text states (施行日), if any."""
        return self.comparison.new.dates.effective if self.comparison else None


@dataclass(frozen=True)
class RunReport:
    run_id: int
    started: datetime
    finished: datetime | None  # None: the run did not finish (killed)
    documents: tuple[DocumentOutcome, ...]

    @property
    def changed(self) -> list[DocumentOutcome]:
        return [d for d in self.documents if d.comparison is not None]

    @property
    def problems(self) -> list[DocumentOutcome]:
        return [d for d in self.documents if d.kind in PROBLEM_KINDS]

    @property
    def missing(self) -> list[DocumentOutcome]:
        """Documents with stored versions whose raw snapshot file is gone."""
        return [d for d in self.documents if d.missing_snapshots]

    @property
    def moved(self) -> list[DocumentOutcome]:
        """Documents whose address redirected to another one in this run."""
        return [d for d in self.documents if d.moved_to]

    @property
    def doubtful(self) -> list[DocumentOutcome]:
        """Documents whose version recorded in this run was read with doubts."""
        return [d for d in self.documents if d.warnings]

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for document in self.documents:
            counts[document.kind] = counts.get(document.kind, 0) + 1
        return counts

    def urgent(self) -> list[tuple[Finding, DocumentOutcome]]:
        """High and medium findings of every document: most severe first, then earliest due."""
        return sorted(
            (
                (f, d)
                for d in self.documents
                for f in d.findings
                if f.severity in ("high", "medium")
            ),
            key=lambda pair: (SEVERITY_ORDER.get(pair[0].severity, 9), pair[0].due or date.max),
        )


@dataclass(frozen=True)
class TermChange:
    """A key term that changed, with where: 第8条 期間 3か月 → 1か月."""

    where: str
    label: str
    old: str
    new: str


def term_changes(comparison: Comparison) -> list[TermChange]:
    """Each changed term once: the same change made in several sections (a substitution of
    3か月 → 1か月 throughout) is one line naming them (第8条・第12条ほか3条)."""
    labels = labels_for(comparison)
    wheres: dict[tuple[str, str, str], list[str]] = {}
    for change in comparison.changes:
        section = change.new or change.old
        where = section_label(section) if section else ""
        for term in change.key_terms:
            found = _term(where, term, labels.terms, "—" if labels.english else "なし")
            wheres.setdefault((found.label, found.old, found.new), []).append(where)
    return [
        TermChange(_places(places, labels.english), label, old, new)
        for (label, old, new), places in wheres.items()
    ]


def _places(places: list[str], english: bool = False) -> str:
    unique = list(dict.fromkeys(places))
    separator = ", " if english else "・"
    if len(unique) <= 3:
        return separator.join(unique)
    more = f" and {len(unique) - 2} more" if english else f"ほか{len(unique) - 2}条"
    return separator.join(unique[:2]) + more


def _term(where: str, term: KeyTerm, names: dict[str, str], none: str) -> TermChange:
    return TermChange(where, names[term.type.value], term.old or none, term.new or none)


def summary_of(comparison: Comparison) -> str:
    """The summary of a comparison in its agreement's language."""
    return summary_in(comparison, labels_for(comparison))


def _stamp(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def run_to_json(report: RunReport) -> dict[str, Any]:
    return {
        "run": report.run_id,
        "started": _stamp(report.started),
        "finished": _stamp(report.finished),
        "counts": report.counts(),
        "changed": [d.id for d in report.changed],
        "urgent": [
            {"document": d.id, **findings_to_json([finding])[0]} for finding, d in report.urgent()
        ],
        "documents": [
            {
                "id": d.id,
                "name": d.name,
                "url": d.url,
                "final_url": d.moved_to,
                "missing_snapshots": list(d.missing_snapshots),
                "outcome": d.kind,
                "version": d.version,
                "previous": d.previous,
                "version_seen": _stamp(d.version_seen),
                "previous_seen": _stamp(d.previous_seen),
                "effective": d.effective.isoformat() if d.effective else None,
                "error": d.error,
                "warnings": list(d.warnings),
                "comparison": comparison_to_json(d.comparison) if d.comparison else None,
                "obligations": findings_to_json(d.findings),
            }
            for d in report.documents
        ],
    }


def _escape(text: str) -> str:
    """Document text (names, errors, warnings, findings) safe in Markdown: on one line, its
    Markdown punctuation backslashed and its HTML escaped, so a name such as `<script>…` or
    `[x](javascript:…)` stays text wherever the Markdown is rendered."""
    return escape(" ".join(text.splitlines()))


def _versions(d: DocumentOutcome) -> str:
    if d.version is None:
        return ""
    if d.previous is None:
        return f"v{d.version}"
    return f"v{d.previous} → v{d.version}"


def _numbers(versions: tuple[int, ...]) -> str:
    """`v1, v2`: version numbers as the report writes them."""
    return ", ".join(f"v{number}" for number in versions)


def _day(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment else "?"


def run_to_markdown(report: RunReport) -> str:
    finished = _stamp(report.finished) or "(中断)"
    lines = [
        f"# tracker check — run {report.run_id}",
        "",
        f"{_stamp(report.started)} – {finished}"
        f"　変更 {len(report.changed)}件 · 取得失敗・要確認 {len(report.problems)}件"
        f" · 対象 {len(report.documents)}件",
        "",
        "| 文書 | 結果 | 版 | 備考 |",
        "| --- | --- | --- | --- |",
    ]
    for d in report.documents:
        note = d.error or ""
        if d.comparison is not None:
            s = d.comparison.summary
            note = (
                f"新設 {s.added} · 削除 {s.removed} · 改正 {s.modified} · 条番号変更 {s.renumbered}"
            )
        if d.warnings:
            note = f"{note} · 構成に疑義 {len(d.warnings)}件".lstrip(" ·")
        if d.missing_snapshots:
            note = f"{note} · 生データ欠落 {_numbers(d.missing_snapshots)}".lstrip(" ·")
        if d.moved_to and d.moved_to not in (d.error or ""):
            note = f"{note} · 転送先 {d.moved_to}".lstrip(" ·")
        lines.append(
            f"| {_escape(d.name)} (`{d.id}`) | {OUTCOME_JA.get(d.kind, d.kind)} | {_versions(d)} "
            f"| {_escape(note)} |"
        )
    if urgent := report.urgent():
        lines += ["", "## 要対応 — obligations, most urgent first", ""]
        for finding, d in urgent:
            due = f" (due {finding.due.isoformat()})" if finding.due else ""
            lines.append(
                f"- **{finding.severity}** {_escape(d.name)} (`{d.id}`){due}:"
                f" {_escape(finding.message)}"
            )
    if doubtful := report.doubtful:
        lines += ["", "## 構成に疑義 — read these versions against the source", ""]
        for d in doubtful:
            lines.append(f"- {_escape(d.name)} (`{d.id}`) {_versions(d)}:")
            lines.extend(f"  - {_escape(warning)}" for warning in d.warnings)
    if missing := report.missing:
        lines += [
            "",
            "## 生データの欠落 — raw snapshots missing from the snapshots folder",
            "",
            "What was published cannot be shown again or re-derived (`tracker rebuild`) for"
            " these versions: restore the snapshots folder from a backup.",
            "",
        ]
        for d in missing:
            lines.append(f"- {_escape(d.name)} (`{d.id}`): {_numbers(d.missing_snapshots)}")
    if moved := report.moved:
        lines += [
            "",
            "## 転送 — the configured address led elsewhere (has the agreement moved?)",
            "",
        ]
        for d in moved:
            assert d.moved_to is not None
            lines.append(
                f"- {_escape(d.name)} (`{d.id}`): {_escape(d.url)} → {_escape(d.moved_to)}"
            )
    for d in report.changed:
        assert d.comparison is not None
        lines += ["", f"## {_escape(d.name)} (`{d.id}`): {_versions(d)}", ""]
        before, after = _day(d.previous_seen), _day(d.version_seen)
        lines.append(f"- 版: v{d.previous}（{before}）→ v{d.version}（{after}）")
        if d.effective:
            lines.append(f"- 効力発生日: {d.effective.isoformat()}")
        for term in term_changes(d.comparison):
            lines.append(
                f"- {_escape(term.where)} {term.label}: {_escape(term.old)} → {_escape(term.new)}"
            )
        table = render_markdown(d.comparison)
        # The comparison's own title line is replaced by the heading above.
        lines += ["", *table.split("\n", 1)[1].lstrip("\n").splitlines()]
    return "\n".join(lines) + "\n"


def run_to_html(report: RunReport, *, new_first: bool = True) -> str:
    """The run report as one self-contained page (inline CSS, no scripts, prints on A4)."""
    return render(
        "run.html.j2",
        report=report,
        outcome_ja=OUTCOME_JA,
        severity_ja=SEVERITY_JA,
        new_first=new_first,
        table_of=comparison_table,
        terms_of=term_changes,
        summary_of=summary_of,
        stamp=_stamp,
        safe_url=safe_url,
    )


def safe_url(url: str) -> str | None:
    """A URL fit for an href: http(s) only, so a `javascript:` URL is shown, never linked."""
    return url if url.lower().startswith(("http://", "https://")) else None
