"""The `check` run: fetch, record, report, notify, under one lock."""
