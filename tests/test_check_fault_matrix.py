"""The fault matrix of `tracker check`: every way a publisher's site goes wrong, served by a real
loopback server to a real `check` run, with what a compliance team relies on asserted each time.

Per fault: a first run records version 1 of two agreements; then one address misbehaves while
the other publishes a real revision, and `check` runs again. Always:

1. no bogus version: the faulty document keeps exactly its versions (`log --format json`);
2. nothing lost: its snapshot files, stored sections and the SQLite file are intact, and once
   the site is well again the next run finds the agreement unchanged (no poisoned validators);
3. the other document is processed: it becomes version 2 in the same run;
4. the run report (JSON and Markdown) names the cause in plain words;
5. the exit status is 3 when a document failed or is suspect.

A few entries are not failures but look like them (a wrong charset label, a copy-protected
PDF): there the right outcome is the correct reading, and that is what is asserted.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import socket
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from support.http import (
    Site,
    endless,
    gzip_bomb,
    redirect,
    running_site,
    status,
    trickle,
    trickled_head,
    truncated,
    unaccepting_port,
)
from support.render import pdf_lines, seed_text, to_html, to_pdf

from tracker.cli import cli
from tracker.report.comparison_markdown import escape

ROOT = Path(__file__).resolve().parent.parent
SEED_003 = seed_text("003_4624b84317b8ee68.txt")
SEED_004 = seed_text("004_dd3f312f96aab035.txt")
REVISION_003 = (ROOT / "snapshots" / "revisions" / "003_v2_notice_and_fee.txt").read_text(
    encoding="utf-8"
)
COOKIE_POLICY = (ROOT / "tests" / "fixtures" / "other-documents" / "cookie-policy.txt").read_bytes()
# A real change to the faulty document itself, for the entries whose right outcome is a version.
REVISION_004 = SEED_004.replace("東京地方裁判所", "大阪地方裁判所")
TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"
PDF = "application/pdf"
HTML_CP932 = "text/html"  # no charset: the page does not say, as many do not

FAULTY, HEALTHY = "beta", "securecam"  # seed 004 misbehaves; seed 003 gets its revision
# The faulty document's name in tracker.toml: every report must show it as text.
HOSTILE_NAME = "SORACOM <script>alert(1)</script> | *ベータ* [規約](javascript:alert(1))"
HEALTHY_PATH = "/securecam.txt"
TIMEOUT = 1.0  # tracker.toml `timeout`: reads 1 s, connecting 1 s, a whole fetch 4 s
MAX_BYTES = 2_000_000

SOFT_404 = """<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">
<title>ページが見つかりません | サンプル株式会社</title></head><body>
<h1>お探しのページは見つかりませんでした</h1>
<p>URLが変更されたか、ページが削除された可能性があります。</p>
<p><a href="/">トップページへ戻る</a></p></body></html>""".encode()
LOGIN_PAGE = """<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">
<title>ログイン | 会員サイト</title></head><body><main><h1>会員ログイン</h1>
<p>このページを表示するには、会員IDとパスワードでログインしてください。</p>
<form method="post" action="/login"><label>会員ID <input name="id"></label>
<label>パスワード <input type="password" name="password"></label>
<button type="submit">ログイン</button></form></main></body></html>""".encode()
STUB = "\n".join(
    [
        "SORACOMベータ版規約",
        "第1条（適用）",
        "ただいまメンテナンス中です。",
        "第2条（その他）",
        "しばらくお待ちください。",
    ]
)


# --- the scene: a site, a config, the CLI ------------------------------------------------------


@dataclass
class Scene:
    tmp_path: Path
    site: Site
    faulty_path: str
    stack: ExitStack
    retries: int = 0
    urls: dict[str, str] = field(default_factory=dict)
    settings: tuple[str, ...] = ()  # more lines for [tracker]
    faulty_settings: tuple[str, ...] = ()  # more lines for the faulty document's table

    @property
    def config(self) -> Path:
        return self.tmp_path / "tracker.toml"

    def write_config(self) -> None:
        lines = [
            "[tracker]",
            "host_delay = 0",
            f"retries = {self.retries}",
            f"timeout = {TIMEOUT}",
            f"max_bytes = {MAX_BYTES}",
            *self.settings,
        ]
        for document_id, url in self.urls.items():
            lines += ["[[documents]]", f'id = "{document_id}"', f'url = "{url}"']
            if document_id == FAULTY:
                lines.append(f"name = {json.dumps(HOSTILE_NAME, ensure_ascii=False)}")
                lines += self.faulty_settings
        self.config.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def move(self, url: str) -> None:
        """The faulty document's address in tracker.toml becomes `url`."""
        self.urls[FAULTY] = url
        self.write_config()

    def enter(self, context: AbstractContextManager[Any]) -> Any:
        return self.stack.enter_context(context)

    def run(self, *args: str) -> Result:
        return CliRunner().invoke(
            cli, ["--config", str(self.config), *args], catch_exceptions=False
        )

    def fail(self, answer: Any) -> None:
        self.site.fail(self.faulty_path, answer)

    def publish(self, body: bytes, content_type: str) -> None:
        self.site.put(self.faulty_path, body, content_type)


@pytest.fixture
def scene(tmp_path: Path) -> Iterator[Scene]:
    with running_site() as site, ExitStack() as stack:
        yield Scene(tmp_path, site, "", stack)


# --- PDFs ------------------------------------------------------------------------------------


@cache
def seed_pdf() -> bytes:
    return to_pdf(SEED_004, chars_per_line=40)


def drawn_pdf(text: str, **canvas_options: Any) -> bytes:
    """`text` drawn line by line with reportlab's CID font, passing `canvas_options` (e.g.
    `encrypt`) to the canvas: `to_pdf` cannot encrypt."""
    from reportlab.pdfgen import canvas

    to_pdf("", chars_per_line=40)  # registers the CID font
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=True, **canvas_options)
    lines = pdf_lines(text, 40)
    for start in range(0, len(lines), 45):
        pdf.setFont("HeiseiMin-W3", 10)
        for row, line in enumerate(lines[start : start + 45]):
            pdf.drawString(56, 780 - 16 * row, line.replace("\t", "  "))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def furnished_page(text: str, visit: int = 0) -> bytes:
    """`text` as a page without `<main>`/`<article>` (nested `<div>`s, cp932), between a bar
    that changes on every visit (a time, a session token) and an advertisement."""
    page = to_html(text, "cp932-soup").decode("cp932")
    bar = f"<div class=bar>最終更新 2026-11-24 06:{visit:02d}:13 · session {visit * 7919:08x}</div>"
    ad = f"<div class=ad>広告: 今だけ{visit % 9 + 1}0%オフ</div>"
    page = page.replace("<body bgcolor=#ffffff>", "<body bgcolor=#ffffff>" + bar)
    return page.replace("</body>", ad + "</body>").encode("cp932", errors="xmlcharrefreplace")


def scanned_pdf() -> bytes:
    """Two pages that are only images, as a scanner makes them: no text layer."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = io.BytesIO()
    Image.new("L", (420, 594), 235).save(image, "PNG")
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=True)
    for _ in range(2):
        pdf.drawImage(ImageReader(io.BytesIO(image.getvalue())), 40, 40, width=515, height=760)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def private_use_pdf() -> bytes:
    """The agreement whose text layer maps every Japanese glyph into the private-use area
    (what gaiji fonts and broken ToUnicode maps produce): the page looks fine, the text is
    not there."""
    return to_pdf(
        "".join(chr(0xE000 + ord(c) % 0x1800) if ord(c) > 0x2000 else c for c in SEED_004),
        chars_per_line=40,
    )


def garbled_pdf() -> bytes:
    """A text layer of real but wrong characters (each kanji one code point off): nothing
    that a character check can flag, and no article headings left either."""
    shifted = "".join(chr(ord(c) + 1) if 0x4E00 <= ord(c) < 0x9F00 else c for c in SEED_004)
    return to_pdf(shifted, chars_per_line=40)


def mangled_pdf() -> bytes:
    """The seed PDF with 64 bytes in the middle of a content stream overwritten, as a proxy or
    a text-mode transfer does: PDFium reads the rest of the file and drops what follows."""
    pdf = bytearray(seed_pdf())
    at = pdf.index(b"stream\n", len(pdf) // 2) + 200
    pdf[at : at + 64] = bytes(range(0x80, 0xC0))
    return bytes(pdf)


# --- the faults ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fault:
    name: str
    serve: Callable[[Scene], None]  # what the faulty document's address does in run 2
    outcome: str  # the faulty document's outcome in the report
    words: tuple[str, ...] = ()  # what its error must say
    pdf: bool = False  # version 1 was published as a PDF
    html: bool = False  # version 1 was published as a page with volatile furniture
    retries: int = 0
    exit_code: int = 3
    requests: int | None = None  # requests the faulty address may see in run 2
    within: float | None = None  # seconds run 2 may take at most
    settings: tuple[str, ...] = ()  # tracker.toml lines for [tracker] in run 2
    faulty_settings: tuple[str, ...] = ()  # tracker.toml lines for the faulty document in run 2
    moved_to: str | None = None  # the path the report must name as where the address led
    missing: dict[str, list[int]] | None = None  # versions the report must list as missing


def closed_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as placeholder:
        return int(placeholder.getsockname()[1])


def _connect_timeout(scene: Scene) -> None:
    port = scene.enter(unaccepting_port())
    scene.move(f"http://127.0.0.1:{port}/beta.txt")


def _loop(scene: Scene) -> None:
    scene.fail(redirect("/loop-a"))
    scene.site.fail("/loop-a", redirect("/loop-b", 301))
    scene.site.fail("/loop-b", redirect("/loop-a", 302))


def _login_wall(scene: Scene) -> None:
    cookie = {"Set-Cookie": "SESSIONID=8f2a; Path=/; HttpOnly"}
    scene.fail(redirect("/login?next=/beta.pdf", headers=cookie))
    scene.site.put("/login?next=/beta.pdf", LOGIN_PAGE, HTML)


def _elsewhere(scene: Scene, path: str) -> str:
    """`path` on the scene's site under another host name (localhost), as another host."""
    return scene.site.url(path).replace("127.0.0.1", "localhost")


def _snapshots_deleted(scene: Scene) -> None:
    """The snapshots folder moved away (to a backup) before run 2; beta unchanged."""
    (scene.tmp_path / "snapshots").rename(scene.tmp_path / "snapshots-backup")


def _moved(scene: Scene) -> None:
    scene.site.put("/moved/beta.txt", SEED_004.encode(), TEXT)
    scene.fail(redirect(_elsewhere(scene, "/moved/beta.txt"), 301))


FAULTS = [
    # The connection
    Fault(
        "connect-timeout",
        _connect_timeout,
        "failed",
        ("connect timed out (after 1 s)", "did not accept a connection"),
    ),
    Fault(
        "read-timeout",
        lambda s: s.site.delays.__setitem__(s.faulty_path, 3 * TIMEOUT),
        "failed",
        ("read timed out (after 1 s)", "stopped answering"),
    ),
    Fault(
        "slow-trickle",
        lambda s: s.fail(trickle(SEED_004.encode(), TEXT, interval=0.2)),
        "failed",
        ("took longer than the total timeout of 4 s", "too slowly"),
    ),
    Fault(
        "header-trickle",  # the response head one byte every 0.1 s: 20 s before the body
        lambda s: s.fail(trickled_head(SEED_004.encode(), TEXT, interval=0.1)),
        "failed",
        ("took longer than the total timeout of 4 s", "too slowly"),
        within=4 * TIMEOUT + 3,
    ),
    Fault(
        "connection-reset",
        lambda s: s.fail("reset"),
        "failed",
        ("connection reset by the server", "broke off"),
    ),
    Fault(
        "connection-refused",
        lambda s: s.move(f"http://127.0.0.1:{closed_port()}/beta.txt"),
        "failed",
        ("connection refused", "nothing answers"),
    ),
    Fault(
        "dns-failure",
        lambda s: s.move("http://terms.tracker-fault-matrix.invalid/beta.txt"),
        "failed",
        ("host name could not be resolved", "domain does not exist"),
    ),
    # Statuses
    Fault(
        "http-500",
        lambda s: s.fail(status(500, b"<h1>Internal Server Error</h1>", {"Content-Type": HTML})),
        "failed",
        ("HTTP 500 Internal Server Error", "server failed"),
    ),
    Fault(
        "http-503-retry-after",
        lambda s: s.fail(status(503, b"maintenance", {"Retry-After": "120"})),
        "failed",
        ("HTTP 503 Service Unavailable after 1 attempt", "maintenance", "come back in 2 min"),
        retries=1,  # allowed, yet not used: the server asked for longer than a retry waits
        requests=1,
    ),
    Fault(
        "http-429",
        lambda s: s.fail(status(429, b"slow down")),
        "failed",
        ("HTTP 429 Too Many Requests", "limits how often"),
    ),
    Fault(
        "http-401",
        lambda s: s.fail(status(401, b"", {"WWW-Authenticate": 'Basic realm="members"'})),
        "failed",
        ("HTTP 401 Unauthorized", "asks for a login"),
    ),
    Fault(
        "http-403",
        lambda s: s.fail(status(403)),
        "failed",
        ("HTTP 403 Forbidden", "refuses us access"),
    ),
    Fault(
        "http-404",
        lambda s: s.fail(status(404)),
        "failed",
        ("HTTP 404 Not Found", "moved or removed"),
    ),
    Fault(
        "http-410",
        lambda s: s.fail(status(410)),
        "failed",
        ("HTTP 410 Gone", "removed for good"),
    ),
    # Redirects
    Fault("redirect-loop", _loop, "failed", ("redirect loop", "/loop-a", "in a circle")),
    Fault(
        "redirect-to-file",
        lambda s: s.fail(redirect("file:///etc/passwd")),
        "failed",
        ("unsupported URL scheme 'file'", "/etc/passwd", "only http and https"),
    ),
    Fault(
        "redirect-to-ftp",
        lambda s: s.fail(redirect("ftp://files.example.jp/beta.txt", 301)),
        "failed",
        ("unsupported URL scheme 'ftp'", "only http and https"),
    ),
    Fault(
        "redirect-to-another-host",  # the agreement moved: same text at another host's address
        _moved,
        "unchanged",
        exit_code=0,
        moved_to="/moved/beta.txt",
    ),
    Fault(
        "redirect-to-a-private-address-refused",  # with private_redirects = "refuse"
        lambda s: s.fail(redirect(_elsewhere(s, "/moved/beta.txt"))),
        "failed",
        ("redirect to a private address refused (localhost is at", "private network"),
        settings=('private_redirects = "refuse"',),
    ),
    # The store's own files
    Fault(
        "snapshots-folder-deleted",  # beta comes back whole; securecam v1 is gone for good
        _snapshots_deleted,
        "unchanged",
        missing={FAULTY: [], HEALTHY: [1]},
    ),
    # Credentials
    Fault(
        "credentials-not-in-the-environment",  # tracker.toml names variables the job lacks
        lambda s: None,
        "failed",
        ("environment variable TRACKER_MATRIX_USER is not set", "credentials"),
        faulty_settings=(
            'username_env = "TRACKER_MATRIX_USER"',
            'password_env = "TRACKER_MATRIX_PASSWORD"',
        ),
    ),
    # Bodies
    Fault(
        "truncated-body",
        lambda s: s.fail(truncated(REVISION_004.encode(), TEXT)),
        "failed",
        ("truncated body", "closed before the whole document arrived"),
    ),
    Fault(
        "empty-200",
        lambda s: s.fail(status(200, b"", {"Content-Type": TEXT})),
        "failed",
        ("empty response", "HTTP 200 with no content"),
    ),
    Fault(
        "gzip-bomb",
        lambda s: s.fail(gzip_bomb(20 * MAX_BYTES, TEXT)),
        "failed",
        (f"body larger than {MAX_BYTES} bytes after decompression", "decompression bomb"),
    ),
    Fault(
        "body-over-the-cap",
        lambda s: s.publish(SEED_004.encode() * (MAX_BYTES // len(SEED_004.encode()) + 1), TEXT),
        "failed",
        (f"body larger than {MAX_BYTES} bytes", "raise max_bytes"),
    ),
    Fault(
        "endless-body",
        lambda s: s.fail(endless(TEXT)),
        "failed",
        (f"body larger than {MAX_BYTES} bytes", "raise max_bytes"),
    ),
    Fault(
        "html-element-bomb",  # 1.2 MB of tiny elements: 150,000 of them
        lambda s: s.publish(b"<html><body>" + b"<p>a</p>" * 150_000 + b"</body></html>", HTML),
        "failed",
        ("more than 100,000 elements", "far more than any agreement", "not parsed"),
        within=10,
    ),
    # What comes back is not the agreement
    Fault(
        "soft-404",
        lambda s: s.publish(SOFT_404, HTML),
        "suspect",
        ("no articles found", "it begins 「お探しのページは見つかりませんでした"),
        pdf=True,
    ),
    Fault(
        "html-labelled-pdf",
        lambda s: s.publish(SOFT_404, PDF),
        "suspect",
        ("no articles found", "it begins 「お探しのページは見つかりませんでした"),
        pdf=True,
    ),
    Fault(
        "login-wall",
        _login_wall,
        "suspect",
        ("no articles found", "「会員ログイン", "redirected to", "/login?next=/beta.pdf"),
        pdf=True,
    ),
    Fault(
        "stub",
        lambda s: s.publish(STUB.encode(), TEXT),
        "suspect",
        ("only 2 of the 12 articles", "メンテナンス中", "accept"),
    ),
    Fault(
        "substitute-page",  # a 7-article cookie policy with 200 OK in place of 12 articles
        lambda s: s.publish(COOKIE_POLICY, TEXT),
        "suspect",
        (
            "a different document, not a revision",
            "「SORACOMベータ版規約」 → 「Cookieポリシー」",
            "under 1% of the previous text",
            "accept it as a version",
        ),
    ),
    # PDFs that cannot be read
    Fault(
        "scanned-pdf",
        lambda s: s.publish(scanned_pdf(), PDF),
        "failed",
        ("no text layer", "OCR is not supported"),
        pdf=True,
    ),
    Fault(
        "broken-text-layer",
        lambda s: s.publish(private_use_pdf(), PDF),
        "failed",
        ("no text layer on page 1", "broken PDF"),
        pdf=True,
    ),
    Fault(
        "garbled-text-layer",
        lambda s: s.publish(garbled_pdf(), PDF),
        "suspect",
        ("no articles found", "it begins 「SORACOMベータ牉"),
        pdf=True,
    ),
    Fault(
        "encrypted-pdf",
        lambda s: s.publish(drawn_pdf(SEED_004, encrypt="secret"), PDF),
        "failed",
        ("password-protected",),
        pdf=True,
    ),
    Fault(
        "truncated-pdf",
        lambda s: s.publish(seed_pdf()[: len(seed_pdf()) * 2 // 3], PDF),
        "failed",
        ("not a readable PDF", "truncated or damaged"),
        pdf=True,
    ),
    Fault(
        "mangled-pdf",
        lambda s: s.publish(mangled_pdf(), PDF),
        "failed",
        ("not a readable PDF", "damaged", "some of the text would be missing"),
        pdf=True,
    ),
    # Volatile furniture: what changes around the agreement is not the agreement.
    Fault(
        "volatile-furniture",  # a new time, session token and advertisement around it
        lambda s: s.publish(furnished_page(SEED_004, visit=1), HTML_CP932),
        "unchanged",
        html=True,
        exit_code=0,
    ),
    Fault(
        "volatile-furniture-and-a-revision",  # new furniture, and one article really revised
        lambda s: s.publish(furnished_page(REVISION_004, visit=1), HTML_CP932),
        "changed",
        html=True,
        exit_code=0,
    ),
    # Look like faults, are not: the right reading is asserted. A wrong charset label on
    # Japanese text is no reason to miss a real change, nor to record mojibake: the label counts
    # only when a strict decode with it succeeds (tracker/extract/decode.py), and cp932 bytes
    # are never valid UTF-8, nor this UTF-8 valid cp932. So the revision is version 2 with the
    # one article that changed, and the same text correctly labelled later is no new version.
    Fault(
        "copy-protected-pdf",  # an owner password only: opens without one
        lambda s: s.publish(drawn_pdf(SEED_004, encrypt=_owner_only()), PDF),
        "unchanged",
        pdf=True,
        exit_code=0,
    ),
    Fault(
        "cp932-labelled-utf-8",
        lambda s: s.publish(REVISION_004.encode("cp932"), "text/plain; charset=utf-8"),
        "changed",
        exit_code=0,
    ),
    Fault(
        "utf-8-labelled-shift_jis",
        lambda s: s.publish(REVISION_004.encode(), "text/plain; charset=Shift_JIS"),
        "changed",
        exit_code=0,
    ),
]


def _owner_only() -> Any:
    from reportlab.lib.pdfencrypt import StandardEncryption

    return StandardEncryption("", ownerPassword="owner", canPrint=1, canCopy=0, canModify=0)


# --- what is asserted --------------------------------------------------------------------------


def publish_first_versions(scene: Scene, *, pdf: bool, html: bool = False) -> None:
    """Both agreements as they were at version 1, on the scene's site and in its config."""
    scene.faulty_path = "/beta.pdf" if pdf else "/beta.html" if html else "/beta.txt"
    scene.site.put(scene.faulty_path, *first_version(pdf=pdf, html=html))
    scene.site.put(HEALTHY_PATH, SEED_003.encode(), TEXT)
    scene.urls = {HEALTHY: scene.site.url(HEALTHY_PATH), FAULTY: scene.site.url(scene.faulty_path)}
    scene.write_config()


def first_version(*, pdf: bool, html: bool) -> tuple[bytes, str]:
    if pdf:
        return seed_pdf(), PDF
    if html:
        return furnished_page(SEED_004), HTML_CP932
    return SEED_004.encode(), TEXT


@pytest.fixture(scope="module")
def first_runs(tmp_path_factory: pytest.TempPathFactory) -> Callable[[bool, bool], Path]:
    """The working directory after run 1 (version 1 of both documents, text, PDF or a page
    with furniture), made once per module and copied by each test: a third of the time of the
    matrix otherwise. The copy's next run points it at the test's own site (tracker.toml is
    the truth for URLs) and sends the same validators, since the same bytes get the same ETag."""
    made: dict[tuple[bool, bool], Path] = {}

    def first_run(pdf: bool, html: bool = False) -> Path:
        if (pdf, html) not in made:
            kind = "pdf" if pdf else "html" if html else "text"
            folder = tmp_path_factory.mktemp(f"first-run-{kind}")
            with running_site() as site, ExitStack() as stack:
                scene = Scene(folder, site, "", stack)
                publish_first_versions(scene, pdf=pdf, html=html)
                result = scene.run("check")
            assert result.exit_code == 0, result.output
            assert [d["outcome"] for d in latest_report(scene)["documents"]] == ["first"] * 2
            made[pdf, html] = folder
        return made[pdf, html]

    return first_run


def versions(scene: Scene, document_id: str) -> list[dict[str, Any]]:
    result = scene.run("log", document_id, "--format", "json")
    assert result.exit_code == 0, result.output
    listed: list[dict[str, Any]] = json.loads(result.stdout)["versions"]
    return listed


def stored_sections(scene: Scene, document_id: str) -> list[tuple[Any, ...]]:
    uri = f"file:{scene.tmp_path / 'tracker.db'}?mode=ro"
    with sqlite3.connect(uri, uri=True) as connection:
        rows = connection.execute(
            "SELECT version, position, key, kind, number, title, chapter, deleted, text"
            " FROM version_sections WHERE document = ? ORDER BY version, position",
            (document_id,),
        ).fetchall()
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()
    return rows


def snapshot_files_hold_their_hashes(scene: Scene, listed: list[dict[str, Any]]) -> bool:
    for version in listed:
        sha = str(version["sha256"])
        path = scene.tmp_path / "snapshots" / sha[:2] / sha
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != sha:
            return False
    return True


def run_reports(scene: Scene) -> list[Path]:
    def run_number(path: Path) -> int:
        return int(path.stem.rsplit("-run", 1)[1])

    return sorted((scene.tmp_path / "reports").glob("*-run*.json"), key=run_number)


def latest_report(scene: Scene) -> dict[str, Any]:
    """The latest run's report (rendered: a run where nothing happened writes no files)."""
    result = scene.run("report", "latest", "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def outcomes(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {document["id"]: document for document in report["documents"]}


def without_last_seen(listed: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in version.items() if k != "last_seen"} for version in listed]


@pytest.mark.parametrize("fault", FAULTS, ids=[fault.name for fault in FAULTS])
def test_a_fault_makes_no_bogus_version_loses_nothing_and_is_reported(
    scene: Scene, fault: Fault, first_runs: Callable[[bool, bool], Path]
) -> None:
    shutil.copytree(first_runs(fault.pdf, fault.html), scene.tmp_path, dirs_exist_ok=True)
    scene.retries = fault.retries
    scene.settings, scene.faulty_settings = fault.settings, fault.faulty_settings
    publish_first_versions(scene, pdf=fault.pdf, html=fault.html)
    before = versions(scene, FAULTY)
    sections_before = stored_sections(scene, FAULTY)
    good_url = scene.urls[FAULTY]

    scene.site.put(HEALTHY_PATH, REVISION_003.encode(), TEXT)
    fault.serve(scene)
    seen_before = len(scene.site.requests_to(scene.faulty_path))
    started = time.monotonic()
    result = scene.run("check")
    took = time.monotonic() - started

    # 5. the exit status
    assert result.exit_code == fault.exit_code, result.output
    if fault.within is not None:
        assert took < fault.within, f"check took {took:.1f} s"
    report = latest_report(scene)
    faulty, healthy = outcomes(report)[FAULTY], outcomes(report)[HEALTHY]
    # 3. the other document was processed in the same run
    assert (healthy["outcome"], healthy["previous"], healthy["version"]) == ("changed", 1, 2)
    assert [v["number"] for v in versions(scene, HEALTHY)] == [1, 2]
    # 4. the report says what happened, in words
    assert faulty["outcome"] == fault.outcome, faulty
    if fault.words:
        error = faulty["error"] or ""
        assert [word for word in fault.words if word not in error] == [], error
        markdown = run_reports(scene)[-1].with_suffix(".md").read_text(encoding="utf-8")
        assert escape(error) in markdown
        assert FAULTY in result.stdout
    else:
        assert faulty["error"] is None
    if fault.missing is not None:  # lost raw files, named per document
        listed = {d["id"]: d["missing_snapshots"] for d in report["documents"]}
        assert listed == fault.missing
        assert "snapshot of version 1 is missing" in result.stderr
    if fault.moved_to is not None:  # where the address led, in every format
        assert faulty["final_url"] == scene.site.url(fault.moved_to).replace(
            "127.0.0.1", "localhost"
        )
        markdown = run_reports(scene)[-1].with_suffix(".md").read_text(encoding="utf-8")
        assert f"→ {escape(faulty['final_url'])}" in markdown
        html = run_reports(scene)[-1].with_suffix(".html").read_text(encoding="utf-8")
        assert f'<a href="{faulty["final_url"]}"' in html and "転送" in html
    # … and the document's name as text, in every format
    markdown, html = (
        run_reports(scene)[-1].with_suffix(suffix).read_text(encoding="utf-8")
        for suffix in (".md", ".html")
    )
    assert escape(HOSTILE_NAME) in markdown and "[規約](" not in markdown
    assert "&lt;script&gt;alert(1)" in html
    assert "<script>alert" not in markdown + html
    assert faulty["name"] == HOSTILE_NAME
    if fault.requests is not None:
        assert len(scene.site.requests_to(scene.faulty_path)) - seen_before == fault.requests
    # 1. and 2.: no bogus version, nothing lost
    after = versions(scene, FAULTY)
    if fault.outcome == "changed":
        assert [v["number"] for v in after] == [1, 2]
        assert after[1]["summary"] == {"added": 0, "removed": 0, "modified": 1, "renumbered": 0}
        assert without_last_seen(after[:1]) == without_last_seen(before)
        assert stored_sections(scene, FAULTY)[: len(sections_before)] == sections_before
    elif fault.outcome == "unchanged":
        assert without_last_seen(after) == without_last_seen(before)
        assert stored_sections(scene, FAULTY) == sections_before
    else:
        assert after == before
        assert stored_sections(scene, FAULTY) == sections_before
    assert snapshot_files_hold_their_hashes(scene, after)

    # Well again: the agreement as it really is now is found unchanged, not lost or doubled.
    well_again(scene, fault, good_url)
    recovered = scene.run("check")
    assert recovered.exit_code == 0, recovered.output
    assert outcomes(latest_report(scene))[FAULTY]["outcome"] in ("unchanged", "not-modified")
    assert [v["number"] for v in versions(scene, FAULTY)] == [v["number"] for v in after]


def well_again(scene: Scene, fault: Fault, good_url: str) -> None:
    scene.settings = scene.faulty_settings = ()
    backup = scene.tmp_path / "snapshots-backup"
    if backup.is_dir():  # restored from a backup
        shutil.copytree(backup, scene.tmp_path / "snapshots", dirs_exist_ok=True)
    if fault.outcome == "changed" and fault.html:  # the revision, in the page as it will stay
        scene.publish(furnished_page(REVISION_004, visit=3), HTML_CP932)
    elif fault.outcome == "changed":  # the revision, now served as it should be
        scene.publish(REVISION_004.encode(), TEXT)
    elif fault.html:
        scene.publish(furnished_page(SEED_004, visit=2), HTML_CP932)
    elif fault.pdf:
        scene.publish(seed_pdf(), PDF)
    else:
        scene.publish(SEED_004.encode(), TEXT)
    scene.move(good_url)
