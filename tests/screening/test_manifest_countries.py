"""Manifests and MRZs: a Kosovar or a stateless traveller is screened like anyone else; a date of
birth in the future is that row's error, never the manifest's, and never read from an MRZ."""

from __future__ import annotations

import io
from datetime import date

from clew.screening.documents import compare_document_numbers, parse_mrz
from clew.screening.manifests import _birth, read_manifest
from tests.screening.test_documents import TD3

CSV = (
    "family_name,given_names,date_of_birth,nationality,document_number,document_country\n"
    "KRASNIQI,ARBEN,1988-02-17,XK,P01234567,RKS\n"
    "HADDAD,OMAR,1979,XXA,X1234567,XXA\n"
    "FUTURE,FAY,2099-01-01,BG,,\n"
    "PETROV,IVAN,1979-11-02,BG,382154907,BG\n"
)

PAXLST = (
    "UNA:+.? 'UNB+UNOA:4+FLYBG:ZZ+BGBORDER:ZZ+261125:0930+PL0001++APIS'"
    "UNH+PAX001+PAXLST:D:05B:UN:IATA+FB471/261125/1030+01:F'TDT+20+FB471+++FB'"
    "NAD+FL+++KRASNIQI:ARBEN'ATT+2++M'DTM+329:880217'NAT+2+RKS'DOC+P:110:111+P01234567'"
    "LOC+91+RKS'"
    "NAD+FL+++HADDAD:OMAR'DTM+329:790101'NAT+2+XXA'"
    "NAD+FL+++FUTURE:FAY'DTM+329:20990101'NAT+2+BGR'"
    "UNT+9+PAX001'UNZ+1+PL0001'"
)


def test_a_csv_manifest_screens_kosovars_and_stateless_travellers() -> None:
    rows = list(read_manifest("csv", io.StringIO(CSV)))
    assert [r.line for r in rows if r.request is None] == [4]
    kosovar, stateless = rows[0].request, rows[1].request
    assert kosovar is not None and kosovar.person is not None and kosovar.document is not None
    assert (kosovar.person.nationality, kosovar.document.country) == ("XK", "XK")
    assert stateless is not None and stateless.person is not None
    assert stateless.person.nationality == "XXA"
    assert [(e.field, e.message) for e in rows[2].errors] == [
        ("person.date_of_birth", "2099-01-01 is in the future")
    ]


def test_a_paxlst_manifest_reads_the_travel_document_codes() -> None:
    rows = list(read_manifest("paxlst", io.StringIO(PAXLST)))
    assert [r.traveller for r in rows] == ["ARBEN KRASNIQI", "OMAR HADDAD", "FAY FUTURE"]
    kosovar, stateless, future = rows
    assert kosovar.errors == [] and kosovar.request is not None
    assert kosovar.request.person is not None and kosovar.request.document is not None
    assert (kosovar.request.person.nationality, kosovar.request.document.country) == ("XK", "XK")
    assert stateless.request is not None and stateless.request.person is not None
    assert stateless.request.person.nationality == "XXA"
    assert future.request is None
    assert [e.message for e in future.errors] == ["2099-01-01 is in the future"]


def test_a_two_digit_year_of_birth_is_never_read_into_the_future() -> None:
    today = date(2026, 12, 7)
    assert _birth("261231", today) == "1926-12-31"
    assert _birth("261207", today) == "2026-12-07"
    assert _birth("880217", today) == "1988-02-17"
    # The specimen passport's holder was born on 12 August 1974, read in June 2074.
    assert parse_mrz(TD3, today=date(2074, 6, 1)).date_of_birth == "1974-08-12"
    assert parse_mrz(TD3, today=date(2074, 8, 12)).date_of_birth == "2074-08-12"


def test_a_british_nationality_class_is_the_same_issuer_as_gb() -> None:
    same = compare_document_numbers("123456789", "123456789", query_country="GBD",
                                    record_country="GB")  # fmt: skip
    other = compare_document_numbers("123456789", "123456789", query_country="XK",
                                     record_country="RS")  # fmt: skip
    assert (same.verdict, other.verdict) == ("exact", "different")
