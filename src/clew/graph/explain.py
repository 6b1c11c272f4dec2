"""A key player's reasons in plain words, in each interface language (en, vi, lv, bg).

``explain(reasons, language)`` renders the ``Reason``s of a ``ranking.Rank`` as one line, e.g.::

    brokers between 3 groups; in the top 2% by betweenness; 2 watchlist alerts;
    handled 1,200,000 in payments

"Top N%" is 100 minus the percentile, at least 1. Amounts are whole numbers grouped the way the
language writes them (1,200,000 / 1.200.000 / 1 200 000). Counts take the singular or plural
form by the language's rule (Latvian and Bulgarian: 1, 21, 31... are singular, see
``clew.i18n.numbers``). A role is shown as the file has it, lower-cased. The phrases are
messages of the interface catalogues (``clew.i18n``), as every explanation's are; a missing
translation is English, an unknown language is English, an unknown reason code is shown as its
code.
"""

from __future__ import annotations

from collections.abc import Iterable

from clew.graph.ranking import Reason
from clew.i18n import gettext as _
from clew.i18n import ngettext, speaking
from clew.i18n.numbers import agreement, written

__all__ = ["LANGUAGES", "explain", "explain_reasons"]

LANGUAGES = ("en", "vi", "lv", "bg")

CODES = (
    "broker", "top_betweenness", "top_pagerank", "many_contacts", "core", "role", "alerts",
    "money",
)  # fmt: skip
"""The reason codes that have words; any other code is shown as it is."""


def _render(reason: Reason) -> str:
    code, values = reason
    if code not in CODES:
        return code
    fields: dict[str, object] = dict(values)
    if code in ("top_betweenness", "top_pagerank"):
        fields["top"] = max(1, 100 - int(values.get("percentile", 0)))
    if code == "money":
        fields["amount"] = written(round(float(values.get("amount", 0))), ",d")
    if code == "alerts":
        count = int(values.get("count", 0))
        return ngettext("%(count)s watchlist alert", "%(count)s watchlist alerts",
                        agreement(str(count))) % {"count": count}  # fmt: skip
    phrases = {
        "broker": _("brokers between %(communities)s groups"),
        "top_betweenness": _("in the top %(top)s%% by betweenness"),
        "top_pagerank": _("in the top %(top)s%% by PageRank"),
        "many_contacts": _("%(contacts)s direct contacts"),
        "core": _("in the network's densest core (k = %(coreness)s)"),
        "role": _("role on file: %(role)s"),
        "money": _("handled %(amount)s in payments"),
    }
    try:
        return phrases[code] % fields
    except (KeyError, IndexError, TypeError, ValueError):
        return code


def explain_reasons(reasons: Iterable[Reason], language: str = "en") -> list[str]:
    """One phrase per reason, in ``language``."""
    with speaking(language):
        return [_render(Reason(*reason)) for reason in reasons]


def explain(reasons: Iterable[Reason], language: str = "en") -> str:
    """All reasons, ``; ``-separated, in ``language``."""
    return "; ".join(explain_reasons(reasons, language))
