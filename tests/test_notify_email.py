"""Email notifications through a real SMTP server on loopback (aiosmtpd): STARTTLS and implicit
TLS against a test CA, credentials from the environment, one message per change, retries."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from support.http import Site
from support.notify import PASSWORD, USER, SmtpServer, free_port, smtp_server
from support.run import REVISION_003, SEED_003, SEED_004, TEXT, run, write_config


@pytest.fixture(autouse=True)
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_SMTP_USER", USER)
    monkeypatch.setenv("TEST_SMTP_PASSWORD", PASSWORD)


def email_config(
    folder: Path, site: Site, port: int, ca_file: Path | None, security: str = "starttls"
) -> Path:
    ca = f'ca_file = "{ca_file}"\n' if ca_file else ""
    extra = (
        "[notify]\n[[notify.email]]\n"
        f'host = "127.0.0.1"\nport = {port}\nsecurity = "{security}"\n'
        'from = "tracker <tracker@example.jp>"\nto = ["legal@example.jp", "cfo@example.jp"]\n'
        'username_env = "TEST_SMTP_USER"\npassword_env = "TEST_SMTP_PASSWORD"\n'
        f"timeout = 5\n{ca}"
    )
    site.put("/securecam.txt", SEED_003.encode(), TEXT)
    site.put("/beta.txt", SEED_004.encode(), TEXT)
    documents = {"securecam": site.url("/securecam.txt"), "beta": site.url("/beta.txt")}
    names = {"securecam": "セキュアカメラ利用規約"}
    return write_config(folder, documents, extra=extra, names=names)


def outbox(folder: Path) -> list[sqlite3.Row]:
    conn = sqlite3.connect(folder / "tracker.db")
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute("SELECT * FROM notifications ORDER BY id").fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_a_change_is_emailed_once_with_the_markdown_report_and_the_html_report(
    tmp_path: Path, site: Site, security: str
) -> None:
    with smtp_server(tmp_path, security=security) as server:
        config = email_config(tmp_path, site, server.port, server.ca_file, security)
        assert run(config, "check").exit_code == 0
        assert server.mailbox.messages == []  # first versions are not changes

        site.put("/securecam.txt", REVISION_003.encode(), TEXT)
        result = run(config, "check")
        assert result.exit_code == 0, result.output
        assert "notification" not in result.stderr
        (message,) = server.mailbox.messages
        assert server.mailbox.logins == [USER]
        assert server.mailbox.envelopes == [
            ("tracker@example.jp", ["legal@example.jp", "cfo@example.jp"])
        ]
        assert message["Subject"] == "[tracker] 規約の変更: セキュアカメラ利用規約 (run 2)"
        assert message["To"] == "legal@example.jp, cfo@example.jp"
        assert message["X-Tracker-Events"].startswith("changed:securecam:")
        assert message.get_content_type() == "multipart/alternative"
        text = message.get_body(("plain",))
        html = message.get_body(("html",))
        assert text is not None and html is not None
        plain = text.get_content()
        assert plain.startswith("- 変更: セキュアカメラ利用規約 (securecam) v1 → v2:")
        assert "# 規約変更レポート — run 2" in plain and "## 要対応" in plain
        assert "3か月" in plain and "1か月" in plain
        rich = html.get_content()
        assert rich.startswith("<!DOCTYPE html>") and "新旧対照表" in rich and "<ins>" in rich

        # Later runs, with nothing new, send nothing; nor does re-rendering the report.
        assert run(config, "check").exit_code == 0
        run(config, "report", "2")
        assert run(config, "check").exit_code == 0
        assert len(server.mailbox.messages) == 1
        (row,) = outbox(tmp_path)
        assert row["sent"] is not None and row["attempts"] == 1 and row["last_error"] is None


def test_an_unreachable_server_never_breaks_the_run_and_the_mail_goes_out_next_time(
    tmp_path: Path, site: Site
) -> None:
    port = free_port()
    with smtp_server(tmp_path) as other:
        assert other.ca_file is not None
        foreign_ca = other.ca_file.rename(tmp_path / "foreign-ca.pem")
    config = email_config(tmp_path, site, port, foreign_ca)
    run(config, "check")
    site.put("/securecam.txt", REVISION_003.encode(), TEXT)
    result = run(config, "check")  # nobody listens on `port`
    assert result.exit_code == 0  # the documents were fetched: the run succeeded
    assert "notification to email to legal@example.jp, cfo@example.jp failed" in result.stderr
    assert "cannot connect" in result.stderr and "retried on the next run" in result.stderr
    (row,) = outbox(tmp_path)
    assert row["sent"] is None and row["attempts"] == 1 and "cannot connect" in row["last_error"]

    with smtp_server(tmp_path, port=port) as server:
        # the server's certificate is from another CA than the configured one: refused
        result = run(config, "check")
        assert result.exit_code == 0 and "TLS" in result.stderr
        assert "CERTIFICATE_VERIFY_FAILED" in result.stderr
        assert server.mailbox.messages == []
        assert server.ca_file is not None
        config.write_text(
            config.read_text(encoding="utf-8").replace(str(foreign_ca), str(server.ca_file))
        )
        result = run(config, "check")
        assert result.exit_code == 0 and "notification" not in result.stderr
        (message,) = server.mailbox.messages
        assert "run 2" in message["Subject"]  # the retry carries the run that saw the change
        run(config, "check")
        assert len(server.mailbox.messages) == 1
    (row,) = outbox(tmp_path)
    assert row["sent"] is not None and row["attempts"] == 3


def test_missing_credentials_in_the_environment_are_named(
    tmp_path: Path, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TEST_SMTP_PASSWORD")
    with smtp_server(tmp_path) as server:
        config = email_config(tmp_path, site, server.port, server.ca_file)
        run(config, "check")
        site.put("/securecam.txt", REVISION_003.encode(), TEXT)
        result = run(config, "check")
        assert "environment variable TEST_SMTP_PASSWORD is not set" in result.stderr
        assert server.mailbox.messages == []
        monkeypatch.setenv("TEST_SMTP_PASSWORD", "wrong")
        result = run(config, "check")
        assert "SMTP 535" in result.stderr
        monkeypatch.setenv("TEST_SMTP_PASSWORD", PASSWORD)
        run(config, "check")
        assert len(server.mailbox.messages) == 1


def test_credentials_in_the_toml_file_are_refused(tmp_path: Path, site: Site) -> None:
    server = SmtpServer(25, None, None)  # type: ignore[arg-type]
    config = email_config(tmp_path, site, server.port, None)
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('password_env = "TEST_SMTP_PASSWORD"', 'password = "hunter2"'))
    result = run(config, "check")
    assert result.exit_code == 2
    assert "password: credentials are never read from tracker.toml" in result.stderr
    assert "password_env" in result.stderr and "hunter2" not in result.stderr
