"""tracker: follow published service agreements article by article.

The pipeline, one package or module per stage:
fetch → extract → normalise → store → compare → obligations → report, with the CLI on top.
"""

__version__ = "0.1.0"
