"""Why Clew says what it says about a firearm's history, as structured reasons, and the one
place that puts them into words.

Domain code (:mod:`clew.firearms.history`, :mod:`clew.firearms.indicators`) returns a
:class:`Reason`: a :class:`ReasonCode` and its values (names, numbers, country codes). Only
:func:`describe` turns a reason into a sentence, through the Babel catalogues of
:mod:`clew.i18n` (``gettext``/``ngettext`` for words and plurals, ``babel.numbers`` for numbers,
``babel.lists`` for lists, ``babel.dates`` for durations, CLDR for country names), so a new
language is a catalogue and never a phrase table here.

Pure: no storage or web imports.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from babel.dates import format_timedelta
from babel.lists import format_list
from babel.numbers import format_decimal

from clew import i18n
from clew.access.countries import country_name

__all__ = ["Reason", "ReasonCode", "Value", "describe"]

Value = str | int | tuple[str, ...]


class ReasonCode(StrEnum):
    # why a history names no point of diversion
    NO_EVENTS = "no_events"
    NO_ILLICIT_MARKER = "no_illicit_marker"
    NO_LEGAL_EVENT = "no_legal_event"
    CHAIN_GAP = "chain_gap"
    # notes on a history
    UNDATED = "undated"
    TIME_TO_CRIME = "time_to_crime"
    TIME_TO_CRIME_APPROXIMATE = "time_to_crime_approximate"
    # trafficking indicators
    SHORT_TIME_TO_CRIME = "short_time_to_crime"
    SHORT_TIME_TO_CRIME_APPROXIMATE = "short_time_to_crime_approximate"
    POSSESSOR_NOT_PURCHASER = "possessor_not_purchaser"
    SAME_PURCHASER = "same_purchaser"
    SAME_DEALER = "same_dealer"
    SAME_BATCH = "same_batch"
    REPEATED_ROUTE = "repeated_route"


@dataclass(frozen=True, slots=True)
class Reason:
    """A code and its values; hashable, so reasons compare and deduplicate."""

    code: ReasonCode
    values: tuple[tuple[str, Value], ...] = ()

    @classmethod
    def of(cls, code: ReasonCode, **values: Value) -> Reason:
        return cls(code, tuple(sorted(values.items())))

    @property
    def params(self) -> Mapping[str, Value]:
        return dict(self.values)


def describe(reason: Reason, language: str | None = None) -> str:
    """``reason`` as one sentence in ``language`` (default: the current interface language).

    Names are shown as given; numbers, lists and country names follow the language's CLDR
    conventions. A value the message needs but the reason lacks reads as an empty text, so a
    malformed reason still renders.
    """
    lang = language if language in i18n.LANGUAGES else i18n.current()
    catalogue = i18n.translations(lang)
    _ = catalogue.ugettext
    ngettext = catalogue.ungettext
    params = reason.params

    def text(key: str) -> str:
        value = params.get(key, "")
        return " ".join(value) if isinstance(value, tuple) else str(value)

    def count(key: str) -> int:
        value = params.get(key, 0)
        return value if isinstance(value, int) else 0

    def number(key: str) -> str:
        return str(format_decimal(count(key), locale=lang))

    def years(key: str) -> str:
        return str(format_timedelta(timedelta(days=365 * count(key)), locale=lang))

    def country(key: str) -> str:
        return country_name(text(key), lang) if text(key) else "?"

    def countries(key: str) -> str:
        value = params.get(key, ())
        codes = value if isinstance(value, tuple) else (str(value),)
        return format_list([country_name(code, lang) for code in codes], locale=lang)

    code = reason.code
    if code is ReasonCode.NO_EVENTS:
        return _("The history has no dated event.")
    if code is ReasonCode.NO_ILLICIT_MARKER:
        return _(
            "No loss, theft, seizure or recovery is recorded: the weapon is not known to have "
            "left the legal market."
        )
    if code is ReasonCode.NO_LEGAL_EVENT:
        return _(
            "No legal event is known before the weapon was first reported lost or stolen, "
            "seized or recovered."
        )
    if code is ReasonCode.CHAIN_GAP:
        return _(
            "The chain of custody has a gap: the weapon went to %(receiver)s, but the next "
            "known holder is %(holder)s."
        ) % {"receiver": text("receiver"), "holder": text("holder")}
    if code is ReasonCode.UNDATED:
        return ngettext(
            "%(count)s event has no usable date and is left out of the order.",
            "%(count)s events have no usable date and are left out of the order.",
            count("count"),
        ) % {"count": number("count")}
    if code is ReasonCode.TIME_TO_CRIME:
        return ngettext(
            "Time to crime: %(days)s day.", "Time to crime: %(days)s days.", count("days")
        ) % {"days": number("days")}
    if code is ReasonCode.TIME_TO_CRIME_APPROXIMATE:
        return _("Time to crime: between %(low)s and %(high)s days (the dates are partial).") % {
            "low": number("low"),
            "high": number("high"),
        }
    if code is ReasonCode.SHORT_TIME_TO_CRIME:
        return ngettext(
            "Recovered %(days)s day after the last legal transfer, within %(limit)s.",
            "Recovered %(days)s days after the last legal transfer, within %(limit)s.",
            count("days"),
        ) % {"days": number("days"), "limit": years("years")}
    if code is ReasonCode.SHORT_TIME_TO_CRIME_APPROXIMATE:
        return ngettext(
            "Recovered at most %(days)s day after the last legal transfer (the dates are "
            "partial), within %(limit)s.",
            "Recovered at most %(days)s days after the last legal transfer (the dates are "
            "partial), within %(limit)s.",
            count("days"),
        ) % {"days": number("days"), "limit": years("years")}
    if code is ReasonCode.POSSESSOR_NOT_PURCHASER:
        return _(
            "Recovered from %(possessor)s, not from the last legal purchaser %(purchaser)s."
        ) % {"possessor": text("possessor"), "purchaser": text("purchaser")}
    if code is ReasonCode.SAME_PURCHASER:
        return ngettext(
            "%(count)s firearm diverted after being bought by %(purchaser)s.",
            "%(count)s firearms diverted after being bought by %(purchaser)s.",
            count("count"),
        ) % {"count": number("count"), "purchaser": text("purchaser")}
    if code is ReasonCode.SAME_DEALER:
        return ngettext(
            "%(count)s firearm diverted after being sold by %(dealer)s.",
            "%(count)s firearms diverted after being sold by %(dealer)s.",
            count("count"),
        ) % {"count": number("count"), "dealer": text("dealer")}
    if code is ReasonCode.SAME_BATCH:
        return ngettext(
            "%(count)s firearm of one batch (%(make)s %(model)s, serials %(first)s to "
            "%(last)s) recovered in %(countries)s.",
            "%(count)s firearms of one batch (%(make)s %(model)s, serials %(first)s to "
            "%(last)s) recovered in %(countries)s.",
            count("count"),
        ) % {
            "count": number("count"),
            "make": text("make"),
            "model": text("model"),
            "first": text("first"),
            "last": text("last"),
            "countries": countries("countries"),
        }
    if code is ReasonCode.REPEATED_ROUTE:
        return ngettext(
            "The route %(origin)s → %(destination)s is seen in %(count)s history.",
            "The route %(origin)s → %(destination)s is seen in %(count)s histories.",
            count("count"),
        ) % {
            "origin": country("origin"),
            "destination": country("destination"),
            "count": number("count"),
        }
    return str(code)
