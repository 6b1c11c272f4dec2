"""FollowTheMoney (FtM) entities as a network: things become nodes, interval entities links.

Reading (:func:`read_ftm_network`), one entity per line (``{"id", "schema", "properties"}``):

==============================================  ==============================================
FtM schema                                      Clew
==============================================  ==============================================
``Person``                                      ``person`` node
``Organization``, ``Company``, ``LegalEntity``  ``organisation`` node
``BankAccount``                                 ``account`` node
``Vehicle``                                     ``vehicle`` node
``Address``                                     ``address`` node
``Passport``, ``Identification``                ``document`` node, and ``holder`` -> ``owns``
``Event``                                       ``event`` node (``date``), ``involved`` ->
                                                ``took_part``
``Ownership`` (owner -> asset)                  ``owns``
``Directorship``, ``Membership``,               ``member_of`` (director, member, employee ->
``Employment``                                  organisation)
``Family``, ``Associate``                       ``related_to``, undirected
``UnknownLink`` (subject -> object)             ``related_to``, or the kind its ``role`` names
``Payment`` (payer -> beneficiary)              ``paid`` with ``amount``/``currency``
``Call`` (caller -> receiver)                   ``called`` (numbers when no entities)
==============================================  ==============================================

FtM has no phone schema: a ``phone`` property of a person or an organisation becomes a
``phone`` node (keyed by :func:`~clew.interop.network.cdr.normalise_phone`) and a ``uses``
edge; an ``addressEntity`` a ``lives_at`` edge. A link's ``role`` (``relationship`` for
family and associates) is kept in ``attrs["role"]`` and its schema in ``attrs["ftm"]``, so a
directorship is written back as one. Dates are ``startDate``/``endDate``, or ``date`` for
both; a partial date (``2024-03``) is left out with a warning. Entity ids are node and edge
keys; derived edges get ``<entity id>-<property>-<n>``. Other schemata, lines that are not
JSON, entities without an id and links without both ends are errors on their line.

Writing is :mod:`clew.interop.network.ftm_writer`; the two share the tables here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from clew.errors import FieldError
from clew.graph.items import Edge, Node
from clew.intel.vocabulary import EntityKind, LinkKind
from clew.interop.ftm import parse_entity
from clew.interop.lines import RowTooLong
from clew.interop.network.cdr import normalise_phone
from clew.interop.network.parsed import NOT_UTF8_MESSAGE, TOO_LONG, ParsedItem, Source, text_lines
from clew.interop.network.values import DIRECTED_KINDS, parse_number
from clew.interop.rows import excerpt
from clew.interop.vocabulary import full_date

if TYPE_CHECKING:
    from followthemoney import EntityProxy


__all__ = [
    "EDGE_META",
    "LINK_KINDS",
    "LINK_SCHEMATA",
    "META_PREFIX",
    "NODE_META",
    "SCHEMA_OF_KIND",
    "UNDIRECTED_SCHEMATA",
    "read_ftm_network",
]

META_PREFIX: Final = "clew:"

LINK_SCHEMATA: Final = {
    # schema: (source property, target property, kind, role property)
    "Ownership": ("owner", "asset", LinkKind.OWNS, "role"),
    "Directorship": ("director", "organization", LinkKind.MEMBER_OF, "role"),
    "Membership": ("member", "organization", LinkKind.MEMBER_OF, "role"),
    "Employment": ("employee", "employer", LinkKind.MEMBER_OF, "role"),
    "Family": ("person", "relative", LinkKind.RELATED_TO, "relationship"),
    "Associate": ("person", "associate", LinkKind.RELATED_TO, "relationship"),
    "UnknownLink": ("subject", "object", LinkKind.RELATED_TO, "role"),
    "Payment": ("payer", "beneficiary", LinkKind.PAID, "purpose"),
    "Call": ("caller", "receiver", LinkKind.CALLED, ""),
}
UNDIRECTED_SCHEMATA: Final = frozenset({"Family", "Associate"})
_NODES: Final = (
    ("Person", EntityKind.PERSON),
    ("LegalEntity", EntityKind.ORGANISATION),
    ("BankAccount", EntityKind.ACCOUNT),
    ("Vehicle", EntityKind.VEHICLE),
    ("Address", EntityKind.ADDRESS),
    ("Identification", EntityKind.DOCUMENT),
    ("Event", EntityKind.EVENT),
)
_LABELS: Final = ("name", "full", "number", "iban", "accountNumber", "registrationNumber")
_SUPPORTED: Final = (
    "Person, Organization, Company, LegalEntity, BankAccount, Vehicle, Address, Passport,"
    " Identification, Event, " + ", ".join(LINK_SCHEMATA)
)
SCHEMA_OF_KIND: Final = {
    LinkKind.CALLED: "Call",
    LinkKind.PAID: "Payment",
    LinkKind.OWNS: "Ownership",
    LinkKind.MEMBER_OF: "Membership",
}
NODE_META: Final = ("role", "alerts", "money")
LINK_KINDS: Final = frozenset(kind.value for kind in LinkKind)
EDGE_META: Final = ("reliability", "information")


# --- reading ----------------------------------------------------------------------------------


def read_ftm_network(data: Source) -> Iterator[ParsedItem]:
    """Read FtM entities as nodes and edges (see the module docstring), in one pass."""
    lines = text_lines(data)
    phones: set[str] = set()
    while True:
        lines.new_row()
        try:
            line = next(lines)
        except StopIteration:
            return
        except UnicodeDecodeError:
            yield ParsedItem(lines.number + 1, None, [FieldError("file", NOT_UTF8_MESSAGE)])
            return
        except RowTooLong:
            lines.skip_line()
            yield ParsedItem(lines.number, None, [FieldError("line", TOO_LONG)])
            continue
        if not line.strip():
            continue
        entity = _entity(lines.number, line)
        if isinstance(entity, ParsedItem):
            yield entity
        else:
            yield from _items(lines.number, entity, phones)


def _entity(number: int, line: str) -> EntityProxy | ParsedItem:
    entity = parse_entity(line, require_id=True)
    if isinstance(entity, FieldError):
        return ParsedItem(number, None, [entity], excerpt(line))
    return entity


def _source(entity: EntityProxy) -> str:
    return excerpt(f"{entity.schema.name} {entity.id}: {_label(entity)}")


def _label(entity: EntityProxy) -> str:
    for prop in _LABELS:
        value = entity.first(prop, quiet=True)
        if value:
            return value
    return ""


def _meta(entity: EntityProxy) -> tuple[dict[str, Any], list[FieldError]]:
    for summary in entity.get("summary", quiet=True):
        if summary.startswith(META_PREFIX):
            try:
                found = json.loads(summary[len(META_PREFIX) :])
            except (ValueError, RecursionError):
                found = None
            if isinstance(found, dict):
                return found, []
            return {}, [FieldError("summary", "has 'clew:' but no JSON object after it")]
    return {}, []


def _day(entity: EntityProxy, prop: str, warnings: list[FieldError]) -> date | None:
    value = entity.first(prop, quiet=True)
    if not value:
        return None
    iso = full_date(value)
    if iso is None:
        warnings.append(FieldError(prop, f"'{value[:20]}' is not a full date: left out"))
        return None
    return date.fromisoformat(iso)


def _items(number: int, entity: EntityProxy, phones: set[str]) -> Iterator[ParsedItem]:
    schema = entity.schema
    if schema.name in LINK_SCHEMATA:
        yield _link(number, entity, phones)
        for phone in _call_numbers(entity, phones):
            yield ParsedItem(number, phone, [], _source(entity))
        return
    kind = next((k for name, k in _NODES if schema.is_a(name)), None)
    if kind is None:
        message = f"'{schema.name}' is not read: Clew reads {_SUPPORTED}"
        yield ParsedItem(number, None, [FieldError("schema", message)], _source(entity))
        return
    yield from _node(number, entity, kind, phones)


def _node(
    number: int, entity: EntityProxy, kind: EntityKind, phones: set[str]
) -> Iterator[ParsedItem]:
    key = str(entity.id)
    source = _source(entity)
    warnings: list[FieldError] = []
    meta, errors = _meta(entity)
    attrs: dict[str, Any] = {k: meta[k] for k in NODE_META if k in meta}
    if kind is EntityKind.EVENT:
        day = _day(entity, "date", warnings) or _day(entity, "startDate", warnings)
        if day is not None:
            attrs["date"] = day
    yield ParsedItem(number, Node(key, kind.value, _label(entity), attrs), [], source,
                     warnings + errors)  # fmt: skip
    derived: list[tuple[str, str, LinkKind]] = []  # (property, other end, kind)
    if kind is EntityKind.DOCUMENT:
        derived += [("holder", h, LinkKind.OWNS) for h in entity.get("holder", quiet=True)]
    if kind is EntityKind.EVENT:
        derived += [
            ("involved", who, LinkKind.TOOK_PART) for who in entity.get("involved", quiet=True)
        ]
    derived += [
        ("addressEntity", a, LinkKind.LIVES_AT) for a in entity.get("addressEntity", quiet=True)
    ]
    for position, (prop, other, link) in enumerate(derived, start=1):
        edge_key = f"{key}-{prop}-{position}"
        ends = (other, key) if prop in ("holder", "involved") else (key, other)
        edge = Edge(*ends, link.value, directed=True, key=edge_key)
        yield ParsedItem(number, edge, [], source)
    for position, raw in enumerate(entity.get("phone", quiet=True), start=1):
        try:
            phone = normalise_phone(raw)
        except ValueError as error:
            yield ParsedItem(number, None, [FieldError("phone", str(error))], source)
            continue
        if phone not in phones:
            phones.add(phone)
            yield ParsedItem(number, Node(phone, EntityKind.PHONE.value, phone), [], source)
        edge = Edge(key, phone, LinkKind.USES.value, directed=True, key=f"{key}-phone-{position}")
        yield ParsedItem(number, edge, [], source)


def _call_numbers(entity: EntityProxy, phones: set[str]) -> Iterator[Node]:
    if entity.schema.name != "Call":
        return
    for prop in ("callerNumber", "receiverNumber"):
        raw = entity.first(prop, quiet=True)
        if raw:
            try:
                phone = normalise_phone(raw)
            except ValueError:
                continue
            if phone not in phones:
                phones.add(phone)
                yield Node(phone, EntityKind.PHONE.value, phone)


def _end(entity: EntityProxy, prop: str, errors: list[FieldError]) -> str | None:
    found = entity.first(prop, quiet=True)
    if found:
        return found
    if entity.schema.name == "Call":
        raw = entity.first(prop + "Number", quiet=True)
        if raw:
            try:
                return normalise_phone(raw)
            except ValueError as error:
                errors.append(FieldError(prop + "Number", str(error)))
                return None
    if entity.schema.name == "Payment":
        account = entity.first(prop + "Account", quiet=True)
        if account:
            return account
    errors.append(FieldError(prop, "is missing: a link needs both ends"))
    return None


def _link(number: int, entity: EntityProxy, phones: set[str]) -> ParsedItem:
    name = entity.schema.name
    source_prop, target_prop, kind, role_prop = LINK_SCHEMATA[name]
    source = _source(entity)
    meta, errors = _meta(entity)
    warnings: list[FieldError] = []
    ends = [_end(entity, prop, errors) for prop in (source_prop, target_prop)]
    role = entity.first(role_prop, quiet=True) if role_prop else None
    if name == "UnknownLink" and role in LINK_KINDS:
        kind, role = LinkKind(role), None
    attrs: dict[str, Any] = {k: meta[k] for k in EDGE_META if k in meta}
    if name not in SCHEMA_OF_KIND.values() and name != "UnknownLink":
        attrs["ftm"] = name
    if role:
        attrs["role"] = role
    if name == "Payment":
        _payment(entity, attrs, errors)
    if name == "Call":
        duration = entity.first("duration", quiet=True)
        if duration:
            try:
                attrs["duration"] = round(parse_number(duration))
            except ValueError as error:
                errors.append(FieldError("duration", str(error)))
    on = _day(entity, "date", warnings)
    start = _day(entity, "startDate", warnings) or on
    end = _day(entity, "endDate", warnings) or on
    if start and end and end < start:
        errors.append(FieldError("endDate", f"{end} is before the start, {start}"))
    weight = meta.get("weight", 1.0)
    if not isinstance(weight, int | float) or isinstance(weight, bool) or weight < 0:
        errors.append(FieldError("summary", "weight must be a number, not negative"))
        weight = 1.0
    directed = meta.get("directed")
    if not isinstance(directed, bool):
        directed = kind in DIRECTED_KINDS and name not in UNDIRECTED_SCHEMATA
    if errors or ends[0] is None or ends[1] is None:
        return ParsedItem(number, None, errors, source, warnings)
    edge = Edge(ends[0], ends[1], kind.value, float(weight), start, end, directed,
                str(entity.id), attrs)  # fmt: skip
    return ParsedItem(number, edge, [], source, warnings)


def _payment(entity: EntityProxy, attrs: dict[str, Any], errors: list[FieldError]) -> None:
    amount = entity.first("amount", quiet=True)
    if amount:
        try:
            attrs["amount"] = parse_number(amount)
        except ValueError as error:
            errors.append(FieldError("amount", str(error)))
    currency = entity.first("currency", quiet=True)
    if currency:
        attrs["currency"] = currency.upper()
