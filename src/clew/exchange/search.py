"""Full-text search over the messages a user may see: subject and body, in any language, ranked,
each hit with a short snippet of the body around the match.

- The index is the database's own (migration 0015): SQLite's FTS5 (``bm25`` ranking), or
  PostgreSQL's text search on a GIN index (``ts_rank``), both without stemming (messages are in
  many languages) and blind to case and diacritics: *Hải Phòng*, *hai phong* and *HAI PHONG*
  find each other, as do *Đà Nẵng* and *da nang*, *Rīga* and *riga*, *София* and *софия*.
- The user's text is never query syntax: it is cut into words (letters and digits), each word
  asked for as a literal, all of them required; the last one, when it has three letters or
  more, may be the start of a word (so *Nguy* finds *Nguyễn*; *Ng* is only the word *ng*).
  Quotes, ``*``, ``NEAR(``, ``OR``, ``-`` are just characters. A query without a single letter
  or digit is a field error.
- Only messages the actor sees (:func:`clew.exchange.access.message_visible`) are found or
  counted. Filters: the case, the author's country, handling code, kind, unread (by the actor's
  agency), overdue (a request whose deadline has passed unanswered, on either side), and a period.
- Bounded work however common the words: the newest :data:`TOTAL_CAP` matches the actor sees
  are found, counted (a total above :data:`TOTAL_CAP` reads "more than 100") and ranked;
  only the page shown is read and cut into snippets. PostgreSQL keeps each message's vector
  stored (migration 0019), so ranking reads it rather than folding the text again.
- Every search is audited with its text and the ids found: the audit is where what was searched
  is kept; it never reaches an application log.

Snippets are plain text with :data:`MARK_START` / :data:`MARK_END` around the matched words
(private-use characters, removed from the text first): escape the snippet for HTML, then replace
the marks (:func:`marked_html`).
"""

from __future__ import annotations

import html
import itertools
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import (
    ColumnElement,
    Select,
    column,
    exists,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
    true,
    union,
)
from sqlalchemy.orm import Session, aliased

from clew.access import audit
from clew.access.actor import Actor
from clew.access.models import Agency
from clew.errors import ValidationError
from clew.exchange.access import message_visible, reader
from clew.exchange.kinds import OPEN_STATUSES, HandlingCode, MessageKind
from clew.exchange.models import Case, InfoRequest, Message, MessageRecipient, RequestRecipient
from clew.storage import utcnow

__all__ = [
    "MARK_END",
    "MARK_START",
    "SearchFilter",
    "SearchHit",
    "fold",
    "marked_html",
    "query_words",
    "search",
    "snippet",
]

MARK_START = "\ue000"
MARK_END = "\ue001"
SNIPPET_WORDS = 24
MAX_WORDS = 12  # words of a query used; the rest are ignored
PREFIX_MIN = 3  # letters the last word needs to be asked for as the start of a word
PROBE = 1500  # newest messages written and held that PostgreSQL checks first (common words)
TOTAL_CAP = 100  # matches counted and ranked at most (the newest): "more than 100"

_WORD = re.compile(r"[^\W_]+")

# --- folding (mirrors clew_fold of migration 0015; a PostgreSQL test keeps them equal) --------

_SPECIAL = {"đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "ħ": "h", "Ħ": "h",
            "ŧ": "t", "Ŧ": "t", "ı": "i", "ƀ": "b"}  # fmt: skip
_LATIN = ((0x00C0, 0x024F), (0x1E00, 0x1EFF))
_MARKS = (0x0300, 0x036F)


def _fold_char(char: str) -> str:
    code = ord(char)
    if _MARKS[0] <= code <= _MARKS[1]:
        return ""
    if char in _SPECIAL:
        return _SPECIAL[char]
    if any(start <= code <= end for start, end in _LATIN):
        base = "".join(
            c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
        ).lower()
        if len(base) == 1 and base.isascii():
            return base
    lower = char.lower()
    return lower if len(lower) == 1 else char


def fold(value: str) -> str:
    """Lower-case ``value`` and strip the diacritics of Latin letters (*Đà Nẵng* ->
    *da nang*); other scripts are lower-cased only (*й* stays *й*). Folding twice is folding
    once; an empty string stays empty."""
    return "".join(_fold_char(c) for c in value)


def query_words(q: str) -> list[str]:
    """The words (letters and digits) of the user's text, as typed, at most :data:`MAX_WORDS`."""
    return _WORD.findall(unicodedata.normalize("NFC", q))[:MAX_WORDS]


# --- the query, per backend ------------------------------------------------------------------


def _prefixed(words: list[str]) -> bool:
    """Whether the last word is asked for as the start of a word: only when it has at least
    :data:`PREFIX_MIN` letters (*Ng* would ask for a large part of the index)."""
    return len(words[-1]) >= PREFIX_MIN


def _fts5_query(words: list[str]) -> str:
    """An FTS5 query asking for each word literally (all required, the last as a prefix when
    it is long enough).

    FTS5's tokenizer folds case and diacritics itself, except letters with no decomposition:
    a word with *d* or *đ* asks for both spellings (Vietnamese *Đà* is typed *Da*)."""
    terms = []
    prefix = _prefixed(words)
    for position, word in enumerate(words):
        star = "*" if prefix and position == len(words) - 1 else ""
        plain = word.replace("đ", "d").replace("Đ", "d")
        spots = [i for i, c in enumerate(plain) if c in "dD"]
        variants = [plain]
        if 0 < len(spots) <= 3:
            variants = []
            for choice in itertools.product((False, True), repeat=len(spots)):
                chars = list(plain)
                for spot, stroke in zip(spots, choice, strict=True):
                    chars[spot] = "đ" if stroke else "d"
                variants.append("".join(chars))
        quoted = [f'"{v}"{star}' for v in variants]  # words hold no quote: never syntax
        terms.append(quoted[0] if len(quoted) == 1 else f"({' OR '.join(quoted)})")
    return " AND ".join(terms)


def _tsquery(words: list[str]) -> str:
    """A ``to_tsquery`` text: each folded word a quoted literal, all required, the last a
    prefix when it is long enough."""
    quoted = [f"'{fold(w)}'" for w in words]
    if _prefixed(words):
        quoted[-1] += ":*"
    return " & ".join(quoted)


_FTS = table("exchange_messages_fts", column("rowid"))
_PG_VECTOR: ColumnElement[Any] = literal_column("exchange_messages.search_vector")
# the stored generated column of migration 0019, under the GIN index


def _candidates(
    session: Session, actor: Actor, words: list[str], conditions: list[ColumnElement[bool]],
    joins: tuple[Any, ...],
) -> list[tuple[int, float]]:  # fmt: skip
    """``(message id, score)`` of the newest :data:`TOTAL_CAP` + 1 messages the actor sees
    that match every word and the filter; a lower score is a better hit.

    SQLite walks the FTS5 index newest first (its rowid is the message's id) and checks each
    match's visibility until enough are found. PostgreSQL first checks the stored vectors of
    the agency's newest :data:`PROBE` messages written and held (enough for common words);
    when they hold fewer matches, it asks the GIN index (or walks, as the planner picks)
    separately for the messages the agency wrote and those it holds, each bounded."""
    cap = TOTAL_CAP + 1

    def joined(stmt: Select[*tuple[Any, ...]]) -> Select[*tuple[Any, ...]]:
        for target, on in joins:
            stmt = stmt.join(target, on)
        return stmt.where(*conditions)

    if session.get_bind().dialect.name != "postgresql":
        match = text("exchange_messages_fts MATCH :fts_query").bindparams(
            fts_query=_fts5_query(words)
        )
        # subject words weigh twice a body word's; bm25 is lower for a better hit
        bm25 = func.bm25(literal_column("exchange_messages_fts"), 2.0, 1.0)
        stmt = joined(
            select(Message.id, bm25)
            .select_from(_FTS)
            .join(Message, Message.id == _FTS.c.rowid)
            .where(match, message_visible(actor))
        )
        found = session.execute(stmt.order_by(_FTS.c.rowid.desc()).limit(cap)).all()
        return [(i, float(r)) for i, r in found]

    query = func.to_tsquery(literal_column("'simple'::regconfig"), _tsquery(words))
    score = (-func.ts_rank(_PG_VECTOR, query)).label("score")
    matching = _PG_VECTOR.op("@@")(query)
    if actor.agency_id is None:  # the console sees every message
        branches = [joined(select(Message.id, score).where(matching))
                    .order_by(Message.id.desc()).limit(cap)]  # fmt: skip
    else:
        written = (
            joined(select(Message.id, score).where(
                Message.author_agency_id == actor.agency_id, matching))
            .order_by(Message.created_at.desc()).limit(cap)
        )  # fmt: skip
        holder = aliased(MessageRecipient)  # the filters' own EXISTS read the table itself
        held = (
            joined(
                select(Message.id, score)
                .select_from(holder)
                .join(Message, Message.id == holder.message_id)
                .where(holder.agency_id == actor.agency_id, matching)
            )
            .order_by(holder.message_id.desc())
            .limit(cap)
        )
        # common words: found among the agency's newest messages, without asking the index
        # for every match (the planner cannot tell common word pairs from rare ones)
        recent = (
            union(
                select(Message.id.label("id"))
                .where(Message.author_agency_id == actor.agency_id)
                .order_by(Message.created_at.desc()).limit(PROBE).subquery().select(),
                select(holder.message_id.label("id"))
                .where(holder.agency_id == actor.agency_id)
                .order_by(holder.message_id.desc()).limit(PROBE).subquery().select(),
            )
            .cte("recent")
            .prefix_with("MATERIALIZED")
        )  # fmt: skip
        checked = (  # one message at a time, by its id (LIMIT 1 keeps the lateral join)
            joined(select(Message.id, score).where(Message.id == recent.c.id, matching))
            .limit(1)
            .lateral("checked")
        )
        probe = (
            select(checked.c.id, checked.c.score)
            .select_from(recent.join(checked, true()))
            .order_by(recent.c.id.desc())
            .limit(cap)
        )
        found = session.execute(probe).all()
        if len(found) == cap:
            return [(i, float(r)) for i, r in found]
        branches = [written.subquery().select(), held.subquery().select()]
    both = union(*branches).subquery() if len(branches) > 1 else branches[0].subquery()
    stmt = select(both.c.id, both.c.score).order_by(both.c.id.desc()).limit(cap)
    return [(i, float(r)) for i, r in session.execute(stmt).all()]


# --- filters ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SearchFilter:
    """What narrows a search besides its words; ``None``/``False`` means no narrowing.

    ``country`` is the author agency's country; ``unread`` the messages the actor's agency
    holds and has not read; ``overdue`` requests past their deadline without an answer, sent or
    received by the actor's agency; ``since``/``until`` bound the sending time."""

    case: str | None = None
    country: str | None = None
    handling_code: HandlingCode | None = None
    kind: MessageKind | None = None
    unread: bool = False
    overdue: bool = False
    since: datetime | None = None
    until: datetime | None = None

    def query(self) -> dict[str, Any]:
        """The filter as the audit records it (what was set only)."""
        values = {
            "case": self.case, "country": self.country, "handling_code": self.handling_code,
            "kind": self.kind, "unread": self.unread or None, "overdue": self.overdue or None,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
        }  # fmt: skip
        return {k: str(v) if isinstance(v, str) else v for k, v in values.items() if v}

    def conditions(self, actor: Actor) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        if self.case:
            found.append(Case.public_id == self.case)
        if self.country:
            found.append(Agency.country == self.country.strip().upper())
        if self.handling_code:
            found.append(Message.handling_code == str(self.handling_code))
        if self.kind:
            found.append(Message.kind == str(self.kind))
        if self.since:
            found.append(Message.created_at >= self.since)
        if self.until:
            found.append(Message.created_at < self.until)
        if self.unread:
            found.append(
                exists(
                    select(MessageRecipient.id).where(
                        MessageRecipient.message_id == Message.id,
                        MessageRecipient.agency_id == actor.agency_id,
                        MessageRecipient.read_at.is_(None),
                    )
                )
            )
        if self.overdue:
            side = (
                or_(
                    RequestRecipient.agency_id == actor.agency_id,
                    Message.author_agency_id == actor.agency_id,
                )
                if actor.agency_id is not None
                else true()
            )
            found.append(
                exists(
                    select(RequestRecipient.id)
                    .join(InfoRequest, InfoRequest.id == RequestRecipient.request_id)
                    .where(
                        InfoRequest.message_id == Message.id,
                        RequestRecipient.status.in_([str(s) for s in OPEN_STATUSES]),
                        RequestRecipient.due_at < utcnow(),
                        side,
                    )
                )
            )
        return found


# --- results ---------------------------------------------------------------------------------


class SearchHit(BaseModel):
    id: str
    case_id: str
    case_subject: str
    subject: str
    snippet: str
    kind: str
    handling_code: str
    language: str
    author_agency: str
    author_country: str
    created_at: datetime


def snippet(body: str, words: list[str], *, size: int = SNIPPET_WORDS) -> str:
    """About ``size`` words of ``body`` around the first word matching one of ``words`` (the
    last may be a prefix, as in the search), matches between the marks, ``…`` where text was
    cut. The start of the body when nothing in it matches (the subject did)."""
    clean = " ".join(body.replace(MARK_START, "").replace(MARK_END, "").split())
    clean = unicodedata.normalize("NFC", clean)
    tokens = list(_WORD.finditer(clean))
    if not tokens:
        return clean[:200]
    prefix = fold(words[-1]) if words and _prefixed(words) else ""
    exact = {fold(w) for w in (words[:-1] if prefix else words)}

    def hit(token: re.Match[str]) -> bool:
        folded = fold(token.group())
        return folded in exact or (bool(prefix) and folded.startswith(prefix))

    hits = [i for i, t in enumerate(tokens) if hit(t)]
    first = hits[0] if hits else 0
    start = max(0, min(first - size // 3, len(tokens) - size))
    end = min(len(tokens), start + size)
    begin, stop = tokens[start].start() if start else 0, tokens[end - 1].end()
    if end == len(tokens):
        stop = len(clean)
    parts, cursor = [], begin
    for i in (i for i in hits if start <= i < end):
        token = tokens[i]
        parts += [clean[cursor : token.start()], MARK_START, token.group(), MARK_END]
        cursor = token.end()
    parts.append(clean[cursor:stop])
    return ("…" if begin else "") + "".join(parts) + ("…" if stop < len(clean) else "")


def marked_html(value: str) -> str:
    """A snippet as HTML: escaped, the marked words in ``<mark>``."""
    escaped = html.escape(value)
    return escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def search(
    session: Session,
    actor: Actor,
    q: str,
    flt: SearchFilter | None = None,
    *,
    limit: int = 20,
    offset: int = 0,
) -> tuple[list[SearchHit], int]:
    """The messages the actor sees matching every word of ``q`` and the filter, best first, and
    how many there are in all, counted up to :data:`TOTAL_CAP` + 1: a total above
    :data:`TOTAL_CAP` reads "more than 100" (the words are too common to count), and the
    hits are then the best of the newest :data:`TOTAL_CAP` matches (a page beyond those is
    empty)."""
    reader(actor)
    flt = flt or SearchFilter()
    words = query_words(q)
    if not words:
        raise ValidationError.field("q", "Type at least one word or number to search for.")
    conditions = flt.conditions(actor)
    joins: tuple[Any, ...] = ()
    if flt.case:
        joins += ((Case, Case.id == Message.case_id),)
    if flt.country:
        joins += ((Agency, Agency.id == Message.author_agency_id),)
    candidates = _candidates(session, actor, words, conditions, joins)
    # best first, the newer of equal hits first; only the page is read and cut into snippets
    ranked = sorted(candidates[:TOTAL_CAP], key=lambda hit: (hit[1], -hit[0]))
    page = [i for i, _ in ranked[offset : offset + limit]]
    loaded = {
        row[0].id: row
        for row in session.execute(
            select(Message, Case.public_id, Case.subject, Agency.code, Agency.country)
            .join(Case, Case.id == Message.case_id)
            .join(Agency, Agency.id == Message.author_agency_id)
            .where(Message.id.in_(page))
        ).all()
    } if page else {}  # fmt: skip
    rows = [loaded[i] for i in page if i in loaded]
    hits = [
        SearchHit(
            id=m.public_id,
            case_id=case_id,
            case_subject=case_subject,
            subject=m.subject,
            snippet=snippet(m.body, words),
            kind=m.kind,
            handling_code=m.handling_code,
            language=m.language,
            author_agency=code,
            author_country=country,
            created_at=m.created_at,
        )
        for m, case_id, case_subject, code, country in rows
    ]
    audit.record(
        session, actor, "exchange.search", query={"q": q, **flt.query(), "offset": offset},
        result_ids=[h.id for h in hits],
    )  # fmt: skip
    return hits, len(candidates)
