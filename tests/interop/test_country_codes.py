"""Every format reads a country the same way (Kosovo, travel-document codes) and refuses a date
of birth in the future on that row alone."""

from __future__ import annotations

import io
import json

from clew.interop.csv_format import read_csv
from clew.interop.ftm import read_ftm
from clew.interop.interpol import read_interpol
from clew.records.schemas import DocumentCreate, PersonCreate

CSV = (
    "kind,family_name,given_names,date_of_birth,nationalities,country_of_birth,identifiers,"
    "number,issuing_country,status\n"
    "person,Krasniqi,Arben,1988-02-17,XK,RKS,passport:P01234567:XK,,,\n"
    "person,Haddad,Omar,1979,XXA|XXB,,passport:X1234567:XXA,,,\n"
    "person,Smith,John,1970,GBD|D,,,,,\n"
    "document,,,,,,,UN12345,UNK,stolen\n"
    "person,Future,Fay,2099-01-01,BG,,,,,\n"
)


def test_csv_reads_kosovo_and_the_travel_document_codes() -> None:
    rows = list(read_csv(io.StringIO(CSV)))
    assert [r.line for r in rows if not r.ok] == [6]
    kosovar, refugee, british, document = (r.record for r in rows[:4])
    assert isinstance(kosovar, PersonCreate) and isinstance(refugee, PersonCreate)
    assert (kosovar.nationalities, kosovar.country_of_birth) == (["XK"], "XK")
    assert kosovar.identifiers[0].country == "XK"
    assert refugee.nationalities == ["XXA", "XXB"] and refugee.identifiers[0].country == "XXA"
    assert isinstance(british, PersonCreate) and british.nationalities == ["GBD", "DE"]
    assert isinstance(document, DocumentCreate) and document.issuing_country == "UNK"


def test_csv_refuses_a_date_of_birth_in_the_future_on_its_row() -> None:
    bad = list(read_csv(io.StringIO(CSV)))[4]
    assert [(e.field, e.message) for e in bad.errors] == [
        ("date_of_birth", "2099-01-01 is in the future")
    ]


def test_interpol_reads_kosovo_and_refuses_a_future_birth() -> None:
    notices = [
        {"forename": "ARBEN", "name": "KRASNIQI", "nationalities": ["XK", "ARG"],
         "country_of_birth_id": "XK", "date_of_birth": "1988/02/17"},
        {"forename": "FAY", "name": "FUTURE", "date_of_birth": "2099/01/01"},
    ]  # fmt: skip
    kosovar, future = read_interpol(io.StringIO(json.dumps(notices)))
    assert isinstance(kosovar.record, PersonCreate)
    assert (kosovar.record.nationalities, kosovar.record.country_of_birth) == (["XK", "AR"], "XK")
    assert future.record is None
    assert [(e.field, e.message) for e in future.errors] == [
        ("date_of_birth", "2099-01-01 is in the future")
    ]


def test_ftm_reads_kosovo_and_refuses_a_future_birth() -> None:
    def person(id: str, **properties: list[str]) -> str:
        return json.dumps({"id": id, "schema": "Person", "properties": properties}) + "\n"

    text = person("p1", name=["Arben Krasniqi"], nationality=["xk", "xxa"], birthCountry=["xk"])
    text += person("p2", name=["Fay Future"], birthDate=["2099-01-01"])
    kosovar, future = read_ftm(io.StringIO(text))
    assert isinstance(kosovar.record, PersonCreate)
    assert (kosovar.record.nationalities, kosovar.record.country_of_birth) == (["XK", "XXA"], "XK")
    assert future.record is None
    assert [(e.field, e.message) for e in future.errors] == [
        ("birthDate", "2099-01-01 is in the future")
    ]
