"""The vocabulary of trace requests: priorities, states, answers, refusals and history events.

A leaf module (no imports from services), so shells, services and the history logic share it
without circles.

Deadlines
---------
Each addressed agency has a deadline counted from the moment the trace was sent to it:
:data:`DEADLINE_DAYS` days by priority (urgent 3, routine 30, the practice of firearm trace
services). A recipient is *overdue* when its deadline has passed, the trace is still open and it
has neither answered nor refused nor asked for more information (while it waits for the
requester, the clock is the requester's). Overdue is computed when read, never stored, so no
sweep is needed and a changed deadline rule applies to every trace at once.
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

__all__ = [
    "DEADLINE_DAYS",
    "WAITING",
    "CrimeType",
    "EventKind",
    "IllicitReason",
    "Origin",
    "Priority",
    "RecipientStatus",
    "RefusalReason",
    "TraceState",
    "deadline",
]


class Priority(StrEnum):
    ROUTINE = "routine"
    URGENT = "urgent"  # needs a justification


DEADLINE_DAYS: dict[Priority, int] = {Priority.ROUTINE: 30, Priority.URGENT: 3}
"""Days an addressed agency has to answer, by priority (change here to change every trace)."""


def deadline(priority: Priority) -> timedelta:
    return timedelta(days=DEADLINE_DAYS[priority])


class TraceState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"  # the requester has what it needed
    CANCELLED = "cancelled"  # the requester withdrew it


class Origin(StrEnum):
    """Where the trace's description came from."""

    SCRATCH = "scratch"
    RECORD = "record"  # a watchlist firearm record
    HIT = "hit"  # a check's hit on a firearm record


class RecipientStatus(StrEnum):
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    ANSWERED = "answered"
    MORE_INFO_REQUESTED = "more_info_requested"
    REFUSED = "refused"


WAITING = frozenset({RecipientStatus.SENT, RecipientStatus.ACKNOWLEDGED})
"""Statuses in which the addressed agency owes an answer (and can be overdue)."""


class IllicitReason(StrEnum):
    """Why the recovered firearm is illicit."""

    STOLEN = "stolen"
    LOST = "lost"
    TRAFFICKED = "trafficked"
    SMUGGLED = "smuggled"
    ILLEGALLY_POSSESSED = "illegally_possessed"
    USED_IN_CRIME = "used_in_crime"
    OBLITERATED_SERIAL = "obliterated_serial"
    OTHER = "other"


class CrimeType(StrEnum):
    HOMICIDE = "homicide"
    ARMED_ROBBERY = "armed_robbery"
    ASSAULT = "assault"
    DRUG_TRAFFICKING = "drug_trafficking"
    FIREARMS_TRAFFICKING = "firearms_trafficking"
    TERRORISM = "terrorism"
    ORGANISED_CRIME = "organised_crime"
    ILLEGAL_POSSESSION = "illegal_possession"
    OTHER = "other"


class RefusalReason(StrEnum):
    """Why an addressed agency will not answer (with free text beside it)."""

    NOT_OUR_FIREARM = "not_our_firearm"  # no record of this weapon in the country
    INSUFFICIENT_DETAILS = "insufficient_details"
    LEGAL_RESTRICTION = "legal_restriction"  # national law forbids passing the data on
    ONGOING_INVESTIGATION = "ongoing_investigation"
    NOT_COMPETENT = "not_competent"  # another agency of the country holds the registers
    OTHER = "other"


class EventKind(StrEnum):
    """One step in a firearm's life, as an answering agency reports it."""

    MANUFACTURED = "manufactured"
    EXPORTED = "exported"
    IMPORTED = "imported"
    SOLD = "sold"
    TRANSFERRED = "transferred"
    REPORTED_LOST = "reported_lost"
    REPORTED_STOLEN = "reported_stolen"
    SEIZED = "seized"
    RECOVERED = "recovered"
    OTHER = "other"
