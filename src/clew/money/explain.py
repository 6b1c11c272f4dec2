"""A finding's reason in plain words, in each interface language (en, vi, lv, bg).

Each detector gives its :class:`~clew.money.typologies.Finding` a ``code`` (the typology) and
the ``values`` its reason shows; ``explain(finding, language)`` renders them, e.g.::

    received from 8 distinct senders in 1.4 days (8 transfers of at least 1,000, ...)
    saņēma naudu no 8 dažādiem sūtītājiem 1,4 dienu laikā (8 pārskaitījumi, ...)

The English rendering is the finding's ``reason``. Numbers are written the way the language
writes them: amounts 38,644.40 / 38.644,40 / 38 644,40 (a no-break space groups thousands in
Latvian and Bulgarian), days 1.4 / 1,4, shares 25% in every language. A counted noun takes the
singular or plural form by the language's rule: Latvian and Bulgarian 1, 21, 31... (not 11)
are singular, and in Latvian a decimal agrees with its last digit (1,1 dienas, 1,5 dienu);
Bulgarian uses the count form of nouns that are not persons (8 превода). Account names are
shown as they are.

The phrases live here, one table per language, as in ``clew.screening.explain`` and
``clew.graph.explain``; a missing phrase falls back to English, an unknown language is English.
A finding without a known code (one made by hand) is explained by its ``reason``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clew.money.typologies import Finding

__all__ = ["CODES", "LANGUAGES", "PHRASES", "Value", "explain", "render", "shown"]

LANGUAGES = ("en", "vi", "lv", "bg")

Value = float | int | str
Phrases = Mapping[str, str]

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

# A template's ``{name}`` is the value ``name``, written by its counted phrase (the key
# ``name``, or ``name:one`` for the singular) when the table has one, else as a bare number.
_EN: Phrases = {
    "fan_in": "received from {senders} in {days} days ({transfers} of at least {min_amount}, "
              "none an established relationship), at least {factor} the account's usual rate "
              "and unlikely by chance (p < {surprise})",
    "fan_out": "sent to {receivers} in {days} days ({transfers} of at least {min_amount}, "
               "none an established relationship), at least {factor} the account's usual rate "
               "and unlikely by chance (p < {surprise})",
    "gather_scatter": "gathered {total_in} from {senders}, then sent {total_out} to {receivers} "
                      "within {window} days, all new relationships",
    "scatter_gather": "split {amount} over {intermediaries} that each forwarded what they "
                      "received (within {max_loss} less or {max_gain} more) to {target} within "
                      "{days} days",
    "cycle": "{amount} left {origin} and {back} came back through {others} in {days} days, "
             "each hop after the one before and carrying about the same amount",
    "cycle:overlapping": " ({cycles})",
    "structuring": "{transfers} between {floor} and {limit} (just under the reporting threshold) "
                   "in {days} days, {total} in all, at least {factor} the account's usual rate "
                   "of such amounts",
    # counted phrases
    "senders": "{n} distinct senders",
    "receivers": "{n} distinct receivers",
    "transfers": "{n} transfers",
    "intermediaries": "{n} intermediaries",
    "others": "{n} other accounts",
    "cycles": "{n} overlapping cycles",
    "factor": "{n}x",
    # numbers
    "thousands": ",",
    "decimal": ".",
}  # fmt: skip

_VI: Phrases = {
    "fan_in": "nhận tiền từ {senders} trong {days} ({transfers}, mỗi lần ít nhất {min_amount}, "
              "không lần nào thuộc quan hệ giao dịch lâu dài), nhiều gấp ít nhất {factor} mức "
              "thông thường của tài khoản và khó có thể do ngẫu nhiên (p < {surprise})",
    "fan_out": "chuyển tiền đến {receivers} trong {days} ({transfers}, mỗi lần ít nhất "
               "{min_amount}, không lần nào thuộc quan hệ giao dịch lâu dài), nhiều gấp ít nhất "
               "{factor} mức thông thường của tài khoản và khó có thể do ngẫu nhiên "
               "(p < {surprise})",
    "gather_scatter": "gom {total_in} từ {senders}, sau đó chuyển {total_out} đến {receivers} "
                      "trong vòng {window}, tất cả đều là quan hệ giao dịch mới",
    "scatter_gather": "chia {amount} cho {intermediaries}, mỗi bên đều chuyển tiếp số tiền "
                      "nhận được (ít hơn không quá {max_loss} hoặc nhiều hơn không quá "
                      "{max_gain}) đến tài khoản {target} trong vòng {days}",
    "cycle": "{amount} rời khỏi tài khoản {origin} và {back} quay trở lại qua {others} trong "
             "{days}, mỗi bước chuyển diễn ra sau bước trước đó và mang số tiền xấp xỉ như nhau",
    "cycle:overlapping": " ({cycles})",
    "structuring": "{transfers} trong khoảng từ {floor} đến {limit} (ngay dưới ngưỡng phải báo "
                   "cáo) trong {days}, tổng cộng {total}, nhiều gấp ít nhất {factor} mức thông "
                   "thường của tài khoản đối với các khoản tiền như vậy",
    "senders": "{n} bên gửi khác nhau",
    "receivers": "{n} bên nhận khác nhau",
    "transfers": "{n} lần chuyển tiền",
    "intermediaries": "{n} bên trung gian",
    "others": "{n} tài khoản khác",
    "cycles": "{n} vòng luân chuyển chồng lấn nhau",
    "days": "{n} ngày",
    "factor": "{n} lần",
    "thousands": ".",
    "decimal": ",",
}  # fmt: skip

_LV: Phrases = {
    "fan_in": "saņēma naudu no {senders} {days} laikā ({transfers}, katrs vismaz {min_amount}, "
              "neviens nav starp kontiem ar ilgstošām darījumu attiecībām), vismaz {factor} "
              "biežāk nekā parasti šajā kontā, un diez vai tā ir nejaušība (p < {surprise})",
    "fan_out": "nosūtīja naudu {receivers} {days} laikā ({transfers}, katrs vismaz "
               "{min_amount}, neviens nav starp kontiem ar ilgstošām darījumu attiecībām), "
               "vismaz {factor} biežāk nekā parasti šajā kontā, un diez vai tā ir nejaušība "
               "(p < {surprise})",
    "gather_scatter": "savāca {total_in} no {senders}, pēc tam {window} laikā pārskaitīja "
                      "{receivers} kopā {total_out}, visas darījumu attiecības ir jaunas",
    "scatter_gather": "sadalīja {amount}, pārskaitot to {intermediaries}, no kuriem katrs "
                      "saņemto pārsūtīja kontam {target} (ne vairāk kā par {max_loss} mazāk vai "
                      "{max_gain} vairāk) {days} laikā",
    "cycle": "{amount} aizplūda no konta {origin}, un {back} atgriezās caur {others} {days} "
             "laikā, katrs posms sekoja iepriekšējam un pārnesa aptuveni tādu pašu summu",
    "cycle:overlapping": " ({cycles})",
    "structuring": "{transfers} no {floor} līdz {limit} (nedaudz zem ziņošanas sliekšņa) {days} "
                   "laikā, kopā {total}, šādas summas vismaz {factor} biežāk nekā parasti šajā "
                   "kontā",
    "senders": "{n} dažādiem sūtītājiem",
    "senders:one": "{n} dažāda sūtītāja",
    "receivers": "{n} dažādiem saņēmējiem",
    "receivers:one": "{n} dažādam saņēmējam",
    "transfers": "{n} pārskaitījumi",
    "transfers:one": "{n} pārskaitījums",
    "intermediaries": "{n} starpniekiem",
    "intermediaries:one": "{n} starpniekam",
    "others": "{n} citiem kontiem",
    "others:one": "{n} citu kontu",
    "cycles": "{n} cikli, kas pārklājas",
    "cycles:one": "{n} cikls, kas pārklājas",
    "days": "{n} dienu",
    "days:one": "{n} dienas",
    "factor": "{n} reizes",
    "factor:one": "{n} reizi",
    "thousands": "\u00a0",
    "decimal": ",",
}  # fmt: skip

_BG: Phrases = {
    "fan_in": "получила пари от {senders} за {days} ({transfers} от поне {min_amount} всеки, "
              "нито един по вече установена връзка), поне {factor} по-често от обичайното за "
              "сметката, което едва ли е случайно (p < {surprise})",
    "fan_out": "изпратила пари на {receivers} за {days} ({transfers} от поне {min_amount} "
               "всеки, нито един по вече установена връзка), поне {factor} по-често от "
               "обичайното за сметката, което едва ли е случайно (p < {surprise})",
    "gather_scatter": "събрала {total_in} от {senders}, след това изпратила {total_out} на "
                      "{receivers} в рамките на {window}, като всички връзки са нови",
    "scatter_gather": "разделила {amount} между {intermediaries}, всеки от които препратил "
                      "полученото (с най-много {max_loss} по-малко или {max_gain} повече) към "
                      "сметка {target} в рамките на {days}",
    "cycle": "{amount} излязоха от сметка {origin} и {back} се върнаха през {others} за "
             "{days}, като всеки превод следва предишния и носи приблизително същата сума",
    "cycle:overlapping": " ({cycles})",
    "structuring": "{transfers} между {floor} и {limit} (малко под прага за докладване) за "
                   "{days}, общо {total}, поне {factor} по-често от обичайното за сметката при "
                   "такива суми",
    "senders": "{n} различни податели",
    "senders:one": "{n} различен подател",
    "receivers": "{n} различни получатели",
    "receivers:one": "{n} различен получател",
    "transfers": "{n} превода",
    "transfers:one": "{n} превод",
    "intermediaries": "{n} посредници",
    "intermediaries:one": "{n} посредник",
    "others": "{n} други сметки",
    "others:one": "{n} друга сметка",
    "cycles": "{n} припокриващи се цикъла",
    "cycles:one": "{n} припокриващ се цикъл",
    "days": "{n} дни",
    "days:one": "{n} ден",
    "factor": "{n} пъти",
    "factor:one": "{n} път",
    "thousands": "\u00a0",
    "decimal": ",",
}  # fmt: skip

PHRASES: Mapping[str, Phrases] = {"en": _EN, "vi": _VI, "lv": _LV, "bg": _BG}


def _one_en(number: str) -> bool:
    return number == "1"


def _whole_one(digits: str) -> bool:
    """1, 21, 31, 101... but not 11, 111: the numbers whose last word is "one"."""
    value = int(digits) if digits.isdigit() else 0
    return value % 10 == 1 and value % 100 != 11


def _one_lv(number: str) -> bool:
    """A decimal agrees with its last digits: 1,1 dienas, 1,5 dienu (``number`` as written)."""
    whole, _, fraction = number.partition(",")
    return _whole_one(fraction or whole.replace("\u00a0", ""))


def _one_bg(number: str) -> bool:
    """A decimal takes the plural (1,5 дни), a whole number by its last word (21 ден)."""
    return "," not in number and _whole_one(number.replace("\u00a0", ""))


_SINGULAR: Mapping[str, Callable[[str], bool]] = {"lv": _one_lv, "bg": _one_bg}


def _phrase(table: Phrases, key: str) -> str | None:
    return table.get(key) or _EN.get(key)


def _number(value: Value, spec: str, table: Phrases) -> str:
    """``value`` by the English ``spec``, then with the language's separators."""
    text = format(value, spec)
    if spec == "s":
        return text
    thousands, decimal = _phrase(table, "thousands") or ",", _phrase(table, "decimal") or "."
    return text.translate({ord(","): "\x00", ord("."): decimal}).replace("\x00", thousands)


def _field(name: str, value: Value, table: Phrases, language: str) -> str:
    number = _number(value, _FORMATS.get(name, "s" if isinstance(value, str) else "g"), table)
    noun = _NOUN_OF.get(name, name)
    counted = None
    if _SINGULAR.get(language, _one_en)(number):
        counted = table.get(noun + ":one")
    counted = counted or _phrase(table, noun)
    return counted.format(n=number) if counted else number


def _fill(code: str, values: Mapping[str, Value], table: Phrases, language: str) -> str:
    fields = {name: _field(name, value, table, language) for name, value in values.items()}
    template = _phrase(table, code) or ""
    text = template.format(**fields)
    if code == "cycle" and int(values.get("cycles", 1)) > 1:
        text += (_phrase(table, "cycle:overlapping") or "").format(**fields)
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
    language = language if language in PHRASES else "en"
    for lang in dict.fromkeys((language, "en")):
        try:
            return _fill(code, values, PHRASES[lang], lang)
        except (KeyError, IndexError, ValueError):
            continue
    return code


def explain(finding: Finding, language: str = "en") -> str:
    """The finding's reason in ``language`` (its English ``reason`` if it has no known code)."""
    if finding.code not in CODES:
        return finding.reason
    return render(finding.code, finding.values, language)
