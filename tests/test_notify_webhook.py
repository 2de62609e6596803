"""Webhook notifications to a real HTTP server on loopback: the JSON payload, the Slack shape,
failures retried on the next run, failure streaks, and never the same event twice."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.http import Site
from support.notify import Hook, webhook_server
from support.run import EFFECTIVE, REVISION_003, SEED_003, SEED_004, TEXT, run, write_config


@pytest.fixture
def hook() -> Iterator[Hook]:
    with webhook_server() as server:
        yield server


def config_for(folder: Path, site: Site, webhook: str, *, notify: str = "") -> Path:
    site.put("/securecam.txt", SEED_003.encode(), TEXT)
    site.put("/beta.txt", SEED_004.encode(), TEXT)
    documents = {"securecam": site.url("/securecam.txt"), "beta": site.url("/beta.txt")}
    names = {"securecam": "セキュアカメラ <利用規約> & 料金", "beta": "ベータ版規約"}
    extra = f"[notify]\n{notify}[[notify.webhook]]\n{webhook}"
    return write_config(folder, documents, extra=extra, names=names)


def payloads(hook: Hook) -> list[dict[str, Any]]:
    return [json.loads(body) for _, _, body in hook.posts]


def test_the_json_payload_carries_the_change_its_obligations_and_links(
    tmp_path: Path, site: Site, hook: Hook
) -> None:
    base = "https://intranet.example.jp/reports/"
    config = config_for(tmp_path, site, f'url = "{hook.url}"\n')
    config.write_text(config.read_text("utf-8") + f'[report]\nbase_url = "{base}"\n', "utf-8")
    run(config, "check")
    assert hook.posts == []
    site.put("/securecam.txt", REVISION_003.encode(), TEXT)
    assert run(config, "check").exit_code == 0
    (post,) = hook.posts
    path, headers, _ = post
    assert path == "/hook" and headers["Content-Type"] == "application/json; charset=utf-8"
    (payload,) = payloads(hook)
    assert payload["source"] == "tracker" and payload["run"] == 2
    (event,) = payload["events"]
    assert event["type"] == "changed" and event["document"] == "securecam"
    assert event["name"] == "セキュアカメラ <利用規約> & 料金"
    assert (event["previous"], event["version"]) == (1, 2)
    assert event["summary"] == {"added": 1, "removed": 0, "modified": 2, "renumbered": 0}
    assert event["effective"] == EFFECTIVE.isoformat()
    assert {"notice", "fees"} <= set(event["flags"])
    assert event["obligations"][0]["severity"] == "high"
    assert event["report"].startswith(base) and event["report"].endswith("-run2.html")
    assert payload["reports"]["feed"] == base + "feed.atom"

    for _ in range(2):
        run(config, "check")
    assert len(hook.posts) == 1  # never twice for the same change


def test_a_layout_only_change_is_not_announced(tmp_path: Path, site: Site, hook: Hook) -> None:
    config = config_for(tmp_path, site, f'url = "{hook.url}"\n')
    run(config, "check")
    relaid = SEED_003.replace("。", "。\n\n").replace("第1条", "第 1 条")
    site.put("/securecam.txt", relaid.encode(), TEXT)
    assert run(config, "check").exit_code == 0
    assert hook.posts == []


def test_the_slack_payload_is_text_and_mrkdwn_blocks_with_escaped_names(
    tmp_path: Path, site: Site, hook: Hook, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEST_SLACK_URL", hook.url)
    config = config_for(tmp_path, site, 'url_env = "TEST_SLACK_URL"\nformat = "slack"\n')
    run(config, "check")
    site.put("/securecam.txt", REVISION_003.encode(), TEXT)
    run(config, "check")
    (payload,) = payloads(hook)
    assert set(payload) == {"text", "blocks"}
    assert payload["text"].startswith("[tracker] 規約の変更: セキュアカメラ &lt;利用規約&gt; &amp;")
    kinds = [block["type"] for block in payload["blocks"]]
    assert kinds == ["section", "section", "context"]
    body = payload["blocks"][1]["text"]["text"]
    assert "v1 → v2" in body and "<" not in body
    link = payload["blocks"][2]["elements"][0]["text"]
    assert link.startswith("<file://") and link.endswith("|レポートを開く>")


def test_a_failed_post_is_retried_on_the_next_run_and_never_breaks_it(
    tmp_path: Path, site: Site, hook: Hook
) -> None:
    config = config_for(tmp_path, site, f'url = "{hook.url}"\ntimeout = 2\n')
    run(config, "check")
    site.put("/securecam.txt", REVISION_003.encode(), TEXT)
    hook.status = 500
    result = run(config, "check")
    assert result.exit_code == 0
    assert "webhook" in result.stderr and "answered HTTP 500" in result.stderr
    hook.status = 302  # a redirect is not a delivery either
    assert "answered HTTP 302" in run(config, "check").stderr
    hook.status = 200
    result = run(config, "check")
    assert result.stderr == ""
    assert len(hook.posts) == 3
    assert [p["run"] for p in payloads(hook)] == [2, 2, 2]  # the run that saw the change
    run(config, "check")
    assert len(hook.posts) == 3


def test_a_document_failing_n_runs_in_a_row_is_announced_once_per_streak(
    tmp_path: Path, site: Site, hook: Hook
) -> None:
    config = config_for(tmp_path, site, f'url = "{hook.url}"\n', notify="after_failures = 2\n")
    run(config, "check")
    site.fail("/beta.txt", "500")
    assert run(config, "check").exit_code == 3
    assert hook.posts == []  # one failure is not yet a streak
    run(config, "check")
    run(config, "check")
    (payload,) = payloads(hook)
    (event,) = payload["events"]
    assert event["type"] == "failing" and event["document"] == "beta"
    assert event["failures"] == 2 and "500" in event["error"]
    del site.faults["/beta.txt"]
    run(config, "check")
    site.fail("/beta.txt", "404")
    run(config, "check")
    run(config, "check")
    assert len(hook.posts) == 2  # a new streak is a new event
    assert "404" in payloads(hook)[1]["events"][0]["error"]


def test_a_channel_added_later_does_not_replay_the_history(
    tmp_path: Path, site: Site, hook: Hook
) -> None:
    config = config_for(tmp_path, site, f'url = "{hook.url}"\n')
    text = config.read_text("utf-8")
    config.write_text(text.split("[notify]")[0], "utf-8")
    run(config, "check")
    site.put("/securecam.txt", REVISION_003.encode(), TEXT)
    run(config, "check")  # a change, with nobody to tell
    config.write_text(text, "utf-8")
    run(config, "check")
    assert hook.posts == []


@pytest.mark.parametrize(
    ("webhook", "message"),
    [
        ('url = "ftp://example.jp/x"\n', "url: must be an http:// or https:// URL"),
        ('url = "https://a"\nurl_env = "B"\n', "give exactly one of url and url_env"),
        ('url = "https://a"\nformat = "teams"\n', "format: must be one of json, slack"),
        ('url = "https://a"\ntoken = "abc"\n', "token: credentials are never read"),
        ('url_env = "not a name"\n', "url_env: must name an environment variable"),
    ],
)
def test_webhook_settings_are_checked(
    tmp_path: Path, site: Site, webhook: str, message: str
) -> None:
    config = config_for(tmp_path, site, webhook)
    result = run(config, "check")
    assert result.exit_code == 2 and message in result.stderr
    assert "tracker.toml:" in result.stderr
