"""Run a process as on a machine without CJK fonts, on this one: a private mount namespace.

PDFium (and fontconfig) find a machine's fonts in a few folders. `without_fonts(command)` runs
`command` with empty tmpfs mounted over each of them, in a mount namespace of its own
(`unshare -m --propagation private`), so only that process sees a machine without fonts; the
real folders are untouched. It needs Linux and root (CI runs as root); `fontless_unavailable()`
says why it cannot be done here, or None.

The PDF tests run twice: in the suite, with this machine's fonts (CI installs IPA Gothic), and
again in a child pytest started by `test_extract_pdf_fonts.py` under `without_fonts`, with
`FONTLESS_RUN` set. `TRACKER_REQUIRE_FONTLESS=1` (set by `.ci/run`) turns "cannot hide the fonts
here" from a skip into a failure.
"""

from __future__ import annotations

import functools
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

# Where PDFium's Linux font finder and fontconfig look for fonts.
FONT_FOLDERS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "/usr/share/X11/fonts",
    "/etc/fonts",
    str(Path.home() / ".fonts"),
    str(Path.home() / ".local/share/fonts"),
)
FONTLESS_RUN = "TRACKER_FONTLESS_RUN"  # set to "1" in the process that runs without fonts
REQUIRE_FONTLESS = "TRACKER_REQUIRE_FONTLESS"  # "1": the no-font run must happen, not skip


def in_fontless_run() -> bool:
    return os.environ.get(FONTLESS_RUN) == "1"


def fontless_required() -> bool:
    return os.environ.get(REQUIRE_FONTLESS) == "1"


def without_fonts(command: Sequence[str]) -> list[str]:
    """`command` wrapped to run with every font folder of this machine hidden."""
    hidden = [folder for folder in FONT_FOLDERS if os.path.isdir(folder)]
    mounts = "".join(f"mount -t tmpfs none {shlex.quote(folder)} && " for folder in hidden)
    script = f'{mounts}exec "$@"'
    return ["unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh", *command]


@functools.cache
def fontless_unavailable() -> str | None:
    """Why this machine cannot run a process without its fonts; None when it can."""
    if not sys.platform.startswith("linux"):
        return f"hiding the fonts needs Linux mount namespaces (this is {sys.platform})"
    if os.geteuid() != 0:
        return "hiding the fonts needs root (unshare -m and mount; CI runs as root)"
    if shutil.which("unshare") is None:
        return "hiding the fonts needs unshare(1) from util-linux"
    probe = subprocess.run(without_fonts(["true"]), capture_output=True, text=True, timeout=30)
    if probe.returncode != 0:
        return f"unshare/mount failed here: {probe.stderr.strip() or probe.returncode}"
    return None


def cjk_fonts() -> list[str]:
    """The CJK fonts fontconfig sees in this process (empty without fontconfig)."""
    if shutil.which("fc-list") is None:
        return []
    found = subprocess.run(
        ["fc-list", ":lang=ja", "family"], capture_output=True, text=True, timeout=30
    )
    return sorted(line for line in found.stdout.splitlines() if line.strip())


# A one-glyph text object (a paragraph's last line 「為」) in reportlab's non-embedded CID font,
# read by PDFium alone — without tracker's substitute font — in a fresh interpreter.
_PDFIUM_ALONE = """
import io, sys
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
import pypdfium2
pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
buffer = io.BytesIO()
pdf = canvas.Canvas(buffer)
pdf.setFont("HeiseiMin-W3", 10)
pdf.drawString(50, 700, "その他これらに準ずる行")
pdf.drawString(50, 685, "為")
pdf.save()
page = pypdfium2.PdfDocument(buffer.getvalue())[0]
sys.stdout.write(page.get_textpage().get_text_range())
"""


def pdfium_alone_reads_lone_glyph() -> bool:
    """Whether PDFium, without tracker's substitute font, finds a font for reportlab's CID font
    on this machine (in this mount namespace): it keeps a character drawn on its own."""
    result = subprocess.run(
        [sys.executable, "-c", _PDFIUM_ALONE], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("その他これらに準ずる行"), result.stdout
    return "為" in result.stdout
