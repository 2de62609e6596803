"""The history commands as users and scripts see them: `log`, `diff`, `show`, `import`,
`rebuild`, `accept` — output, exit codes, one-line errors.

Driven through the real `tracker` command with a tracker.toml over a real SQLite file and
snapshots folder that the tests fill directly.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from support.history import (
    SEED_003,
    STUB,
    T0,
    URL,
    at,
    history_config,
    normaliser_that,
    notice_shortened,
    open_store,
    record,
    revision_003,
    seed_003,
)
from support.run import assert_one_line_error

from tracker.cli import cli
from tracker.store import Store

Run = Callable[..., Result]


@pytest.fixture
def run(tmp_path: Path) -> Run:
    config = history_config(tmp_path)

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(cli, ["--config", str(config), *args], catch_exceptions=False)

    return invoke


@pytest.fixture
def two_versions(store: Store) -> Store:
    record(store, seed_003(), T0)  # v1, effective 2020-12-14
    record(store, seed_003(), at(2))
    record(store, revision_003(), at(3))  # v2, seen 2026-11-04, effective 2026-12-01
    return store


# --- log -------------------------------------------------------------------------------------


def test_log_json_has_the_contract_shape(run: Run, two_versions: Store) -> None:
    result = run("log", "securecam", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["document"] == "securecam"
    v1, v2 = data["versions"]
    contract = {"number", "first_seen", "last_seen", "sha256", "sections", "dates", "summary"}
    assert set(v1) >= contract
    assert (v1["number"], v2["number"]) == (1, 2)
    assert v1["first_seen"] == "2026-11-01T03:00:00+09:00"
    assert v1["last_seen"] == "2026-11-03T03:00:00+09:00"
    assert v1["sections"] == 59 and v2["sections"] == 60
    assert v1["dates"] == {"enacted": None, "revised": "2020-12-14", "effective": "2020-12-14"}
    assert v1["summary"] is None
    assert v2["summary"] == {"added": 1, "removed": 0, "modified": 2, "renumbered": 0}
    assert len(v1["sha256"]) == 64 and v1["sha256"] != v2["sha256"]
    assert (v2["technical"], v2["suspect"]) == (False, False)
    assert data["suspect"] is None


def test_log_text_lists_versions_oldest_first(run: Run, two_versions: Store) -> None:
    result = run("log", "securecam")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "securecam — セキュアカメラ利用規約  (times in Asia/Tokyo)"
    assert lines[1].split()[:2] == ["1", "2026-11-01"]
    assert "revised 2020-12-14" in lines[1] and lines[1].rstrip().endswith("—")
    assert lines[2].split()[:2] == ["2", "2026-11-04"]
    assert "1 added, 0 removed, 2 modified, 0 renumbered" in lines[2]


def test_log_shows_a_held_back_snapshot_and_failures(run: Run, store: Store) -> None:
    from tracker.history import record_failure

    record(store, seed_003(), T0)
    record(store, STUB, at(1))
    record_failure(
        store,
        "securecam",
        url=URL,
        error="HTTP 503 Service Unavailable",
        transient=True,
        status=503,
        fetched_at=at(2),
        run_id=None,
    )
    data = json.loads(run("log", "securecam", "--format", "json").stdout)
    assert data["suspect"]["fetched_at"] == "2026-11-02T03:00:00+09:00"
    assert "2 of the 56 articles" in data["suspect"]["reason"]
    assert data["consecutive_failures"] == 1
    text = run("log", "securecam").stdout
    assert "tracker accept securecam" in text
    assert "1 consecutive failed checks; last: HTTP 503" in text


def test_log_of_a_configured_document_never_fetched(run: Run) -> None:
    result = run("log", "beta", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["versions"] == []
    assert "no versions stored yet" in run("log", "beta").stdout


# --- diff ------------------------------------------------------------------------------------


def test_diff_without_revisions_compares_the_two_newest(run: Run, two_versions: Store) -> None:
    result = run("diff", "securecam")
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first == (
        "securecam v1 (2026-11-01) → securecam v2 (2026-11-04): "
        "1 added, 0 removed, 2 modified, 0 renumbered"
    )
    assert "[-3-]{+1+}" in result.stdout


@pytest.mark.parametrize(
    ("revs", "expected"),
    [
        (("1", "2"), (1, 2)),
        (("previous", "latest"), (1, 2)),
        (("1",), (1, 2)),
        (("2", "1"), (2, 1)),
        (("2026-11-10", "2026-12-01"), (1, 2)),  # v2 was seen on 11-04 but in force from 12-01
        (("2021-01-01", "latest"), (1, 2)),
    ],
)
def test_diff_by_number_name_and_date(
    run: Run, two_versions: Store, revs: tuple[str, ...], expected: tuple[int, int]
) -> None:
    result = run("diff", "securecam", *revs, "--format", "json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert (data["old"]["version"], data["new"]["version"]) == expected
    assert set(data) >= {"old", "new", "summary", "changes"}
    assert data["old"]["source"] == URL


def test_diff_of_a_version_with_itself_has_no_changes(run: Run, two_versions: Store) -> None:
    result = run("diff", "securecam", "2026-11-20", "1")
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "securecam v1 (2026-11-01) → securecam v1 (2026-11-01): no changes"
    )


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_diff_writes_a_comparison_table(run: Run, two_versions: Store, fmt: str) -> None:
    result = run("diff", "securecam", "--format", fmt, "--old-first")
    assert result.exit_code == 1
    assert "securecam v2 (2026-11-04)" in result.stdout


def test_diff_with_a_single_version_says_there_is_nothing_to_compare(
    run: Run, store: Store
) -> None:
    record(store, seed_003(), T0)
    result = run("diff", "securecam")
    assert result.exit_code == 0
    assert result.stdout.strip() == (
        "securecam has one version (1, first seen 2026-11-01 03:00); nothing to compare"
    )
    assert run("diff", "beta").exit_code == 0


@pytest.mark.parametrize(
    ("revs", "words"),
    [
        (("7",), ["no version 7", "1 to 2"]),
        (("0",), ["no version 0"]),
        (("2019-01-01", "latest"), ["in force on 2019-01-01"]),
        (("yesterday",), ["'yesterday' is not a revision"]),
        (("2026-02-30",), ["not a date"]),
    ],
)
def test_diff_with_a_bad_revision_is_one_line(
    run: Run, two_versions: Store, revs: tuple[str, ...], words: list[str]
) -> None:
    assert_one_line_error(run("diff", "securecam", *revs), *words)


def test_previous_of_a_single_version_is_an_error(run: Run, store: Store) -> None:
    record(store, seed_003(), T0)
    assert_one_line_error(run("diff", "securecam", "previous"), "only one version")


# --- show ------------------------------------------------------------------------------------


def test_show_prints_the_latest_version_as_an_outline(run: Run, two_versions: Store) -> None:
    result = run("show", "securecam")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("securecam version 2 · first seen 2026-11-04 03:00")
    assert lines[2] == "セキュアカメラクラウドサービス利用規約"
    assert "56 articles · preamble, suppl, suppl-2, appendix" in result.stdout


def test_show_an_article_of_an_older_version(run: Run, two_versions: Store) -> None:
    old = run("show", "securecam@1", "8")
    assert old.exit_code == 0
    assert "第8条 サービスの終了" in old.stdout
    assert "3か月前までに通知します" in old.stdout
    new = run("show", "securecam", "第8条")
    assert "1か月前までに通知します" in new.stdout


def test_show_json_of_an_article_and_of_a_version(run: Run, two_versions: Store) -> None:
    data = json.loads(run("show", "securecam@2026-11-10", "8", "--format", "json").stdout)
    assert (data["document"], data["version"]) == ("securecam", 1)
    assert data["section"]["key"] == "8" and data["section"]["title"] == "サービスの終了"
    whole = json.loads(run("show", "securecam@latest", "--format", "json").stdout)
    assert whole["version"] == 2
    assert len(whole["sections"]) == 60 and whole["dates"]["effective"] == "2026-12-01"


def test_show_an_unknown_section_is_one_line(run: Run, two_versions: Store) -> None:
    assert_one_line_error(run("show", "securecam", "999"), "no section '999'", "preamble")


# --- import ----------------------------------------------------------------------------------


def test_import_backfills_an_older_copy(run: Run, tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        record(store, revision_003(), T0)
    result = run("import", "securecam", str(SEED_003), "--date", "2020-12-14")
    assert result.exit_code == 0, result.output
    assert "imported as version 1 of 2 (2020-12-14)" in result.stdout
    assert "versions 2–2 renumbered" in result.stdout
    data = json.loads(run("log", "securecam", "--format", "json").stdout)
    assert [v["first_seen"][:10] for v in data["versions"]] == ["2020-12-14", "2026-11-01"]
    assert data["versions"][1]["summary"] == {
        "added": 1,
        "removed": 0,
        "modified": 2,
        "renumbered": 0,
    }
    assert data["versions"][0]["origin"] == "import"
    again = run("import", "securecam", str(SEED_003), "--date", "2020-12-20")
    assert again.exit_code == 0
    assert "same content as version 1" in again.stdout


def test_import_between_versions_reports_its_comparison(
    run: Run, two_versions: Store, tmp_path: Path
) -> None:
    copy = tmp_path / "archived.txt"
    copy.write_bytes(notice_shortened())
    result = run("import", "securecam", str(copy), "--date", "2026-11-04")
    assert result.exit_code == 0, result.output
    assert "imported as version 2 of 3" in result.stdout
    assert "against version 1: 0 added, 0 removed, 1 modified, 0 renumbered" in result.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["missing.txt", "--date", "2020-01-01"], ["missing.txt", "no such file"]),
        ([str(SEED_003), "--date", "2020-13-01"], ["--date", "not a date"]),
        ([str(SEED_003), "--date", "2999-01-01"], ["in the future"]),
    ],
)
def test_import_errors_are_one_line(run: Run, args: list[str], words: list[str]) -> None:
    assert_one_line_error(run("import", "securecam", *args), *words)


def test_import_of_an_unreadable_file_is_one_line(run: Run, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert_one_line_error(run("import", "securecam", str(empty), "--date", "2020-01-01"), "empty")


# --- rebuild and accept -------------------------------------------------------------------


def test_rebuild_reports_a_store_that_is_up_to_date(run: Run, two_versions: Store) -> None:
    result = run("rebuild")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "securecam: up to date",
        "rebuilt 1 document(s): 0 technical, 0 merged, 0 kept",
    ]
    assert run("rebuild", "securecam").exit_code == 0


def test_rebuild_lists_normaliser_only_differences_as_technical(
    run: Run, two_versions: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    import tracker.history.derive as derive

    newer = normaliser_that(lambda d: replace(d, sections=d.sections[:-1]))  # drops the 別紙
    monkeypatch.setattr(derive, "document_from_bytes", newer)
    result = run("rebuild", "securecam")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "securecam: version 1 re-derived — technical (normaliser only): "
        "0 added, 1 removed, 0 modified, 0 renumbered",
        "securecam: version 2 re-derived — technical (normaliser only): "
        "0 added, 1 removed, 0 modified, 0 renumbered",
        "rebuilt 1 document(s): 2 technical, 0 merged, 0 kept",
    ]


def test_accept_takes_the_held_back_snapshot_as_a_version(run: Run, store: Store) -> None:
    record(store, seed_003(), T0)
    record(store, STUB, at(1))
    result = run("accept", "securecam", "--yes")
    assert result.exit_code == 0, result.output
    last = result.stdout.splitlines()[-1]
    assert last.startswith("securecam: the snapshot of 2026-11-02 03:00 is now version 2")
    data = json.loads(run("log", "securecam", "--format", "json").stdout)
    assert [v["suspect"] for v in data["versions"]] == [False, True]
    assert_one_line_error(run("accept", "securecam", "--yes"), "no suspect snapshot")


# --- every command ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["log", "nope"],
        ["log", "nope", "--format", "json"],
        ["diff", "nope"],
        ["diff", "nope", "1", "2"],
        ["show", "nope"],
        ["show", "nope@1", "8"],
        ["import", "nope", str(SEED_003), "--date", "2020-01-01"],
        ["rebuild", "nope"],
        ["accept", "nope"],
    ],
)
def test_an_unknown_document_is_one_line_and_exit_2(run: Run, args: list[str]) -> None:
    assert_one_line_error(run(*args), "unknown document 'nope'", "beta, securecam")


def test_a_document_only_the_store_knows_can_still_be_read(run: Run, store: Store) -> None:
    record(store, seed_003(), T0, document_id="retired")
    result = run("log", "retired", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["versions"][0]["first_seen"] == "2026-11-01T03:00:00+09:00"


def test_diff_by_default_passes_over_technical_versions(
    run: Run, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    import tracker.history.derive as derive

    real = derive.document_from_bytes
    older = normaliser_that(lambda d: replace(d, sections=d.sections[:-1]))
    monkeypatch.setattr(derive, "document_from_bytes", older)
    record(store, seed_003(), T0)
    monkeypatch.setattr(derive, "document_from_bytes", real)
    monkeypatch.setattr(derive, "extractor_version", lambda: "newer")
    record(store, seed_003(), at(1))  # version 2: technical, the same snapshot re-read
    result = run("diff", "securecam")
    assert (result.exit_code, result.stdout.strip()) == (
        0,
        "securecam: no change to the agreement since version 1 (only technical ones)",
    )
    record(store, notice_shortened(), at(2))  # version 3, compared with version 2
    data = json.loads(run("diff", "securecam", "--format", "json").stdout)
    assert (data["old"]["version"], data["new"]["version"]) == (2, 3)
    assert data["summary"] == {"added": 0, "removed": 0, "modified": 1, "renumbered": 0}
    assert data["old"]["technical"] is True
    assert "[technical]" in run("log", "securecam").stdout.splitlines()[2]


def test_log_and_parse_say_1_article_not_1_articles(run: Run, tmp_path: Path) -> None:
    one = tmp_path / "one.txt"
    one.write_text(
        "ベータ版規約\n第1条（適用）\nこの規約はベータ版に適用します。\n", encoding="utf-8"
    )
    assert run("import", "beta", str(one), "--date", "2026-11-01").exit_code == 0
    log = run("log", "beta").stdout
    assert "1 article " in log and "1 articles" not in log
    parsed = run("parse", str(one)).stdout
    assert "\n1 article\n" in parsed
