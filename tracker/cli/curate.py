"""A person correcting a history: `tracker forget ID REV` removes a version — a mistaken import,
a copy of another agreement — after showing it and asking, recorded (`log` lists it), the raw
snapshot kept; `tracker accept ID` takes a snapshot held back as suspect, after showing it."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import click

from tracker.cli.options import document_argument, reports_errors
from tracker.cli.session import Session
from tracker.history import accept_suspect
from tracker.history.accept import Suspect
from tracker.history.lookup import tracked_document
from tracker.report.language import counted
from tracker.report.log import local_short, summary_words

# --- forget ----------------------------------------------------------------------------------


@click.command()
@document_argument()
@click.argument("rev", metavar="REV")
@click.option("--reason", default=None, help="Why, for the record (`log` shows it).")
@click.option("--yes", "-y", is_flag=True, help="Remove without asking (for scripts).")
@click.pass_obj
@reports_errors
def forget(session: Session, document_id: str, rev: str, reason: str | None, yes: bool) -> None:
    """Remove version REV of a document (a mistaken import, another agreement's copy).

    Later versions are renumbered and the comparison between the new neighbours computed; the
    removal is recorded and `log` lists it. A fetched version comes back at the next `check` if
    the provider still publishes that text.
    """
    from tracker.check.reports import refresh_after_edit
    from tracker.history.forget import forget_version
    from tracker.history.lookup import resolve_revision, tracked_document

    with session.open_store() as store:
        doc = tracked_document(session.config, store, document_id)
        versions = store.versions(document_id)
        version = resolve_revision(document_id, versions, rev, doc.zone)
        origin = {"fetch": "fetched", "import": "imported", "accepted": "accepted"}
        click.echo(
            f"{document_id} version {version.number} of {len(versions)}: "
            f"{version.title or '(no title)'} · {counted(version.articles, 'article')} · "
            f"{origin.get(version.origin, version.origin)}, first seen "
            f"{local_short(version.first_seen, doc.zone)} ({doc.zone.key})"
        )
        if not yes:
            click.confirm("Forget this version?", abort=True)
        forget_version(store, version, reason=reason)
        refresh_after_edit(session.config, store, document_id, now=session.clock())
        left = len(store.versions(document_id))
    later = (
        f"; versions {version.number + 1}–{len(versions)} are now {version.number}–{left}"
        if version.number < len(versions)
        else ""
    )
    click.echo(
        f"{document_id}: version {version.number} forgotten (recorded; `tracker log "
        f"{document_id}` lists it){later}"
    )


# --- accept ----------------------------------------------------------------------------------


@click.command()
@document_argument()
@click.option("--yes", "-y", is_flag=True, help="Accept without asking (for scripts).")
@click.pass_obj
@reports_errors
def accept(session: Session, document_id: str, yes: bool) -> None:
    """Take the snapshot held back as suspect (far fewer articles than before, or none) as a
    new version, when the agreement really did change that much.

    Shows what it would accept first — when it was fetched, why it was held back, what it
    begins with and how it compares with the latest version — and asks.
    """
    from tracker.check.reports import refresh_after_edit
    from tracker.history.accept import find_suspect

    with session.open_store(read_only=True) as store:
        doc = tracked_document(session.config, store, document_id)
        suspect = find_suspect(store, document_id)
    for line in _suspect_lines(document_id, suspect, doc.zone):
        click.echo(line)
    if not yes:
        number = suspect.latest.number + 1 if suspect.latest else 1
        click.confirm(f"Accept it as version {number}?", abort=True)
    with session.open_store() as store:
        outcome = accept_suspect(store, document_id)
        version = store.versions(document_id)[(outcome.version or 1) - 1]
        refresh_after_edit(session.config, store, document_id, now=session.clock())
    message = (
        f"{document_id}: the snapshot of {local_short(version.first_seen, doc.zone)} "
        f"is now version {outcome.version}"
    )
    if outcome.comparison is not None:
        message += (
            f"; against version {outcome.previous}: {summary_words(outcome.comparison.summary)}"
        )
    click.echo(message)


def _suspect_lines(document_id: str, suspect: Suspect, zone: ZoneInfo) -> list[str]:
    """What `accept` would take: when, why it was held back, what it reads, against what."""
    fetch, document = suspect.fetch, suspect.document
    again = len(suspect.streak) - 1
    more = f" (and {again} later fetch{'es' if again != 1 else ''} of the same bytes)"
    lines = [
        f"{document_id}: the snapshot held back on "
        f"{local_short(suspect.streak[0].row.fetched_at, zone)}" + (more if again else ""),
        f"  from: {fetch.final_url or fetch.url}",
        f"  held back because: {fetch.error or 'suspect'}",
        f"  reads: {document.title or '(no title)'} · {counted(len(document.articles), 'article')}"
        f" · {len(document.sections)} sections",
    ]
    if suspect.latest is not None and suspect.comparison is not None:
        words = summary_words(suspect.comparison.summary)
        lines.append(f"  against version {suspect.latest.number}: {words}")
    return lines
