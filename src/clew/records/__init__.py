"""Records: the shared watchlists — persons, travel documents, vehicles and firearms — with
their alerts, owner-controlled visibility, history and imports.

Every read goes through :func:`clew.records.visibility.visible_to`; a record an agency may not
see behaves exactly as if it did not exist. This ``__init__`` imports no storage, so the pure
packages (``interop``, ``synth``) can use the vocabulary and schemas alone.
"""

from clew.records.kinds import RecordKind, RecordStatus, VisibilityMode

__all__ = ["RecordKind", "RecordStatus", "VisibilityMode"]
