"""The interface catalogues are complete, well-formed and actually used.

Messages are extracted from the sources exactly as ``scripts/catalogues.py`` does; when a test
here fails after a template or a Python string changed, run that script, then translate what it
lists as untranslated.
"""

from __future__ import annotations

import importlib.util
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.catalog import Catalog, Message

from clew import i18n

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = list(i18n.LANGUAGES)
RERUN = "run .venv/bin/python scripts/catalogues.py and translate what it lists"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "clew_catalogues", ROOT / "scripts" / "catalogues.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


script = _load_script()


@pytest.fixture(scope="module")
def template() -> Catalog:
    extracted: Catalog = script.extract()
    return extracted


@pytest.fixture(scope="module")
def catalogues() -> dict[str, Catalog]:
    loaded = {}
    for language in LANGUAGES:
        catalogue = script.read_catalogue(language)
        assert catalogue is not None, (
            f"{language}: no catalogue at {script.catalogue_path(language)}"
        )
        loaded[language] = catalogue
    return loaded


def _messages(catalogue: Catalog) -> Iterator[Message]:
    return (message for message in catalogue if message.id)


def _name(message: Message) -> str:
    return repr(message.id if isinstance(message.id, str) else message.id[0])


def test_script_languages_are_the_interface_languages() -> None:
    assert list(script.LANGUAGES) == LANGUAGES


def test_sources_have_messages(template: Catalog) -> None:
    ids = {message.id for message in _messages(template)}
    assert "Sign in" in ids  # a template
    assert "Invalid username or password." in ids  # i18n.gettext(...) in auth_pages.py
    assert "National central bureau" in ids  # _(...) in labels.py
    assert ("%(num)d user", "%(num)d users") in ids  # ngettext(...) in a template


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(
    language: str, template: Catalog, catalogues: dict[str, Catalog]
) -> None:
    catalogue = catalogues[language]
    problems = []
    for message in _messages(template):
        entry = catalogue.get(message.id, message.context)
        if entry is None:
            problems.append(f"{language}: {_name(message)} is missing")
        elif entry.pluralizable != message.pluralizable:
            problems.append(f"{language}: {_name(message)} changed between singular and plural")
        elif entry.fuzzy:
            problems.append(f"{language}: {_name(message)} is fuzzy")
        elif not all(script.strings(entry, catalogue)):
            problems.append(f"{language}: {_name(message)} has an empty translation")
    assert not catalogue.fuzzy, f"{language}: the catalogue header is marked fuzzy"
    assert not problems, f"{RERUN}:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_stale_messages(
    language: str, template: Catalog, catalogues: dict[str, Catalog]
) -> None:
    current = {message.id for message in _messages(template)}
    stale = [_name(m) for m in _messages(catalogues[language]) if m.id not in current]
    assert not stale, f"{RERUN}; {language} has messages no longer in the sources: {stale}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_forms_match_the_language(language: str, catalogues: dict[str, Catalog]) -> None:
    catalogue = catalogues[language]
    assert catalogue.plural_forms == Catalog(locale=language).plural_forms


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders(language: str, catalogues: dict[str, Catalog]) -> None:
    catalogue = catalogues[language]
    problems = []
    for message in _messages(catalogue):
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        expected = script.placeholders(ids[-1])
        for form in script.strings(message, catalogue):
            if not form:
                continue  # reported by test_every_message_is_translated
            if script.placeholders(form) != expected:
                problems.append(
                    f"{language}: {_name(message)} -> {form!r} has placeholders "
                    f"{script.placeholders(form)}, expected {expected}"
                )
                continue
            # Jinja's newstyle gettext always applies %, so a stray % would break the page.
            named = {p[2 : p.index(")")]: p[-1] for p in expected if p.startswith("%(")}
            values: object = {key: 1 if conv in "di" else "x" for key, conv in named.items()}
            if len(named) < len(expected):  # positional placeholders such as %d
                values = tuple(1 if p[-1] in "di" else "x" for p in expected)
            try:
                form % values
            except (KeyError, TypeError, ValueError) as exc:
                problems.append(f"{language}: {_name(message)} -> {form!r} fails to format: {exc}")
            if unicodedata.normalize("NFC", form) != form:
                problems.append(f"{language}: {_name(message)} -> {form!r} is not NFC-normalised")
    assert not problems, "\n".join(problems)


def test_plural_placeholders_agree(template: Catalog) -> None:
    for message in _messages(template):
        if isinstance(message.id, tuple):
            singular, plural = message.id
            assert script.placeholders(singular) == script.placeholders(plural), _name(message)


def test_english_is_the_source(catalogues: dict[str, Catalog]) -> None:
    catalogue = catalogues["en"]
    for message in _messages(catalogue):
        expected = list(message.id) if message.pluralizable else [message.id]
        assert script.strings(message, catalogue) == expected, _name(message)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_loads_and_translates(language: str, catalogues: dict[str, Catalog]) -> None:
    sign_in = catalogues[language].get("Sign in")
    assert sign_in is not None
    expected = sign_in.string
    if language != "en":
        assert expected != "Sign in"
    assert i18n.translations(language).ugettext("Sign in") == expected
    assert i18n.translations(language).ugettext("Clew") == "Clew"
    try:
        i18n.set_language(language)
        assert i18n.current() == language
        assert i18n.gettext("Sign in") == expected
        plural = catalogues[language].get(("%(num)d user", "%(num)d users"))
        assert plural is not None and isinstance(plural.string, tuple)
        for number in (0, 1, 5, 21):
            form = i18n.translations(language).plural(number)
            got = i18n.ngettext("%(num)d user", "%(num)d users", number)
            assert got == plural.string[form], (language, number)
    finally:
        i18n.set_language(i18n.DEFAULT)
