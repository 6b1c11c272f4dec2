"""exchange search

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 08:00:00

Full-text search over the exchange's messages (subject and body), in any language:

- **SQLite**: an FTS5 table ``exchange_messages_fts`` with the messages as its external content
  (no second copy of the text), kept in step by triggers. The ``unicode61`` tokenizer folds case
  in every script and removes diacritics (``remove_diacritics 2``): *Hải Phòng* is found as
  *hai phong*, *Rīga* as *riga*. It keeps letters without a decomposition (Vietnamese *đ*): the
  search asks for both spellings.
- **PostgreSQL**: a GIN index on ``to_tsvector('simple', clew_fold(subject || ' ' || body))``.
  The ``simple`` configuration stems nothing (messages are in many languages). ``clew_fold`` is
  an immutable function of this migration that lower-cases and strips diacritics with
  ``translate`` (independent of the database's locale, which may be ``C`` and then lower-cases
  ASCII only): Latin letters lose their marks (*đ* becomes *d*), Greek and Cyrillic letters are
  lower-cased and keep their letters (*й* stays *й*), lone combining marks are dropped. The
  search folds the query the same way (``clew.exchange.search.fold``).
"""

from __future__ import annotations

import unicodedata

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

_SPECIAL = {"đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "ħ": "h", "Ħ": "h",
            "ŧ": "t", "Ŧ": "t", "ı": "i", "ƀ": "b"}  # fmt: skip
_LATIN = ((0x00C0, 0x024F), (0x1E00, 0x1EFF))
_CASED = ((0x0370, 0x03FF), (0x0400, 0x052F))
_MARKS = (0x0300, 0x036F)


def fold_table() -> tuple[str, str, str]:
    """``(from, to, dropped)`` for ``translate``: one-to-one replacements, then the combining
    marks that are removed. Frozen here, with the Unicode data of the Python that ran it."""
    pairs: dict[str, str] = {}
    for start, end in _LATIN:
        for code in range(start, end + 1):
            char = chr(code)
            if char in _SPECIAL:
                folded = _SPECIAL[char]
            else:
                base = "".join(
                    c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
                ).lower()
                folded = base
            if len(folded) == 1 and folded != char and folded.isascii():
                pairs[char] = folded
            elif len(char.lower()) == 1 and char.lower() != char:
                pairs[char] = char.lower()
    for start, end in _CASED:
        for code in range(start, end + 1):
            char = chr(code)
            lower = char.lower()
            if len(lower) == 1 and lower != char:
                pairs[char] = lower
    dropped = "".join(chr(c) for c in range(_MARKS[0], _MARKS[1] + 1))
    return "".join(pairs), "".join(pairs.values()), dropped


SQLITE_FTS = (
    "CREATE VIRTUAL TABLE exchange_messages_fts USING fts5("
    "subject, body, content='exchange_messages', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER exchange_messages_fts_insert AFTER INSERT ON exchange_messages BEGIN "
    "INSERT INTO exchange_messages_fts(rowid, subject, body) "
    "VALUES (new.id, new.subject, new.body); END",
    "CREATE TRIGGER exchange_messages_fts_delete AFTER DELETE ON exchange_messages BEGIN "
    "INSERT INTO exchange_messages_fts(exchange_messages_fts, rowid, subject, body) "
    "VALUES ('delete', old.id, old.subject, old.body); END",
    "CREATE TRIGGER exchange_messages_fts_update AFTER UPDATE OF subject, body "
    "ON exchange_messages BEGIN "
    "INSERT INTO exchange_messages_fts(exchange_messages_fts, rowid, subject, body) "
    "VALUES ('delete', old.id, old.subject, old.body); "
    "INSERT INTO exchange_messages_fts(rowid, subject, body) "
    "VALUES (new.id, new.subject, new.body); END",
    "INSERT INTO exchange_messages_fts(exchange_messages_fts) VALUES ('rebuild')",
)


def _pg_fold_function() -> str:
    source, target, dropped = fold_table()
    for text in (source, target, dropped):
        assert "'" not in text and ":" not in text and "$" not in text
    return (
        "CREATE FUNCTION clew_fold(value text) RETURNS text "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS "
        f"$fold$ SELECT translate(lower(value), '{source}{dropped}', '{target}') $fold$"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_pg_fold_function())
        op.execute(
            "CREATE INDEX ix_exchange_messages_fts ON exchange_messages USING gin "
            "(to_tsvector('simple'::regconfig, clew_fold(subject || ' ' || body)))"
        )
        return
    for statement in SQLITE_FTS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_exchange_messages_fts")
        op.execute("DROP FUNCTION IF EXISTS clew_fold(text)")
        return
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS exchange_messages_fts_{trigger}")
    op.execute("DROP TABLE IF EXISTS exchange_messages_fts")
