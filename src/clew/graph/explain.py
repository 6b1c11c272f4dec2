"""A key player's reasons in plain words, in each interface language (en, vi, lv, bg).

``explain(reasons, language)`` renders the ``Reason``s of a ``ranking.Rank`` as one line, e.g.::

    brokers between 3 groups; in the top 2% by betweenness; 2 watchlist alerts;
    handled 1,200,000 in payments

"Top N%" is 100 minus the percentile, at least 1. Amounts are whole numbers grouped the way the
language writes them (1,200,000 / 1.200.000 / 1 200 000). Counts take the singular or plural
form by the language's rule (Latvian: 1, 21, 31... are singular). A role is shown as the file
has it, lower-cased. The phrases live here, one table per language, as in
``clew.screening.explain``; a missing phrase falls back to English, an unknown language is
English, an unknown reason code is shown as its code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from clew.graph.ranking import Reason

__all__ = ["LANGUAGES", "PHRASES", "explain", "explain_reasons"]

LANGUAGES = ("en", "vi", "lv", "bg")

Phrases = Mapping[str, str]

_EN: Phrases = {
    "broker": "brokers between {communities} groups",
    "top_betweenness": "in the top {top}% by betweenness",
    "top_pagerank": "in the top {top}% by PageRank",
    "many_contacts": "{contacts} direct contacts",
    "core": "in the network's densest core (k = {coreness})",
    "role": "role on file: {role}",
    "alerts:one": "{count} watchlist alert",
    "alerts": "{count} watchlist alerts",
    "money": "handled {amount} in payments",
    "thousands": ",",
}

_VI: Phrases = {
    "broker": "môi giới giữa {communities} nhóm",
    "top_betweenness": "thuộc {top}% cao nhất theo độ trung gian",
    "top_pagerank": "thuộc {top}% cao nhất theo PageRank",
    "many_contacts": "{contacts} liên hệ trực tiếp",
    "core": "ở lõi dày đặc nhất của mạng lưới (k = {coreness})",
    "role": "vai trò trong hồ sơ: {role}",
    "alerts:one": "{count} cảnh báo trong danh sách theo dõi",
    "alerts": "{count} cảnh báo trong danh sách theo dõi",
    "money": "đã giao dịch {amount} qua các khoản thanh toán",
    "thousands": ".",
}

_LV: Phrases = {
    "broker": "starpnieks starp {communities} grupām",
    "top_betweenness": "starp {top}% augstākajiem pēc starpniecības centralitātes",
    "top_pagerank": "starp {top}% augstākajiem pēc PageRank",
    "many_contacts": "{contacts} tiešie kontakti",
    "core": "tīkla blīvākajā kodolā (k = {coreness})",
    "role": "loma lietā: {role}",
    "alerts:one": "{count} brīdinājums uzraudzības sarakstos",
    "alerts": "{count} brīdinājumi uzraudzības sarakstos",
    "money": "maksājumos apgrozījis {amount}",
    "thousands": "\u00a0",
}

_BG: Phrases = {
    "broker": "посредник между {communities} групи",
    "top_betweenness": "сред първите {top}% по междинност",
    "top_pagerank": "сред първите {top}% по PageRank",
    "many_contacts": "{contacts} преки контакта",
    "core": "в най-плътното ядро на мрежата (k = {coreness})",
    "role": "роля в досието: {role}",
    "alerts:one": "{count} сигнал в списъците за издирване",
    "alerts": "{count} сигнала в списъците за издирване",
    "money": "движил {amount} в плащания",
    "thousands": "\u00a0",
}

PHRASES: Mapping[str, Phrases] = {"en": _EN, "vi": _VI, "lv": _LV, "bg": _BG}


def _one_en(count: int) -> bool:
    return count == 1


def _one_lv(count: int) -> bool:
    return count % 10 == 1 and count % 100 != 11


_SINGULAR: Mapping[str, Callable[[int], bool]] = {"lv": _one_lv}


def _phrase(table: Phrases, key: str) -> str:
    return table.get(key) or _EN.get(key) or key


def _grouped(amount: float, separator: str) -> str:
    return f"{round(amount):,}".replace(",", separator)


def _render(reason: Reason, table: Phrases, language: str) -> str:
    code, values = reason
    if code not in _EN:
        return code
    fields: dict[str, object] = dict(values)
    if code == "alerts":
        count = int(values.get("count", 0))
        if _SINGULAR.get(language, _one_en)(count):
            code = "alerts:one"
    if code in ("top_betweenness", "top_pagerank"):
        fields["top"] = max(1, 100 - int(values.get("percentile", 0)))
    if code == "money":
        fields["amount"] = _grouped(float(values.get("amount", 0)), _phrase(table, "thousands"))
    try:
        return _phrase(table, code).format(**fields)
    except (KeyError, IndexError):
        return code


def explain_reasons(reasons: Iterable[Reason], language: str = "en") -> list[str]:
    """One phrase per reason, in ``language``."""
    table = PHRASES.get(language, _EN)
    language = language if language in PHRASES else "en"
    return [_render(Reason(*reason), table, language) for reason in reasons]


def explain(reasons: Iterable[Reason], language: str = "en") -> str:
    """All reasons, ``; ``-separated, in ``language``."""
    return "; ".join(explain_reasons(reasons, language))
