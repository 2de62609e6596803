"""The messages themselves (pure): an email with the Markdown report as text and the HTML report
as its rich part, a JSON webhook payload, and a Slack-compatible one."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from tracker.report.findings_json import findings_to_json
from tracker.report.run import DocumentOutcome, RunReport
from tracker.store.outbox import Notification

_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")  # controls, line separators
SLACK_TEXT_LIMIT = 2900  # a Slack section block holds at most 3,000 characters


@dataclass(frozen=True)
class Links:
    html: str
    markdown: str
    json: str
    index: str
    feed: str


@dataclass(frozen=True)
class Batch:
    """The notifications of one channel that belong to one run, with that run's report."""

    report: RunReport
    notifications: tuple[Notification, ...]
    links: Links
    names: dict[str, str]  # document id → name

    @property
    def changed(self) -> list[Notification]:
        return [n for n in self.notifications if n.kind == "changed"]

    @property
    def failing(self) -> list[Notification]:
        return [n for n in self.notifications if n.kind == "failing"]

    def outcome(self, document: str) -> DocumentOutcome | None:
        for outcome in self.report.documents:
            if outcome.id == document:
                return outcome
        return None

    def name(self, document: str) -> str:
        return self.names.get(document, document)


def subject(batch: Batch) -> str:
    parts = []
    if changed := batch.changed:
        names = [batch.name(n.document) for n in changed]
        more = f" ほか{len(names) - 1}件" if len(names) > 1 else ""
        parts.append(f"規約の変更: {names[0]}{more}")
    if failing := batch.failing:
        names = [batch.name(n.document) for n in failing]
        more = f" ほか{len(names) - 1}件" if len(names) > 1 else ""
        parts.append(f"取得失敗が続いています: {names[0]}{more}")
    return one_line(f"[tracker] {' / '.join(parts)} (run {batch.report.run_id})")


def one_line(text: str) -> str:
    r"""`text` with every line break and control character made a space: a header value with a
    line break is refused, and the message with it was retried on every run, never sent.

    >>> one_line("規約の変更: 利用規約\r\nBcc: x@example.jp\x1b")
    '規約の変更: 利用規約 Bcc: x@example.jp'
    """
    return _BREAKS.sub(" ", text).strip()


def event_lines(batch: Batch) -> list[str]:
    """One line per event, for the top of a text message."""
    lines = []
    for n in batch.changed:
        outcome = batch.outcome(n.document)
        summary = ""
        if outcome is not None and outcome.comparison is not None:
            s = outcome.comparison.summary
            summary = (
                f" v{outcome.previous} → v{outcome.version}: 新設 {s.added}、削除 {s.removed}、"
                f"改正 {s.modified}、条番号変更 {s.renumbered}"
            )
        lines.append(f"- 変更: {batch.name(n.document)} ({n.document}){summary}")
    for n in batch.failing:
        error = n.detail.get("error") or ""
        lines.append(
            f"- 取得失敗 {n.detail.get('failures')}回連続: {batch.name(n.document)}"
            f" ({n.document}) — {error}"
        )
    return lines


def email_message(
    batch: Batch, *, sender: str, to: Sequence[str], markdown: str, html: str
) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject(batch)
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Date"] = format_datetime(batch.report.finished or batch.report.started)
    message["Message-ID"] = make_msgid("tracker", domain=sender.rpartition("@")[2] or None)
    message["X-Tracker-Run"] = str(batch.report.run_id)
    message["X-Tracker-Events"] = " ".join(n.event for n in batch.notifications)
    text = "\n".join([*event_lines(batch), "", f"レポート: {batch.links.html}", "", markdown])
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


def webhook_payload(batch: Batch) -> dict[str, Any]:
    report = batch.report
    events: list[dict[str, Any]] = []
    for n in batch.notifications:
        outcome = batch.outcome(n.document)
        event: dict[str, Any] = {
            "type": n.kind,
            "event": n.event,
            "document": n.document,
            "name": batch.name(n.document),
            "url": outcome.url if outcome else None,
        }
        if n.kind == "changed" and outcome is not None and outcome.comparison is not None:
            comparison = outcome.comparison
            flags = sorted({flag for change in comparison.changes for flag in change.flags})
            event |= {
                "previous": outcome.previous,
                "version": outcome.version,
                "summary": comparison.summary.as_json(),
                "effective": outcome.effective.isoformat() if outcome.effective else None,
                "flags": flags,
                "obligations": findings_to_json(
                    [f for f in outcome.findings if f.severity in ("high", "medium")]
                ),
            }
        elif n.kind == "failing":
            event |= {key: n.detail.get(key) for key in ("failures", "since", "error")}
        event["report"] = batch.links.html
        events.append(event)
    return {
        "source": "tracker",
        "run": report.run_id,
        "started": report.started.isoformat(timespec="seconds"),
        "finished": report.finished.isoformat(timespec="seconds") if report.finished else None,
        "counts": report.counts(),
        "events": events,
        "reports": {
            "html": batch.links.html,
            "markdown": batch.links.markdown,
            "json": batch.links.json,
            "index": batch.links.index,
            "feed": batch.links.feed,
        },
    }


def slack_payload(batch: Batch) -> dict[str, Any]:
    """Slack's incoming-webhook shape: `text` (the notification) and mrkdwn `blocks`."""
    title = subject(batch)
    lines = [_slack_escape(line) for line in event_lines(batch)]
    body = "\n".join(lines)
    if len(body) > SLACK_TEXT_LIMIT:
        body = body[: SLACK_TEXT_LIMIT - 1] + "…"
    link = f"<{_slack_escape(batch.links.html)}|レポートを開く>"
    return {
        "text": _slack_escape(title),
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": f"*{_slack_escape(title)}*"}},
            {"type": "section", "text": {"type": "mrkdwn", "text": body or "-"}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": link}]},
        ],
    }


def _slack_escape(text: str) -> str:
    """Slack mrkdwn treats &, < and > as control characters; document text must not link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
