"""Terms pages written by JavaScript, for the tests of `render = "browser"`: an HTML shell with
an empty `<div id="root">` and a script that fetches the agreement as JSON and writes it in —
the page httpx receives holds none of the agreement's text.

Served by either loopback site (support/http.py, support/fetch.py): `shell()` at the page's
path, `terms_json()` at `/terms.json`.
"""

from __future__ import annotations

import json

HTML = "text/html; charset=utf-8"
JSON = "application/json"

ARTICLES = (
    ("第1条（目的）", "本規約は、当社が提供するサービスの利用条件を定めるものです。"),
    ("第2条（料金）", "利用者は、当社が別に定める料金を支払うものとします。"),
    ("第3条（変更）", "当社は、本規約を変更する場合、その30日前までに通知します。"),
)

# Builds <main id="terms"> from the JSON: a title, then a heading and a paragraph per article;
# a cookie banner (with its own text from the JSON) is put inside it, at the top, where no
# choice of the agreement's root can leave it out.
_SCRIPT = """
fetch("/terms.json")
  .then((response) => {
    if (!response.ok) throw new Error("terms.json answered " + response.status);
    return response.json();
  })
  .then((terms) => {
    const main = document.createElement("main");
    main.id = "terms";
    const title = document.createElement("h1");
    title.textContent = terms.title;
    main.append(title);
    for (const article of terms.articles) {
      const heading = document.createElement("h2");
      heading.textContent = article.heading;
      const text = document.createElement("p");
      text.textContent = article.text;
      main.append(heading, text);
    }
    if (terms.banner) {
      const banner = document.createElement("div");
      banner.id = "cookie-banner";
      banner.textContent = terms.banner;
      main.prepend(banner);
    }
    document.getElementById("root").append(main);
  });
"""
# What a broken deploy looks like: the bundle calls what it no longer defines.
FAILING_SCRIPT = "window.renderTerms(document.getElementById('root'));"
# Keeps the network busy for ever (a poll every 100 ms): never idle.
POLLING_SCRIPT = "setInterval(() => fetch('/ping'), 100);"


def terms_json(
    articles: tuple[tuple[str, str], ...] = ARTICLES,
    *,
    title: str = "サービス利用規約",
    banner: str | None = None,
) -> bytes:
    terms = {
        "title": title,
        "articles": [{"heading": heading, "text": text} for heading, text in articles],
        "banner": banner,
    }
    return json.dumps(terms, ensure_ascii=False).encode()


def shell(script: str = _SCRIPT, *, charset: str = "utf-8") -> bytes:
    """The page as served: a title and an empty root; `script` writes the rest."""
    page = (
        f'<!DOCTYPE html><html lang="ja"><head><meta charset="{charset}">'
        "<title>利用規約</title></head>"
        f'<body><div id="root"></div><script>{script}</script></body></html>'
    )
    return page.encode(charset)


def revised(articles: tuple[tuple[str, str], ...] = ARTICLES) -> tuple[tuple[str, str], ...]:
    """The articles with a shorter notice period in the last one (30 → 14 days)."""
    *kept, (heading, text) = articles
    return (*kept, (heading, text.replace("30日前", "14日前")))
