"""Bank transactions: accounts normalised, IBAN check digits, one paid edge per payment."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clew.interop.network.transactions import (
    iban_is_valid,
    normalise_account,
    read_transactions_csv,
)
from tests.interop.network.factories import day, edge, edges_of, errors, node, nodes_of, read

DE = "DE89370400440532013000"  # the textbook IBAN
GB = "GB82WEST12345698765432"


@pytest.mark.parametrize(
    ("text", "account"),
    [
        ("DE89 3704 0044 0532 0130 00", DE),
        ("de89370400440532013000", DE),
        ("IBAN DE89 3704 0044 0532 0130 00", DE),
        ("IBAN: GB82-WEST-1234-5698-7654-32", GB),
        ("40-12 345/67", "4012345/67"),  # a domestic number keeps its own form
    ],
)
def test_normalise_account(text: str, account: str) -> None:
    assert normalise_account(text) == account


@pytest.mark.parametrize("text", ["", "DE89 #3704", "x" * 41])
def test_not_accounts(text: str) -> None:
    with pytest.raises(ValueError, match="is not an account number"):
        normalise_account(text)


@pytest.mark.parametrize(
    ("iban", "valid"),
    [(DE, True), (GB, True), ("DE88370400440532013000", False), ("FR1420041010050500013M02606",
     True), ("FR1420041010050500013M02607", False), ("1234", False)],
)  # fmt: skip
def test_iban_check_digits(iban: str, valid: bool) -> None:
    assert iban_is_valid(iban) is valid


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="DEGB0123456789 -.ibanIBAN:/x", max_size=40))
def test_normalising_an_account_twice_is_normalising_once(text: str) -> None:
    try:
        once = normalise_account(text)
    except ValueError:
        return
    assert normalise_account(once) == once


STATEMENT = """\
Booking date;From account;To account;Amount;Currency;Payer name;Reference
01.02.2024;DE89 3704 0044 0532 0130 00;GB82 WEST 1234 5698 7654 32;1.234,50;eur;A. Petrova;T-1
03.02.2024;GB82WEST12345698765432;DE89370400440532013000;99;EUR;;
"""


def test_a_bank_statement() -> None:
    items = read(read_transactions_csv, STATEMENT)
    assert not errors(items)
    assert nodes_of(items) == [node(DE, "account", DE, holder="A. Petrova"),
                               node(GB, "account", GB)]  # fmt: skip
    assert edges_of(items) == [
        edge(DE, GB, "paid", start=day("2024-02-01"), end=day("2024-02-01"), directed=True,
             key="T-1", attrs={"amount": 1234.5, "currency": "EUR"}),
        edge(GB, DE, "paid", start=day("2024-02-03"), end=day("2024-02-03"), directed=True,
             attrs={"amount": 99.0, "currency": "EUR"}),
    ]  # fmt: skip


def test_a_default_currency() -> None:
    items = read(read_transactions_csv, "from,to,amount\n111,222,5\n", currency="chf")
    assert edges_of(items)[0].attrs == {"amount": 5.0, "currency": "CHF"}


BAD_IBAN = "from,to,amount\nDE88370400440532013000,222,5\n"


def test_a_failed_iban_check_is_a_warning_by_default() -> None:
    items = read(read_transactions_csv, BAD_IBAN)
    assert not errors(items)
    [paid] = [i for i in items if i.edge]
    assert [(w.field, w.message) for w in paid.warnings] == [
        ("from", "IBAN DE88370400440532013000 fails its check digits")
    ]


def test_a_failed_iban_check_is_an_error_when_strict() -> None:
    items = read(read_transactions_csv, BAD_IBAN, strict_iban=True)
    assert errors(items) == [(2, "from", "IBAN DE88370400440532013000 fails its check digits")]
    assert not nodes_of(items)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("from,to,amount\n111,222,\n", (2, "amount", "is empty")),
        ("from,to,amount\n111,222,0\n", (2, "amount", "must be positive: for money the other"
                                                    " way, swap the accounts")),
        ("from,to,amount\n111,222,lots\n", (2, "amount", "'lots' is not a number")),
        ("from,to,amount,currency\n111,222,5,euros\n",
         (2, "currency", "'euros' is not a currency code (three letters, e.g. EUR)")),
        ("from,to,amount,date\n111,222,5,2024-02\n",
         (2, "date", "'2024-02' is not a full date (YYYY-MM-DD or DD.MM.YYYY)")),
        ("from,to,amount\n1#1,222,5\n", (2, "from", "'1#1' is not an account number (letters,"
                                                  " digits, spaces)")),
        ("from,to\n111,222\n", (1, "amount", "is required: map a column to it (the amount paid"
                                            " (a positive number))")),
    ],
)  # fmt: skip
def test_transaction_errors(text: str, expected: tuple[int, str, str]) -> None:
    assert errors(read(read_transactions_csv, text))[0] == expected
