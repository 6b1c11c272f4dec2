"""The exchange bench's world: N messages in N/20 cases among 40 agencies, written fast.

Rows go straight into the exchange tables of a migrated database (``executemany`` on SQLite,
``COPY`` on PostgreSQL), not through :func:`clew.exchange.posting.post`: posting a million
messages one by one would take hours. The shape follows what posting stores:

- each case has an owner and 2-5 participants; a message is written by a participant and
  addressed to 1-3 others (60/30/10 %), who become holders (``exchange_message_recipients``,
  ``case_id`` denormalised); a request whose author is not its country's SPOC copies the SPOC;
- 30 % of the holders have read the message; 10 % of the messages are requests, with one
  ``exchange_request_recipients`` row per addressed agency, due by the Directive's deadline
  (:func:`clew.exchange.kinds.deadline`); most old ones answered or refused, some still open
  and overdue, most recent ones open;
- bodies of 30-150 words, Zipf-weighted, in English, Vietnamese (with its diacritics),
  Bulgarian (Cyrillic) or Latvian, naming people, places, plates and passport numbers;
- about 2 entities a message (persons, passports, vehicles) drawn from a pool of N/5, so the
  same passport turns up in about ten messages; labels and match keys are made by the real
  :func:`clew.exchange.keys.entity_label` / :func:`~clew.exchange.keys.entity_key`.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, insert, select, text
from sqlalchemy.engine import Connection

from clew.access import agencies
from clew.access.actor import Actor
from clew.access.models import Agency
from clew.access.roles import OrganisationType
from clew.access.schemas import AgencyCreate
from clew.demo import seed_agencies
from clew.exchange.keys import entity_key, entity_label
from clew.exchange.kinds import CrimeArea, Urgency, deadline
from clew.exchange.models import (
    Case,
    CaseParticipant,
    InfoRequest,
    Message,
    MessageEntity,
    MessageRecipient,
    RequestRecipient,
    Spoc,
)
from clew.exchange.schemas import EntityIn
from clew.screening.models import new_public_id
from clew.storage import Database, utcnow

BATCH = 20_000  # messages generated and written at a time
MORE_AGENCIES = (  # the demo world's 32 national agencies and these: the 40
    ("KH-NCB", "National Central Bureau Phnom Penh", "KH", OrganisationType.NATIONAL_CENTRAL_BUREAU),
    ("VN-BORDER", "Vietnam Border Guard", "VN", OrganisationType.BORDER_GUARD),
    ("LV-NCB", "National Central Bureau Riga", "LV", OrganisationType.NATIONAL_CENTRAL_BUREAU),
    ("EE-POLICE", "Estonian Police and Border Guard", "EE", OrganisationType.POLICE),
    ("IT-NCB", "National Central Bureau Rome", "IT", OrganisationType.NATIONAL_CENTRAL_BUREAU),
    ("PL-BORDER", "Polish Border Guard", "PL", OrganisationType.BORDER_GUARD),
    ("GR-POLICE", "Hellenic Police", "GR", OrganisationType.POLICE),
    ("CZ-POLICE", "Police of the Czech Republic", "CZ", OrganisationType.POLICE),
)  # fmt: skip


def _words(text: str) -> list[str]:
    return text.split()


DOMAIN = {  # what police messages are about, in each language
    "en": _words(
        "the suspect vehicle was stopped at the border crossing and the shipment seized driver "
        "passenger container truck heroin methamphetamine cocaine cannabis tablets precursor "
        "chemicals smuggling migrants route forged passport document identity arrested detained "
        "investigation warrant informant surveillance warehouse port airport checkpoint cash "
        "transfer account company network courier package kilograms firearms pistol rifle "
        "ammunition trafficking victims recruitment exploitation hotel apartment phone meeting "
        "delivery payment please confirm whether your records show any information about this "
        "person travelled with a group of people through the green border at night organised by "
        "a criminal group based in the capital we request urgent checks on the following owner "
        "registered rented car ferry bus train ticket booked under false name money laundering"
    ),
    "vi": _words(
        "đối tượng phương tiện bị dừng tại cửa khẩu biên giới và lô hàng bị thu giữ lái xe hành "
        "khách container xe tải heroin ma túy tổng hợp cần sa viên nén tiền chất hóa học buôn "
        "lậu người di cư tuyến đường hộ chiếu giả giấy tờ danh tính bắt giữ tạm giữ điều tra "
        "lệnh truy nã nguồn tin theo dõi kho bãi cảng sân bay trạm kiểm soát tiền mặt chuyển "
        "khoản tài khoản công ty đường dây người vận chuyển kiện hàng kilôgam vũ khí súng ngắn "
        "súng trường đạn dược mua bán nạn nhân tuyển dụng bóc lột khách sạn căn hộ điện thoại "
        "cuộc gặp giao hàng thanh toán đề nghị xác minh thông tin về người này đã đi cùng một "
        "nhóm qua đường mòn vào ban đêm do tổ chức tội phạm ở thủ đô chủ sở hữu thuê xe vé"
    ),
    "bg": _words(
        "заподозреният автомобил беше спрян на граничния пункт и пратката задържана шофьор "
        "пътник контейнер камион хероин метамфетамин кокаин канабис таблетки прекурсори "
        "контрабанда мигранти маршрут подправен паспорт документ самоличност арестуван задържан "
        "разследване заповед информатор наблюдение склад пристанище летище пункт пари превод "
        "сметка фирма мрежа куриер пакет килограма оръжие пистолет пушка боеприпаси трафик "
        "жертви вербуване експлоатация хотел апартамент телефон среща доставка плащане моля "
        "потвърдете дали вашите регистри съдържат информация за лицето пътувал с група хора през "
        "зелената граница през нощта организирана престъпна група в столицата собственик нает"
    ),
    "lv": _words(
        "aizdomās turētais transportlīdzeklis tika apturēts robežšķērsošanas vietā un sūtījums "
        "aizturēts vadītājs pasažieris konteiners kravas automašīna heroīns metamfetamīns "
        "kokaīns kaņepes tabletes prekursori kontrabanda migranti maršruts viltota pase "
        "dokuments identitāte arestēts aizturēts izmeklēšana orderis informators novērošana "
        "noliktava osta lidosta kontrolpunkts skaidra nauda pārskaitījums konts uzņēmums tīkls "
        "kurjers paka kilogrami ierocis pistole šautene munīcija tirdzniecība upuri vervēšana "
        "ekspluatācija viesnīca dzīvoklis tālrunis tikšanās piegāde maksājums lūdzam apstiprināt "
        "vai jūsu reģistros ir informācija par šo personu ceļoja kopā ar grupu cilvēku naktī"
    ),
}
LANGUAGES = ("en", "en", "vi", "bg", "lv")
GIVEN = {
    "en": _words("John Michael David James Sarah Emma Ahmed Mehmet Ali Marko Elena Ion"),
    "vi": _words("An Bình Cường Dũng Hương Lan Linh Minh Nam Phương Quang Sơn Thảo Trang Tuấn Hải"),
    "bg": _words("Иван Георги Димитър Николай Петър Мария Елена Стефан Христо Васил Радослав"),
    "lv": _words("Jānis Andris Mārtiņš Kārlis Līga Ilze Inese Pēteris Edgars Raimonds Zane"),
}
FAMILY = {
    "en": _words("Smith Brown Wilson Taylor Yilmaz Kaya Jovanović Popescu Hoxha Müller Rossi"),
    "vi": _words("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý"),
    "bg": _words("Иванов Петров Георгиев Димитров Николов Стоянов Христов Василев Тодоров Колев"),
    "lv": _words(
        "Bērziņš Kalniņš Ozoliņš Jansons Liepiņš Krūmiņš Balodis Eglītis Zariņš Pētersons"
    ),
}
PLACES = (
    "Hà Nội", "Lào Cai", "Móng Cái", "Hải Phòng", "Mộc Bài", "Phnom Penh", "Bavet", "Sihanoukville",
    "София", "Калотина", "Капитан Андреево", "Видин", "Бургас", "Rīga", "Daugavpils", "Terehova",
    "Grebņeva", "Beograd", "Gradina", "Rotterdam", "Antwerp", "Istanbul", "Hamburg", "Algeciras",
    "Durrës", "Constanța", "Kapıkule", "Calais", "Frankfurt", "Wien",
)  # fmt: skip
COUNTRIES = ("VN", "KH", "BG", "LV", "RS", "TR", "NL", "DE", "GB", "RO", "AL", "ES")


FUNCTION = {  # the most frequent words of each language: rarely searched for
    "en": _words("the of and to in a was for on with"),
    "vi": _words("và của là có được cho với các những một"),
    "bg": _words("и на в за от с да се по е"),
    "lv": _words("un ir no uz par ar kā bet ka arī"),
}
SYLLABLES = {  # the long tail of each language's words, made of its syllables
    "en": _words("ba ter mon sel ric dan lo ver kin tas por mel fen gar hol"),
    "vi": [
        onset + rhyme
        for onset in _words("b c d đ g h kh l m n ng nh ph qu s t th tr v x")
        for rhyme in _words("a à á ả ạ ăn âm ên ết inh ông ương ưu oà uy ời ắc ậu ội")
    ],
    "bg": _words("ко ва ни ро ст ме ла ди ча жи бо пе ту ше зо ов ата ски"),
    "lv": _words("ka ra ļa mē tu ze ni gā šo ve ku pī lī ba ņš as is ība"),
}
TAIL = 3000


def _vocabulary(language: str) -> list[str]:
    """Function words first, then the domain's words, then a long tail: ranked for Zipf."""
    rng = random.Random(language)
    domain = [w for w in dict.fromkeys(DOMAIN[language]) if w not in FUNCTION[language]]
    rng.shuffle(domain)
    tail: dict[str, None] = {}
    syllables = SYLLABLES[language]
    while len(tail) < TAIL:
        if language == "vi":  # Vietnamese writes each syllable as a word
            word = rng.choice(syllables)
            if word in tail:
                word = f"{word}{rng.choice('abcdeghiklmnopqrstuvxy')}"  # still a word of letters
        else:
            word = "".join(rng.choice(syllables) for _ in range(rng.randrange(2, 4)))
        if word not in domain:
            tail[word] = None
    return FUNCTION[language] + domain + list(tail)


WORDS = {language: _vocabulary(language) for language in DOMAIN}


def _sentence(words: Sequence[str]) -> str:
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _zipf(words: Sequence[str]) -> list[float]:
    cumulative, total = [], 0.0
    for rank in range(len(words)):
        total += 1 / (rank + 1)
        cumulative.append(total)
    return cumulative


@dataclass(slots=True)
class Thing:
    """An entity of the pool: what a body says of it and the row it stores."""

    words: str
    kind: str
    label: str
    fields: str
    match_key: str


@dataclass
class World:
    """What the harness needs to know of the built exchange."""

    messages: int
    cases: int
    agencies: list[tuple[int, str, str]]  # id, code, country
    terms: dict[str, list[str]] = field(default_factory=dict)  # words, names, numbers searched
    things: list[EntityIn] = field(default_factory=list)  # a sample of the pool's entities
    fill_s: float = 0.0


def _person(rng: random.Random, language: str) -> tuple[str, EntityIn]:
    given, family = rng.choice(GIVEN[language]), rng.choice(FAMILY[language])
    name = f"{family} {given}" if language == "vi" else f"{given} {family}"
    born = f"{rng.randrange(1955, 2004)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
    return name, EntityIn.model_validate(
        {"kind": "person", "person": {"names": [name], "date_of_birth": born}}
    )


def _passport(rng: random.Random) -> tuple[str, EntityIn]:
    country = rng.choice(COUNTRIES)
    number = (
        f"{rng.choice('BCN')}{rng.randrange(10**7):07d}" if country in ("VN", "KH")
        else f"{country}{rng.randrange(10**7):07d}" if country == "LV"
        else f"{rng.randrange(10**9):09d}"
    )  # fmt: skip
    return number, EntityIn.model_validate(
        {"kind": "document", "document": {"number": number, "country": country}}
    )


def _vehicle(rng: random.Random) -> tuple[str, EntityIn]:
    plate = rng.choice((
        f"{rng.randrange(11, 99)}{rng.choice('ABCDEFGH')}-{rng.randrange(100, 999)}.{rng.randrange(10, 99)}",
        f"СА {rng.randrange(1000, 9999)} {rng.choice('АВЕКМНРСТХ')}{rng.choice('АВЕКМНРСТХ')}",
        f"{rng.choice('ABCEHJKLM')}{rng.choice('ABCEHJKLM')}-{rng.randrange(1000, 9999)}",
        f"2{rng.choice('ABC')}-{rng.randrange(1000, 9999)}",
    ))  # fmt: skip
    return plate, EntityIn.model_validate({"kind": "vehicle", "vehicle": {"plate": plate}})


def entity_pool(size: int, seed: int = 3) -> list[tuple[Thing, EntityIn]]:
    """``size`` entities: half persons, a third passports, the rest vehicles."""
    rng = random.Random(seed)
    pool: list[tuple[Thing, EntityIn]] = []
    for i in range(size):
        roll = i % 6
        if roll < 3:
            words, entity = _person(rng, rng.choice(LANGUAGES))
        elif roll < 5:
            words, entity = _passport(rng)
        else:
            words, entity = _vehicle(rng)
        fields = json.dumps(entity.model_dump(mode="json", exclude_none=True)[entity.kind.value],
                            ensure_ascii=False)  # fmt: skip
        thing = Thing(words, entity.kind.value, entity_label(entity), fields, entity_key(entity))
        pool.append((thing, entity))
    return pool


def _agencies(database: Database) -> list[tuple[int, str, str]]:
    with database.transaction() as session:
        seed_agencies(session)
        have = set(session.execute(select(Agency.code)).scalars())
        for code, name, country, kind in MORE_AGENCIES:
            if code not in have:
                agencies.create_agency(session, Actor.system(),
                                       AgencyCreate(code=code, name=name, country=country, kind=kind))  # fmt: skip
    with database.reading() as session:
        rows = session.execute(
            select(Agency.id, Agency.code, Agency.country)
            .where(Agency.kind != OrganisationType.INTERNATIONAL_BODY)
            .order_by(Agency.id)
        ).all()
    return [(i, c, k) for i, c, k in rows][:40]


def _write(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Many rows at once: ``COPY`` on PostgreSQL, ``executemany`` elsewhere."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(insert(table), rows)
        return
    columns = list(rows[0])
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(tuple(row[c] for c in columns))


class _Generator:
    def __init__(self, messages: int, agency_rows: list[tuple[int, str, str]], seed: int) -> None:
        self.rng = random.Random(seed)
        self.messages = messages
        self.cases = max(10, messages // 20)
        self.ids = [a for a, _, _ in agency_rows]
        self.country = {a: c for a, _, c in agency_rows}
        self.spocs: dict[str, int] = {}  # each country's NCB, else its first agency
        for agency, code, country in agency_rows:
            if code.endswith("-NCB") or country not in self.spocs:
                self.spocs[country] = agency
        self.now = utcnow()
        self.start = self.now - timedelta(days=730)
        self.cum = {lang: _zipf(words) for lang, words in WORDS.items()}
        self.pool = entity_pool(max(50, messages // 5))
        self.participants: list[list[int]] = []
        self.request_id = self.recipient_id = self.entity_id = self.request_recipient_id = 0

    def case_rows(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        rng, cases, parts = self.rng, [], []
        areas = list(CrimeArea)
        for case_id in range(1, self.cases + 1):
            members = rng.sample(self.ids, rng.choice((2, 2, 3, 3, 4, 5)))
            self.participants.append(members)
            opened = self.start + timedelta(seconds=rng.randrange(730 * 86400))
            language = rng.choice(LANGUAGES)
            cases.append({
                "id": case_id, "public_id": new_public_id(),
                "subject": _sentence(rng.choices(WORDS[language], cum_weights=self.cum[language],
                                                k=rng.randrange(3, 8))),
                "crime_area": rng.choice(areas).value, "handling_code": f"H{rng.choice('0001112')}",
                "state": "open" if rng.random() < 0.8 else "closed", "owner_agency_id": members[0],
                "created_by": "bench", "created_at": opened, "updated_at": self.now,
            })  # fmt: skip
            for agency in members:
                parts.append({"case_id": case_id, "agency_id": agency, "added_by": "bench",
                              "added_at": opened})  # fmt: skip
        return cases, parts

    def _body(self, language: str, things: list[Thing]) -> str:
        rng = self.rng
        words = rng.choices(WORDS[language], cum_weights=self.cum[language],
                            k=rng.randrange(30, 151))  # fmt: skip
        extra = [t.words for t in things] + [rng.choice(PLACES) for _ in range(rng.randrange(1, 3))]
        if rng.random() < 0.3:  # someone named in passing, not as an entity
            other = rng.choice(LANGUAGES)
            extra.append(f"{rng.choice(GIVEN[other])} {rng.choice(FAMILY[other])}")
        for piece in extra:
            words.insert(rng.randrange(len(words) + 1), piece)
        return _sentence(words) + "."

    def batch(self, first: int, last: int) -> dict[str, list[dict[str, Any]]]:
        rng, now = self.rng, self.now
        span = (now - self.start).total_seconds()
        out: dict[str, list[dict[str, Any]]] = {k: [] for k in
                                                ("messages", "recipients", "entities", "requests",
                                                 "request_recipients")}  # fmt: skip
        for message_id in range(first, last + 1):
            case_id = rng.randrange(1, self.cases + 1)
            members = self.participants[case_id - 1]
            author = rng.choice(members)
            others = [a for a in members if a != author]
            count = min(len(others), rng.choices((1, 2, 3), weights=(60, 30, 10))[0])
            addressed = rng.sample(others, count)
            created = self.start + timedelta(
                seconds=span * (message_id - 1) / self.messages + rng.randrange(3600)
            )
            language = rng.choice(LANGUAGES)
            picked = [self.pool[rng.randrange(len(self.pool))][0]
                      for _ in range(rng.choice((0, 1, 2, 2, 3, 4)))]  # fmt: skip
            roll = rng.random()
            kind = "request" if roll < 0.1 else "answer" if roll < 0.15 else "message"
            out["messages"].append({
                "id": message_id, "public_id": new_public_id(), "case_id": case_id, "kind": kind,
                "author_agency_id": author, "author_username": "bench",
                "in_reply_to_id": (message_id - rng.randrange(1, 50)
                                   if kind == "answer" and message_id > 50 else None),
                "forwarded_from_id": None,
                "subject": _sentence(rng.choices(WORDS[language], cum_weights=self.cum[language],
                                                k=rng.randrange(3, 9))),
                "body": self._body(language, picked), "language": language,
                "handling_code": f"H{rng.choice('0001112')}", "handling_note": None,
                "created_at": created,
            })  # fmt: skip
            holders = [(a, "to") for a in addressed]
            spoc = self.spocs.get(self.country[author])
            if kind == "request" and spoc not in (None, author) and spoc not in addressed:
                holders.append((spoc, "spoc_copy"))
            for agency, role in holders:
                read = rng.random() < 0.3
                at = created + timedelta(minutes=rng.randrange(5, 4000))
                self.recipient_id += 1
                out["recipients"].append({
                    "id": self.recipient_id, "message_id": message_id, "agency_id": agency,
                    "role": role, "case_id": case_id, "created_at": created,
                    "read_at": at if read else None, "read_by": "bench" if read else None,
                    "acknowledged_at": None, "acknowledged_by": None,
                })  # fmt: skip
            for position, thing in enumerate(picked):
                self.entity_id += 1
                out["entities"].append({
                    "id": self.entity_id, "message_id": message_id, "position": position,
                    "kind": thing.kind, "label": thing.label, "fields": thing.fields,
                    "match_key": thing.match_key, "source_grade": rng.choice("ABCX"),
                    "info_grade": rng.choice("1234"), "watchlist_hits": "[]",
                })  # fmt: skip
            if kind == "request":
                self._request(out, message_id, created, addressed)
        return out

    def _request(self, out: dict[str, list[dict[str, Any]]], message_id: int, sent: datetime,
                 addressed: list[int]) -> None:  # fmt: skip
        rng = self.rng
        urgency = Urgency.URGENT if rng.random() < 0.3 else Urgency.NON_URGENT
        direct = rng.random() < 0.4
        self.request_id += 1
        out["requests"].append({
            "id": self.request_id, "message_id": message_id,
            "question": "Please confirm the identity and any records held.",
            "about": self.pool[rng.randrange(len(self.pool))][0].label,
            "legal_basis": "Directive (EU) 2023/977, art. 4", "purpose": None,
            "urgency": urgency.value, "directly_accessible": direct,
            "urgency_reason": "Imminent transport" if urgency is Urgency.URGENT else None,
        })  # fmt: skip
        due_in = deadline(urgency, direct)
        age = self.now - sent
        for agency in addressed:
            open_share = 0.6 if age < timedelta(days=30) else 0.03
            status = (rng.choice(("sent", "routed", "partially_answered"))
                      if rng.random() < open_share
                      else rng.choices(("answered", "refused"), weights=(9, 1))[0])  # fmt: skip
            answered = sent + due_in * rng.random() * 1.3
            self.request_recipient_id += 1
            out["request_recipients"].append({
                "id": self.request_recipient_id, "request_id": self.request_id,
                "agency_id": agency, "status": status, "sent_at": sent, "due_at": sent + due_in,
                "desk": "Drugs desk" if status == "routed" else None,
                "routed_by": "bench" if status == "routed" else None,
                "routed_at": sent + timedelta(hours=1) if status == "routed" else None,
                "answered_at": answered if status in ("answered", "refused") else None,
                "refusal_reason": "not_available" if status == "refused" else None,
                "reminded_at": None, "updated_at": sent,
            })  # fmt: skip


def _suspend_full_text(database: Database) -> list[str]:
    """Take the migration's full-text upkeep off while the rows go in, returning its DDL as the
    database holds it (SQLite: the triggers feeding the FTS5 table; PostgreSQL: the GIN
    index). Building the index once at the end is what a bulk load does; it is the same index."""
    with database.engine.begin() as conn:
        if database.dialect == "sqlite":
            kept = list(conn.execute(text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'exchange_messages' AND sql LIKE '%fts%'")).tuples())  # fmt: skip
            for name, _ in kept:
                conn.execute(text(f'DROP TRIGGER "{name}"'))
        else:
            kept = list(conn.execute(text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = "
                "'exchange_messages' AND indexdef ILIKE '%using gin%'")).tuples())  # fmt: skip
            for name, _ in kept:
                conn.execute(text(f'DROP INDEX "{name}"'))
    return [ddl for _, ddl in kept]


def _restore_full_text(database: Database, upkeep: list[str]) -> None:
    """Put the upkeep back and fill the index from the rows: FTS5's ``rebuild``, or the GIN
    index created again by its own definition."""
    with database.engine.begin() as conn:
        if database.dialect == "postgresql":
            conn.execute(text("SET maintenance_work_mem = '256MB'"))
        for ddl in upkeep:
            conn.execute(text(ddl))
        if database.dialect == "sqlite":
            for (name,) in conn.execute(text(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE "
                "'CREATE VIRTUAL TABLE%fts5%content=%exchange_messages%'")).tuples():  # fmt: skip
                conn.execute(text(f"INSERT INTO {name}({name}) VALUES ('rebuild')"))


TABLES = (
    ("messages", Message), ("recipients", MessageRecipient), ("entities", MessageEntity),
    ("requests", InfoRequest), ("request_recipients", RequestRecipient),
)  # fmt: skip


def build(database: Database, messages: int, *, seed: int = 12,
          progress: bool = True) -> World:  # fmt: skip
    """Fill the (migrated, empty) database with the exchange; returns what the harness needs."""
    agency_rows = _agencies(database)
    gen = _Generator(messages, agency_rows, seed)
    cases, parts = gen.case_rows()
    with database.engine.begin() as conn:
        _write(conn, Spoc.__table__, [{"country": c, "agency_id": a}  # type: ignore[arg-type]
                                      for c, a in gen.spocs.items()])  # fmt: skip
        _write(conn, Case.__table__, cases)  # type: ignore[arg-type]
        _write(conn, CaseParticipant.__table__, parts)  # type: ignore[arg-type]
    upkeep = _suspend_full_text(database)
    for first in range(1, messages + 1, BATCH):
        rows = gen.batch(first, min(messages, first + BATCH - 1))
        with database.engine.begin() as conn:
            for key, model in TABLES:
                _write(conn, model.__table__, rows[key])  # type: ignore[arg-type]
        if progress and (first - 1) % (BATCH * 10) == 0:
            print(f"  {min(messages, first + BATCH - 1):,} messages written", flush=True)
    _restore_full_text(database, upkeep)
    if database.dialect == "postgresql":
        with database.engine.begin() as conn:
            for table in ("exchange_cases", "exchange_case_participants", "exchange_messages",
                          "exchange_message_recipients", "exchange_message_entities",
                          "exchange_requests", "exchange_request_recipients"):  # fmt: skip
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT coalesce(max(id), 1) FROM {table}))"))  # fmt: skip
            conn.execute(text("ANALYZE"))
    else:
        with database.engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    rng = random.Random(seed + 1)
    domain = [w for lang, words in WORDS.items() for w in words[len(FUNCTION[lang]) : 120]]
    rare = [w for words in WORDS.values() for w in words[-2000:]]
    pool = gen.pool
    return World(
        messages=messages, cases=gen.cases, agencies=agency_rows,
        terms={
            "domain word": domain, "rare word": rare,
            "two words": [f"{rng.choice(domain)} {rng.choice(PLACES).split()[0]}"
                          for _ in range(200)],
            "name": [f"{rng.choice(GIVEN[lang])} {rng.choice(FAMILY[lang])}"
                     for lang in GIVEN for _ in range(10)],
            "passport or plate": [t.words for t, _ in rng.sample(pool, min(200, len(pool)))
                                  if t.kind != "person"],
            "place": list(PLACES),
        },
        things=[e for _, e in rng.sample(pool, min(2000, len(pool)))],
    )  # fmt: skip
