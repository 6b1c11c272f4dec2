"""Every table of every domain, imported in one place for Alembic and for ``create_all``."""

from clew.access.models import (
    Agency,
    ApiToken,
    AuditEntry,
    AuditHead,
    LoginFailure,
    User,
    WebSession,
)
from clew.firearms.models import ReferenceEntry
from clew.firearms.trace_models import Trace, TraceComment, TraceEvent, TraceRecipient
from clew.intel.models import AnalysisFile, Entity, FileMember, Judgement, Link
from clew.jobs.models import Job
from clew.records.models import Alert, Record, RecordChange, RecordCountry, RecordKey
from clew.screening.models import Hit

__all__ = [
    "Agency",
    "Alert",
    "AnalysisFile",
    "ApiToken",
    "AuditEntry",
    "AuditHead",
    "Entity",
    "FileMember",
    "Hit",
    "Job",
    "Judgement",
    "Link",
    "LoginFailure",
    "Record",
    "RecordChange",
    "RecordCountry",
    "RecordKey",
    "ReferenceEntry",
    "Trace",
    "TraceComment",
    "TraceEvent",
    "TraceRecipient",
    "User",
    "WebSession",
]
