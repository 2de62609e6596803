"""tracker.toml: a valid file loads; every mistake is an error naming the file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.config import ConfigError, load_config
from tracker.extract.scope import scope_of
from tracker.fetch import Render

VALID = """\
[tracker]
database = "data/tracker.db"
snapshots = "raw"
reports = "out"
contact = "compliance@example.jp"

[[documents]]
id = "soracam"
name = "ソラカメ利用規約"
url = "https://example.jp/terms/soracam.pdf"

[[documents]]
id = "flux"
url = "https://example.jp/terms/flux.html"
selector = "main"
timezone = "UTC"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tracker.toml"
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    return caught.value


def test_a_valid_file_loads_with_paths_relative_to_it(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, VALID))
    assert config.database == tmp_path / "data" / "tracker.db"
    assert config.snapshots == tmp_path / "raw"
    assert config.reports == tmp_path / "out"
    assert config.fetch.contact == "compliance@example.jp"
    assert [d.id for d in config.documents] == ["soracam", "flux"]
    soracam, flux = config.documents
    assert (soracam.name, soracam.selector, soracam.timezone.key) == (
        "ソラカメ利用規約",
        None,
        "Asia/Tokyo",
    )
    assert (flux.name, flux.selector, flux.timezone.key) == ("flux", "main", "UTC")


def test_defaults_when_the_tracker_table_is_absent(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[[documents]]\nid = "a"\nurl = "http://x/"\n'))
    assert config.database == tmp_path / "tracker.db"
    assert config.snapshots == tmp_path / "snapshots"
    assert config.reports == tmp_path / "reports"


def test_malformed_toml_names_the_line(tmp_path: Path) -> None:
    error = error_of(tmp_path, '[tracker]\ndatabase = "x.db"\nreports = \n')
    assert error.line == 3
    assert "tracker.toml:3" in str(error) and "not valid TOML" in str(error)


def test_unknown_key_in_a_document_names_line_and_key(tmp_path: Path) -> None:
    error = error_of(tmp_path, VALID + 'urll = "https://typo.example/"\n')
    assert (error.line, error.key) == (17, "urll")
    assert "unknown key" in str(error) and "tracker.toml:17: urll:" in str(error)


def test_unknown_key_in_the_tracker_table(tmp_path: Path) -> None:
    error = error_of(tmp_path, VALID.replace('reports = "out"', 'report = "out"'))
    assert (error.line, error.key) == (4, "report")


def test_unknown_table(tmp_path: Path) -> None:
    error = error_of(tmp_path, VALID + "\n[alerts]\nemail = 'x'\n")
    assert error.key == "alerts" and error.line == 18


@pytest.mark.parametrize("missing", ["id", "url"])
def test_missing_id_or_url_names_the_document(tmp_path: Path, missing: str) -> None:
    text = VALID.replace(
        f'{missing} = "{"flux" if missing == "id" else "https://example.jp/terms/flux.html"}"\n', ""
    )
    error = error_of(tmp_path, text)
    assert (error.key, error.line) == (missing, 12)  # the line of that [[documents]] header
    assert "missing" in str(error)


def test_duplicate_ids_name_both_lines(tmp_path: Path) -> None:
    error = error_of(tmp_path, VALID.replace('id = "flux"', 'id = "soracam"'))
    assert (error.key, error.line) == ("id", 13)
    assert "duplicate id 'soracam' (first on line 8)" in str(error)


@pytest.mark.parametrize(
    ("old", "new", "key", "words"),
    [
        ('id = "flux"', 'id = "フラックス"', "id", "ASCII"),
        ('url = "https://example.jp/terms/flux.html"', 'url = "ftp://x/"', "url", "http"),
        ('timezone = "UTC"', 'timezone = "Mars/Olympus"', "timezone", "time zone"),
        ('selector = "main"', "selector = 3", "selector", "must be a str"),
    ],
)
def test_bad_values_name_line_and_key(
    tmp_path: Path, old: str, new: str, key: str, words: str
) -> None:
    error = error_of(tmp_path, VALID.replace(old, new))
    assert error.key == key and error.line is not None
    assert words in str(error)


@pytest.mark.parametrize(
    ("name", "words"),
    [  # TOML source: the escapes are TOML's
        (r'"ソラカメ利用規約\r\nBcc: attacker@example.jp"', "a line break, U+000D"),
        ('"""ソラカメ\n利用規約"""', "a line break, U+000A"),
        (r'"ソラカメ利用規約\u001b[2J"', "a control character, U+001B"),
        (r'"ソラカメ利用規約\u2028"', "a line break, U+2028"),
        (f'"{"規" * 201}"', "at most 200 characters (it has 201)"),
    ],
)
def test_a_document_name_must_be_one_line_of_text(tmp_path: Path, name: str, words: str) -> None:
    # A line break in a name made every email about the document fail (its subject header was
    # refused), retried every run; other control characters rewrite terminals.
    error = error_of(tmp_path, VALID.replace('"ソラカメ利用規約"', name))
    assert (error.key, error.line) == ("name", 9)
    assert "must be" in str(error) and words in str(error)


def test_a_name_with_markup_is_a_name() -> None:
    from tracker.config.load import name_problem

    assert name_problem("<script>alert(1)</script> | *規約* [x](javascript:alert(1))") is None


def test_missing_file_says_how_to_fix_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "absent.toml")


def test_unknown_document_lists_the_known_ones(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, VALID))
    with pytest.raises(ConfigError, match="known: soracam, flux"):
        config.document("nope")


@pytest.mark.parametrize(
    ("setting", "words"),
    [
        ("timeout = 0", "more than 0"),
        ("concurrency = 0", "at least 1"),
        ("retries = -1", "at least 0"),
        ('contact = "担当者"', "ASCII"),
        ('private_redirects = "ask"', 'must be "follow" or "refuse"'),
    ],
)
def test_settings_out_of_range_are_rejected_before_they_reach_the_fetcher(
    tmp_path: Path, setting: str, words: str
) -> None:
    text = VALID.replace('contact = "compliance@example.jp"', setting)
    error = error_of(tmp_path, text)
    assert error.line == 5 and words in str(error)


def test_redirects_to_private_addresses_are_followed_unless_refused(tmp_path: Path) -> None:
    assert not load_config(write(tmp_path, VALID)).fetch.refuse_private_redirects
    refusing = VALID.replace('contact = "compliance@example.jp"', 'private_redirects = "refuse"')
    assert load_config(write(tmp_path, refusing)).fetch.refuse_private_redirects


OBLIGATION = """
[[obligations]]
when = ["fees", "data"]
within_days = 30
action = "notify our customers"
"""


def test_own_obligations_load(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, VALID + OBLIGATION))
    (obligation,) = config.obligations
    assert (obligation.flags, obligation.within_days, obligation.action) == (
        ("fees", "data"),
        30,
        "notify our customers",
    )


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('when = ["fees", "data"]', 'when = ["fess"]', "unknown flag 'fess'"),
        ('action = "notify our customers"', "", "action: missing"),
        ("within_days = 30", 'within_days = "30"', "within_days: must be a int"),
        ('when = ["fees", "data"]', 'when = ["fees"]\nevery = 3', "every: unknown key"),
    ],
)
def test_bad_own_obligations_name_the_line(tmp_path: Path, old: str, new: str, words: str) -> None:
    error = error_of(tmp_path, VALID + OBLIGATION.replace(old, new))
    assert error.line is not None and error.line >= 17
    assert words in str(error)


# --- every problem at once -------------------------------------------------------------------

SEVERAL_MISTAKES = """\
[tracker]
timeout = 0
retires = 3

[[documents]]
id = "soracam"
urll = "https://example.jp/terms/soracam.pdf"

[[documents]]
id = "flux"
url = "ftp://example.jp/flux"

[[obligations]]
when = ["fess"]
within_days = 30
action = "tell the resellers"

[report]
order = "sideways"
language = "fr"
keep = "forever"
"""


def test_every_mistake_is_reported_at_once_each_with_its_line(tmp_path: Path) -> None:
    error = error_of(tmp_path, SEVERAL_MISTAKES)
    lines = str(error).splitlines()
    path = tmp_path / "tracker.toml"
    expected = [
        f"{path}:2: timeout: must be more than 0",
        f"{path}:3: retires: unknown key in [tracker]",
        f"{path}:7: urll: unknown key in [[documents]]",
        f"{path}:11: url: must be an http:// or https:// URL",
        f"{path}:14: unknown flag 'fess'",
        f'{path}:19: order: must be "new-old" or "old-new"',
        f'{path}:20: language: must be "ja" or "en"',
        f'{path}:21: keep: must be a number of runs (200) or of days ("90d")',
    ]
    assert len(lines) == len(expected), lines
    for line, start in zip(lines, expected, strict=True):
        assert line.startswith(start), (line, start)


def test_the_cli_prints_one_error_line_per_mistake(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from tracker.cli import cli

    config = write(tmp_path, SEVERAL_MISTAKES)
    result = CliRunner().invoke(cli, ["--config", str(config), "check"])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 8 and all(line.startswith("tracker: error: ") for line in lines)
    assert "Traceback" not in result.output


def test_the_report_settings_load(tmp_path: Path) -> None:
    extra = '[report]\nlanguage = "en"\nkeep_quiet_runs = true\nkeep = "90d"\n'
    report = load_config(write(tmp_path, VALID + extra)).report
    assert (report.language, report.keep_quiet_runs, report.keep_days, report.keep_runs) == (
        "en",
        True,
        90,
        None,
    )
    assert load_config(write(tmp_path, VALID + "[report]\nkeep = 200\n")).report.keep_runs == 200
    assert load_config(write(tmp_path, VALID)).report.language is None  # the documents decide
    error = error_of(tmp_path, VALID + "[report]\nkeep_quiet_runs = 1\nkeep = 0\n")
    assert "keep_quiet_runs: must be a bool" in str(error)


BROWSER_PAGE = """
[[documents]]
id = "spa"
url = "https://example.jp/terms"
render = "browser"
wait_for = "#terms h2"
render_timeout = 45
remove = ["#cookie-banner", ".modal"]
"""


def test_a_page_rendered_in_the_browser_loads_with_its_settings(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, VALID + BROWSER_PAGE))
    spa = config.document("spa")
    assert spa.render == Render(wait_for="#terms h2", timeout=45.0, timezone="Asia/Tokyo")
    assert spa.remove == ("#cookie-banner", ".modal")
    assert scope_of(spa.scope) == (None, ("#cookie-banner", ".modal"))
    flux = config.document("flux")
    assert (flux.render, flux.remove, flux.scope) == (None, (), "main")  # the default: off
    assert config.fetch.browser_pages == 2


def test_a_rendered_page_sees_the_time_zone_of_its_document(tmp_path: Path) -> None:
    text = VALID + BROWSER_PAGE + 'timezone = "Europe/Berlin"\n'
    render = load_config(write(tmp_path, text)).document("spa").render
    assert render is not None and render.timezone == "Europe/Berlin"


def test_remove_works_without_the_browser(tmp_path: Path) -> None:
    text = VALID + '\n[[documents]]\nid = "plain"\nurl = "https://x.jp/"\nremove = [".ad"]\n'
    plain = load_config(write(tmp_path, text)).document("plain")
    assert (plain.render, plain.remove) == (None, (".ad",))


@pytest.mark.parametrize(
    ("old", "new", "key", "words"),
    [
        ('render = "browser"', 'render = "chrome"', "render", 'must be "browser"'),
        ('render = "browser"', "render = true", "render", "must be a str"),
        ('render = "browser"', "", "wait_for", 'only with render = "browser"'),
        ('wait_for = "#terms h2"', 'wait_for = "#terms["', "wait_for", "is not a CSS selector"),
        ("render_timeout = 45", "render_timeout = 0", "render_timeout", "more than 0"),
        ("render_timeout = 45", 'render_timeout = "45"', "render_timeout", "must be a number"),
        ('".modal"]', '"div >"]', "remove", "'div >' is not a CSS selector"),
        ('".modal"]', "3]", "remove", "must be a list of CSS selectors"),
        ('remove = ["#cookie-banner", ".modal"]', 'remove = "#a"', "remove", "must be a list"),
    ],
)
def test_bad_browser_settings_name_line_and_key(
    tmp_path: Path, old: str, new: str, key: str, words: str
) -> None:
    error = error_of(tmp_path, VALID + BROWSER_PAGE.replace(old, new))
    assert error.key == key and error.line is not None and error.line > VALID.count("\n")
    assert words in str(error)


def test_browser_pages_must_be_at_least_one(tmp_path: Path) -> None:
    error = error_of(
        tmp_path, VALID.replace('contact = "compliance@example.jp"', "browser_pages = 0")
    )
    assert (error.key, error.line) == ("browser_pages", 5)
    assert "at least 1" in str(error)
