"""One key for the national romanisations of a Cyrillic name, so that retrieval meets them all.

``Шевченко`` reaches a watchlist as ``SHEVCHENKO`` (ICAO, English), ``Schewtschenko`` (German),
``Szewczenko`` (Polish), ``Ševčenko`` (Czech, Slovak, Latvian, scholarly) and ``Chevtchenko``
(French): several letters apart, beyond the index's one-edit tolerance. ``sound_key`` folds
each of them to one key, on both sides:

1. the part's Latin forms (``romanise.romanisations``: a Cyrillic part's ICAO, national,
   German and French forms; a Latin part's plain form and its English reading of háčeks,
   so ``Ševčenko`` also reads ``shevchenko``);
2. each form's skeleton (``variants.skeleton``), which already writes the German, Polish and
   French letter groups the English way (``schtsch szcz chtch`` ``shch``; ``tsch tch cz``
   ``ch``; ``sch sz`` ``sh``; ``w`` ``v``; ``ou`` ``u``; ``ya ja ia`` ``ia``; ``kh`` ``h``);
3. then the hushing sounds as one class, ``S``: ``sh``, ``ch`` and ``zh``. French writes ``Ш``
   as ``ch``, English writes ``Ч`` so, German ``Ж`` as ``sch``: only one class for the three
   makes every national form meet; ``ts``/``tz`` (``Ц``) become ``C``.

So all five spellings above give ``SevSenko``. The key is a retrieval key, never compared
for a score: ``compare`` judges the names found. The upper-case class letters keep the keys
apart from the plain folded words the index also holds.

Edge cases: ``""`` gives ``""``; a form with none of these groups keys as its skeleton;
``sound_key(sound_key(x).lower())`` is not promised (the key is not a spelling).
"""

from __future__ import annotations

import re
from functools import lru_cache

from clew.names.romanise import romanisations
from clew.names.variants import skeleton

__all__ = ["sound_key", "sound_keys"]

_CLASSES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile("sh|ch|zh"), "S"),
    (re.compile("ts|tz"), "C"),
    (re.compile(r"([A-Za-z])\1+"), r"\1"),
)


@lru_cache(maxsize=400_000)
def sound_key(form: str) -> str:
    """The retrieval key of one lower-case ``a-z`` spelling (see the module docstring)."""
    value = skeleton(form)
    for pattern, replacement in _CLASSES:
        value = pattern.sub(replacement, value)
    return value


@lru_cache(maxsize=200_000)
def sound_keys(text: str) -> frozenset[str]:
    """The keys of every Latin form of one name part as written (any script)."""
    return frozenset(key for key in map(sound_key, romanisations(text)) if key)
