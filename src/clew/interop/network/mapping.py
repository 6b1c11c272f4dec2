"""The mapping step: which column of a file holds which Clew field, proposed from the header.

CSV files of nodes, edges, call-detail records and bank transactions come with whatever
column names the tool that wrote them chose. The person importing sees the file's columns
(:func:`~clew.interop.network.table.columns`), is offered a mapping from Clew fields to those
columns (:func:`guess_mapping`), corrects it, and the reader takes the result. A field that is
not mapped is left empty; a required field that is not mapped is an error on the header.

Guessing compares header cells folded to lower-case letters and digits (``From Account`` is
``fromaccount``) with a list of common names per field, field by field in the order of the
field list, each column used once. Some fields may share a column when no column of their
own is found: ``end`` takes ``start``'s column when that is a single date column (``date``),
so a dated event gets ``start == end``; a node's ``label`` takes ``key``'s column when the
only name for both is ``name``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from clew.interop.network.values import ENTITY_KINDS_TEXT, LINK_KINDS_TEXT

__all__ = [
    "CDR_FIELDS",
    "EDGE_FIELDS",
    "NODE_FIELDS",
    "TRANSACTION_FIELDS",
    "Field",
    "FieldMap",
    "fold",
    "guess_mapping",
]

FieldMap = Mapping[str, str]
"""Clew field name -> the file's column name, as the caller chose."""

_NOT_ALNUM: Final = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True, slots=True)
class Field:
    """A Clew field of a format: its name, whether a file must map it, what it means, and the
    folded header names that :func:`guess_mapping` takes for it (first found wins)."""

    name: str
    required: bool
    meaning: str
    guesses: tuple[str, ...]
    same_as: str | None = None


def fold(header: str) -> str:
    """``"From Account"`` -> ``"fromaccount"``: lower case, letters and digits only."""
    return _NOT_ALNUM.sub("", header.lower())


_DATES: Final = ("date", "datetime", "timestamp", "time", "day")

NODE_FIELDS: Final = (
    Field("key", True, "the node's id, unique in the file",
          ("id", "key", "nodeid", "node", "entityid", "uid", "identifier", "name", "label")),
    Field("kind", False, f"the kind of entity: {ENTITY_KINDS_TEXT}",
          ("kind", "type", "entitytype", "nodetype", "category", "class", "schema")),
    Field("label", False, "what to show for the node (empty: the key is shown)",
          ("label", "name", "caption", "title", "fullname", "displayname"), same_as="key"),
    Field("role", False, "the part the entity plays (leader, courier, financier...)",
          ("role", "position", "function", "rank")),
    Field("alerts", False, "number of watchlist alerts on the entity (whole number)",
          ("alerts", "alertcount", "hits", "watchlisthits")),
    Field("money", False, "amount of money the entity handled (number)",
          ("money", "amount", "total", "turnover")),
    Field("date", False, "the date of an event",
          ("date", "eventdate", "day", "when")),
)  # fmt: skip

EDGE_FIELDS: Final = (
    Field("source", True, "the key of the node the link starts from",
          ("source", "from", "sourceid", "src", "caller", "callingnumber", "aparty", "anumber",
           "sender", "payer", "origin", "node1", "subject", "ego", "fromid")),
    Field("target", True, "the key of the node the link goes to",
          ("target", "to", "targetid", "dst", "callee", "callednumber", "bparty", "bnumber",
           "receiver", "recipient", "beneficiary", "destination", "node2", "object", "alter",
           "toid")),
    Field("kind", False, f"the kind of link: {LINK_KINDS_TEXT} (default: the reader's kind)",
          ("kind", "type", "linktype", "edgetype", "relation", "relationship", "label")),
    Field("weight", False, "how much the link counts, e.g. number of calls (default 1)",
          ("weight", "count", "calls", "numberofcalls", "n", "frequency", "strength")),
    Field("start", False, "first day the link held",
          ("start", "startdate", "since", "begin", "firstdate", "first", "from date",
           *_DATES)),
    Field("end", False, "last day the link held (a date column alone: start and end)",
          ("end", "enddate", "until", "lastdate", "last", *_DATES), same_as="start"),
    Field("directed", False, "whether the direction means something (yes/no; default by kind)",
          ("directed", "isdirected", "direction")),
    Field("reliability", False, "grading of the source: A, B, C or X",
          ("reliability", "sourcereliability", "sourcegrading", "sourcegrade", "source grade")),
    Field("information", False, "grading of the information: 1 to 4",
          ("information", "informationgrading", "infograding", "informationgrade", "credibility")),
    Field("amount", False, "amount of a payment (number)",
          ("amount", "sum", "value", "amt")),
    Field("currency", False, "currency of the amount (three letters, e.g. EUR)",
          ("currency", "ccy", "cur", "currencycode")),
    Field("key", False, "the link's own id",
          ("id", "key", "edgeid", "linkid", "reference", "ref")),
)  # fmt: skip

CDR_FIELDS: Final = (
    Field("caller", True, "the number that called",
          ("caller", "callingnumber", "callingparty", "callernumber", "calling", "aparty",
           "anumber", "msisdna", "originator", "from", "source", "src", "msisdn")),
    Field("callee", True, "the number that was called",
          ("callee", "callednumber", "calledparty", "calleenumber", "called", "bparty",
           "bnumber", "msisdnb", "receiver", "recipient", "dialled", "dialed", "destination",
           "to", "target", "dst")),
    Field("start", False, "when the call started (a date, any time after it ignored)",
          ("start", "starttime", "startdate", "calldate", "calltime", "begin", *_DATES)),
    Field("duration", False, "how long the call lasted: seconds, M:SS or H:MM:SS",
          ("duration", "durationsec", "durations", "durationseconds", "seconds", "secs",
           "callduration", "length", "calllength")),
    Field("key", False, "the record's own id",
          ("id", "key", "callid", "recordid", "cdrid", "reference", "ref")),
)  # fmt: skip

TRANSACTION_FIELDS: Final = (
    Field("source", True, "the account the money left (IBAN or account number)",
          ("fromaccount", "from", "payeraccount", "payer", "debtoraccount", "debtor",
           "senderaccount", "sender", "orderingaccount", "fromiban", "source", "originator",
           "account", "iban")),
    Field("target", True, "the account the money went to",
          ("toaccount", "to", "beneficiaryaccount", "beneficiary", "creditoraccount",
           "creditor", "receiveraccount", "receiver", "recipient", "toiban", "target",
           "counterpartyaccount", "counterparty", "counteriban")),
    Field("amount", True, "the amount paid (a positive number)",
          ("amount", "sum", "value", "amt", "transactionamount")),
    Field("currency", False, "three letters, e.g. EUR (default: the reader's currency)",
          ("currency", "ccy", "cur", "currencycode")),
    Field("date", False, "the day of the payment",
          ("date", "transactiondate", "bookingdate", "valuedate", "executiondate", "datetime",
           "timestamp", "day")),
    Field("source_name", False, "the name of the paying account's holder",
          ("fromname", "payername", "debtorname", "sendername", "ordername", "sourcename")),
    Field("target_name", False, "the name of the receiving account's holder",
          ("toname", "beneficiaryname", "creditorname", "receivername", "recipientname",
           "targetname", "counterpartyname")),
    Field("key", False, "the transaction's own id",
          ("id", "transactionid", "txid", "reference", "ref", "key")),
)  # fmt: skip


def guess_mapping(header: Sequence[str], fields: Sequence[Field] = EDGE_FIELDS) -> dict[str, str]:
    """Propose a mapping from ``fields`` to columns of ``header`` (see the module docstring).

    Returns only the fields it found a column for; an empty header gives ``{}``. Guessing
    twice from the same header gives the same mapping, and a mapping that is guessed reads
    the file as the guess says (it is an ordinary mapping).
    """
    folded = [fold(cell) for cell in header]
    used: set[int] = set()
    found: dict[str, str] = {}
    for spec in fields:
        wanted = [fold(g) for g in spec.guesses]
        position = next(
            (
                i
                for guess in wanted
                for i, cell in enumerate(folded)
                if cell == guess and i not in used and cell
            ),
            None,
        )
        if position is None and spec.same_as in found:
            shared = header.index(found[spec.same_as])
            if folded[shared] in wanted:
                position = shared
        if position is not None:
            used.add(position)
            found[spec.name] = header[position]
    return found
