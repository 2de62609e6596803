"""Credentials for protected agreements: taken from the environment, sent to the document's own
address only, and never shown or stored — not in reports, not in the database, not in errors.

A password written into a URL (`https://user:secret@host/…`) used to be copied into the HTML and
JSON reports and into four tables; in tracker.toml it is now refused, and on the command line
(`parse`, `compare`, `import`) it is used for the request and shown as `***`.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from support.http import Handler, Site
from support.run import SEED_003, TEXT, assert_one_line_error, run, write_config

from tracker.cli import cli

PASSWORD = "s3cret-pa55"
BASIC = "Basic " + base64.b64encode(f"legal:{PASSWORD}".encode()).decode()


def protected(body: bytes) -> object:
    """An answer that asks for HTTP Basic credentials and serves `body` to the right ones."""

    def answer(handler: Handler) -> None:
        ok = handler.headers.get("Authorization") == BASIC
        payload = body if ok else b"login required"
        handler.send_response(200 if ok else 401)
        if not ok:
            handler.send_header("WWW-Authenticate", 'Basic realm="terms"')
        handler.send_header("Content-Type", TEXT)
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        handler.wfile.write(payload)

    return answer


def no_secret_under(folder: Path) -> list[str]:
    """The files under `folder` holding the password, plain or in its Basic form."""
    needles = (PASSWORD.encode(), BASIC.split()[1].encode())
    return [
        str(path)
        for path in folder.rglob("*")
        if path.is_file() and any(needle in path.read_bytes() for needle in needles)
    ]


def test_a_password_in_a_configured_url_is_refused_and_not_repeated(
    tmp_path: Path, site: Site
) -> None:
    url = site.url("/securecam.txt").replace("http://", f"http://legal:{PASSWORD}@")
    config = write_config(tmp_path, {"securecam": url})
    result = run(config, "check")
    assert_one_line_error(
        result,
        "tracker.toml:7: url: holds a user name or password (http://***@127.0.0.1:",
        "username_env and password_env",
    )
    assert PASSWORD not in result.output
    assert not (tmp_path / "tracker.db").exists()


def test_a_protected_agreement_is_fetched_with_credentials_from_the_environment(
    tmp_path: Path, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.fail("/securecam.txt", protected(SEED_003.encode()))  # type: ignore[arg-type]
    extra_keys = 'username_env = "TEST_TERMS_USER"\npassword_env = "TEST_TERMS_PASSWORD"\n'
    config = write_config(tmp_path, {"securecam": site.url("/securecam.txt")})
    config.write_text(config.read_text(encoding="utf-8") + extra_keys, encoding="utf-8")

    failed = run(config, "check")  # the variables are not set yet
    assert failed.exit_code == 3
    assert "environment variable TEST_TERMS_USER is not set" in failed.stdout

    monkeypatch.setenv("TEST_TERMS_USER", "legal")
    monkeypatch.setenv("TEST_TERMS_PASSWORD", PASSWORD)
    result = run(config, "check")
    assert result.exit_code == 0, result.output
    log = json.loads(run(config, "log", "securecam", "--format", "json").stdout)
    assert [v["number"] for v in log["versions"]] == [1]
    assert site.requests_to("/securecam.txt")[-1]["Authorization"] == BASIC
    assert no_secret_under(tmp_path) == []


@pytest.mark.parametrize("secret_key", ["password", "username"])
def test_credentials_written_into_a_document_table_are_refused(
    tmp_path: Path, site: Site, secret_key: str
) -> None:
    config = write_config(tmp_path, {"securecam": site.url("/securecam.txt")})
    config.write_text(config.read_text("utf-8") + f'{secret_key} = "{PASSWORD}"\n', "utf-8")
    result = run(config, "check")
    assert_one_line_error(result, f"{secret_key}: credentials are never read from tracker.toml")
    assert PASSWORD not in result.output


def test_a_password_in_a_url_on_the_command_line_is_used_never_shown_or_stored(
    tmp_path: Path, site: Site
) -> None:
    from click.testing import CliRunner

    site.fail("/securecam.txt", protected(SEED_003.encode()))  # type: ignore[arg-type]
    url = site.url("/securecam.txt").replace("http://", f"http://legal:{PASSWORD}@")
    shown = site.url("/securecam.txt").replace("http://", "http://***@")
    parsed = CliRunner().invoke(cli, ["parse", url, "--format", "json"])
    assert parsed.exit_code == 0, parsed.output
    assert json.loads(parsed.stdout)["source"] == shown
    compared = CliRunner().invoke(cli, ["compare", url, url, "--format", "json"])
    assert compared.exit_code == 0 and PASSWORD not in compared.output
    wrong = url.replace(PASSWORD, PASSWORD + "-wrong")
    failed = CliRunner().invoke(cli, ["parse", wrong])
    assert failed.exit_code == 2 and "HTTP 401" in failed.stderr
    assert "wrong" not in failed.stderr and "***@" in failed.stderr

    config = write_config(tmp_path, {"securecam": site.url("/securecam.txt")})
    imported = run(config, "import", "securecam", url, "--date", "2026-11-01")
    assert imported.exit_code == 0, imported.output
    assert PASSWORD not in imported.output
    assert no_secret_under(tmp_path) == []
