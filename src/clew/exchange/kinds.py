"""The vocabulary of the liaison exchange: crime areas, message kinds, requests, urgencies,
refusal reasons and the deadlines of Directive (EU) 2023/977.

A leaf module (no imports from services), so shells, services and the benchmark share it.

Deadlines
---------
A request for information is due (article 5 of the Directive): within **8 hours** when it is
urgent and asks for information the requested authority can reach directly in its own
databases; within **3 days** when it is urgent otherwise; within **7 days** for everything
else. The clock starts when the request is sent to the addressed agency. An addressed agency is
*overdue* when its deadline has passed and it has neither answered in full nor refused: computed
when read, never stored, so no sweep is needed and a changed rule applies to every request.
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

from clew.intel.vocabulary import Information, Reliability
from clew.records.kinds import HandlingCode

__all__ = [
    "DEADLINES",
    "OPEN_STATUSES",
    "CaseState",
    "CrimeArea",
    "EntityKind",
    "HandlingCode",
    "Information",
    "MessageKind",
    "PermissionState",
    "RecipientRole",
    "RefusalReason",
    "Reliability",
    "RequestStatus",
    "Urgency",
    "deadline",
]


class CrimeArea(StrEnum):
    """Europol's mandated crime areas, the ones border and liaison units exchange most on."""

    DRUG_TRAFFICKING = "drug_trafficking"
    MIGRANT_SMUGGLING = "migrant_smuggling"
    TRAFFICKING_IN_HUMAN_BEINGS = "trafficking_in_human_beings"
    FIREARMS_TRAFFICKING = "firearms_trafficking"
    TERRORISM = "terrorism"
    MONEY_LAUNDERING = "money_laundering"
    FRAUD = "fraud"
    CYBERCRIME = "cybercrime"
    ORGANISED_PROPERTY_CRIME = "organised_property_crime"
    EXCISE_FRAUD = "excise_fraud"  # cigarettes, alcohol, fuel
    DOCUMENT_FRAUD = "document_fraud"
    OTHER = "other"


class CaseState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class MessageKind(StrEnum):
    MESSAGE = "message"  # free text in a case
    REQUEST = "request"  # a structured request for information (see InfoRequest)
    ANSWER = "answer"  # a full answer to a request
    PARTIAL_ANSWER = "partial_answer"  # an answer that leaves something for later
    REFUSAL = "refusal"  # a refused request, with a reason
    REMINDER = "reminder"  # the requester reminds an addressed agency of its deadline
    PERMISSION_REQUEST = "permission_request"  # asking an H2 message's owner to pass it on
    PERMISSION_DECISION = "permission_decision"  # the owner grants or refuses
    FORWARD = "forward"  # a message passed on to another agency


class RecipientRole(StrEnum):
    """Why an agency holds a message: addressed to it, or a copy to the sender's SPOC."""

    TO = "to"
    SPOC_COPY = "spoc_copy"


class Urgency(StrEnum):
    URGENT = "urgent"
    NON_URGENT = "non_urgent"


DEADLINES: dict[tuple[Urgency, bool], timedelta] = {
    (Urgency.URGENT, True): timedelta(hours=8),  # urgent, data directly accessible
    (Urgency.URGENT, False): timedelta(days=3),
    (Urgency.NON_URGENT, True): timedelta(days=7),
    (Urgency.NON_URGENT, False): timedelta(days=7),
}
"""Time an addressed agency has to answer, by urgency and direct accessibility."""


def deadline(urgency: Urgency, directly_accessible: bool) -> timedelta:
    return DEADLINES[(urgency, directly_accessible)]


class RequestStatus(StrEnum):
    """Where one addressed agency stands with a request."""

    SENT = "sent"
    ROUTED = "routed"  # the receiving SPOC gave it to a desk
    PARTIALLY_ANSWERED = "partially_answered"
    ANSWERED = "answered"
    REFUSED = "refused"


OPEN_STATUSES = frozenset(
    {RequestStatus.SENT, RequestStatus.ROUTED, RequestStatus.PARTIALLY_ANSWERED}
)
"""Statuses in which the addressed agency still owes an answer (and can be overdue)."""


class RefusalReason(StrEnum):
    """The grounds of article 6 of Directive (EU) 2023/977 (free text beside them)."""

    NOT_AVAILABLE = "not_available"  # the information is not held
    NOT_COMPETENT = "not_competent"  # another authority holds it; says which
    NEEDS_JUDICIAL_AUTHORISATION = "needs_judicial_authorisation"
    JEOPARDISES_INVESTIGATION = "jeopardises_investigation"
    ESSENTIAL_NATIONAL_SECURITY = "essential_national_security"
    DISPROPORTIONATE = "disproportionate"  # or irrelevant to the stated purpose
    MINOR_OFFENCE = "minor_offence"  # punishable by up to one year
    THIRD_PARTY_CONSENT_REFUSED = "third_party_consent_refused"  # the provider did not agree
    OTHER = "other"


class PermissionState(StrEnum):
    ASKED = "asked"
    GRANTED = "granted"
    REFUSED = "refused"


class EntityKind(StrEnum):
    """What a structured field of a message names, and is cross-checked."""

    PERSON = "person"
    DOCUMENT = "document"
    VEHICLE = "vehicle"
    FIREARM = "firearm"
