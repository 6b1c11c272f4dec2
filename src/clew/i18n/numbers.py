"""Numbers in the interface language, for messages rendered through the catalogues.

``written(value, spec)`` formats ``value`` by an English format spec (``",.2f"``, ``"g"``,
``".0%"``...) and then writes it with the current language's separators, as CLDR gives them
(``babel.numbers``): 38,644.40 / 38.644,40 / 38 644,40 (a no-break space groups thousands in
Latvian and Bulgarian). A share (``%``) keeps its digits as they are (25% in every language).

``agreement(text)`` is the count a counted noun agrees with, to give ``ngettext``: the
catalogues' plural formulas see only whole numbers, so a number as it is written decides:

* a decimal takes the plural (1.0 days, 1,5 дни), except in Latvian, where it agrees with its
  last digits (1,1 dienas, 1,5 dienu, 1,0 dienu);
* in Bulgarian a whole number agrees with its last word, so 21, 31, 101... take the singular
  like 1 (21 превод, 21 друга сметка), but 11 the plural; every other language's formula
  already reads whole numbers right.
"""

from __future__ import annotations

from babel.numbers import get_decimal_symbol, get_group_symbol

from clew.i18n import current

__all__ = ["agreement", "written"]


def written(value: float | int | str, spec: str) -> str:
    """``value`` by the English format ``spec``, with the current language's separators."""
    text = format(value, spec)
    if spec in ("s", "") and isinstance(value, str):
        return text
    if spec.endswith("%"):
        return text
    language = current()
    group, decimal = get_group_symbol(language), get_decimal_symbol(language)
    return text.translate({ord(","): "\x00", ord("."): decimal}).replace("\x00", group)


def agreement(text: str) -> int:
    """The count that a noun after the number ``text`` (as :func:`written` wrote it) agrees
    with; a text that is not a number agrees like 2 (the plural)."""
    language = current()
    whole, _, fraction = text.partition(get_decimal_symbol(language))
    digits = "".join(ch for ch in whole if ch.isdigit())
    if fraction:
        if language == "lv" and fraction.isdigit():
            return int(fraction)
        return 2
    if not digits:
        return 2
    count = int(digits)
    if language == "bg" and count % 10 == 1 and count % 100 != 11:
        return 1
    return count
