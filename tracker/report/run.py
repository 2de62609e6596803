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
from tracker.report.findings_view import FindingRow, finding_rows, findings_markdown
from tracker.report.html_templates import render
from tracker.report.labels import labels_for
from tracker.report.language import Language, Phrases

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2, "info": 3}
PROBLEM_KINDS = ("failed", "suspect")
QUIET_KINDS = ("unchanged", "not-modified")


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
    language: Language = "ja"
    # document id → the file name of its history page (`report/history_page.py`), if written
    history_pages: dict[str, str] | None = None
    # The words of the 新旧対照表s and key terms: `[report] language` when it is set, else (None)
    # each agreement's own, so an English agreement's table reads New version │ Old version in a
    # report that is otherwise Japanese.
    tables: Language | None = None

    @property
    def quiet(self) -> bool:
        """Nothing happened: every document fetched and found unchanged, and no stored version
        lost its raw snapshot (a run that finds one gone exits 3 and says so in its report)."""
        return all(d.kind in QUIET_KINDS and not d.missing_snapshots for d in self.documents)

    def history_page(self, document_id: str) -> str | None:
        return (self.history_pages or {}).get(document_id)

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

    def urgent_rows(self) -> list[FindingRow]:
        """`urgent()` as a report shows it, in the report's language."""
        return [
            row
            for finding, d in self.urgent()
            for row in finding_rows([finding], self.language, document=d.name)
        ]

    def rows(self, document: DocumentOutcome) -> list[FindingRow]:
        return finding_rows(document.findings, self.language)

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


def term_changes(comparison: Comparison, language: Language | None = None) -> list[TermChange]:
    """Each changed term once: the same change made in several sections (a substitution of
    3か月 → 1か月 throughout) is one line naming them (第8条・第12条ほか3条). In `language`, else
    in the agreement's."""
    labels = labels_for(comparison, language)
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


def summary_of(comparison: Comparison, language: Language | None = None) -> str:
    """The summary of a comparison in `language`, else in its agreement's."""
    return summary_in(comparison, labels_for(comparison, language))


def _stamp(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def run_to_json(report: RunReport) -> dict[str, Any]:
    return {
        "run": report.run_id,
        "language": report.language,
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
                "history": report.history_page(d.id),
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
    t = Phrases(report.language)
    finished = _stamp(report.finished) or t("interrupted")
    counts = t(
        "counts",
        changed=len(report.changed),
        problems=len(report.problems),
        documents=len(report.documents),
    )
    lines = [
        f"# {t('report-title')} — run {report.run_id}",
        "",
        f"{_stamp(report.started)} – {finished}　{counts}",
        "",
        f"| {t('agreement')} | {t('outcome')} | {t('version')} | {t('notes')} |",
        "| --- | --- | --- | --- |",
    ]
    for d in report.documents:
        note = d.error or ""
        if d.comparison is not None:
            s = d.comparison.summary
            note = " · ".join(
                f"{t(kind)} {count}"
                for kind, count in (
                    ("added", s.added),
                    ("removed", s.removed),
                    ("modified", s.modified),
                    ("renumbered", s.renumbered),
                )
            )
        if d.warnings:
            note = f"{note} · {t('doubt-count', count=len(d.warnings))}".lstrip(" ·")
        if d.missing_snapshots:
            missing = t("missing-count", versions=_numbers(d.missing_snapshots))
            note = f"{note} · {missing}".lstrip(" ·")
        if d.moved_to and d.moved_to not in (d.error or ""):
            note = f"{note} · {t('moved-to', url=d.moved_to)}".lstrip(" ·")
        lines.append(
            f"| {_escape(d.name)} (`{d.id}`) | {t.outcome(d.kind)} | {_versions(d)} "
            f"| {_escape(note)} |"
        )
    if urgent := report.urgent_rows():
        lines += ["", f"## {t('urgent')}", ""]
        lines += findings_markdown(urgent, report.language)
    if doubtful := report.doubtful:
        lines += ["", f"## {t('doubtful')}", ""]
        for d in doubtful:
            lines.append(f"- {_escape(d.name)} (`{d.id}`) {_versions(d)}:")
            lines.extend(f"  - {_escape(warning)}" for warning in d.warnings)
    if lost := report.missing:
        lines += ["", f"## {t('missing')}", "", t("missing-text"), ""]
        for d in lost:
            lines.append(f"- {_escape(d.name)} (`{d.id}`): {_numbers(d.missing_snapshots)}")
    if moved := report.moved:
        lines += ["", f"## {t('moved')}", "", t("moved-text"), ""]
        for d in moved:
            assert d.moved_to is not None
            lines.append(
                f"- {_escape(d.name)} (`{d.id}`): {_escape(d.url)} → {_escape(d.moved_to)}"
            )
    for d in report.changed:
        assert d.comparison is not None
        lines += ["", f"## {_escape(d.name)} (`{d.id}`): {_versions(d)}", ""]
        before, after = _day(d.previous_seen), _day(d.version_seen)
        lines.append(f"- {t('version')}: v{d.previous}（{before}）→ v{d.version}（{after}）")
        if d.effective:
            lines.append(f"- {t('effective')}: {d.effective.isoformat()}")
        if page := report.history_page(d.id):
            lines.append(f"- {t('history')}: [{page}]({page})")
        for term in term_changes(d.comparison, report.tables):
            lines.append(
                f"- {_escape(term.where)} {term.label}: {_escape(term.old)} → {_escape(term.new)}"
            )
        if d.findings:
            lines += ["", f"### {t('obligations')}", ""]
            lines += findings_markdown(report.rows(d), report.language)
        table = render_markdown(d.comparison, language=report.tables)
        # The comparison's own title line is replaced by the heading above.
        lines += ["", *table.split("\n", 1)[1].lstrip("\n").splitlines()]
    return "\n".join(lines) + "\n"


def run_to_html(report: RunReport, *, new_first: bool = True) -> str:
    """The run report as one self-contained page (inline CSS, no scripts, prints on A4)."""
    return render(
        "run.html.j2",
        report=report,
        t=Phrases(report.language),
        lang=report.language,
        new_first=new_first,
        table_of=lambda comparison: comparison_table(comparison, report.tables),
        terms_of=lambda comparison: term_changes(comparison, report.tables),
        summary_of=lambda comparison: summary_of(comparison, report.tables),
        stamp=_stamp,
        safe_url=safe_url,
    )


def safe_url(url: str) -> str | None:
    """A URL fit for an href: http(s) only, so a `javascript:` URL is shown, never linked."""
    return url if url.lower().startswith(("http://", "https://")) else None
