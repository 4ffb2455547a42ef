"""Memory of past work: the SQLite translation memory, its TMX exchange, and the cache of
machine translations already paid for.

May import ``l10n.workspace``, ``l10n.documents`` and ``l10n.catalog``.
"""
