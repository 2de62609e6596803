"""`tracker forget ID REV`: remove a version from a document's history — a mistaken import, a
copy of another agreement. It shows what it removes and asks; the removal is recorded
(`log` lists it) and the raw snapshot stays on disk."""

from __future__ import annotations

import click

from tracker.cli.options import document_argument, reports_errors
from tracker.cli.session import Session
from tracker.report.language import counted
from tracker.report.log import local_short


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
    from tracker.check.pages import refresh_after_edit
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
