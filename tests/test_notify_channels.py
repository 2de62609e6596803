"""Setting notifications up: `tracker notify --test` sends a test message on every channel (a
real SMTP server and a real webhook receiver on loopback), and every message about a channel
names it as configured — never by a hash."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.http import Site
from support.notify import PASSWORD, USER, Hook, smtp_server, webhook_server
from support.run import REVISION_003, SEED_003, TEXT, run, write_config


@pytest.fixture(autouse=True)
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_SMTP_USER", USER)
    monkeypatch.setenv("TEST_SMTP_PASSWORD", PASSWORD)


@pytest.fixture
def hook() -> Iterator[Hook]:
    with webhook_server() as server:
        yield server


def config_with(folder: Path, site: Site, channels: str) -> Path:
    site.put("/securecam.txt", SEED_003.encode(), TEXT)
    return write_config(folder, {"securecam": site.url("/securecam.txt")}, extra=channels)


def email(port: int, ca_file: Path | None) -> str:
    return (
        "[[notify.email]]\n"
        f'name = "legal"\nhost = "127.0.0.1"\nport = {port}\nsecurity = "starttls"\n'
        'from = "tracker <tracker@example.jp>"\nto = ["legal@example.jp"]\n'
        'username_env = "TEST_SMTP_USER"\npassword_env = "TEST_SMTP_PASSWORD"\n'
        f'timeout = 5\nca_file = "{ca_file}"\n'
    )


def test_notify_test_sends_one_message_on_every_channel(
    tmp_path: Path, site: Site, hook: Hook, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEST_SLACK_HOOK", hook.url)
    with smtp_server(tmp_path) as server:
        channels = (
            "[notify]\n"
            + email(server.port, server.ca_file)
            + f'[[notify.webhook]]\nurl = "{hook.url}"\n'
            + '[[notify.webhook]]\nurl_env = "TEST_SLACK_HOOK"\nformat = "slack"\n'
        )
        config = config_with(tmp_path, site, channels)
        result = run(config, "notify", "--test")
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines() == [
            "email 'legal': test message sent",
            "webhook to 127.0.0.1: test message sent",
            "webhook $TEST_SLACK_HOOK: test message sent",
        ]
        (message,) = server.mailbox.messages
    assert message["Subject"] == "[tracker] テスト通知 / test message"
    assert message["X-Tracker-Test"] == "1"
    body = message.get_content()
    assert "email 'legal'" in body and str(config) in body
    ours, slack = (json.loads(body) for _, _, body in hook.posts)
    assert ours["test"] is True and ours["events"] == [] and ours["source"] == "tracker"
    assert slack["text"] == "[tracker] テスト通知 / test message" and slack["blocks"]
    # a test is no event: nothing queued, nothing to announce later
    assert "0 sent, 0 pending" in run(config, "notify").stdout


def test_notify_test_says_which_channel_failed_and_exits_3(
    tmp_path: Path, site: Site, hook: Hook
) -> None:
    hook.status = 500
    channels = f'[notify]\n[[notify.webhook]]\nname = "legal-slack"\nurl = "{hook.url}"\n'
    config = config_with(tmp_path, site, channels)
    result = run(config, "notify", "--test")
    assert result.exit_code == 3
    assert result.stdout == "webhook 'legal-slack': failed: 127.0.0.1 answered HTTP 500\n"


def test_a_failed_webhook_is_named_as_configured_never_by_a_hash(
    tmp_path: Path, site: Site, hook: Hook
) -> None:
    hook.status = 500
    channels = (
        "[notify]\n"
        f'[[notify.webhook]]\nname = "legal-slack"\nurl = "{hook.url}"\n'
        f'[[notify.webhook]]\nurl = "{hook.url}?second"\n'
    )
    config = config_with(tmp_path, site, channels)
    run(config, "check")
    site.put("/securecam.txt", REVISION_003.encode(), TEXT)
    result = run(config, "check")
    warnings = [line for line in result.stderr.splitlines() if "notification" in line]
    assert warnings == [
        "tracker: warning: notification to webhook 'legal-slack' failed: 127.0.0.1 answered "
        "HTTP 500 (it will be retried on the next run)",
        "tracker: warning: notification to webhook to 127.0.0.1 failed: 127.0.0.1 answered "
        "HTTP 500 (it will be retried on the next run)",
    ]
    listed = run(config, "notify").stdout
    assert (
        "webhook 'legal-slack': 0 sent, 1 pending (last error: 127.0.0.1 answered HTTP 500)"
        in listed
    )


def test_notify_without_channels_says_so(tmp_path: Path, site: Site) -> None:
    config = config_with(tmp_path, site, "")
    result = run(config, "notify", "--test")
    assert result.exit_code == 0 and "no [[notify.email]] or [[notify.webhook]]" in result.stdout


def test_messages_speak_the_reports_language(tmp_path: Path, site: Site, hook: Hook) -> None:
    channels = f'[notify]\n[[notify.webhook]]\nurl = "{hook.url}"\nformat = "slack"\n'
    config = config_with(tmp_path, site, channels + '[report]\nlanguage = "en"\n')
    run(config, "check")
    site.put("/securecam.txt", REVISION_003.encode(), TEXT)
    run(config, "check")
    (post,) = [json.loads(body) for _, _, body in hook.posts]
    assert post["text"] == "[tracker] terms changed: securecam (run 2)"
    lines = post["blocks"][1]["text"]["text"]
    assert lines.startswith("- changed: securecam (securecam) v1 → v2: 1 added, 0 removed")
    assert "open the report" in post["blocks"][2]["elements"][0]["text"]
