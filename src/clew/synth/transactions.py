"""Synthetic bank transfers: an ordinary economy with planted laundering patterns, labelled.

``bank_transfers`` generates a year of ordinary transfers between many accounts, deterministic by
seed: monthly salaries from employers and rent to landlords (the same amount every month),
small purchases at shops and bills to utilities, large purchases at dealers (cars, furniture,
electronics) with a couple of sale days each, invoices from businesses to their regular
suppliers (some of which fall just under the reporting threshold every so often), suppliers
trading in small rings every month, money between friends, and cash paid in and out at bank
branches. Shops, utilities and dealers receive from many one-off payers and employers pay many
at once: the hard negatives for fans; the rings are the hard negatives for cycles; the
suppliers' invoices for structuring.

Into it ``bank_transfers`` plants ``patterns`` instances of each typology, each labelled with
its accounts and transfers (``Planted``), as :func:`clew.money.detect` is meant to find them.
``smuggling_network`` is a small story for demos: a few dozen persons and companies, their
accounts, their ordinary payments and a smuggling ring's money, as graph nodes and edges.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from clew.graph.items import Edge, Node
from clew.money.transfers import Transfer, transfer_edge
from clew.money.typologies import Typology
from clew.records.kinds import Gender
from clew.synth.dice import Dice, Weighted
from clew.synth.people import passport_name

__all__ = [
    "START",
    "MoneyNetwork",
    "Planted",
    "TransactionSet",
    "bank_transfers",
    "smuggling_network",
]  # fmt: skip

START = date(2025, 1, 1)
"""The default first day of the synthetic year."""


@dataclass(frozen=True, slots=True)
class Planted:
    """One planted pattern: its typology, the accounts that form it (the centre first in
    ``centre``) and the keys of its transfers."""

    typology: Typology
    centre: str
    accounts: frozenset[str]
    transfers: frozenset[str]


@dataclass(slots=True)
class TransactionSet:
    """Transfers in time order, the planted patterns, and each account's role
    (person, shop, dealer, utility, employer, landlord, supplier, cash)."""

    transfers: list[Transfer]
    planted: list[Planted]
    roles: dict[str, str] = field(default_factory=dict)

    @property
    def facilities(self) -> frozenset[str]:
        """The banks' own accounts (cash paid in and out at branches): see
        ``Thresholds.facilities``."""
        return frozenset(a for a, role in self.roles.items() if role == "cash")


_CATEGORIES: Weighted[str] = Weighted(
    [("purchase", 52), ("bill", 6), ("big_purchase", 6), ("friends", 12), ("deposit", 6),
     ("withdrawal", 7), ("invoice", 11)]
)  # fmt: skip
_PATTERN_ACCOUNTS = 66
"""Accounts one round of planted patterns (one of each typology) may need, at most."""
_SALE_SHARE = 0.016
"""Share of a dealer's sales on its four sale days: about 2.5 times a normal day's rate."""


def _log_uniform(dice: Dice, low: float, high: float, skew: float = 1.0) -> float:
    """Between ``low`` and ``high``, evenly on a log scale (``skew`` > 1 favours the low end)."""
    return round(low * (high / low) ** (dice.random() ** skew), 2)  # type: ignore[no-any-return]


class _Writer:
    """Collects transfers with sequential keys; times are offsets in seconds from the start."""

    __slots__ = ("currency", "out", "start")

    def __init__(self, start: date, currency: str):
        self.start = datetime(start.year, start.month, start.day)
        self.currency = currency
        self.out: list[tuple[int, Transfer]] = []

    def pay(self, source: str, target: str, amount: float, offset: float) -> str:
        key = f"T{len(self.out):08d}"
        at = self.start + timedelta(seconds=int(offset))
        self.out.append((int(offset), Transfer(key, source, target, amount, self.currency, at)))
        return key


def bank_transfers(
    seed: int,
    *,
    transfers: int = 100_000,
    accounts: int | None = None,
    patterns: int = 20,
    start: date = START,
    days: int = 365,
    threshold: float = 10_000.0,
    currency: str = "EUR",
) -> TransactionSet:
    """``transfers`` ordinary transfers (about: monthly payments are whole months) among
    ``accounts`` accounts (default ``transfers // 20``, at least 400 and ``100 * patterns``),
    plus ``patterns`` planted instances of each typology, over ``days`` days from ``start``, on
    accounts of ordinary persons that no other planted pattern uses. Structuring is planted
    just under ``threshold``. ``ValueError`` for too few accounts or days."""
    accounts = accounts if accounts is not None else max(transfers // 20, 400, patterns * 100)
    if accounts < 400 or days < 60 or transfers < 0 or patterns < 0:
        raise ValueError("need at least 400 accounts, 60 days and no negative count")
    dice = Dice(seed, "transactions")
    writer = _Writer(start, currency)
    roles: dict[str, str] = {}
    span = days * 86_400.0

    def named(prefix: str, count: int, role: str) -> list[str]:
        names = [f"{prefix}{len(roles) + i:07d}" for i in range(count)]
        roles.update(dict.fromkeys(names, role))
        return names

    big = transfers * _CATEGORIES.share("big_purchase")
    shops = named("AC", max(5, accounts // 100), "shop")
    utilities = named("AC", 4, "utility")
    dealers = named("AC", max(2, round(big / (days * 5))), "dealer")
    employers = named("AC", max(3, accounts // 150), "employer")
    landlords = named("AC", max(3, accounts // 200), "landlord")
    suppliers = named("AC", max(6, accounts // 300), "supplier")
    branches = named("CASH-", 30, "cash")
    persons = named("AC", accounts - len(roles), "person")
    months = days // 30
    businesses = shops + dealers
    supplied = {b: dice.sample(suppliers, dice.between(2, 4)) for b in businesses}
    sale_days = {d: [dice.between(10, days - 10) for _ in range(2)] for d in dealers}
    shop_weights: Weighted[str] = Weighted([(s, 1 / (i + 1)) for i, s in enumerate(shops)])

    # Monthly: salaries on the 25th, rent in the first three days, supplier rings.
    employed = dice.sample(persons, min(int(len(persons) * 0.6), int(transfers * 0.25 / months)))
    renting = dice.sample(persons, min(int(len(persons) * 0.3), int(transfers * 0.12 / months)))
    pay = {p: (dice.pick(employers), _log_uniform(dice, 1_500, 6_000)) for p in employed}
    rent = {p: (dice.pick(landlords), _log_uniform(dice, 400, 2_000)) for p in renting}
    rings = [suppliers[i : i + 3] for i in range(0, len(suppliers) - 2, 3)]
    contracts = {(r[i], r[(i + 1) % 3]): _log_uniform(dice, 2_000, 40_000) for r in rings
                 for i in range(3)}  # fmt: skip
    fixed = 0
    for month in range(months):
        day0 = month * 30.4 * 86_400
        for person, (employer, amount) in pay.items():
            writer.pay(employer, person, amount, day0 + 24 * 86_400 + 6 * 3600)
        for person, (landlord, amount) in rent.items():
            writer.pay(person, landlord, amount, day0 + dice.random() * 3 * 86_400)
        for (payer, payee), amount in contracts.items():
            writer.pay(payer, payee, round(amount * (0.9 + 0.2 * dice.random()), 2),
                       day0 + (5 + dice.random() * 20) * 86_400)  # fmt: skip
        fixed += len(pay) + len(rent) + len(contracts)

    for _ in range(max(0, transfers - fixed)):
        category = dice.draw(_CATEGORIES)
        when = dice.random() * span
        index = int(dice.random() * len(persons))
        person = persons[index]
        if category == "purchase":
            writer.pay(person, dice.draw(shop_weights), _log_uniform(dice, 2, 600, 2.5), when)
        elif category == "bill":
            writer.pay(person, dice.pick(utilities), _log_uniform(dice, 20, 400), when)
        elif category == "big_purchase":
            dealer = dice.pick(dealers)
            if dice.chance(_SALE_SHARE):
                when = (dice.pick(sale_days[dealer]) + dice.random() * 2) * 86_400
            writer.pay(person, dealer, _log_uniform(dice, 1_000, 25_000, 1.5), when)
        elif category == "friends":
            friend = persons[(index // 5 * 5 + dice.between(0, 4)) % len(persons)]  # groups of 5
            if friend != person:
                amount = _log_uniform(dice, 1_000, 3_000) if dice.chance(0.02) else (
                    _log_uniform(dice, 5, 300, 1.5))  # fmt: skip
                writer.pay(person, friend, amount, when)
        elif category == "deposit":
            amount = _log_uniform(dice, 9_000, threshold - 1) if dice.chance(0.003) else (
                _log_uniform(dice, 50, 3_000, 1.5))  # fmt: skip
            writer.pay(dice.pick(branches), person, amount, when)
        elif category == "withdrawal":
            writer.pay(person, dice.pick(branches), _log_uniform(dice, 20, 500, 1.5), when)
        else:
            business = dice.pick(businesses)
            writer.pay(business, dice.pick(supplied[business]),
                       _log_uniform(dice, 500, 40_000, 1.2), when)  # fmt: skip

    planted = _plant(Dice(seed, "planted"), writer, persons, branches, patterns, span, threshold)
    writer.out.sort(key=lambda item: item[0])
    return TransactionSet([t for _, t in writer.out], planted, roles)


def _plant(
    dice: Dice, writer: _Writer, persons: list[str], branches: list[str], count: int,
    span: float, threshold: float,
) -> list[Planted]:  # fmt: skip
    """``count`` patterns of each typology, at random times away from the ledger's ends, each
    over accounts no other planted pattern uses (so that every label tells one story)."""
    out: list[Planted] = []
    day = 86_400.0
    pool = dice.sample(persons, len(persons))
    if len(pool) < count * _PATTERN_ACCOUNTS:
        raise ValueError("too many patterns for the accounts: give more accounts")

    def fresh(size: int) -> list[str]:
        taken = pool[-size:]
        del pool[-size:]
        return taken

    def when() -> float:
        return (15 + dice.random() * (span / day - 50)) * day

    def planted(typology: Typology, centre: str, parts: list[tuple[str, str, str]]) -> None:
        accounts = frozenset(a for s, t, _ in parts for a in (s, t))
        out.append(Planted(typology, centre, accounts, frozenset(k for _, _, k in parts)))

    def pay(source: str, target: str, amount: float, at: float) -> tuple[str, str, str]:
        return source, target, writer.pay(source, target, round(amount, 2), at)

    for _ in range(count):
        hub, *others = fresh(17)
        t0 = when()
        size = dice.between(8, 16)
        planted(Typology.FAN_IN, hub, [
            pay(o, hub, _log_uniform(dice, 1_000, 4_900), t0 + dice.random() * 2.5 * day)
            for o in others[:size]
        ])  # fmt: skip
        hub, *others = fresh(17)
        t0 = when()
        size = dice.between(8, 16)
        planted(Typology.FAN_OUT, hub, [
            pay(hub, o, _log_uniform(dice, 1_000, 4_900), t0 + dice.random() * 2.5 * day)
            for o in others[:size]
        ])  # fmt: skip

        hub, *others = fresh(15)
        t0 = when()
        senders, receivers = others[: dice.between(4, 7)], others[7 : 7 + dice.between(4, 7)]
        amounts = [_log_uniform(dice, 2_000, 8_000) for _ in senders]
        gathered = [pay(s, hub, a, t0 + dice.random() * 3 * day)
                    for s, a in zip(senders, amounts, strict=True)]  # fmt: skip
        total, after = sum(amounts), t0 + 3 * day
        share = total * 0.9 / len(receivers)
        scattered = [
            pay(hub, r, share * (0.8 + 0.4 * dice.random()), after + dice.random() * 4 * day)
            for r in receivers
        ]
        planted(Typology.GATHER_SCATTER, hub, gathered + scattered)

        source, target, *via = fresh(2 + dice.between(3, 6))
        t0, parts = when(), []
        for mule in via:
            split = _log_uniform(dice, 2_000, 9_000)
            at = t0 + dice.random() * 2 * day
            parts.append(pay(source, mule, split, at))
            parts.append(pay(mule, target, split * (0.88 + 0.11 * dice.random()),
                             at + (0.5 + dice.random() * 3.5) * day))  # fmt: skip
        planted(Typology.SCATTER_GATHER, source, parts)

        ring = fresh(1 + dice.between(2, 4))
        amount, at, parts = _log_uniform(dice, 10_000, 80_000), when(), []
        for i, account in enumerate(ring):
            parts.append(pay(account, ring[(i + 1) % len(ring)], amount, at))
            amount *= 0.92 + 0.07 * dice.random()
            at += (0.5 + dice.random() * 4.5) * day
        planted(Typology.CYCLE, ring[0], parts)

        (structurer,), t0 = fresh(1), when()
        low = threshold * 0.9
        times = sorted(t0 + dice.random() * 6 * day for _ in range(dice.between(3, 6)))
        if dice.chance(0.5):  # cash paid in at several branches
            parts = [pay(dice.pick(branches), structurer, _log_uniform(dice, low, threshold - 10),
                         at) for at in times]  # fmt: skip
        else:  # sent on to a few accounts
            payees = fresh(3)
            parts = [pay(structurer, dice.pick(payees), _log_uniform(dice, low, threshold - 10),
                         at) for at in times]  # fmt: skip
        planted(Typology.STRUCTURING, structurer, parts)
    return out


@dataclass(slots=True)
class MoneyNetwork:
    """A small story for demos: persons and companies (``nodes`` of kind person and
    organisation, with ``role`` and ``country`` attrs), their accounts (kind account), who owns
    which (``owns`` edges) and the payments (``paid`` edges, the same as ``transfers``), with
    the planted typologies labelled."""

    nodes: list[Node]
    edges: list[Edge]
    transfers: list[Transfer]
    planted: list[Planted]


_CREW = (
    ("leader", "AL", 1), ("lieutenant", "AL", 1), ("financier", "RS", 1), ("courier", "BG", 4),
    ("courier", "RO", 3), ("courier", "AL", 2), ("mule", "MD", 2), ("mule", "BG", 2),
    ("mule", "UA", 1), ("associate", "TR", 3), ("associate", "RS", 3),
)  # fmt: skip
_COMPANIES = (
    ("Adriatic Freight Lines", "AL", "front"), ("Sunrise Car Wash", "BG", "cash business"),
    ("Balkan Import-Export", "RS", "front"), ("Meridian Holdings", "CY", "shell"),
    ("Crescent Trading FZE", "AE", "shell"), ("Old Bridge Restaurant", "BG", "employer"),
    ("Danube Property", "RO", "landlord"), ("Euro Fuel Station", "BG", "shop"),
)  # fmt: skip


def smuggling_network(seed: int = 7, *, start: date = date(2025, 3, 1)) -> MoneyNetwork:
    """Twenty-three persons and eight companies over six months: salaries, rent, fuel and small
    payments among friends, and a smuggling ring's money: couriers paying the lieutenant
    (fan-in), the financier layering cash through mules into a front company (scatter-gather),
    the front round-tripping through two shells (cycle), and the car wash paying in cash just
    under 10,000 (structuring)."""
    dice = Dice(seed, "smuggling-network")
    writer = _Writer(start, "EUR")
    nodes: list[Node] = []
    edges: list[Edge] = []
    account: dict[str, str] = {}  # owner node key -> account number
    people: dict[str, list[str]] = {}  # role -> owner keys

    def open_account(owner: str, country: str) -> None:
        number = dice.pattern(f"{country}##@@@@##########")
        account[owner] = number
        nodes.append(Node(number, "account", number, {"country": country}))
        edges.append(Edge(owner, number, kind="owns", directed=True, key=f"owns:{number}"))

    for role, country, count in _CREW:
        for _ in range(count):
            key = f"person:{len(nodes):03d}"
            gender = Gender.FEMALE if role == "associate" and dice.chance(0.5) else Gender.MALE
            given, family = passport_name(dice, country, gender)
            nodes.append(Node(key, "person", f"{given} {family}".title(),
                              {"role": role, "country": country}))  # fmt: skip
            people.setdefault(role, []).append(key)
            open_account(key, country)
    for name, country, role in _COMPANIES:
        key = f"company:{len(nodes):03d}"
        nodes.append(Node(key, "organisation", name, {"role": role, "country": country}))
        people.setdefault(role, []).append(key)
        open_account(key, country)

    def acc(role: str, index: int = 0) -> str:
        return account[people[role][index]]

    day, planted = 86_400.0, []
    everyone = [p for role in ("courier", "mule", "associate", "lieutenant") for p in people[role]]
    for month in range(6):  # the ordinary life of the network: regular and small payments
        day0 = month * 30.4 * day
        for i, person in enumerate(everyone):
            employer = acc("employer") if i % 2 else acc("front")
            writer.pay(employer, account[person], 1_400 + 100 * (i % 7), day0 + 24 * day)
            writer.pay(account[person], acc("landlord"), 450 + 50 * (i % 5), day0 + day)
            for _ in range(3):
                writer.pay(account[person], acc("shop"), _log_uniform(dice, 20, 90),
                           day0 + dice.random() * 30 * day)  # fmt: skip
            friend = everyone[(i + 1 + dice.between(0, 3)) % len(everyone)]
            writer.pay(account[person], account[friend], _log_uniform(dice, 10, 150),
                       day0 + dice.random() * 30 * day)  # fmt: skip
        writer.pay(acc("front"), acc("front", 1), _log_uniform(dice, 3_000, 6_000), day0 + 9 * day)

    def pay(source: str, target: str, amount: float, at: float) -> tuple[str, str, str]:
        return source, target, writer.pay(source, target, round(amount, 2), at)

    def label(typology: Typology, centre: str, parts: list[tuple[str, str, str]]) -> None:
        accounts = frozenset(a for s, t, _ in parts for a in (s, t))
        planted.append(Planted(typology, centre, accounts, frozenset(k for _, _, k in parts)))

    boss = acc("lieutenant")
    collected = [pay(account[c], boss, _log_uniform(dice, 1_500, 4_800), 40 * day + i * 4_000)
                 for i, c in enumerate(people["courier"])]  # fmt: skip
    label(Typology.FAN_IN, boss, collected)
    layered = []
    for i, mule in enumerate(people["mule"]):
        split = _log_uniform(dice, 4_000, 7_000)
        layered.append(pay(acc("financier"), account[mule], split, 70 * day + i * 9_000))
        layered.append(pay(account[mule], acc("front", 1), split * 0.95, 72 * day + i * 20_000))
    label(Typology.SCATTER_GATHER, acc("financier"), layered)
    sent, hops = 62_000.0, [acc("front", 1), acc("shell"), acc("shell", 1)]
    circle = []
    for i, source in enumerate(hops):
        circle.append(pay(source, hops[(i + 1) % 3], sent, (100 + 3 * i) * day))
        sent *= 0.97
    label(Typology.CYCLE, hops[0], circle)
    till, wash = f"CASH-{acc('cash business')[:2]}", acc("cash business")
    nodes.append(Node(till, "account", f"cash paid in ({till[5:]})", {"country": till[5:]}))
    washed = [
        pay(till, wash, _log_uniform(dice, 9_300, 9_950), (130 + 1.2 * i) * day) for i in range(4)
    ]
    label(Typology.STRUCTURING, acc("cash business"), washed)

    writer.out.sort(key=lambda item: item[0])
    transfers = [t for _, t in writer.out]
    return MoneyNetwork(nodes, edges + [transfer_edge(t) for t in transfers], transfers, planted)
