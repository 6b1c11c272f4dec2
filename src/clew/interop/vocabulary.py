"""How outside spellings map onto Clew's vocabulary (:mod:`clew.records.kinds`).

People and other systems write ``M``, ``Male`` or ``male``; ``ID card`` or ``id_card``;
``Driving license`` or ``driving_licence``. The functions here fold those spellings onto the
enum values, and full dates onto ISO. The ``*_token`` functions return an unknown spelling
folded but otherwise as given, so validation then names it and lists the accepted values; the
other functions, for formats whose fields are free text (FollowTheMoney), fall back to
``other``.
"""

from __future__ import annotations

import re
from typing import Final

from clew.identifiers import parse_partial_date
from clew.records.kinds import DocumentStatus, DocumentType, Gender, IdentifierType, VehicleKind

__all__ = [
    "DOCUMENT_TYPE_LABELS",
    "VEHICLE_KIND_LABELS",
    "document_status_in",
    "document_type",
    "document_type_token",
    "full_date",
    "gender_token",
    "identifier_type",
    "identifier_type_token",
    "token",
    "vehicle_kind",
    "vehicle_kind_token",
]

_SEPARATORS = re.compile(r"[\s\-/]+")

_GENDERS: Final = {
    "m": Gender.MALE,
    "man": Gender.MALE,
    "f": Gender.FEMALE,
    "woman": Gender.FEMALE,
    "u": Gender.UNKNOWN,
    "x": Gender.UNKNOWN,
    "other": Gender.UNKNOWN,
}

_DOCUMENT_TYPES: Final = {
    "passport": DocumentType.PASSPORT,
    "travel_document": DocumentType.PASSPORT,
    "id_card": DocumentType.ID_CARD,
    "identity_card": DocumentType.ID_CARD,
    "national_id": DocumentType.ID_CARD,
    "national_id_card": DocumentType.ID_CARD,
    "national_identity_card": DocumentType.ID_CARD,
    "id": DocumentType.ID_CARD,
    "visa": DocumentType.VISA,
    "residence_permit": DocumentType.RESIDENCE_PERMIT,
    "residence_card": DocumentType.RESIDENCE_PERMIT,
    "driving_licence": DocumentType.DRIVING_LICENCE,
    "driving_license": DocumentType.DRIVING_LICENCE,
    "driver's_license": DocumentType.DRIVING_LICENCE,
    "drivers_license": DocumentType.DRIVING_LICENCE,
    "driver_license": DocumentType.DRIVING_LICENCE,
    "other": DocumentType.OTHER,
}

_IDENTIFIER_TYPES: Final = frozenset(kind.value for kind in IdentifierType)

DOCUMENT_TYPE_LABELS: Final = {
    DocumentType.PASSPORT: "Passport",
    DocumentType.ID_CARD: "ID card",
    DocumentType.VISA: "Visa",
    DocumentType.RESIDENCE_PERMIT: "Residence permit",
    DocumentType.DRIVING_LICENCE: "Driving licence",
    DocumentType.OTHER: "Other",
}

_VEHICLE_KINDS: Final = {
    "car": VehicleKind.CAR,
    "passenger_car": VehicleKind.CAR,
    "automobile": VehicleKind.CAR,
    "sedan": VehicleKind.CAR,
    "suv": VehicleKind.CAR,
    "truck": VehicleKind.TRUCK,
    "lorry": VehicleKind.TRUCK,
    "van": VehicleKind.TRUCK,
    "motorcycle": VehicleKind.MOTORCYCLE,
    "motorbike": VehicleKind.MOTORCYCLE,
    "scooter": VehicleKind.MOTORCYCLE,
    "trailer": VehicleKind.TRAILER,
    "semi_trailer": VehicleKind.TRAILER,
    "boat": VehicleKind.BOAT,
    "ship": VehicleKind.BOAT,
    "vessel": VehicleKind.BOAT,
    "yacht": VehicleKind.BOAT,
    "other": VehicleKind.OTHER,
}

VEHICLE_KIND_LABELS: Final = {kind: kind.value.capitalize() for kind in VehicleKind}

# Longest first, so "blank stolen" is not read as "stolen".
_STATUS_WORDS: Final = (
    (re.compile(r"\b(blank[ _-]?stolen|stolen[ _-]blanks?)\b"), DocumentStatus.BLANK_STOLEN),
    (re.compile(r"\b(counterfeit|forged|fake)\b"), DocumentStatus.COUNTERFEIT),
    (re.compile(r"\binvalidated\b"), DocumentStatus.INVALIDATED),
    (re.compile(r"\brevoked\b"), DocumentStatus.REVOKED),
    (re.compile(r"\bstolen\b"), DocumentStatus.STOLEN),
    (re.compile(r"\blost\b"), DocumentStatus.LOST),
)


def full_date(text: str) -> str | None:
    """A full date in any spelling :func:`~clew.identifiers.parse_partial_date` accepts
    (``2031-05-01``, ``01.05.2031``, ``2031/05/01``), as ISO; ``None`` for a partial date
    (``2031-05``) or for text that is no date. A time after a ``T`` is ignored."""
    try:
        parsed = parse_partial_date(text.partition("T")[0])
    except ValueError:
        return None
    return str(parsed) if parsed.precision == "day" else None


def token(text: str) -> str:
    """Lower case; runs of spaces, hyphens and slashes become one ``_`` (``id_card``)."""
    return _SEPARATORS.sub("_", text.strip().lower())


def gender_token(text: str) -> str:
    """``M``/``F``/``U`` (INTERPOL, ICAO) and the enum values; anything else folded as given."""
    folded = token(text)
    return _GENDERS.get(folded, folded)


def document_type_token(text: str) -> str:
    folded = token(text)
    return _DOCUMENT_TYPES.get(folded, folded)


def document_type(text: str | None) -> DocumentType:
    """A free-text type (``Driving license``); empty or unrecognised is ``other``."""
    return _DOCUMENT_TYPES.get(token(text or ""), DocumentType.OTHER)


def identifier_type(kind: DocumentType) -> IdentifierType:
    """The identifier a person holds for a document of this type."""
    if kind is DocumentType.PASSPORT:
        return IdentifierType.PASSPORT
    if kind is DocumentType.ID_CARD:
        return IdentifierType.NATIONAL_ID
    return IdentifierType.OTHER


def identifier_type_token(text: str) -> str | None:
    """An identifier type (``passport``, ``national_id``, ``other``) or a document type that
    implies one (``ID card``: ``national_id``); ``None`` when the text names neither."""
    folded = token(text)
    if folded in _IDENTIFIER_TYPES:
        return folded
    if folded in _DOCUMENT_TYPES:
        return identifier_type(_DOCUMENT_TYPES[folded]).value
    return None


def vehicle_kind_token(text: str) -> str:
    folded = token(text)
    return _VEHICLE_KINDS.get(folded, folded)


def vehicle_kind(text: str) -> VehicleKind:
    """A free-text vehicle type (``Lorry``, ``Passenger car``); unrecognised is ``other``."""
    return _VEHICLE_KINDS.get(token(text), VehicleKind.OTHER)


def document_status_in(*texts: str) -> DocumentStatus | None:
    """The first document status word found in the texts (``Reported stolen`` -> stolen).

    ``blank stolen`` is found before ``stolen``; ``forged`` and ``fake`` mean counterfeit.
    Negations are not understood: ``not stolen`` is stolen. ``None`` when no word is found.
    """
    for text in texts:
        lowered = text.lower()
        for pattern, status in _STATUS_WORDS:
            if pattern.search(lowered):
                return status
    return None
