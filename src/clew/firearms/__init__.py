"""Firearms: what Clew knows about weapons beyond the watchlist record itself.

The package owns the firearms reference table (makes with their marking codes, models,
UNODC types and SAAMI/C.I.P. calibres with their aliases: ``calibres``, ``makes``,
``reference``), the markings and NCIC-like transactions of firearm records, trace requests
between countries (``traces*``) and a weapon's history to its point of diversion
(``history``, ``indicators``).
"""

from clew.firearms.calibres import calibre_key
from clew.firearms.makes import make_key

__all__ = ["calibre_key", "make_key"]
