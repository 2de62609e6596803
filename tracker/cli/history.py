"""The history commands: `log`, `diff`, `show`, `import`, `rebuild`, `accept`.

Standalone click commands, registered on the main group by `tracker.cli`. Each takes what it
needs from the context object the group sets up:

- `ctx.obj["store"]`: a zero-argument callable returning an open `Store`;
- `ctx.obj["documents"]`: the configured documents, id → object with `.id`, `.name`, `.url`,
  `.timezone` (a ZoneInfo) and `.selector`.

A document the store knows but the configuration no longer lists can still be read (its zone
is the one stored with it). Errors are one line on stderr and exit 2, as everywhere in tracker.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import date, datetime
from itertools import pairwise
from typing import Any, ParamSpec, Protocol, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click

from tracker.cli.options import (
    comparison_format_option,
    effective_date_option,
    format_option,
    old_first_option,
    parse_day_option,
    reports_errors,
)
from tracker.compare import Comparison, Summary
from tracker.exitcodes import EXIT_CHANGES, EXIT_OK
from tracker.history.record import (
    HistoryError,
    OutcomeKind,
    RebuildKind,
    Rebuilt,
    accept_suspect,
    import_copy,
    rebuild,
    version_in_force,
)
from tracker.model import Section, SectionKind
from tracker.obligations import compare_flagged
from tracker.store import DocumentRecord, FetchRow, Store, VersionRecord, parse_time

P = ParamSpec("P")
R = TypeVar("R")

DEFAULT_ZONE = ZoneInfo("Asia/Tokyo")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class TrackedDocument(Protocol):
    """What the configuration says about one document (tracker.toml's [[documents]])."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str | None: ...
    @property
    def url(self) -> str: ...
    @property
    def timezone(self) -> ZoneInfo: ...
    @property
    def selector(self) -> str | None: ...


@dataclass(frozen=True)
class Target:
    """The document a command is about."""

    id: str
    name: str | None
    zone: ZoneInfo
    selector: str | None
    configured: TrackedDocument | None


def _context_obj() -> Mapping[str, Any]:
    obj = click.get_current_context().obj
    return obj if isinstance(obj, Mapping) else {}


def open_store() -> Store:
    opener: Callable[[], Store] = _context_obj()["store"]
    return opener()


def configured_documents() -> dict[str, TrackedDocument]:
    documents: dict[str, TrackedDocument] = _context_obj().get("documents") or {}
    return documents


def target(store: Store, document_id: str) -> Target:
    documents = configured_documents()
    if document_id in documents:
        configured = documents[document_id]
        return Target(
            document_id, configured.name, configured.timezone, configured.selector, configured
        )
    record = store.document(document_id)
    if record is None:
        known = ", ".join(sorted(documents)) or "none"
        raise HistoryError(f"unknown document {document_id!r} (configured: {known})")
    return Target(document_id, record.name, _zone(record.timezone), None, None)


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name) if name else DEFAULT_ZONE
    except (ZoneInfoNotFoundError, ValueError):
        return DEFAULT_ZONE


def local(value: str, zone: ZoneInfo) -> str:
    """A stored time in the document's zone, ISO-8601 with offset, as precise as stored (the
    JSON is data: two checks in the same second stay apart)."""
    return parse_time(value).astimezone(zone).isoformat()


def local_short(value: str, zone: ZoneInfo) -> str:
    return parse_time(value).astimezone(zone).strftime("%Y-%m-%d %H:%M")


def summary_words(summary: Summary) -> str:
    return ", ".join(f"{count} {kind}" for kind, count in summary.as_json().items())


def parse_day(value: str, what: str) -> date:
    if DAY.fullmatch(value):
        with suppress(ValueError):
            return date.fromisoformat(value)
    raise HistoryError(f"{what} {value!r} is not a date YYYY-MM-DD")


def resolve_revision(
    document_id: str, versions: list[VersionRecord], rev: str, zone: ZoneInfo
) -> VersionRecord:
    """A version by number, `latest`, `previous`, or the day it was in force (YYYY-MM-DD)."""
    if not versions:
        raise HistoryError(f"{document_id}: no versions stored yet")
    if rev == "latest":
        return versions[-1]
    if rev == "previous":
        if len(versions) < 2:
            raise HistoryError(f"{document_id} has only one version; there is no previous one")
        return versions[-2]
    if rev.isdigit():
        number = int(rev)
        if not 1 <= number <= len(versions):
            raise HistoryError(
                f"{document_id} has no version {number} (it has 1 to {len(versions)})"
            )
        return versions[number - 1]
    if not DAY.fullmatch(rev):
        raise HistoryError(
            f"{rev!r} is not a revision: give a version number, latest, previous or YYYY-MM-DD"
        )
    day = parse_day(rev, "revision")
    in_force = version_in_force(versions, day, zone)
    if in_force is None:
        first = versions[0]
        start = first.dates.effective or first.first_seen_at.astimezone(zone).date()
        raise HistoryError(
            f"no version of {document_id} in force on {day} (version 1 from {start})"
        )
    return in_force


# --- log -------------------------------------------------------------------------------------


@click.command()
@click.argument("document_id", metavar="ID")
@format_option(("text", "json"), "A table for people, or the contract's JSON.")
@reports_errors
def log(document_id: str, output_format: str) -> None:
    """The stored versions of one document, oldest first, with what changed in each."""
    with open_store() as store:
        doc = target(store, document_id)
        versions = store.versions(document_id)
        last_seen = versions[-1].last_seen if versions else None
        pending = store.pending_suspects(document_id, after=last_seen)
        history = History(
            versions=versions,
            summaries=store.change_summaries(document_id),
            held_back=pending[-1].row if pending else None,
            document=store.document(document_id),
        )
    if output_format == "json":
        click.echo(json.dumps(history.as_json(doc), ensure_ascii=False, indent=2))
    else:
        click.echo(history.as_text(doc))


@dataclass(frozen=True)
class History:
    """What `log` shows: the versions, what changed in each, a snapshot held back as suspect."""

    versions: list[VersionRecord]
    summaries: dict[int, Summary]  # version id → its comparison with the version before
    held_back: FetchRow | None
    document: DocumentRecord | None

    def summary(self, version: VersionRecord) -> Summary | None:
        return self.summaries.get(version.id) if version.number > 1 else None

    @property
    def failures(self) -> int:
        return self.document.consecutive_failures if self.document else 0

    def as_json(self, doc: Target) -> dict[str, Any]:
        held_back = self.held_back
        return {
            "document": doc.id,
            "versions": [self._version_json(v, doc.zone) for v in self.versions],
            "suspect": None
            if held_back is None
            else {
                "fetched_at": local(held_back.fetched_at, doc.zone),
                "sha256": held_back.sha256,
                "reason": held_back.error,
            },
            "consecutive_failures": self.failures,
        }

    def _version_json(self, version: VersionRecord, zone: ZoneInfo) -> dict[str, Any]:
        summary = self.summary(version)
        return {
            "number": version.number,
            "first_seen": local(version.first_seen, zone),
            "last_seen": local(version.last_seen, zone),
            "sha256": version.sha256,
            "sections": version.sections,
            "dates": version.dates.as_json(),
            "summary": summary.as_json() if summary else None,
            "articles": version.articles,
            "title": version.title,
            "technical": version.technical,
            "origin": version.origin,
            "suspect": version.origin == "accepted",
        }

    def as_text(self, doc: Target) -> str:
        zone = doc.zone
        lines = [f"{doc.id}" + (f" — {doc.name}" if doc.name else "") + f"  (times in {zone.key})"]
        if not self.versions:
            lines.append("  no versions stored yet")
        for version in self.versions:
            seen = (
                f"{local_short(version.first_seen, zone)} … {local_short(version.last_seen, zone)}"
            )
            dates = " · ".join(f"{k} {d}" for k, d in version.dates.as_json().items() if d)
            summary = self.summary(version)
            marks = [m for m in ("technical" if version.technical else "", version.origin) if m]
            marks = [m for m in marks if m != "fetch"]
            lines.append(
                f"  {version.number:>3}  {seen}  {version.articles:>3} articles"
                f"  {dates or 'no dates'}  {summary_words(summary) if summary else '—'}"
                + (f"  [{', '.join(marks)}]" if marks else "")
            )
        if self.held_back is not None:
            lines.append(
                f"held back: the snapshot of {local_short(self.held_back.fetched_at, zone)} looks "
                f"wrong — {self.held_back.error}; `tracker accept {doc.id}` takes it as a version"
            )
        if self.failures:
            last_error = self.document.last_error if self.document else None
            lines.append(f"{self.failures} consecutive failed checks; last: {last_error}")
        return "\n".join(lines)


# --- diff ------------------------------------------------------------------------------------


@click.command()
@click.argument("document_id", metavar="ID")
@click.argument("rev_a", required=False, metavar="[REV_A]")
@click.argument("rev_b", required=False, metavar="[REV_B]")
@comparison_format_option
@old_first_option
@effective_date_option
@reports_errors
def diff(
    document_id: str,
    rev_a: str | None,
    rev_b: str | None,
    output_format: str,
    old_first: bool,
    effective_date: str | None,
) -> None:
    """Compare two stored versions of a document (default: the two newest).

    REV is a version number as `log` prints it, `latest`, `previous`, or YYYY-MM-DD (the
    version in force that day, in the document's time zone). With one REV, it is compared with
    the latest version. Without REVs, technical versions (a normaliser upgrade re-reading the
    same snapshot) are passed over: the latest change to the agreement is shown.
    Exit status: 0 no changes, 1 changes, 2 error.
    """
    from tracker.cli.group import use_colour
    from tracker.obligations import assess
    from tracker.report import comparison_to_json, render_comparison
    from tracker.report.findings_json import findings_to_json

    with open_store() as store:
        doc = target(store, document_id)
        versions = store.versions(document_id)
        if rev_a is None:
            change = latest_change(versions)
            if change is None:
                click.echo(_nothing_to_compare(document_id, versions, doc.zone))
                sys.exit(EXIT_OK)
            old, new = change
        else:
            old = resolve_revision(document_id, versions, rev_a, doc.zone)
            new = resolve_revision(document_id, versions, rev_b or "latest", doc.zone)
        comparison = compare_flagged(store.load_document(old.id), store.load_document(new.id))
    if output_format == "json":
        data = comparison_to_json(comparison)
        for side, version in (("old", old), ("new", new)):
            data[side].update(
                version=version.number,
                first_seen=local(version.first_seen, doc.zone),
                technical=version.technical,
            )
        first_seen = new.first_seen_at.astimezone(doc.zone).date()
        config = _context_obj().get("config")
        own = config.obligations if config is not None else ()
        effective = parse_day_option(effective_date, "--effective-date")
        findings = assess(comparison, first_seen=first_seen, effective=effective, own=own)
        data["obligations"] = findings_to_json(findings)
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        labelled = _labelled(comparison, document_id, old, new, doc.zone)
        click.echo(
            render_comparison(labelled, output_format, color=use_colour(), new_first=not old_first)
        )
    sys.exit(EXIT_CHANGES if comparison.changes else EXIT_OK)


def latest_change(
    versions: list[VersionRecord],
) -> tuple[VersionRecord, VersionRecord] | None:
    """The newest version that is not technical, and the version before it: the latest change
    to the agreement (the two newest versions, unless a normaliser upgrade came in between)."""
    for older, newer in reversed(list(pairwise(versions))):
        if not newer.technical:
            return older, newer
    return None


def _nothing_to_compare(document_id: str, versions: list[VersionRecord], zone: ZoneInfo) -> str:
    if not versions:
        return f"{document_id}: no versions stored yet; nothing to compare"
    if len(versions) > 1:
        return f"{document_id}: no change to the agreement since version 1 (only technical ones)"
    seen = local_short(versions[0].first_seen, zone)
    return f"{document_id} has one version (1, first seen {seen}); nothing to compare"


def _label(document_id: str, version: VersionRecord, zone: ZoneInfo) -> str:
    day = version.first_seen_at.astimezone(zone).date()
    technical = ", technical" if version.technical else ""
    return f"{document_id} v{version.number} ({day}{technical})"


def _labelled(
    comparison: Comparison,
    document_id: str,
    old: VersionRecord,
    new: VersionRecord,
    zone: ZoneInfo,
) -> Comparison:
    """The comparison with each side named by its version rather than its URL."""
    return replace(
        comparison,
        old=replace(comparison.old, source=_label(document_id, old, zone)),
        new=replace(comparison.new, source=_label(document_id, new, zone)),
    )


# --- show ------------------------------------------------------------------------------------


@click.command()
@click.argument("spec", metavar="ID[@REV]")
@click.argument("key", required=False)
@format_option(("text", "json"), "An outline (or the article's text) for people, or JSON.")
@reports_errors
def show(spec: str, key: str | None, output_format: str) -> None:
    """Print a stored version (default: the latest) as an outline, or one section's text.

    KEY is a section key as `parse` prints it (8, 3-2, preamble, suppl, appendix-1) or its
    number as printed (第8条).
    """
    from tracker.report.outline import outline
    from tracker.serialize import document_to_json, section_to_json

    document_id, _, rev = spec.partition("@")
    with open_store() as store:
        doc = target(store, document_id)
        version = resolve_revision(
            document_id, store.versions(document_id), rev or "latest", doc.zone
        )
        document = store.load_document(version.id)
    about = {
        "document": document_id,
        "version": version.number,
        "first_seen": local(version.first_seen, doc.zone),
        "last_seen": local(version.last_seen, doc.zone),
        "sha256": version.sha256,
        "technical": version.technical,
    }
    heading = (
        f"{document_id} version {version.number} · first seen "
        f"{local_short(version.first_seen, doc.zone)} · last seen "
        f"{local_short(version.last_seen, doc.zone)} ({doc.zone.key})"
    )
    if key is None:
        if output_format == "json":
            click.echo(json.dumps(about | document_to_json(document), ensure_ascii=False, indent=2))
        else:
            click.echo(heading + "\n\n" + outline(document))
        return
    section = _find_section(document.sections, key)
    if section is None:
        raise HistoryError(
            f"{document_id} version {version.number} has no section {key!r} "
            f"(keys: {_key_range(document.sections)})"
        )
    if output_format == "json":
        data = about | {"section": section_to_json(section)}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(_section_text(heading, section))


def _find_section(sections: tuple[Section, ...], key: str) -> Section | None:
    by_key = next((s for s in sections if s.key == key), None)
    return by_key or next((s for s in sections if s.number == key), None)


def _key_range(sections: tuple[Section, ...]) -> str:
    keys = [s.key for s in sections]
    return ", ".join(keys) if len(keys) <= 8 else f"{', '.join(keys[:4])} … {', '.join(keys[-3:])}"


def _section_text(heading: str, section: Section) -> str:
    if section.kind is SectionKind.PREAMBLE:
        label = "(前文)"
    else:
        label = " ".join(p for p in (section.number, section.title) if p)
    lines = [heading, ""]
    if section.chapter:
        lines.append(section.chapter)
    lines.append(label + ("  (削除)" if section.deleted else ""))
    if section.text:
        lines.extend(["", section.text])
    return "\n".join(lines)


# --- import ----------------------------------------------------------------------------------


@click.command("import")
@click.argument("document_id", metavar="ID")
@click.argument("source", metavar="FILE")
@click.option(
    "--date",
    "day",
    required=True,
    metavar="YYYY-MM-DD",
    help="The day the copy was published or archived (in the document's time zone).",
)
@reports_errors
def import_command(document_id: str, source: str, day: str) -> None:
    """Add an archived copy (a file or URL: .txt, .html, .pdf) to the history as seen on a day.

    It slots in by date; later versions are renumbered and the comparisons with its
    neighbours recomputed.
    """
    from tracker.sources import read_source

    with open_store() as store:
        doc = target(store, document_id)
        when = parse_day(day, "--date")
        if when > datetime.now(doc.zone).date():
            raise HistoryError(f"--date {when} is in the future")
        data, content_type = read_source(source)
        if doc.configured is not None:
            store.ensure_document(
                document_id, name=doc.name, url=doc.configured.url, timezone=doc.zone.key
            )
        outcome = import_copy(
            store,
            document_id,
            data=data,
            source=source,
            day=when,
            zone=doc.zone,
            selector=doc.selector,
            content_type=content_type,
        )
        total = len(store.versions(document_id))
    if outcome.kind is OutcomeKind.UNCHANGED:
        click.echo(
            f"{document_id}: {source} has the same content as version {outcome.version}; "
            f"no new version (version {outcome.version} now covers {when})"
        )
        return
    message = f"{document_id}: {source} imported as version {outcome.version} of {total} ({when})"
    if outcome.comparison is not None:
        message += (
            f"; against version {outcome.previous}: {summary_words(outcome.comparison.summary)}"
        )
    if outcome.version is not None and outcome.version < total:
        message += f"; versions {outcome.version + 1}–{total} renumbered"
    click.echo(message)


# --- rebuild ---------------------------------------------------------------------------------


@click.command("rebuild")
@click.argument("document_id", metavar="[ID]", required=False)
@reports_errors
def rebuild_command(document_id: str | None) -> None:
    """Re-derive every stored version from its raw snapshot with the current normaliser.

    Differences that come only from the normaliser are listed as technical, never as changes
    to the agreement; versions that no longer differ from the one before are merged.
    """
    with open_store() as store:
        if document_id is not None:
            target(store, document_id)
        document_ids = [document_id] if document_id else store.document_ids()
        entries = rebuild(store, document_id)
    for line in _rebuild_lines(document_ids, entries):
        click.echo(line)


def _rebuild_lines(document_ids: list[str], entries: list[Rebuilt]) -> list[str]:
    lines = []
    for document_id in document_ids:
        mine = [e for e in entries if e.document_id == document_id]
        if not mine:
            lines.append(f"{document_id}: up to date")
        for entry in mine:
            lines.append(f"{document_id}: {_rebuilt_words(entry)}")
    counts = {kind: sum(e.kind is kind for e in entries) for kind in RebuildKind}
    lines.append(
        f"rebuilt {len(document_ids)} document(s): "
        + ", ".join(f"{count} {kind.value}" for kind, count in counts.items())
    )
    return lines


def _rebuilt_words(entry: Rebuilt) -> str:
    if entry.kind is RebuildKind.MERGED:
        return f"version {entry.version} merged into version {entry.into} (no longer differs)"
    if entry.kind is RebuildKind.KEPT:
        return f"version {entry.version} kept as stored: {entry.reason}"
    summary = summary_words(entry.summary) if entry.summary else "layout of the sections"
    return f"version {entry.version} re-derived — technical (normaliser only): {summary}"


# --- accept ----------------------------------------------------------------------------------


@click.command()
@click.argument("document_id", metavar="ID")
@reports_errors
def accept(document_id: str) -> None:
    """Take the snapshot held back as suspect (far fewer articles than before, or none) as a
    new version, when the agreement really did change that much."""
    with open_store() as store:
        doc = target(store, document_id)
        outcome = accept_suspect(store, document_id)
        version = store.versions(document_id)[(outcome.version or 1) - 1]
    message = (
        f"{document_id}: the snapshot of {local_short(version.first_seen, doc.zone)} "
        f"is now version {outcome.version}"
    )
    if outcome.comparison is not None:
        message += (
            f"; against version {outcome.previous}: {summary_words(outcome.comparison.summary)}"
        )
    click.echo(message)


COMMANDS = (log, diff, show, import_command, rebuild_command, accept)
"""Every history command, for `for command in COMMANDS: cli.add_command(command)`."""

__all__ = [
    "COMMANDS",
    "TrackedDocument",
    "accept",
    "diff",
    "import_command",
    "log",
    "rebuild_command",
    "show",
]
