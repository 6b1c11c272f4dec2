"""Interface languages: English, Vietnamese, Latvian and Bulgarian.

Catalogues are Babel ``.po`` files under ``locale/<lang>/LC_MESSAGES/messages.po``, compiled
in memory on first use, so there is no generated ``.mo`` file to forget. The current language
is a context variable set per request by the web shell.

Every text a person reads goes through these catalogues, the explanations of checks, matches,
key players and money findings too: their code renders a reason (a code and its values) with
``gettext``, ``pgettext`` where one English word reads two ways, and ``ngettext`` for a counted
noun, with numbers written by :mod:`clew.i18n.numbers`.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

__all__ = [
    "DEFAULT",
    "LANGUAGES",
    "LOCALE_DIR",
    "current",
    "gettext",
    "negotiate",
    "ngettext",
    "npgettext",
    "pgettext",
    "set_language",
    "speaking",
    "translations",
]

LOCALE_DIR = Path(__file__).with_name("locale")
DEFAULT = "en"
#: Each language named in itself, as the switcher shows it.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "vi": "Tiếng Việt",
    "lv": "Latviešu",
    "bg": "Български",
}

_current: ContextVar[str] = ContextVar("clew_language", default=DEFAULT)


@lru_cache(maxsize=len(LANGUAGES))
def translations(language: str) -> Translations:
    path = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    if language not in LANGUAGES or not path.exists():
        return Translations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def set_language(language: str) -> None:
    _current.set(language if language in LANGUAGES else DEFAULT)


def current() -> str:
    return _current.get()


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Speak ``language`` inside the block (a report rendered for its reader), then as before."""
    before = current()
    set_language(language)
    try:
        yield
    finally:
        set_language(before)


def gettext(message: str) -> str:
    return translations(_current.get()).ugettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ungettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, where ``context`` tells an ambiguous word apart
    (``pgettext("date of birth", "different")`` is feminine in Bulgarian)."""
    return translations(_current.get()).upgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).unpgettext(context, singular, plural, n)


def negotiate(*candidates: str | None, accept_language: str | None = None) -> str:
    """The first supported language among explicit choices, then the browser's preferences."""
    for candidate in candidates:
        if candidate in LANGUAGES:
            return candidate
    for part in (accept_language or "").split(",")[:20]:
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT
