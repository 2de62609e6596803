"""Renderers: turn results of the core (a `Comparison`, …) into JSON, terminal text, Markdown
and HTML. Pure: each returns a string; writing it somewhere is the caller's business.

The package itself imports nothing, so `tracker parse` (which needs only `outline`) does not
load Jinja2 and the obligations; `comparison.render_comparison` is the entry point of
`compare` and `diff`."""
