"""Full-text search: found in every language with and without diacritics, only among the messages
the searcher may see, user text never taken as query syntax, filters, and every search audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text, update

from clew.access.models import AuditEntry
from clew.errors import ValidationError
from clew.exchange.kinds import HandlingCode, MessageKind, Urgency
from clew.exchange.models import InfoRequest, Message, MessageRecipient, RequestRecipient
from clew.exchange.search import (
    MARK_END,
    MARK_START,
    SearchFilter,
    fold,
    marked_html,
    search,
    snippet,
)
from clew.storage import Database, utcnow
from tests.exchange.sending import actor, agency_id, open_case, send

Headers = dict[str, str]

VIETNAMESE = "Lô hàng ma túy ở Đà Nẵng, người nhận là Nguyễn Văn Hùng, xe tải biển số 43C."
BULGARIAN = "Нелегален внос на цигари през София, шофьорът е задържан на границата."
LATVIAN = "Rīgas ostā aizturēts kravas auto ar kontrabandas cigaretēm."


@dataclass
class World:
    case: str
    vietnamese: str  # VN-NCB to KH-NCB and BG-NCB
    bulgarian: str  # BG-NCB to RS-NCB
    latvian: str  # RS-NCB to BG-NCB, an H2 request


@pytest.fixture
def world(database: Database, cast: dict[str, Headers]) -> World:
    case = open_case(database, "VN-NCB")
    vietnamese = send(database, "liaison.vn", case, ["KH-NCB", "BG-NCB"], subject="Ma túy",
                      body=VIETNAMESE, language="vi")  # fmt: skip
    bulgarian = send(database, "liaison.bg", case, ["RS-NCB"], subject="Цигари",
                     body=BULGARIAN, language="bg")  # fmt: skip
    latvian = send(database, "liaison.rs", case, ["BG-NCB"], subject="Kontrabanda",
                   body=LATVIAN, language="lv", kind=MessageKind.REQUEST,
                   handling_code=HandlingCode.H2)  # fmt: skip
    return World(case, vietnamese, bulgarian, latvian)


def found(database: Database, username: str, q: str, flt: SearchFilter | None = None) -> list[str]:
    with database.reading() as session:
        hits, total = search(session, actor(database, username), q, flt)
    assert total == len(hits)
    return [h.id for h in hits]


@pytest.mark.parametrize(
    ("username", "q", "which"),
    [
        ("spoc.kh", "Đà Nẵng", "vietnamese"),
        ("spoc.kh", "da nang", "vietnamese"),  # typed without diacritics
        ("spoc.kh", "DA NANG", "vietnamese"),
        ("spoc.kh", "nguoi nhan", "vietnamese"),
        ("spoc.kh", "Nguy", "vietnamese"),  # the start of a word
        ("spoc.kh", "ma tuy", "vietnamese"),  # the subject
        ("liaison.rs", "софия", "bulgarian"),
        ("liaison.rs", "СОФИЯ цигари", "bulgarian"),
        ("liaison.bg", "Rīgas ostā", "latvian"),
        ("liaison.bg", "rigas osta aizturets", "latvian"),
        ("liaison.bg", "CIGARETEM", "latvian"),
    ],
)  # fmt: skip
def test_words_are_found_in_every_language_with_and_without_diacritics(
    database: Database, world: World, username: str, q: str, which: str
) -> None:
    assert found(database, username, q) == [getattr(world, which)]


def test_only_the_messages_one_may_see_are_found(database: Database, world: World) -> None:
    for username in ("liaison.vn", "spoc.kh", "liaison.bg"):
        assert found(database, username, "Nẵng") == [world.vietnamese]
    for username in ("liaison.ee", "liaison.rs", "desk.kh"):  # not addressed
        assert found(database, username, "Nẵng") == []
    assert found(database, "liaison.vn", "cigaretem") == []  # RS to BG only
    assert found(database, "liaison.ee", "a") == []


@pytest.mark.parametrize(
    "q",
    ['"', '"Đà Nẵng', "Nẵng*", "NEAR(da nang)", "da OR nang", "-nang", "da AND", "NOT nang",
     "body:nang", "nang^", "a'b", "\\", "(", "nang)", "*", "{subject}: x"],
)  # fmt: skip
def test_query_syntax_typed_by_a_user_is_just_text(
    database: Database, world: World, q: str
) -> None:
    try:
        hits = found(database, "spoc.kh", q)
    except ValidationError as error:  # only when no word at all is left
        assert error.fields[0].field == "q"
        assert not any(c.isalnum() for c in q)
    else:
        assert hits in ([], [world.vietnamese])


@pytest.mark.parametrize("q", ["", "   ", '"*()-', "—…"])
def test_a_query_without_a_word_is_a_field_error(database: Database, world: World, q: str) -> None:
    with pytest.raises(ValidationError) as raised:
        found(database, "spoc.kh", q)
    assert raised.value.fields[0].field == "q"


def test_filters_narrow_the_search(database: Database, world: World) -> None:
    bg = "liaison.bg"  # sees all three messages
    everything = {world.vietnamese, world.bulgarian, world.latvian}
    # one word each message has: the case-wide search below uses its subject
    for message_id in everything:
        with database.transaction() as session:
            session.execute(update(Message).where(Message.public_id == message_id)
                            .values(subject=Message.subject + " border"))  # fmt: skip
    assert set(found(database, bg, "border")) == everything
    assert found(database, bg, "border", SearchFilter(country="vn")) == [world.vietnamese]
    assert found(database, bg, "border", SearchFilter(kind=MessageKind.REQUEST)) == [world.latvian]
    assert found(database, bg, "border",
                 SearchFilter(handling_code=HandlingCode.H2)) == [world.latvian]  # fmt: skip
    assert set(found(database, bg, "border", SearchFilter(case=world.case))) == everything
    assert found(database, bg, "border", SearchFilter(case="another-case")) == []
    later = utcnow() + timedelta(hours=1)
    assert found(database, bg, "border", SearchFilter(since=later)) == []
    assert set(found(database, bg, "border", SearchFilter(until=later))) == everything
    # unread: what BG-NCB holds and has not read (its own message is not in its inbox)
    assert set(found(database, bg, "border", SearchFilter(unread=True))) == {
        world.vietnamese, world.latvian,
    }  # fmt: skip
    with database.transaction() as session:
        message = session.execute(
            select(Message.id).where(Message.public_id == world.vietnamese)
        ).scalar_one()
        session.execute(
            update(MessageRecipient)
            .where(MessageRecipient.message_id == message,
                   MessageRecipient.agency_id == agency_id(database, "BG-NCB"))
            .values(read_at=utcnow(), read_by="liaison.bg")
        )  # fmt: skip
    assert found(database, bg, "border", SearchFilter(unread=True)) == [world.latvian]


def test_overdue_requests_are_found_on_both_sides(database: Database, world: World) -> None:
    with database.transaction() as session:
        message = session.execute(
            select(Message.id).where(Message.public_id == world.latvian)
        ).scalar_one()
        request = InfoRequest(
            message_id=message, question="Who owns the lorry?", about="lorry", legal_basis="art. 5",
            urgency=str(Urgency.URGENT), directly_accessible=False,
        )  # fmt: skip
        session.add(request)
        session.flush()
        session.add(RequestRecipient(
            request_id=request.id, agency_id=agency_id(database, "BG-NCB"), status="sent",
            sent_at=utcnow() - timedelta(days=4), due_at=utcnow() - timedelta(days=1),
        ))  # fmt: skip
    overdue = SearchFilter(overdue=True)
    assert found(database, "liaison.bg", "kontrabanda", overdue) == [world.latvian]  # owes it
    assert found(database, "liaison.rs", "kontrabanda", overdue) == [world.latvian]  # waits
    assert found(database, "liaison.bg", "Nẵng", overdue) == []
    with database.transaction() as session:
        session.execute(update(RequestRecipient).values(status="answered"))
    assert found(database, "liaison.bg", "kontrabanda", overdue) == []


def test_a_short_last_word_is_a_whole_word_not_the_start_of_one(
    database: Database, world: World
) -> None:
    assert found(database, "spoc.kh", "Ng") == []  # would ask for every ng... word
    assert found(database, "spoc.kh", "Ngu") == [world.vietnamese]
    assert found(database, "spoc.kh", "ma tu") == []
    assert found(database, "spoc.kh", "ma tuy") == [world.vietnamese]


def test_common_words_are_counted_up_to_a_cap_and_ranked_among_the_newest(
    database: Database, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    for message_id in (world.vietnamese, world.bulgarian, world.latvian):
        with database.transaction() as session:
            session.execute(update(Message).where(Message.public_id == message_id)
                            .values(subject=Message.subject + " border"))  # fmt: skip
    monkeypatch.setattr("clew.exchange.search.TOTAL_CAP", 2)
    with database.reading() as session:
        hits, total = search(session, actor(database, "liaison.bg"), "border")
        beyond, again = search(session, actor(database, "liaison.bg"), "border", offset=2)
    assert total == 3  # above the cap: "more than 2"
    assert {h.id for h in hits} == {world.bulgarian, world.latvian}  # the newest two
    assert beyond == [] and again == 3
    with database.reading() as session:  # what one may not see is not counted
        assert search(session, actor(database, "liaison.rs"), "border")[1] == 2


def test_hits_are_ranked_and_carry_a_marked_snippet(database: Database, world: World) -> None:
    extra = send(database, "liaison.vn", world.case, ["KH-NCB"], subject="Đà Nẵng again",
                 body="Đà Nẵng, Đà Nẵng: a second lorry left Đà Nẵng.")  # fmt: skip
    with database.reading() as session:
        hits, total = search(session, actor(database, "spoc.kh"), "da nang")
    assert total == 2
    assert hits[0].id == extra  # in the subject and four times in the body
    hit = hits[1]
    assert (hit.case_id, hit.author_agency, hit.author_country) == (world.case, "VN-NCB", "VN")
    assert hit.subject == "Ma túy" and hit.language == "vi"
    assert f"{MARK_START}Đà{MARK_END} {MARK_START}Nẵng{MARK_END}" in hit.snippet


def test_a_snippet_is_safe_to_show_as_html() -> None:
    body = "<script>alert(1)</script> the lorry \ue000left\ue001 Đà Nẵng at night " + "x " * 60
    cut = snippet(body, ["nang"])
    shown = marked_html(cut)
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    assert "<mark>Nẵng</mark>" in shown
    assert "<mark>left</mark>" not in shown  # marks in the text itself are dropped
    assert cut.endswith("…")


@pytest.mark.parametrize(
    ("typed", "folded"),
    [("Đà Nẵng", "da nang"), ("NGUYỄN", "nguyen"), ("Rīga Ķekava", "riga kekava"),
     ("СОФИЯ й", "софия й"), ("", ""), ("Ha\u0300 No\u0323i\u0302", "ha noi")],
)  # fmt: skip
def test_folding(typed: str, folded: str) -> None:
    assert fold(typed) == folded
    assert fold(fold(typed)) == fold(typed)


def test_the_database_index_folds_like_the_query(database: Database) -> None:
    """The migrated test database has the index: SQLite's FTS5 table, or PostgreSQL's folding
    function (equal to :func:`fold` on every letter it maps) and index."""
    with database.engine.connect() as conn:
        if database.dialect == "sqlite":
            kinds = conn.execute(text(
                "SELECT name FROM sqlite_master WHERE name LIKE 'exchange_messages_fts%' "
                "AND type IN ('table', 'trigger')"
            )).scalars().all()  # fmt: skip
            assert {
                "exchange_messages_fts",
                "exchange_messages_fts_insert",
                "exchange_messages_fts_update",
                "exchange_messages_fts_delete",
            } <= set(kinds)
        else:
            sample = "".join(
                chr(c) for start, end in ((0xC0, 0x24F), (0x370, 0x52F), (0x1E00, 0x1EFF))
                for c in range(start, end + 1)
            ) + "ABCXYZ"  # fmt: skip
            sample = "".join(c for c in sample if c.isprintable())
            in_sql = conn.execute(text("SELECT clew_fold(:v)"), {"v": sample}).scalar_one()
            assert in_sql == fold(sample)
            index = conn.execute(text(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_exchange_messages_fts'"
            )).scalar_one()  # fmt: skip
            assert "gin" in index and "search_vector" in index
            stored = conn.execute(text(
                "SELECT generation_expression FROM information_schema.columns WHERE "
                "table_name = 'exchange_messages' AND column_name = 'search_vector'"
            )).scalar_one()  # fmt: skip
            assert "clew_fold" in stored  # folded once, when the message is written


def test_every_search_is_audited_with_what_was_searched(database: Database, world: World) -> None:
    found(database, "spoc.kh", "Đà Nẵng", SearchFilter(country="VN"))
    with database.reading() as session:
        entries = session.execute(
            select(AuditEntry.username, AuditEntry.query, AuditEntry.result_ids)
            .where(AuditEntry.action == "exchange.search")
        ).all()  # fmt: skip
    assert len(entries) == 1
    username, query, result_ids = entries[0]
    assert username == "spoc.kh"
    assert "Đà Nẵng" in query or "\\u0110" in query
    assert world.vietnamese in result_ids


def test_the_api_searches_what_the_caller_may_see(
    client: TestClient, cast: dict[str, Headers], world: World
) -> None:
    url = "/api/v1/exchange/search"
    seen = client.get(url, params={"q": "da nang", "country": "VN"}, headers=cast["spoc.kh"])
    assert seen.status_code == 200, seen.text
    page = seen.json()
    assert page["total"] == 1 and page["items"][0]["id"] == world.vietnamese
    assert MARK_START in page["items"][0]["snippet"]
    hidden = client.get(url, params={"q": "da nang"}, headers=cast["liaison.ee"])
    assert hidden.json()["total"] == 0 and hidden.json()["items"] == []
    empty = client.get(url, params={"q": "***"}, headers=cast["spoc.kh"])
    assert empty.status_code == 422
    assert empty.json()["error"]["fields"][0]["field"] == "q"
    officer = client.get(url, params={"q": "da nang"}, headers=cast["officer.kh"])
    assert officer.status_code == 403
