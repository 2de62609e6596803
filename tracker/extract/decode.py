"""Bytes → str for text and HTML, choosing the codec the way the measurements say.

Order (the extraction notes, §2): BOM → `charset=` in Content-Type → `<meta>` in the first
4 KiB (HTML only) → strict UTF-8 → detection (Japanese codecs, then charset-normalizer) →
UTF-8 with replacement characters, flagged. A label counts only when a strict decode with it
succeeds. Shift_JIS labels mean cp932, as in browsers: Python's `shift_jis` fails on ① and ㈱
and turns ～ into 〜.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

ALIASES = {
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "csshiftjis": "cp932",
    "ms932": "cp932",
    "euc-jp": "euc_jis_2004",
    "iso-2022-jp": "iso2022_jp_ext",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
}

# Python codec names that other spellings resolve to, widened the same way as ALIASES.
_CODEC_WIDENING = {
    "shift_jis": "cp932",
    "euc_jp": "euc_jis_2004",
    "iso2022_jp": "iso2022_jp_ext",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
}

# Python codecs that turn bytes into str but are no document's character set: escape syntaxes,
# domain-name encodings, one that always fails, and UTF-7, which browsers refuse (it decodes to
# lone surrogates, which nothing downstream can encode).
_NOT_CHARSETS = frozenset(
    ("undefined", "punycode", "idna", "unicode-escape", "raw-unicode-escape", "utf-7")
)
# A label longer than this is shown shortened in warnings.
_SHOWN_LABEL = 40

_JAPANESE_CODECS = ("cp932", "euc_jis_2004", "iso2022_jp_ext")

# UTF-32 before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([^"';\s]+)""", re.I)
_KANA = re.compile(r"[\u3041-\u309f\u30a0-\u30ff]")
_ISO2022_ESCAPE = re.compile(rb"\x1b[$(][@BDJ]")

# Invisible characters that only split words for search engines or line breaking, and C0
# controls other than tab and newline, which carry no text. (A regex: `str.translate` with a
# dict costs a dictionary lookup per character.)
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad\x00-\x08\x0e-\x1f\x7f]+")
# A lone surrogate cannot be encoded, so it could not be printed or stored: it marks damage.
_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_ENDS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    source: str  # "bom" | "header" | "meta" | "detected" | "fallback"
    warnings: tuple[str, ...] = ()


def clean_text(text: str) -> str:
    """Normalise newlines, drop invisible and control characters, and mark lone surrogates
    (which no codec can write) as U+FFFD; nothing else.

    >>> clean_text("第1条\\r\\n本\\u200b規約\\rは\\u00ad、\\x07\\ud800")
    '第1条\\n本規約\\nは、�'
    """
    text = _INVISIBLE.sub("", _LINE_ENDS.sub("\n", text))
    return _SURROGATE.sub("\ufffd", text)


def charset_of(content_type: str | None) -> str | None:
    """The `charset=` parameter of a Content-Type header value, if any.

    >>> charset_of('text/html; charset="Shift_JIS"'), charset_of("text/html")
    ('Shift_JIS', None)
    """
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return match.group(1) if match else None


def meta_charset(data: bytes) -> str | None:
    """The charset an HTML `<meta>` declares in the first 4 KiB (`charset=` or `http-equiv`).

    >>> meta_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=EUC-JP">')
    'EUC-JP'
    """
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def codec_for(label: str) -> str | None:
    """The Python codec we use for a charset label, or None when the label is unknown.

    >>> codec_for("Shift_JIS"), codec_for("EUC-JP"), codec_for("latin1"), codec_for("UTF8")
    ('cp932', 'euc_jis_2004', 'cp1252', 'utf-8')
    >>> codec_for("x-klingon"), codec_for("base64"), codec_for("utf-7")
    (None, None, None)
    """
    label = label.strip().strip("\"'").lower()
    if label in ALIASES:
        return ALIASES[label]
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in _NOT_CHARSETS or not _decodes_to_text(name):
        return None
    return _CODEC_WIDENING.get(name, name)


def _decodes_to_text(codec: str) -> bool:
    """False for Python's bytes-to-bytes codecs (base64, zlib, rot13 …), which `bytes.decode`
    refuses with a LookupError."""
    try:
        b"x".decode(codec, "replace")
    except (LookupError, UnicodeError):
        return False
    return True


def decode(data: bytes, *, declared_charset: str | None = None, html: bool = False) -> Decoded:
    """Decode text or HTML bytes; `declared_charset` is the Content-Type's `charset=`.

    >>> d = decode("①㈱～".encode("cp932"), declared_charset="Shift_JIS")
    >>> d.text, d.encoding, d.source
    ('①㈱～', 'cp932', 'header')
    """
    decoded = _decode(data, declared_charset, html)
    return Decoded(clean_text(decoded.text), decoded.encoding, decoded.source, decoded.warnings)


def _decode(data: bytes, declared_charset: str | None, html: bool) -> Decoded:
    bom = _decode_bom(data)
    if bom is not None:
        return bom
    warnings: list[str] = []
    utf8 = _strict(data, "utf-8")
    labels = [(declared_charset, "header", "Content-Type")]
    if html:
        labels.append((meta_charset(data), "meta", "<meta>"))
    for label, source, where in labels:
        if label is None:
            continue
        chosen = _trust_label(data, label, where, utf8, warnings)
        if chosen is not None:
            text, codec, overridden = chosen
            return Decoded(text, codec, "detected" if overridden else source, tuple(warnings))
    # ISO-2022-JP is 7-bit, so it would pass as UTF-8 with its escapes left in.
    if utf8 is not None and not _ISO2022_ESCAPE.search(data):
        return Decoded(utf8, "utf-8", "detected", tuple(warnings))
    guessed = detect(data)
    if guessed is not None:
        return Decoded(guessed[0], guessed[1], "detected", tuple(warnings))
    warnings.append("encoding unknown: decoded as UTF-8 with replacement characters")
    return Decoded(data.decode("utf-8", "replace"), "utf-8", "fallback", tuple(warnings))


def bom_codec(data: bytes) -> tuple[int, str] | None:
    """(BOM length, codec) when `data` starts with a Unicode byte order mark.

    >>> bom_codec(b"\\xef\\xbb\\xbf<html>"), bom_codec(b"<html>")
    ((3, 'utf-8'), None)
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return len(bom), codec
    return None


def _decode_bom(data: bytes) -> Decoded | None:
    bom = bom_codec(data)
    if bom is None:
        return None
    length, codec = bom
    text = _strict(data[length:], codec)
    if text is not None:
        return Decoded(text, codec, "bom")
    warning = f"bytes after the {codec} BOM are not valid {codec}; bad bytes replaced"
    return Decoded(data[length:].decode(codec, "replace"), codec, "bom", (warning,))


def _trust_label(
    data: bytes, label: str, where: str, utf8: str | None, warnings: list[str]
) -> tuple[str, str, bool] | None:
    """(text, codec, overridden by detection) when `label` leads to the text, else None with
    the reason in `warnings`."""
    codec = codec_for(label)
    if len(label) > _SHOWN_LABEL:
        label = label[:_SHOWN_LABEL] + "…"
    if codec is None:
        warnings.append(f"{where} names an unknown charset {label!r}; ignored")
        return None
    if codec.startswith(("utf-16", "utf-32")) and b"\x00" not in data:
        # An ASCII-compatible page labelled UTF-16 (a common copy-paste error) would decode
        # "successfully" into CJK-looking nonsense.
        warnings.append(f"{where} says {label} but the bytes are ASCII-compatible; ignored")
        return None
    if codec != "utf-8" and utf8 is not None and not data.isascii():
        # Non-ASCII bytes that happen to form valid UTF-8 are almost never another codec.
        warnings.append(f"{where} says {label} but the bytes are valid UTF-8; ignored")
        return None
    text = utf8 if codec == "utf-8" else _strict(data, codec)
    if text is None:
        warnings.append(f"{where} says {label} but the bytes are not valid {codec}; ignored")
        return None
    if _looks_single_byte(data, text) and not _KANA.search(text):
        # cp1252 accepts almost any byte, so a wrong Latin label "works" on Japanese bytes.
        detected = detect(data)
        if detected is not None and detected[1] in _JAPANESE_CODECS:
            warnings.append(f"{where} says {label} but the text is {detected[1]}; read as such")
            return detected[0], detected[1], True
    return text, codec, False


def detect(data: bytes) -> tuple[str, str] | None:
    """(text, codec) for unlabelled non-UTF-8 bytes: a Japanese codec if one reads kana, else
    charset-normalizer's guess; None when nothing decodes strictly.

    charset-normalizer alone gives up on pages dense in ① and ㈱ (its "chaos" score), so the
    Japanese codecs, which are the common case here and cheap to try, go first.

    >>> detect("利用規約に同意します".encode("euc_jis_2004"))[1]
    'euc_jis_2004'
    """
    japanese = _detect_japanese(data)
    if japanese is not None:
        return japanese
    import charset_normalizer  # lazily: 25 ms to import, and UTF-8 rarely needs it

    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    codec = codec_for(best.encoding)
    text = _strict(data, codec) if codec else None
    return (text, codec) if text is not None and codec is not None else None


def _detect_japanese(data: bytes) -> tuple[str, str] | None:
    """The Japanese codec whose strict decode holds the most kana (EUC bytes often pass as
    cp932 half-width katakana, never as hiragana)."""
    best: tuple[int, str, str] | None = None
    for codec in _JAPANESE_CODECS:
        text = _strict(data, codec)
        if text is None:
            continue
        kana = len(_KANA.findall(text))
        if kana and (best is None or kana > best[0]):
            best = (kana, text, codec)
    return (best[1], best[2]) if best else None


def _looks_single_byte(data: bytes, text: str) -> bool:
    return len(text) == len(data) and not data.isascii()


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeError:  # UnicodeDecodeError, or a codec's own complaint
        return None
