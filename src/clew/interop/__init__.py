"""Interop: reading and writing watchlist files — CSV, INTERPOL red notices, FollowTheMoney.

Pure: no database, no web. Readers take a text stream and yield one
:class:`~clew.interop.rows.ParsedRow` per row (a valid ``RecordCreate``, or field errors naming
the line and the column); they never raise on bad input. Writers take ``RecordPublic`` records
and return how many the format could not carry. The import service
(:mod:`clew.records.imports`) decides what to do with rows; formats are listed in
:mod:`clew.interop.formats` and documented in ``docs/import-formats.md``.
"""

from clew.interop.csv_format import read_csv, write_csv
from clew.interop.formats import FORMATS, Format, detect_format, get_format
from clew.interop.ftm import read_ftm, write_ftm
from clew.interop.interpol import read_interpol, write_interpol
from clew.interop.rows import ParsedRow, field_errors

__all__ = [
    "FORMATS",
    "Format",
    "ParsedRow",
    "detect_format",
    "field_errors",
    "get_format",
    "read_csv",
    "read_ftm",
    "read_interpol",
    "write_csv",
    "write_ftm",
    "write_interpol",
]
