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
from clew.exchange.models import (
    Attachment,
    Case,
    CaseParticipant,
    ForwardPermission,
    InfoRequest,
    Message,
    MessageEntity,
    MessageItem,
    MessageRecipient,
    RequestRecipient,
    Spoc,
    Webhook,
)
from clew.firearms.models import ReferenceEntry
from clew.firearms.trace_models import Trace, TraceComment, TraceEvent, TraceRecipient
from clew.intel.models import AnalysisFile, Entity, FileMember, Judgement, Link
from clew.jobs.models import Job
from clew.liaison.models import IncidentEntity, IncidentReport, Office, OfficePair
from clew.operations.models import (
    FieldResult,
    Operation,
    OperationParticipant,
    OperationPost,
    OperationTally,
    OperationTarget,
)
from clew.records.models import Alert, Record, RecordChange, RecordCountry, RecordKey
from clew.screening.models import Hit

__all__ = [
    "Agency",
    "Alert",
    "AnalysisFile",
    "ApiToken",
    "Attachment",
    "AuditEntry",
    "AuditHead",
    "Case",
    "CaseParticipant",
    "Entity",
    "FieldResult",
    "FileMember",
    "ForwardPermission",
    "Hit",
    "IncidentEntity",
    "IncidentReport",
    "InfoRequest",
    "Job",
    "Judgement",
    "Link",
    "LoginFailure",
    "Message",
    "MessageEntity",
    "MessageItem",
    "MessageRecipient",
    "Office",
    "OfficePair",
    "Operation",
    "OperationParticipant",
    "OperationPost",
    "OperationTally",
    "OperationTarget",
    "Record",
    "RecordChange",
    "RecordCountry",
    "RecordKey",
    "ReferenceEntry",
    "RequestRecipient",
    "Spoc",
    "Trace",
    "TraceComment",
    "TraceEvent",
    "TraceRecipient",
    "User",
    "WebSession",
    "Webhook",
]
