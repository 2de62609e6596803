"""Notifications: tell people by email or webhook when an agreement changed, or a document keeps
failing. Events go through an outbox in the database (`tracker.store.outbox`), so nothing is
sent twice and a failed delivery is retried on the next run."""

from tracker.notify.deliver import Delivery, notify_run

__all__ = ["Delivery", "notify_run"]
