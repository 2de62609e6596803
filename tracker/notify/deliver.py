"""Deliver a run's notifications: queue the events in the outbox, then send what is pending.

Called at the end of `check`, under the run lock. Each channel is tried on its own; a delivery
that fails is recorded with its reason and tried again on the next run; nothing here raises into
the run. A message goes out before it is marked sent, so the only way to send twice is a crash in
the instant between the two; the outbox's UNIQUE (channel, event) rules out every other one.
"""

from __future__ import annotations

import json
import os
import smtplib
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

import httpx

from tracker.config import Config
from tracker.config.outputs import EmailChannel, WebhookChannel
from tracker.errors import TrackerError
from tracker.history.lookup import find_document
from tracker.notify.events import Event, change_event, failing_event
from tracker.notify.messages import (
    Batch,
    Links,
    email_message,
    slack_payload,
    trial_email,
    trial_payload,
    trial_text,
    webhook_payload,
)
from tracker.report.folder import FEED, INDEX, report_stem, run_files
from tracker.report.run import RunReport
from tracker.store import Store
from tracker.store.outbox import Notification
from tracker.store.records import timestamp

Channel = EmailChannel | WebhookChannel
LoadReport = Callable[[int], RunReport]
"""The report of a run, by run number: a message carries the report of the run it belongs to."""


class DeliveryError(Exception):
    """A message that could not be delivered; the text says why in one line."""


_FAILURES = (TrackerError, DeliveryError, OSError, httpx.HTTPError, smtplib.SMTPException)


@dataclass(frozen=True)
class Delivery:
    channel: str  # the channel's key in the outbox
    run: int
    events: tuple[str, ...]
    error: str | None  # None: delivered
    label: str = ""  # the channel as configured, for people: webhook 'legal-slack'

    @property
    def named(self) -> str:
        return self.label or self.channel


def notify_run(
    config: Config, store: Store, run_id: int, *, now: datetime, load_report: LoadReport
) -> list[Delivery]:
    """Queue this run's events for every channel and send everything pending (messages of
    earlier runs that failed are sent again, with their own run's report)."""
    if not config.notify.channels:
        return []
    at = timestamp(now)
    deliveries: list[Delivery] = []
    reports: dict[int, RunReport] = {}
    for channel in config.notify.channels:
        try:
            for event in _events(config, store, channel.key, run_id, at):
                store.queue_notification(
                    channel.key,
                    event.key,
                    kind=event.kind,
                    document=event.document,
                    run=event.run,
                    detail=event.detail,
                    at=at,
                )
            deliveries += _send_pending(config, store, channel, reports, at, load_report)
        except Exception as error:  # a notification never breaks the run
            reason = f"{type(error).__name__}: {error}"
            deliveries.append(Delivery(channel.key, run_id, (), reason, channel.label))
    return deliveries


def _events(config: Config, store: Store, channel: str, run_id: int, at: str) -> list[Event]:
    enrolled = store.enroll_channel(channel, at)
    events = [change_event(c, run_id=run_id) for c in store.news_changes(since=enrolled)]
    for document in config.documents:
        failures, since = store.failure_streak(document.id)
        if failures >= config.notify.after_failures and since is not None:
            record = store.document(document.id)
            error = record.last_error if record else None
            events.append(
                failing_event(
                    document.id, failures=failures, since=since, error=error, run_id=run_id
                )
            )
    return events


def _send_pending(
    config: Config,
    store: Store,
    channel: Channel,
    reports: dict[int, RunReport],
    at: str,
    load_report: LoadReport,
) -> list[Delivery]:
    by_run: dict[int, list[Notification]] = {}
    for notification in store.pending_notifications(channel.key):
        by_run.setdefault(notification.run or 0, []).append(notification)
    deliveries = []
    for run_id, notifications in sorted(by_run.items()):
        ids = [n.id for n in notifications]
        events = tuple(n.event for n in notifications)
        try:
            if run_id not in reports:
                reports[run_id] = load_report(run_id)
            batch = _batch(config, store, reports[run_id], notifications)
            _send(config, channel, batch)
        except _FAILURES as error:
            reason = _reason(error)
            store.mark_notify_failed(ids, at, reason)
            deliveries.append(Delivery(channel.key, run_id, events, reason, channel.label))
            continue
        store.mark_notify_sent(ids, at)
        deliveries.append(Delivery(channel.key, run_id, events, None, channel.label))
    return deliveries


def _batch(
    config: Config, store: Store, report: RunReport, notifications: list[Notification]
) -> Batch:
    stem = report_stem(report.run_id, report.started)
    names: dict[str, str] = {}
    for notification in notifications:
        found = find_document(config, store, notification.document)
        names[notification.document] = found.label if found else notification.document
    return Batch(
        report=report,
        notifications=tuple(notifications),
        links=Links(
            html=report_link(config, stem + ".html"),
            markdown=report_link(config, stem + ".md"),
            json=report_link(config, stem + ".json"),
            index=report_link(config, INDEX),
            feed=report_link(config, FEED),
        ),
        names=names,
    )


def send_test(config: Config, now: datetime) -> list[Delivery]:
    """`tracker notify --test`: one test message on every channel, each tried on its own; the
    outbox is not touched (a test is no event)."""
    deliveries = []
    for channel in config.notify.channels:
        text = trial_text(channel.label, str(config.path), report_link(config, INDEX))
        try:
            if isinstance(channel, EmailChannel):
                message = trial_email(sender=channel.sender, to=channel.to, text=text, when=now)
                send_email(channel, message)
            else:
                payload = trial_payload(
                    slack=channel.format == "slack", text=text, channel=channel.label, when=now
                )
                post_webhook(channel, payload)
        except _FAILURES as error:
            deliveries.append(Delivery(channel.key, 0, (), _reason(error), channel.label))
            continue
        deliveries.append(Delivery(channel.key, 0, (), None, channel.label))
    return deliveries


def report_link(config: Config, name: str) -> str:
    """An absolute link to a report file: under `[report] base_url`, else a file:// URL."""
    if config.report.base_url:
        return config.report.link(name)
    return (config.reports / name).resolve().as_uri()


def _send(config: Config, channel: Channel, batch: Batch) -> None:
    if isinstance(channel, EmailChannel):
        files = run_files(batch.report, new_first=config.report.new_first)
        message = email_message(
            batch, sender=channel.sender, to=channel.to, markdown=files[".md"], html=files[".html"]
        )
        send_email(channel, message)
    else:
        payload = slack_payload(batch) if channel.format == "slack" else webhook_payload(batch)
        post_webhook(channel, payload)


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise DeliveryError(f"environment variable {name} is not set")
    return value


def send_email(channel: EmailChannel, message: EmailMessage) -> None:
    """Send over SMTP; `send_message` writes the CRLF line ends the protocol requires."""
    context = ssl.create_default_context(cafile=str(channel.ca_file) if channel.ca_file else None)
    smtp: smtplib.SMTP
    try:
        if channel.security == "ssl":
            smtp = smtplib.SMTP_SSL(
                channel.host, channel.port, timeout=channel.timeout, context=context
            )
        else:
            smtp = smtplib.SMTP(channel.host, channel.port, timeout=channel.timeout)
    except (OSError, smtplib.SMTPException) as error:
        reason = _reason(error)
        raise DeliveryError(f"{channel.host}:{channel.port}: cannot connect ({reason})") from None
    with smtp:
        if channel.security == "starttls":
            smtp.starttls(context=context)
        if channel.username_env or channel.password_env:
            user = _env(channel.username_env) if channel.username_env else ""
            password = _env(channel.password_env) if channel.password_env else ""
            smtp.login(user, password)
        smtp.send_message(message, _address(channel.sender), [_address(a) for a in channel.to])


def _address(value: str) -> str:
    """The bare address of `Name <addr@example.jp>`."""
    if "<" in value and value.endswith(">"):
        return value[value.rindex("<") + 1 : -1]
    return value


def post_webhook(channel: WebhookChannel, payload: dict[str, object]) -> None:
    url = channel.url or _env(channel.url_env or "")
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "tracker"}
    response = httpx.post(
        url, content=body, headers=headers, timeout=channel.timeout, follow_redirects=False
    )
    if not 200 <= response.status_code < 300:
        host = httpx.URL(url).host
        raise DeliveryError(f"{host} answered HTTP {response.status_code}")


def _reason(error: BaseException) -> str:
    if isinstance(error, DeliveryError):
        return str(error)
    if isinstance(error, smtplib.SMTPResponseException):
        raw = error.smtp_error
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        return f"SMTP {error.smtp_code} {text}".strip()
    if isinstance(error, (socket.timeout, TimeoutError, httpx.TimeoutException)):
        return "timed out"
    if isinstance(error, ssl.SSLError):
        return f"TLS: {error.reason or error}"
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
