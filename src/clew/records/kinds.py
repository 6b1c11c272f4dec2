"""The vocabulary of watchlist records and alerts."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

__all__ = [
    "AlertCategory",
    "AlertStatus",
    "DocumentStatus",
    "DocumentType",
    "FirearmStatus",
    "FirearmType",
    "Gender",
    "HandlingCode",
    "IdentifierType",
    "NameKind",
    "RecordKind",
    "RecordSort",
    "RecordStatus",
    "VehicleKind",
    "VisibilityMode",
    "handling_meaning",
]


class RecordSort(StrEnum):
    """The orders of a watchlist search: newest first (the default), oldest first, by name
    (the record's label), or the last changed first."""

    NEWEST = "newest"
    OLDEST = "oldest"
    NAME = "name"
    UPDATED = "updated"


class RecordKind(StrEnum):
    PERSON = "person"
    DOCUMENT = "document"
    VEHICLE = "vehicle"
    FIREARM = "firearm"

    @property
    def review_period(self) -> timedelta:
        """Persons are reviewed every 5 years, objects every 10 (the default; configurable)."""
        return timedelta(days=5 * 365 if self is RecordKind.PERSON else 10 * 365)


class RecordStatus(StrEnum):
    """NCIC-like: ``active`` until cancelled (entered in error, withdrawn) or cleared (the
    owner got the object back, or the reason for the record is gone)."""

    ACTIVE = "active"
    CANCELLED = "cancelled"
    CLEARED = "cleared"


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"
    UNKNOWN = "unknown"


class NameKind(StrEnum):
    PRIMARY = "primary"  # as written in the person's own script
    LATIN = "latin"  # a Latin form: passport (ICAO 9303) or another romanisation
    ALIAS = "alias"


class IdentifierType(StrEnum):
    PASSPORT = "passport"
    NATIONAL_ID = "national_id"
    OTHER = "other"


class DocumentType(StrEnum):
    PASSPORT = "passport"
    ID_CARD = "id_card"
    VISA = "visa"
    RESIDENCE_PERMIT = "residence_permit"
    DRIVING_LICENCE = "driving_licence"
    OTHER = "other"


class DocumentStatus(StrEnum):
    STOLEN = "stolen"
    LOST = "lost"
    REVOKED = "revoked"
    INVALIDATED = "invalidated"
    COUNTERFEIT = "counterfeit"
    BLANK_STOLEN = "blank_stolen"


class VehicleKind(StrEnum):
    CAR = "car"
    TRUCK = "truck"
    MOTORCYCLE = "motorcycle"
    TRAILER = "trailer"
    BOAT = "boat"
    OTHER = "other"


class FirearmType(StrEnum):
    """The UNODC simplified list of firearm types (Illicit Arms Flows Questionnaire)."""

    PISTOL = "pistol"
    REVOLVER = "revolver"
    RIFLE = "rifle"
    CARBINE = "carbine"
    SHOTGUN = "shotgun"
    SUBMACHINE_GUN = "submachine_gun"
    MACHINE_GUN = "machine_gun"
    ASSAULT_RIFLE = "assault_rifle"
    OTHER = "other"


class FirearmStatus(StrEnum):
    LOST = "lost"
    STOLEN = "stolen"
    TRAFFICKED = "trafficked"
    SMUGGLED = "smuggled"
    SEIZED = "seized"
    RECOVERED = "recovered"


class AlertCategory(StrEnum):
    WANTED_FOR_ARREST = "wanted_for_arrest"
    MISSING_PERSON = "missing_person"
    DISCREET_CHECK = "discreet_check"
    SPECIFIC_CHECK = "specific_check"
    OBJECT_TO_SEIZE = "object_to_seize"
    FOR_INFORMATION = "for_information"


class HandlingCode(StrEnum):
    """How information may be used and passed on."""

    H0 = "H0"  # use only for fighting crime
    H1 = "H1"  # not to be used in court without the owner's permission
    H2 = "H2"  # not to be passed on without the owner's permission
    H3 = "H3"  # other restrictions, stated in the handling note


def handling_meaning(code: str) -> str:
    """What a handling code allows, in words, in the current interface language."""
    from clew.i18n import gettext as _

    meanings = {
        "H0": _("Use only for fighting crime."),
        "H1": _("Not to be used in court without the owner's permission."),
        "H2": _("Not to be passed on without the owner's permission."),
        "H3": _("Other restrictions, stated in the handling note."),
    }
    return meanings.get(code, code)


class AlertStatus(StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"
    LAPSED = "lapsed"  # the owner let it go at review, or it passed its expiry


class VisibilityMode(StrEnum):
    ALL = "all"  # every member country
    ONLY = "only"  # only the listed countries
    EXCEPT = "except"  # every member country except the listed ones
