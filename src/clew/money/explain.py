"""A finding's reason in plain words, in each interface language (en, vi, lv, bg).

Each detector gives its :class:`~clew.money.typologies.Finding` a ``code`` (the typology) and
the ``values`` its reason shows; ``explain(finding, language)`` renders them, e.g.::

    received from 8 distinct senders in 1.4 days (8 transfers of at least 1,000, ...)
    saņēma naudu no 8 dažādiem sūtītājiem 1,4 dienu laikā (8 pārskaitījumi, ...)

The English rendering is the finding's ``reason``. Numbers are written the way the language
writes them: amounts 38,644.40 / 38.644,40 / 38 644,40 (a no-break space groups thousands in
Latvian and Bulgarian), days 1.4 / 1,4, shares 25% in every language. A counted noun takes the
singular or plural form by the language's rule (``clew.i18n.numbers.agreement``): Latvian and
Bulgarian 1, 21, 31... (not 11) are singular, and in Latvian a decimal agrees with its last digit
(1,1 dienas, 1,5 dienu); Bulgarian uses the count form of nouns that are not persons
(8 превода). Account names are
shown as they are.

The phrases are messages of the interface catalogues (``clew.i18n``), rendered through
``gettext``/``ngettext`` with the numbers written by ``clew.i18n.numbers``, as every explanation
is (screening, linkage, graph); a missing translation is English, an unknown language is English.
A finding without a known code (one made by hand) is explained by its ``reason``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from clew.i18n import gettext as _
from clew.i18n import ngettext, speaking
from clew.i18n.numbers import agreement, written

if TYPE_CHECKING:
    from clew.money.typologies import Finding

__all__ = ["CODES", "LANGUAGES", "Value", "explain", "render", "shown"]

LANGUAGES = ("en", "vi", "lv", "bg")

Value = float | int | str

CODES = ("fan_in", "fan_out", "gather_scatter", "scatter_gather", "cycle", "structuring")
"""The reason codes, one per typology (the typology's value)."""

# How each value is written, as an English format spec (then the separators are the
# language's). Counts are not grouped and names are text.
_FORMATS: Mapping[str, str] = {
    "amount": ",.2f", "back": ",.2f", "total": ",.2f", "total_in": ",.2f", "total_out": ",.2f",
    "min_amount": ",.0f", "floor": ",.0f", "limit": ",.0f",
    "days": ".1f", "window": "g", "factor": "g", "surprise": "g",
    "max_loss": ".0%", "max_gain": ".0%",
    "senders": "d", "receivers": "d", "transfers": "d", "intermediaries": "d", "others": "d",
    "cycles": "d",
    "origin": "s", "target": "s",
}  # fmt: skip

_NOUN_OF: Mapping[str, str] = {"window": "days"}
"""Values written with another value's counted phrase."""


def _counted(name: str, number: str) -> str | None:
    """The counted phrase of the value ``name`` written as ``number`` (``8 transfers``), or
    ``None`` for a value shown as a bare number."""
    n = agreement(number)
    phrases = {
        "senders": ngettext("%(n)s distinct sender", "%(n)s distinct senders", n),
        "receivers": ngettext("%(n)s distinct receiver", "%(n)s distinct receivers", n),
        "transfers": ngettext("%(n)s transfer", "%(n)s transfers", n),
        "intermediaries": ngettext("%(n)s intermediary", "%(n)s intermediaries", n),
        "others": ngettext("%(n)s other account", "%(n)s other accounts", n),
        "cycles": ngettext("%(n)s overlapping cycle", "%(n)s overlapping cycles", n),
        "days": ngettext("%(n)s day", "%(n)s days", n),
        "factor": ngettext("%(n)sx", "%(n)sx", n),
    }
    phrase = phrases.get(name)
    return phrase % {"n": number} if phrase else None


def _template(code: str) -> str:
    templates = {
        "fan_in": _(
            "received from %(senders)s in %(days)s (%(transfers)s of at least "
            "%(min_amount)s, none an established relationship), at least %(factor)s the "
            "account's usual rate and unlikely by chance (p < %(surprise)s)"
        ),
        "fan_out": _(
            "sent to %(receivers)s in %(days)s (%(transfers)s of at least %(min_amount)s, "
            "none an established relationship), at least %(factor)s the account's usual rate "
            "and unlikely by chance (p < %(surprise)s)"
        ),
        "gather_scatter": _(
            "gathered %(total_in)s from %(senders)s, then sent %(total_out)s to "
            "%(receivers)s within %(window)s, all new relationships"
        ),
        "scatter_gather": _(
            "split %(amount)s over %(intermediaries)s that each forwarded what they received "
            "(within %(max_loss)s less or %(max_gain)s more) to %(target)s within %(days)s"
        ),
        "cycle": _(
            "%(amount)s left %(origin)s and %(back)s came back through %(others)s in "
            "%(days)s, each hop after the one before and carrying about the same amount"
        ),
        "structuring": _(
            "%(transfers)s between %(floor)s and %(limit)s (just under the reporting "
            "threshold) in %(days)s, %(total)s in all, at least %(factor)s the account's "
            "usual rate of such amounts"
        ),
    }
    return templates[code]


def _field(name: str, value: Value) -> str:
    number = written(value, _FORMATS.get(name, "s" if isinstance(value, str) else "g"))
    return _counted(_NOUN_OF.get(name, name), number) or number


def _fill(code: str, values: Mapping[str, Value]) -> str:
    fields = {name: _field(name, value) for name, value in values.items()}
    text = _template(code) % fields
    if code == "cycle" and int(values.get("cycles", 1)) > 1:
        text += f" ({fields['cycles']})"
    return text


def shown(values: Mapping[str, Value]) -> dict[str, Value]:
    """``values`` rounded to the decimals the reason shows (days to 0.1, amounts to cents), so
    a finding's values are the numbers its reason states."""
    out: dict[str, Value] = {}
    for name, value in values.items():
        spec = _FORMATS.get(name, "")
        if spec.endswith("f") and isinstance(value, float):
            value = round(value, int(spec.rpartition(".")[2][:-1]))
        out[name] = value
    return out


def render(code: str, values: Mapping[str, Value], language: str = "en") -> str:
    """The reason ``code`` with ``values`` in ``language``; a translation that cannot be
    filled is English, and an unknown code (or values that do not fit it) is the code."""
    if code not in CODES:
        return code
    for lang in dict.fromkeys((language if language in LANGUAGES else "en", "en")):
        with speaking(lang):
            try:
                return _fill(code, values)
            except (KeyError, IndexError, ValueError, TypeError):
                continue
    return code


def explain(finding: Finding, language: str = "en") -> str:
    """The finding's reason in ``language`` (its English ``reason`` if it has no known code)."""
    if finding.code not in CODES:
        return finding.reason
    return render(finding.code, finding.values, language)
