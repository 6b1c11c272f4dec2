"""Identifiers: parsing and checking what is written on documents, vehicles and firearms.

Pure functions, no storage or web imports. Every normaliser states its edge cases; every parser
either returns a value or raises ``ValueError`` with a message fit to show a person.
"""

from clew.identifiers.dates import PartialDate, parse_birth_date, parse_partial_date
from clew.identifiers.documents import mrz_check_digit, normalise_document_number
from clew.identifiers.firearms import normalise_serial, serial_core
from clew.identifiers.vehicles import normalise_plate, normalise_vin, vin_check_digit

__all__ = [
    "PartialDate",
    "mrz_check_digit",
    "normalise_document_number",
    "normalise_plate",
    "normalise_serial",
    "normalise_vin",
    "parse_birth_date",
    "parse_partial_date",
    "serial_core",
    "vin_check_digit",
]
