"""The history of each tracked document: what a fetched or imported snapshot means for it."""
