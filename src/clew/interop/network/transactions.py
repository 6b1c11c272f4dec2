"""Bank transactions in CSV: which account paid which, how much, in what currency, when.

One row per payment, columns through a mapping
(:data:`~clew.interop.network.mapping.TRANSACTION_FIELDS`, guessed from names such as
``from account``/``to account``, ``payer``/``beneficiary``, ``debtor``/``creditor``,
``amount``, ``currency``, ``booking date``). Each account becomes an ``account`` node the
first time it is seen (keyed and labelled by its normalised form, see
:func:`normalise_account`; the holder's name, when mapped, in ``attrs["holder"]``), each
payment a directed ``paid`` edge with ``start == end ==`` its date and ``amount`` and
``currency`` in its attrs. The amount is required and must be positive; the currency is three
letters, or the reader's ``currency`` when the file has none.

An account that looks like an IBAN (two letters, two digits, then letters and digits, 15 to 34
characters) whose check digits fail is a warning on the row by default (the item is still
made: a typo in a bank's export should not lose the payment) and an error with
``strict_iban=True``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Final

from clew.errors import FieldError
from clew.graph.items import Edge, Node
from clew.intel.vocabulary import EntityKind, LinkKind
from clew.interop.network.lists import currency_code
from clew.interop.network.mapping import TRANSACTION_FIELDS, FieldMap
from clew.interop.network.parsed import ParsedItem, Source
from clew.interop.network.table import Cells, read_table
from clew.interop.network.values import parse_date, parse_number

__all__ = ["iban_is_valid", "looks_like_iban", "normalise_account", "read_transactions_csv"]

_SPACES: Final = re.compile(r"[\s\-.\u00a0]")
_IBAN: Final = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")
_ACCOUNT: Final = re.compile(r"[A-Za-z0-9/]{1,40}")


def normalise_account(text: str) -> str:
    """An account number without spaces, hyphens or dots; an IBAN also upper-cased.

    ``IBAN`` written before the number is dropped (``IBAN DE89 3704 ...``). Raises
    :class:`ValueError` for an empty result, for characters other than letters, digits and
    ``/``, and for more than 40 characters. Normalising twice gives the same.
    """
    cleaned = _SPACES.sub("", text.strip())
    if cleaned[:4].upper() == "IBAN" and len(cleaned) > 4 and not cleaned[4:6].isdigit():
        cleaned = cleaned[4:].lstrip(":")
    if not _ACCOUNT.fullmatch(cleaned):
        raise ValueError(f"'{text[:40]}' is not an account number (letters, digits, spaces)")
    upper = cleaned.upper()
    return upper if looks_like_iban(upper) else cleaned


def looks_like_iban(account: str) -> bool:
    """Two letters, two digits, then 11 to 30 letters or digits (upper case, no spaces)."""
    return bool(_IBAN.fullmatch(account))


def iban_is_valid(iban: str) -> bool:
    """The ISO 13616 check: the IBAN, its first four characters moved to the end and letters
    turned to numbers (A = 10 ... Z = 35), leaves 1 when divided by 97. The length for each
    country is not checked."""
    if not looks_like_iban(iban):
        return False
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def read_transactions_csv(
    data: Source,
    mapping: FieldMap | None = None,
    *,
    currency: str | None = None,
    strict_iban: bool = False,
) -> Iterator[ParsedItem]:
    """Read bank transactions (see the module docstring); ``mapping`` guessed when ``None``."""
    default_currency = currency_code(currency) if currency else None
    seen: set[str] = set()
    for row in read_table(data, TRANSACTION_FIELDS, mapping):
        if isinstance(row, ParsedItem):
            yield row
            continue
        cells = Cells(row)
        warnings: list[FieldError] = []
        accounts: list[str | None] = []
        for name in ("source", "target"):
            if name not in row.values:
                cells.fail(name, "is empty")
            account = cells.parse(name, normalise_account)
            if account and looks_like_iban(account) and not iban_is_valid(account):
                problem = FieldError(row.column(name), f"IBAN {account} fails its check digits")
                (cells.errors if strict_iban else warnings).append(problem)
            accounts.append(account)
        if "amount" not in row.values:
            cells.fail("amount", "is empty")
        amount = cells.parse("amount", parse_number)
        if amount is not None and amount <= 0:
            cells.fail("amount", "must be positive: for money the other way, swap the accounts")
        code = cells.parse("currency", currency_code) or default_currency
        day = cells.parse("date", parse_date)
        source, target = accounts
        if cells.errors or source is None or target is None or amount is None:
            yield ParsedItem(row.line, None, cells.errors, row.source, warnings)
            continue
        for account, holder in ((source, "source_name"), (target, "target_name")):
            if account not in seen:
                seen.add(account)
                holder_name = cells.text(holder)
                attrs = {"holder": holder_name} if holder_name else {}
                node = Node(account, EntityKind.ACCOUNT.value, account, attrs)
                yield ParsedItem(row.line, node, [], row.source)
        paid: dict[str, Any] = {"amount": amount}
        if code:
            paid["currency"] = code
        key = cells.text("key") or ""
        edge = Edge(source, target, LinkKind.PAID.value, 1.0, day, day, True, key, paid)
        yield ParsedItem(row.line, edge, [], row.source, warnings)
