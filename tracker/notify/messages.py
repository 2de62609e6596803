"""The messages themselves (pure): an email with the Markdown report as text and the HTML report
as its rich part, a JSON webhook payload, and a Slack-compatible one."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
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
    """In the report's language: `[tracker] 規約の変更: … (run 2)`."""
    english = batch.report.language == "en"
    parts = []
    for notifications, ja, en in (
        (batch.changed, "規約の変更", "terms changed"),
        (batch.failing, "取得失敗が続いています", "failing"),
    ):
        if notifications:
            names = [batch.name(n.document) for n in notifications]
            more = len(names) - 1
            tail = (f" and {more} more" if english else f" ほか{more}件") if more else ""
            parts.append(f"{en if english else ja}: {names[0]}{tail}")
    return one_line(f"[tracker] {' / '.join(parts)} (run {batch.report.run_id})")


def one_line(text: str) -> str:
    r"""`text` with every line break and control character made a space: a header value with a
    line break is refused, and the message with it was retried on every run, never sent.

    >>> one_line("規約の変更: 利用規約\r\nBcc: x@example.jp\x1b")
    '規約の変更: 利用規約 Bcc: x@example.jp'
    """
    return _BREAKS.sub(" ", text).strip()


def event_lines(batch: Batch) -> list[str]:
    """One line per event, for the top of a text message, in the report's language."""
    english = batch.report.language == "en"
    lines = []
    for n in batch.changed:
        outcome = batch.outcome(n.document)
        summary = ""
        if outcome is not None and outcome.comparison is not None:
            s = outcome.comparison.summary
            counts = (
                f"{s.added} added, {s.removed} removed, {s.modified} modified, "
                f"{s.renumbered} renumbered"
                if english
                else f"新設 {s.added}、削除 {s.removed}、改正 {s.modified}、"
                f"条番号変更 {s.renumbered}"
            )
            summary = f" v{outcome.previous} → v{outcome.version}: {counts}"
        label = "changed" if english else "変更"
        lines.append(f"- {label}: {batch.name(n.document)} ({n.document}){summary}")
    for n in batch.failing:
        error = n.detail.get("error") or ""
        failures = n.detail.get("failures")
        label = f"failed {failures} times in a row" if english else f"取得失敗 {failures}回連続"
        lines.append(f"- {label}: {batch.name(n.document)} ({n.document}) — {error}")
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
    report = "report" if batch.report.language == "en" else "レポート"
    text = "\n".join([*event_lines(batch), "", f"{report}: {batch.links.html}", "", markdown])
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
    label = "open the report" if batch.report.language == "en" else "レポートを開く"
    link = f"<{_slack_escape(batch.links.html)}|{label}>"
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


def trial_text(channel: str, config_path: str, index: str) -> str:
    """The body of `tracker notify --test`: what it is, where it comes from, where reports are."""
    return (
        f"tracker のテスト通知です（{channel}）。この通知が届いていれば、規約の変更と取得失敗の"
        "お知らせもここに届きます。\n"
        f"This is a test message from tracker ({channel}): change and failure notices will "
        "arrive here too.\n\n"
        f"設定 / config: {config_path}\nレポート一覧 / reports: {index}\n"
    )


def trial_email(*, sender: str, to: Sequence[str], text: str, when: datetime) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = "[tracker] テスト通知 / test message"
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Date"] = format_datetime(when)
    message["Message-ID"] = make_msgid("tracker", domain=sender.rpartition("@")[2] or None)
    message["X-Tracker-Test"] = "1"
    message.set_content(text)
    return message


def trial_payload(*, slack: bool, text: str, channel: str, when: datetime) -> dict[str, Any]:
    """A webhook test: Slack's shape, or ours with `"test": true` and no events."""
    if slack:
        return {
            "text": _slack_escape("[tracker] テスト通知 / test message"),
            "blocks": [
                {"type": "section", "text": {"type": "mrkdwn", "text": _slack_escape(text)}}
            ],
        }
    return {
        "source": "tracker",
        "test": True,
        "channel": channel,
        "sent": when.isoformat(timespec="seconds"),
        "message": text,
        "events": [],
    }
