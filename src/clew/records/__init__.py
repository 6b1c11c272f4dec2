"""Records: the shared watchlists — persons, travel documents, vehicles and firearms — with
their alerts, owner-controlled visibility, history and imports.

Every read goes through :func:`clew.records.visibility.visible_to`; a record an agency may not
see behaves exactly as if it did not exist.
"""

from clew.records.kinds import RecordKind, RecordStatus, VisibilityMode
from clew.records.store import RecordFilter

__all__ = ["RecordFilter", "RecordKind", "RecordStatus", "VisibilityMode"]
