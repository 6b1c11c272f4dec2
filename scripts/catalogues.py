"""Re-extract the interface messages and bring every language's catalogue up to date.

Run from anywhere as ``.venv/bin/python scripts/catalogues.py``. It reads ``babel.cfg`` at the
repository root, extracts the messages of the Python sources and Jinja2 templates into an
in-memory template (no ``.pot`` file is kept), then updates
``src/clew/i18n/locale/<lang>/LC_MESSAGES/messages.po`` for every interface language:

* translations that still match a message are kept;
* new messages are added with an empty translation (never a fuzzy guess);
* messages no longer in the sources are dropped;
* English is the source language, so its translation is always the message itself.

It then lists, per language, the messages that still need a translation. With ``--check`` it
writes nothing and exits with status 1 when a catalogue is out of date or incomplete.
"""

from __future__ import annotations

import argparse
import copy
import io
import os
import re
import sys
import tomllib
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
MAPPING = ROOT / "babel.cfg"
LOCALE_DIR = ROOT / "src" / "clew" / "i18n" / "locale"
#: The interface languages, as in ``clew.i18n.LANGUAGES``; English is the source language.
LANGUAGES = ("en", "vi", "lv", "bg")
SOURCE_LANGUAGE = "en"
#: ``_`` and ``gettext`` (including attribute calls such as ``i18n.gettext(...)``), ``ngettext``...
KEYWORDS = DEFAULT_KEYWORDS
COMMENT_TAGS = ("TRANSLATORS:",)
PROJECT = "Clew"
HEADER_COMMENT = (
    "# {language} interface messages for Clew.\n"
    "# This file is distributed under the same license as Clew (GPL-3.0-or-later).\n"
    "# Update it with: .venv/bin/python scripts/catalogues.py"
)
WIDTH = 100
#: A %-placeholder as Python's ``%`` operator reads it: ``%(name)s``, ``%d``, ``%%``...
PLACEHOLDER = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conv>[a-zA-Z%])"
)


def catalogue_path(language: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / language / "LC_MESSAGES" / "messages.po"


def _version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


def _directory_filter(root: Path, patterns: Iterable[str]) -> Callable[[str], bool]:
    """Only walk the directories that a mapping pattern can match (not node_modules, .venv...)."""
    fixed = []
    for pattern in patterns:
        literal = re.split(r"[*?\[]", pattern, maxsplit=1)[0]
        fixed.append(literal.rsplit("/", 1)[0] + "/" if "/" in literal else "")

    def allowed(dirpath: str) -> bool:
        name = os.path.basename(dirpath)
        if name.startswith((".", "_")):
            return False
        relative = Path(dirpath).relative_to(root).as_posix() + "/"
        return any(relative.startswith(p) or p.startswith(relative) for p in fixed)

    return allowed


def extract(root: Path = ROOT, mapping: Path = MAPPING) -> Catalog:
    """All messages of the sources named in ``babel.cfg``, as a template catalogue."""
    with mapping.open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle, filename=str(mapping))  # type: ignore[no-untyped-call]
    template = Catalog(project=PROJECT, version=_version(), msgid_bugs_address="", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        root,
        method_map,
        options_map,
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
        directory_filter=_directory_filter(root, (pattern for pattern, _ in method_map)),
    ):
        path = Path(filename).as_posix()
        template.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    return template


def read_catalogue(language: str, locale_dir: Path = LOCALE_DIR) -> Catalog | None:
    path = catalogue_path(language, locale_dir)
    if not path.exists():
        return None
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def strings(message: Message, catalogue: Catalog) -> list[str]:
    """The translation's forms, one per plural form of the catalogue's language."""
    if not message.pluralizable:
        return [message.string if isinstance(message.string, str) else ""]
    given = list(message.string) if isinstance(message.string, (list, tuple)) else []
    return [(given[i] if i < len(given) else "") or "" for i in range(catalogue.num_plurals)]


def untranslated(catalogue: Catalog) -> list[str]:
    """The messages that still need work: an empty form, or a fuzzy flag."""
    return [
        message.id if isinstance(message.id, str) else message.id[0]
        for message in catalogue
        if message.id and (message.fuzzy or not all(strings(message, catalogue)))
    ]


def placeholders(text: str) -> list[str]:
    """The %-placeholders of a message, sorted; ``%%`` is a literal per cent sign, not one."""
    found = []
    for match in PLACEHOLDER.finditer(text):
        if match.group("conv") == "%":
            continue
        key = match.group("key")
        found.append(f"%({key}){match.group('conv')}" if key is not None else match.group(0))
    return sorted(found)


def updated(template: Catalog, language: str, existing: Catalog | None) -> Catalog:
    """``existing`` brought up to date with ``template`` (which is left untouched)."""
    # Catalog.update adds the template's own Message objects: copy, so languages share none.
    template = copy.deepcopy(template)
    if existing is None:
        catalogue = Catalog(locale=language, project=PROJECT, version=_version(), fuzzy=False)
        catalogue.creation_date = template.creation_date
    else:
        catalogue = existing
    # Exact matches only: a guessed (fuzzy) translation would be shown to nobody and mislead.
    catalogue.update(template, no_fuzzy_matching=True, update_creation_date=False)
    catalogue.obsolete.clear()
    catalogue.project, catalogue.version = PROJECT, _version()
    catalogue.msgid_bugs_address = ""
    catalogue.fuzzy = False
    catalogue.header_comment = HEADER_COMMENT.format(language=catalogue.locale.english_name)
    catalogue.last_translator = "Clew maintainers"
    catalogue.language_team = f"{catalogue.locale.english_name} (Clew)"
    if language == SOURCE_LANGUAGE:
        for message in catalogue:
            if not message.id:
                continue
            message.string = tuple(message.id) if message.pluralizable else message.id
            message.flags.discard("fuzzy")
    return catalogue


def render(catalogue: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=WIDTH, include_lineno=False, ignore_obsolete=True)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if a catalogue is out of date or has untranslated messages",
    )
    args = parser.parse_args(argv)

    template = extract()
    count = sum(1 for message in template if message.id)
    print(f"{count} messages extracted from the sources in {MAPPING.name}")
    problems = 0
    for language in LANGUAGES:
        path = catalogue_path(language)
        old = path.read_bytes() if path.exists() else None
        catalogue = updated(template, language, read_catalogue(language))
        new = render(catalogue)
        if new != old:
            catalogue.revision_date = datetime.now(UTC)
            new = render(catalogue)
        missing = untranslated(catalogue)
        state = "unchanged" if new == old else ("out of date" if args.check else "updated")
        if new != old and not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(new)
        if new != old and args.check:
            problems += 1
        print(f"{language}: {path.relative_to(ROOT)} {state}, {len(missing)} untranslated")
        for msgid in missing:
            print(f"  {language} untranslated: {msgid!r}")
        problems += bool(missing)
    return 1 if args.check and problems else 0


if __name__ == "__main__":
    sys.exit(main())
