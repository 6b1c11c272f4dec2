"""A problem found in a row of a file (or a form), in the interface language.

Readers and validators word their problems in English (``clew.interop``, ``clew.records``);
an import report keeps them so, and this module words them for the reader: each known form of
a problem is a catalogue message whose ``%(name)s`` parts are the values the English text
carries (a column, a count, a code). A problem inside another (``item 2: ...``, ``...,
and the file has no such column``) is worded in turn; a list of choices is joined the
language's way. A problem of no known form is shown as it is (English).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from clew.i18n import gettext as _

__all__ = ["problem_text", "validation_text"]


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue; it is translated where it is shown."""
    return message


#: Each known form of a problem: the English text as a pattern, and its catalogue message.
#: A group named ``problem`` is itself a problem; one named ``choices`` is a list of choices.
RULES: Final[tuple[tuple[re.Pattern[str], str], ...]] = tuple(
    (re.compile(pattern), message)
    for pattern, message in (
        # a problem inside another
        (r"item (?P<number>\d+): (?P<problem>.+)", N_("item %(number)s: %(problem)s")),
        (r"(?P<problem>.+), and the file has no such column",
         N_("%(problem)s, and the file has no such column")),
        # any field
        (r"is required", N_("is required")),
        (r"is missing", N_("is missing")),
        (r"is empty", N_("is empty")),
        (r"is empty or has no letters or digits", N_("is empty or has no letters or digits")),
        (r"has no letters or digits", N_("has no letters or digits")),
        (r"is longer than (?P<count>[\d,]+) characters",
         N_("is longer than %(count)s characters")),
        (r"must be text", N_("must be text")),
        (r"Input should be (?P<choices>'.+)", N_("must be %(choices)s")),
        (r"'(?P<value>.*)' is not one of (?P<choices>.+)",
         N_("'%(value)s' is not one of %(choices)s")),
        (r"is not one of (?P<choices>.+)", N_("is not one of %(choices)s")),
        (r"is not used for (?P<kind>\w+) records: leave it empty",
         N_("is not used for %(kind)s records: leave it empty")),
        # dates
        (r"is not a date \(use YYYY, YYYY-MM or YYYY-MM-DD\)",
         N_("is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")),
        (r"'(?P<value>.*)' is not a full date \(YYYY-MM-DD\)",
         N_("'%(value)s' is not a full date (YYYY-MM-DD)")),
        (r"year (?P<year>\d+) is out of range (?P<range>\d+-\d+)",
         N_("year %(year)s is out of range %(range)s")),
        (r"month (?P<month>\d+) does not exist", N_("month %(month)s does not exist")),
        (r"day (?P<day>\d+) does not exist in (?P<month>\d+-\d+)",
         N_("day %(day)s does not exist in %(month)s")),
        (r"(?P<date>[\d-]+) is in the future", N_("%(date)s is in the future")),
        (r"expires_on is before issued_on", N_("expires_on is before issued_on")),
        # countries, names, identifiers
        (r"'(?P<value>.*)' is not an ISO 3166 alpha-2 country code or a travel-document code",
         N_("'%(value)s' is not an ISO 3166 alpha-2 country code or a travel-document code")),
        (r"'(?P<value>.*)' is not an ISO 3166 alpha-2 country code",
         N_("'%(value)s' is not an ISO 3166 alpha-2 country code")),
        (r"a person needs a name: fill (?P<fields>.+)",
         N_("a person needs a name: fill %(fields)s")),
        (r"a person needs a name", N_("a person needs a name")),
        (r"a name needs a full form, a given name or a family name",
         N_("a name needs a full form, a given name or a family name")),
        (r"a notice needs a name or a forename", N_("a notice needs a name or a forename")),
        (r"a vehicle needs a VIN or a plate", N_("a vehicle needs a VIN or a plate")),
        (r"must be 17 characters, not (?P<count>\d+)",
         N_("must be 17 characters, not %(count)s")),
        (r"may only hold letters A-Z and digits", N_("may only hold letters A-Z and digits")),
        (r"may only hold digits and letters other than I, O and Q",
         N_("may only hold digits and letters other than I, O and Q")),
        (r"'(?P<character>.)' cannot appear in a machine-readable zone",
         N_("'%(character)s' cannot appear in a machine-readable zone")),
        # alerts and visibility
        (r"no alert: the record is stored but not screened until it has one",
         N_("no alert: the record is stored but not screened until it has one")),
        (r"countries must be empty when every country may see the record",
         N_("countries must be empty when every country may see the record")),
        (r"list the countries for visibility '(?P<mode>\w+)'",
         N_("list the countries for visibility '%(mode)s'")),
        (r"handling code H3 needs a handling note stating the restrictions",
         N_("handling code H3 needs a handling note stating the restrictions")),
        # the file itself
        (r"unknown columns? (?P<columns>.+) \(the columns are listed in docs/import-formats\.md\)",
         N_("unknown columns %(columns)s (the columns are listed in docs/import-formats.md)")),
        (r"repeated column (?P<columns>.+)", N_("repeated column %(columns)s")),
        (r"no 'kind' column \((?P<kinds>.+)\)", N_("no 'kind' column (%(kinds)s)")),
        (r"has a value but no column name", N_("has a value but no column name")),
        (r"is empty: it needs a header row", N_("is empty: it needs a header row")),
        (r"is not UTF-8 text: save it as UTF-8 \(in a spreadsheet: CSV UTF-8\)",
         N_("is not UTF-8 text: save it as UTF-8 (in a spreadsheet: CSV UTF-8)")),
        (r"is not UTF-8 text: save it as UTF-8", N_("is not UTF-8 text: save it as UTF-8")),
        (r"is not JSON Clew can read", N_("is not JSON Clew can read")),
        (r"is not JSON: (?P<error>.+) \(column (?P<column>\d+)\)",
         N_("is not JSON: %(error)s (column %(column)s)")),
        (r"is not a JSON object", N_("is not a JSON object")),
        (r"is not an entity \(a JSON object\)", N_("is not an entity (a JSON object)")),
        (r"must be an object", N_("must be an object")),
        (r"must be a list of codes", N_("must be a list of codes")),
        (r"must be a list of objects", N_("must be a list of objects")),
        (r"must be a list of text values", N_("must be a list of text values")),
        (r"a charge must be text", N_("a charge must be text")),
        (r"is missing: Clew needs it as the key", N_("is missing: Clew needs it as the key")),
        (r"'(?P<value>.*)' is not a FollowTheMoney schema",
         N_("'%(value)s' is not a FollowTheMoney schema")),
        # a form's own checks
        (r"must be in the future", N_("must be in the future")),
        (r"Required\.?", N_("is required")),
    )
)  # fmt: skip

#: Pydantic's error types, worded for a form: the type, and its message (``ctx`` values fill it).
VALIDATION: Final[dict[str, str]] = {
    "missing": N_("is required"),
    "string_too_long": N_("is longer than %(max_length)s characters"),
    "string_too_short": N_("is empty"),
    "too_long": N_("has more than %(max_length)s items"),
    "too_short": N_("needs at least %(min_length)s items"),
    "string_type": N_("must be text"),
    "int_parsing": N_("must be a whole number"),
    "int_type": N_("must be a whole number"),
    "float_parsing": N_("must be a number"),
    "bool_parsing": N_("must be yes or no"),
    "date_from_datetime_parsing": N_("is not a date (use YYYY-MM-DD)"),
    "date_parsing": N_("is not a date (use YYYY-MM-DD)"),
    "greater_than_equal": N_("must be at least %(ge)s"),
    "less_than_equal": N_("must be at most %(le)s"),
    "string_pattern_mismatch": N_("is not in the expected form"),
    "extra_forbidden": N_("is not a field of this form"),
}


def _choices(text: str) -> str:
    """``'a', 'b' or 'c'`` (or ``a, b, c``) joined the language's way."""
    items = [item.strip() for item in re.split(r", | or ", text) if item.strip()]
    if len(items) < 2:
        return text
    return _("%(items)s or %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def validation_text(error: Mapping[str, Any]) -> str:
    """A pydantic error (``ValidationError.errors()``) in the interface language: our own
    validators' problems as :func:`problem_text` words them, pydantic's by their type."""
    message = str(error.get("msg", "")).removeprefix("Value error, ")
    if error.get("type") == "value_error":
        return problem_text(message)
    template = VALIDATION.get(str(error.get("type")))
    if template is None:
        return problem_text(message)
    values = {k: str(v) for k, v in (error.get("ctx") or {}).items()}
    try:
        return _(template) % values
    except (KeyError, ValueError, TypeError):
        return problem_text(message)


def problem_text(message: str) -> str:
    """``message`` (a problem as a reader or validator worded it) in the interface language."""
    for pattern, template in RULES:
        found = pattern.fullmatch(message)
        if found is None:
            continue
        values = found.groupdict()
        if values.get("problem"):
            values["problem"] = problem_text(values["problem"])
        if values.get("choices"):
            values["choices"] = _choices(values["choices"])
        return _(template) % values
    return message
