"""A person correcting a history: `import` refuses what looks like another agreement unless
--force, `forget` removes a mistaken version (shown first, recorded, listed by `log`), and
`accept` shows what it would take before it takes it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from support.history import (
    SEED_004,
    STUB,
    T0,
    at,
    history_config,
    record,
    revision_003,
    seed_003,
)
from support.run import assert_one_line_error

from tracker.cli import cli
from tracker.history.identity import titles_differ
from tracker.report.history_page import history_page_name
from tracker.store import Store

Run = Callable[..., Result]


@pytest.fixture
def run(tmp_path: Path) -> Run:
    config = history_config(tmp_path)

    def invoke(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(
            cli, ["--config", str(config), *args], input=input, catch_exceptions=False
        )

    return invoke


def versions(run: Run) -> list[dict[str, object]]:
    data: list[dict[str, object]] = json.loads(run("log", "securecam", "--format", "json").stdout)[
        "versions"
    ]
    return data


# --- import of another agreement ---------------------------------------------------------------


def test_import_of_another_agreement_is_refused_until_forced(run: Run, store: Store) -> None:
    record(store, seed_003(), T0)  # セキュアカメラクラウドサービス利用規約
    result = run("import", "securecam", str(SEED_004), "--date", "2026-10-01")
    assert_one_line_error(result, "SORACOMベータ版規約", "another agreement?", "--force")
    assert len(versions(run)) == 1  # nothing imported
    forced = run("import", "securecam", str(SEED_004), "--date", "2026-10-01", "--force")
    assert forced.exit_code == 0
    assert "tracker: warning:" in forced.stderr and "imported anyway (--force)" in forced.stderr
    assert len(versions(run)) == 2


def test_import_dated_before_the_agreements_enactment_is_refused(
    run: Run, store: Store, tmp_path: Path
) -> None:
    record(store, SEED_004.read_bytes(), T0, document_id="beta")  # 2023年9月15日制定
    old = tmp_path / "old-beta.txt"
    old.write_text(SEED_004.read_text(encoding="utf-8").replace("ベータ版", "β版", 3))
    result = run("import", "beta", str(old), "--date", "2022-01-01")
    assert_one_line_error(result, "--date 2022-01-01 is before the agreement's 制定 2023-09-15")
    assert run("import", "beta", str(old), "--date", "2023-10-01").exit_code == 0


def test_titles_of_one_agreement_written_two_ways_are_the_same() -> None:
    assert not titles_differ(
        "セキュアカメラクラウドサービス 利用規約", "セキュアカメラクラウドサービス利用規約"
    )
    assert not titles_differ("ＳＯＲＡＣＯＭベータ版規約", "SORACOM ベータ版規約")
    assert titles_differ("SORACOM Flux 契約約款", "セキュアカメラクラウドサービス利用規約")


# --- forget ----------------------------------------------------------------------------------


def test_forget_shows_the_version_asks_and_records_the_removal(
    run: Run, store: Store, tmp_path: Path
) -> None:
    record(store, seed_003(), T0)
    record(store, revision_003(), at(3))
    run("import", "securecam", str(SEED_004), "--date", "2026-11-02", "--force")  # the mistake
    assert len(versions(run)) == 3
    declined = run("forget", "securecam", "2", input="n\n")
    assert declined.exit_code == 1 and len(versions(run)) == 3  # asked, and nothing happened
    assert "securecam version 2 of 3: SORACOMベータ版規約" in declined.stdout
    assert "imported, first seen 2026-11-02 00:00 (Asia/Tokyo)" in declined.stdout
    result = run("forget", "securecam", "2", "--reason", "wrong file", input="y\n")
    assert result.exit_code == 0, result.output
    assert "securecam: version 2 forgotten (recorded" in result.stdout
    assert "versions 3–3 are now 2–2" in result.stdout
    left = versions(run)
    assert [v["origin"] for v in left] == ["fetch", "fetch"]
    assert left[1]["summary"] == {"added": 1, "removed": 0, "modified": 2, "renumbered": 0}
    log = run("log", "securecam")
    assert "forgotten " in log.stdout and "version 2 (import" in log.stdout
    assert "SORACOMベータ版規約): wrong file" in log.stdout
    data = json.loads(run("log", "securecam", "--format", "json").stdout)
    (gone,) = data["forgotten"]
    assert (gone["number"], gone["origin"], gone["reason"]) == (2, "import", "wrong file")
    # the raw snapshot stays: nothing is lost, only the version
    assert (tmp_path / "snapshots").is_dir() and any((tmp_path / "snapshots").rglob("*"))


def test_forget_the_latest_version_and_a_bad_revision(run: Run, store: Store) -> None:
    record(store, seed_003(), T0)
    record(store, revision_003(), at(3))
    result = run("forget", "securecam", "latest", "--yes")
    assert result.exit_code == 0 and "version 2 forgotten" in result.stdout
    assert len(versions(run)) == 1
    assert_one_line_error(run("forget", "securecam", "7", "--yes"), "has no version 7")


def test_forget_rewrites_the_history_page(run: Run, store: Store, tmp_path: Path) -> None:
    record(store, seed_003(), T0)
    record(store, revision_003(), at(3))
    (tmp_path / "reports").mkdir()
    run("forget", "securecam", "2", "--yes")
    page = (tmp_path / "reports" / history_page_name("securecam")).read_text(encoding="utf-8")
    assert 'id="v2"' not in page and "版は一つだけ" in page
    assert (tmp_path / "reports" / "index.html").exists()


# --- accept ----------------------------------------------------------------------------------


def test_accept_shows_what_it_would_take_and_asks(run: Run, store: Store) -> None:
    record(store, seed_003(), T0)
    record(store, STUB, at(1))
    record(store, STUB, at(2))
    declined = run("accept", "securecam", input="n\n")
    assert declined.exit_code == 1
    out = declined.stdout
    assert out.startswith(
        "securecam: the snapshot held back on 2026-11-02 03:00 (and 1 later fetch of the "
        "same bytes)"
    )
    assert "  held back because: only 2 of the 56 articles of the previous version found" in out
    assert "  reads: (no title) · 2 articles · 3 sections" in out
    assert "  against version 1: 2 added, 58 removed, 1 modified, 0 renumbered" in out
    assert "Accept it as version 2? [y/N]" in out
    assert len(versions(run)) == 1
    accepted = run("accept", "securecam", input="y\n")
    assert accepted.exit_code == 0
    assert "is now version 2" in accepted.stdout.splitlines()[-1]
    assert len(versions(run)) == 2
