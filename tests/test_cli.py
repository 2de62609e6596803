"""The `tracker` command as users and cron see it: output, exit codes, one-line errors.

Driven through click's runner on real files in a temporary directory; URL sources are served by a
real HTTP server on loopback.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from support.run import assert_one_line_error

from tracker.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "snapshots" / "seeds"
REVISIONS = ROOT / "snapshots" / "revisions"
SEED_003 = next(SEEDS.glob("003_*.txt"))
SEED_004 = next(SEEDS.glob("004_*.txt"))
REVISION_003 = REVISIONS / "003_v2_notice_and_fee.txt"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# --- parse ----------------------------------------------------------------------------------


def test_parse_json_has_the_contract_shape() -> None:
    result = run("parse", str(SEED_004), "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert set(document) >= {"source", "title", "dates", "sections"}
    assert document["dates"] == {"enacted": "2023-09-15", "revised": None, "effective": None}
    first = next(s for s in document["sections"] if s["kind"] == "article")
    assert set(first) >= {"key", "kind", "number", "title", "chapter", "text", "paragraphs"}
    assert (first["key"], first["number"], first["title"]) == ("1", "第1条", "適用")
    assert set(first["paragraphs"][0]) >= {"number", "text", "items"}


def test_parse_text_is_an_outline_with_chapters_and_captions() -> None:
    result = run("parse", str(SEED_003))
    assert result.exit_code == 0
    out = result.stdout
    assert out.splitlines()[0] == "セキュアカメラクラウドサービス利用規約"
    assert "revised 2020-12-14" in out
    assert "第1章 総則" in out
    assert "第8条 サービスの終了" in out
    assert "56 articles" in out


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("empty.txt", b"", ["empty.txt", "empty"]),
        ("garbage.bin", bytes(range(256)) * 8, ["garbage.bin", "binary"]),
        ("image.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, ["image.png", "PNG"]),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", ["broken.pdf", "PDF"]),
    ],
)
def test_bad_input_is_one_line_naming_the_file_and_the_cause(
    tmp_path: Path, name: str, data: bytes, words: list[str]
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert_one_line_error(run("parse", str(path)), *words)


def test_missing_file_and_directory_are_errors(tmp_path: Path) -> None:
    assert_one_line_error(run("parse", str(tmp_path / "nope.txt")), "nope.txt", "no such file")
    assert_one_line_error(run("parse", str(tmp_path)), "directory")


def test_scanned_pdf_is_an_error_not_an_empty_agreement(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.rect(50, 50, 400, 600, fill=1)  # an image-like page: drawing, no text
    pdf.showPage()
    pdf.save()
    assert_one_line_error(run("parse", str(path)), "scan.pdf", "text layer")


def test_a_login_page_parses_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "login.html"
    path.write_text(
        "<html><body><main><h1>ログイン</h1><p>IDとパスワードを入力してください。</p>"
        "</main></body></html>",
        encoding="utf-8",
    )
    result = run("parse", str(path), "--format", "json")
    assert result.exit_code == 0
    assert "no articles" in result.stderr
    assert json.loads(result.stdout)["sections"][0]["kind"] == "preamble"


# --- compare --------------------------------------------------------------------------------


def test_compare_with_itself_exits_0_and_says_so() -> None:
    result = run("compare", str(SEED_003), str(SEED_003), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["changes"] == []


def test_compare_a_revision_exits_1_with_the_notice_period_key_term() -> None:
    result = run(
        "compare", str(SEED_003), str(REVISION_003), "--format", "json", "--new-date", "2026-11-23"
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["new"]["first_seen"] == "2026-11-23"
    article_8 = next(c for c in data["changes"] if c["new_key"] == "8")
    assert article_8["kind"] == "modified"
    assert {"type": "duration", "old": "3か月", "new": "1か月"} in article_8["key_terms"]
    assert [-1, "3"] in article_8["diff"] and [1, "1"] in article_8["diff"]
    assert set(article_8["flags"]) >= {"notice", "service"}
    fee_table = next(c for c in data["changes"] if c["new_key"] == "appendix")
    assert "fees" in fee_table["flags"]
    # 3 months promised by the old 第8条第2項, 8 days between first seen and 2026-12-01.
    first = data["obligations"][0]
    assert (first["severity"], first["code"], first["location"], first["days"]) == (
        "high",
        "notice-shorter-than-promised",
        "第8条第2項",
        8,
    )


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_compare_formats_show_the_changed_article(fmt: str) -> None:
    result = run("compare", str(SEED_003), str(REVISION_003), "--format", fmt)
    assert result.exit_code == 1
    assert "第8条" in result.stdout
    assert "notice" in result.stdout and "fees" in result.stdout  # the flags of the changes
    assert "\x1b[" not in result.stdout  # no colour when stdout is not a terminal


def test_compare_bad_date_and_missing_file_exit_2(tmp_path: Path) -> None:
    result = run("compare", str(SEED_003), str(SEED_003), "--new-date", "23/11/2026")
    assert result.exit_code == 2
    assert_one_line_error(run("compare", str(SEED_003), str(tmp_path / "gone.pdf")), "gone.pdf")


# --- URL sources over real HTTP on loopback -------------------------------------------------


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "terms.txt").write_bytes(SEED_004.read_bytes())
    html = "<html><body><main>" + "".join(
        f"<p>{line}</p>" for line in SEED_004.read_text(encoding="utf-8").splitlines() if line
    )
    (tmp_path / "terms.html").write_bytes((html + "</main></body></html>").encode("cp932"))
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_parse_a_url(served: str) -> None:
    result = run("parse", f"{served}/terms.txt", "--format", "json")
    assert result.exit_code == 0
    keys = [s["key"] for s in json.loads(result.stdout)["sections"] if s["kind"] == "article"]
    assert keys == [str(n) for n in range(1, 13)]


def test_compare_a_cp932_html_url_with_the_text_file_finds_no_change(served: str) -> None:
    result = run("compare", f"{served}/terms.html", str(SEED_004), "--format", "json")
    assert result.exit_code == 0, result.stdout


def test_a_404_url_is_a_one_line_error(served: str) -> None:
    assert_one_line_error(run("parse", f"{served}/gone.pdf"), "gone.pdf", "404")


def test_obligations_of_a_file_list_the_change_clause_and_notice_periods() -> None:
    result = run("obligations", str(SEED_003))
    assert result.exit_code == 0
    assert "change clause:\n  第2条" in result.stdout
    assert "第8条第2項  service-change; 3か月 before 変更又は終了" in result.stdout
    data = json.loads(run("obligations", str(SEED_003), "--format", "json").stdout)
    (notice,) = [n for n in data["notices"] if n["location"] == "第8条第3項"]
    assert notice["lead_time"] == {"count": 2, "unit": "month", "text": "2か月", "days": 60}
    assert notice["conditions"] == ["重要な変更", "オプションサービス"]


def test_obligations_of_an_unknown_id_is_a_one_line_error(tmp_path: Path) -> None:
    config = tmp_path / "tracker.toml"
    config.write_text('[[documents]]\nid = "a"\nurl = "http://127.0.0.1:9/a"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(config), "obligations", "nope"])
    assert_one_line_error(result, "nope")


def test_an_effective_date_given_on_the_command_line_overrides_the_documents() -> None:
    # Published 2026-11-23 with effect from 2026-11-20: after its effective date.
    result = run(
        "compare",
        str(SEED_003),
        str(REVISION_003),
        "--format",
        "json",
        "--new-date",
        "2026-11-23",
        "--effective-date",
        "2026-11-20",
    )
    assert result.exit_code == 1
    late = [
        f
        for f in json.loads(result.stdout)["obligations"]
        if f["code"] == "published-after-effective-date"
    ]
    assert late and late[0]["severity"] == "high" and late[0]["days"] == -3


# --- the README's command table -------------------------------------------------------------

README = ROOT / "README.md"
ARGUMENT = re.compile(r"[A-Z][A-Z_]*")


def readme_commands() -> dict[str, list[str]]:
    """The README's table of commands: each command with the words that follow it (`tracker
    log ID`, `diff ID [REV_A [REV_B]]` → {"log": ["ID"], "diff": ["ID", "[REV_A", "[REV_B]]"]})."""
    text = README.read_text(encoding="utf-8")
    table = text[text.index("| command | does |") :].split("\n\n")[0].splitlines()[2:]
    commands: dict[str, list[str]] = {}
    for row in table:
        name = ""
        for spec in re.findall(r"`([^`]+)`", row.split("|")[1]):
            words = spec.removeprefix("tracker ").split()
            if words[0].islower():
                name = words.pop(0)
                commands[name] = []
            commands[name] += words  # `/ FILE`: more ways to call the same command
    return commands


def help_commands() -> list[str]:
    text = run("--help").stdout
    listing = text[text.index("Commands:") :].splitlines()[1:]
    return [line.split()[0] for line in listing if line.strip()]


def test_the_readme_command_table_lists_every_command_with_its_arguments() -> None:
    documented = readme_commands()
    assert sorted(documented) == help_commands()
    for name, words in documented.items():
        help_text = run(name, "--help").stdout
        usage = help_text.splitlines()[0]
        expected = set(ARGUMENT.findall(usage.split("[OPTIONS]")[-1]))
        after_option = False
        for word in words:
            if word.startswith("--"):
                assert f"{word} " in help_text, f"README: {name} {word}: no such option"
                after_option = True
                continue
            if not after_option:  # an option's value (`--date D`) is named in its help
                for argument in ARGUMENT.findall(word):
                    assert argument in expected, f"README: {name} {word}: not in {usage!r}"
            after_option = False
