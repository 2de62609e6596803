"""The history commands: `log`, `diff`, `show`, `import`, `rebuild`, `accept`.

A document the store knows but the configuration no longer lists can still be read (its zone
is the one stored with it). Errors are one line on stderr and exit 2, as everywhere in tracker.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from zoneinfo import ZoneInfo

import click

from tracker.cli.options import (
    comparison_format_option,
    complete_document_ids,
    document_argument,
    effective_date_option,
    format_option,
    language_option,
    old_first_option,
    reports_errors,
    use_colour,
    warn,
)
from tracker.cli.session import Session
from tracker.clock import parse_day, today
from tracker.exitcodes import EXIT_CHANGES, EXIT_OK
from tracker.history import (
    HistoryError,
    OutcomeKind,
    RebuildKind,
    Rebuilt,
    import_copy,
    rebuild,
)
from tracker.history.lookup import latest_change, resolve_revision, tracked_document
from tracker.model import Section
from tracker.obligations import compare_flagged
from tracker.report.log import VersionLog, labelled, local, local_short, summary_words
from tracker.store import VersionRecord
from tracker.words import Language

# --- log -------------------------------------------------------------------------------------


@click.command()
@document_argument()
@format_option(("text", "json"), "A table for people, or the contract's JSON.")
@click.pass_obj
@reports_errors
def log(session: Session, document_id: str, output_format: str) -> None:
    """The stored versions of one document, oldest first, with what changed in each."""
    with session.open_store(read_only=True) as store:
        doc = tracked_document(session.config, store, document_id)
        versions = store.versions(document_id)
        last_seen = versions[-1].last_seen if versions else None
        pending = store.pending_suspects(document_id, after=last_seen)
        history = VersionLog(
            document_id=document_id,
            name=doc.name,
            zone=doc.zone,
            versions=versions,
            summaries=store.change_summaries(document_id),
            held_back=pending[-1].row if pending else None,
            document=store.document(document_id),
            forgotten=tuple(store.forgotten(document_id)),
        )
    if output_format == "json":
        click.echo(json.dumps(history.as_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(history.as_text())


# --- diff ------------------------------------------------------------------------------------


@click.command()
@document_argument()
@click.argument("rev_a", required=False, metavar="[REV_A]")
@click.argument("rev_b", required=False, metavar="[REV_B]")
@comparison_format_option
@old_first_option
@effective_date_option
@language_option
@click.pass_obj
@reports_errors
def diff(
    session: Session,
    document_id: str,
    rev_a: str | None,
    rev_b: str | None,
    output_format: str,
    old_first: bool,
    effective_date: date | None,
    language: Language | None,
) -> None:
    """Compare two stored versions of a document (default: the two newest).

    REV is a version number as `log` prints it, `latest`, `previous`, or YYYY-MM-DD (the
    version in force that day, in the document's time zone). With one REV, it is compared with
    the latest version. Without REVs, technical versions (a normaliser upgrade re-reading the
    same snapshot) are passed over: the latest change to the agreement is shown.
    Exit status: 0 no changes, 1 changes, 2 error.
    """
    from tracker.obligations import assess
    from tracker.report.comparison import render_comparison
    from tracker.report.findings_json import comparison_with_findings

    config = session.config
    with session.open_store(read_only=True) as store:
        doc = tracked_document(config, store, document_id)
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
    findings = assess(
        comparison,
        first_seen=new.first_seen_at.astimezone(doc.zone).date(),
        effective=effective_date,
        own=config.obligations,
        today=today(session.clock, doc.zone),
    )
    if output_format == "json":
        sides = {
            side: {
                "version": version.number,
                "first_seen": local(version.first_seen, doc.zone),
                "technical": version.technical,
            }
            for side, version in (("old", old), ("new", new))
        }
        data = comparison_with_findings(comparison, findings, **sides)
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        named = labelled(comparison, document_id, old, new, doc.zone)
        click.echo(
            render_comparison(
                named,
                output_format,
                color=use_colour(),
                new_first=not old_first,
                findings=findings,
                language=language or config.report.language,
            )
        )
    sys.exit(EXIT_CHANGES if comparison.changes else EXIT_OK)


def _nothing_to_compare(document_id: str, versions: list[VersionRecord], zone: ZoneInfo) -> str:
    if not versions:
        return f"{document_id}: no versions stored yet; nothing to compare"
    if len(versions) > 1:
        return f"{document_id}: no change to the agreement since version 1 (only technical ones)"
    seen = local_short(versions[0].first_seen, zone)
    return f"{document_id} has one version (1, first seen {seen}); nothing to compare"


# --- show ------------------------------------------------------------------------------------


@click.command()
@click.argument("spec", metavar="ID[@REV]", shell_complete=complete_document_ids)
@click.argument("key", required=False)
@format_option(("text", "json"), "An outline (or the article's text) for people, or JSON.")
@click.pass_obj
@reports_errors
def show(session: Session, spec: str, key: str | None, output_format: str) -> None:
    """Print a stored version (default: the latest) as an outline, or one section's text.

    KEY is a section key as `parse` prints it (8, 3-2, preamble, suppl, appendix-1) or its
    number as printed (第8条).
    """
    from tracker.report.outline import outline, section_text
    from tracker.serialize import document_to_json, section_to_json

    document_id, _, rev = spec.partition("@")
    with session.open_store(read_only=True) as store:
        doc = tracked_document(session.config, store, document_id)
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
        click.echo(section_text(heading, section))


def _find_section(sections: tuple[Section, ...], key: str) -> Section | None:
    by_key = next((s for s in sections if s.key == key), None)
    return by_key or next((s for s in sections if s.number == key), None)


def _key_range(sections: tuple[Section, ...]) -> str:
    keys = [s.key for s in sections]
    return ", ".join(keys) if len(keys) <= 8 else f"{', '.join(keys[:4])} … {', '.join(keys[-3:])}"


# --- import ----------------------------------------------------------------------------------


@click.command("import")
@document_argument()
@click.argument("source", metavar="FILE")
@click.option(
    "--date",
    "day",
    required=True,
    metavar="YYYY-MM-DD",
    help="The day the copy was published or archived (in the document's time zone).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Import even if the copy looks like another agreement (another title, dated before "
    "the agreement's 制定).",
)
@click.pass_obj
@reports_errors
def import_command(session: Session, document_id: str, source: str, day: str, force: bool) -> None:
    """Add an archived copy (a file or URL: .txt, .html, .pdf) to the history as seen on a day.

    It slots in by date; later versions are renumbered and the comparisons with its
    neighbours recomputed. A copy whose title is not the agreement's, or dated before the
    agreement's 制定, is refused unless --force; `tracker forget` removes a mistaken one.
    """
    from tracker.check.reports import refresh_after_edit
    from tracker.fetch.policy import redact_userinfo
    from tracker.sources import read_source

    with session.open_store() as store:
        doc = tracked_document(session.config, store, document_id)
        when = parse_day(day, "--date")
        if when > today(session.clock, doc.zone):
            raise HistoryError(f"--date {when} is in the future")
        data, content_type = read_source(source)
        source = redact_userinfo(source)  # a password in the URL is used, never stored
        if doc.configured:
            store.ensure_document(document_id, name=doc.name, url=doc.url, timezone=doc.zone.key)
        outcome = import_copy(
            store,
            document_id,
            data=data,
            source=source,
            day=when,
            zone=doc.zone,
            selector=doc.selector,
            content_type=content_type,
            force=force,
        )
        total = len(store.versions(document_id))
        refresh_after_edit(session.config, store, document_id, now=session.clock())
    for doubt in outcome.doubts:
        warn(f"{doubt}; imported anyway (--force)")
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
@click.pass_obj
@reports_errors
def rebuild_command(session: Session, document_id: str | None) -> None:
    """Re-derive every stored version from its raw snapshot with the current normaliser.

    Differences that come only from the normaliser are listed as technical, never as changes
    to the agreement; versions that no longer differ from the one before are merged.
    """
    with session.open_store() as store:
        if document_id is not None:
            tracked_document(session.config, store, document_id)
        document_ids = [document_id] if document_id else store.document_ids()
        entries = rebuild(store, document_id)
    for line in _rebuild_lines(document_ids, entries):
        click.echo(line)
    if kept := [entry for entry in entries if entry.kind is RebuildKind.KEPT]:
        warn(f"{len(kept)} version(s) could not be re-derived and were kept as stored (see above)")


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
        return f"version {entry.version} cannot be re-derived, kept as stored: {entry.reason}"
    summary = summary_words(entry.summary) if entry.summary else "layout of the sections"
    return f"version {entry.version} re-derived — technical (normaliser only): {summary}"
