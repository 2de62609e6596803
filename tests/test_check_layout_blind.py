"""`check` stores a new version only when the agreement says something new, never for layout.

A publisher re-lays out the same agreement (a new PDF with other line breaks, a URL wrapped
mid-token, a table row's cells wrapped) and `check` must see no change; a real edit next to it is
still a version. An older database gets layout-blind hashes by migration 4.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from support.http import Site
from support.render import rewrap, seed_text, to_pdf
from support.run import SEED_003, TEXT, run_report
from test_check import run, versions, write_config

from tracker.model import layout_hash
from tracker.normalise import normalise
from tracker.store.migrations import MIGRATIONS, migrate

PDF = "application/pdf"
SEED_000 = seed_text("000_3c77ce43546e0bc6.txt")


def _outcomes(tmp_path: Path) -> list[str]:
    """The latest run's outcomes (rendered: a run where nothing happened writes no report)."""
    return [d["outcome"] for d in run_report(tmp_path / "tracker.toml")["documents"]]


def test_a_re_laid_out_pdf_of_the_same_agreement_is_no_new_version(
    tmp_path: Path, site: Site
) -> None:
    site.put("/terms.pdf", to_pdf(SEED_003, chars_per_line=40), PDF)
    config = write_config(tmp_path, site, {"securecam": "/terms.pdf"})
    assert run(config, "check").exit_code == 0
    site.put(
        "/terms.pdf",
        to_pdf(SEED_003, chars_per_line=57, header="利用規約（改版レイアウト）", tail=1),
        PDF,
    )
    result = run(config, "check")
    assert result.exit_code == 0, result.output
    assert _outcomes(tmp_path) == ["unchanged"]
    assert [v["number"] for v in versions(config, "securecam")] == [1]


def test_a_url_wrapped_mid_token_is_no_new_version(tmp_path: Path, site: Site) -> None:
    site.put("/terms.txt", SEED_000.encode(), TEXT)
    config = write_config(tmp_path, site, {"soracam": "/terms.txt"})
    assert run(config, "check").exit_code == 0
    wrapped = SEED_000.replace("https://sora-cam.com/pricing/", "https://sora-cam.com/pri\ncing/")
    wrapped = wrapped.replace("SORACOM", "SORA COM", 1)
    assert normalise(wrapped).sections != normalise(SEED_000).sections  # the display differs
    site.put("/terms.txt", rewrap(wrapped, 37).encode(), TEXT)
    assert run(config, "check").exit_code == 0
    assert _outcomes(tmp_path) == ["unchanged"]
    assert len(versions(config, "soracam")) == 1


def test_a_real_edit_with_a_new_layout_is_a_version(tmp_path: Path, site: Site) -> None:
    site.put("/terms.pdf", to_pdf(SEED_003, chars_per_line=40), PDF)
    config = write_config(tmp_path, site, {"securecam": "/terms.pdf"})
    assert run(config, "check").exit_code == 0
    edited = SEED_003.replace("3 か月前", "1 か月前", 1)
    assert edited != SEED_003
    site.put("/terms.pdf", to_pdf(edited, chars_per_line=57), PDF)
    assert run(config, "check").exit_code == 0
    assert _outcomes(tmp_path) == ["changed"]
    assert [v["number"] for v in versions(config, "securecam")] == [1, 2]


def test_migration_4_fills_layout_hashes_of_an_older_database(tmp_path: Path, site: Site) -> None:
    site.put("/terms.txt", SEED_003.encode(), TEXT)
    config = write_config(tmp_path, site, {"securecam": "/terms.txt"})
    assert run(config, "check").exit_code == 0
    database = tmp_path / "tracker.db"
    with sqlite3.connect(database) as conn:  # back to a database written before migration 4
        (stored,) = conn.execute("SELECT layout_hash FROM versions").fetchone()
        conn.execute("ALTER TABLE versions DROP COLUMN layout_hash")
        conn.execute("DELETE FROM schema_migrations WHERE version = 4")
    conn.close()
    assert stored == layout_hash(normalise(SEED_003, source="x"))
    with sqlite3.connect(database) as conn:
        assert migrate(conn, MIGRATIONS) == [4]
        (filled,) = conn.execute("SELECT layout_hash FROM versions").fetchone()
    conn.close()
    assert filled == stored
    site.put("/terms.txt", rewrap(SEED_003, 31).encode(), TEXT)
    assert run(config, "check").exit_code == 0
    assert _outcomes(tmp_path) == ["unchanged"]
