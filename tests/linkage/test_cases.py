"""Golden pairs: each says why the two entities must, or must not, be proposed as one.

``link`` is run on the pair alone (a two-item batch: the fixed calibration, no estimation),
and the expected outcome is ``strong``, ``proposed`` or ``None`` (not proposed).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from clew.linkage import Candidate, Field, Strength, Verdict, link
from tests.linkage.factories import person, thing


@dataclass
class Case:
    why: str
    left: Candidate
    right: Candidate
    outcome: Strength | None
    verdicts: dict[Field, Verdict] = field(default_factory=dict)


S, P = Strength.STRONG, Strength.PROPOSED
F, V = Field, Verdict
DOB = "1985-03-07"

CASES = [
    # --- must match -------------------------------------------------------------------------
    Case("Cyrillic and its passport transliteration, same date of birth",
         person("a", "Юлия Тимофеева", dob=DOB), person("b", "IULIIA TIMOFEEVA", dob=DOB), S,
         {F.NAME: V.EXACT, F.BIRTH_DATE: V.EXACT}),
    Case("Greek script against a Latin passport spelling",
         person("a", "Γεώργιος Παπαδόπουλος", dob=DOB),
         person("b", "Georgios Papadopoulos", dob=DOB), S, {F.NAME: V.EXACT}),
    Case("given name and surname swapped by the other country's form",
         person("a", "Ivan Petrov", dob=DOB), person("b", "PETROV Ivan", dob=DOB), S,
         {F.NAME: V.EXACT}),
    Case("one-digit typo in the date of birth, same name",
         person("a", "Jonas Petraitis", dob=DOB), person("b", "Jonas Petraitis", dob="1985-03-01"),
         S, {F.BIRTH_DATE: V.TYPO}),
    Case("day and month swapped (US against European order)",
         person("a", "Anna Kowalska", dob="1985-03-07"),
         person("b", "Anna Kowalska", dob="1985-07-03"), S, {F.BIRTH_DATE: V.SWAPPED}),
    Case("a year of birth only, agreeing with the full date",
         person("a", "Mohamed Ali Khatib", dob="1979"),
         person("b", "Muhammad Ali al-Khatib", dob="1979-05-02"), P,
         {F.BIRTH_DATE: V.PARTIAL}),
    Case("a typo in the surname, same date of birth and address",
         person("a", "Marek Dvorak", dob=DOB, address="Vinohradska 12, Praha"),
         person("b", "Marek Dvorzak", dob=DOB, address="Vinohradska 12 Praha"), S,
         {F.ADDRESS: V.EXACT}),
    Case("Oleksandr and Alexander share a passport number written differently",
         person("a", "Oleksandr Shevchenko", identifiers={"passport": "FA 123456"}),
         person("b", "Alexander Shevchenko", identifiers={"passport": "FA123456"}), S,
         {F.IDENTIFIER: V.EXACT}),
    Case("a shared document number read with an OCR confusion (O for 0)",
         person("a", "Ion Popescu", dob=DOB, identifiers={"passport": "O5123456"}),
         person("b", "Ion Popescu", dob=DOB, identifiers={"passport": "05123456"}), S,
         {F.IDENTIFIER: V.CLOSE}),
    Case("the same phone number with and without the country code",
         person("a", "Janis Berzins", phones=["+371 2912 3456"]),
         person("b", "Jānis Bērziņš", phones=["29123456"]), S, {F.PHONE: V.EXACT}),
    Case("explicit gender agrees, names as written in two countries",
         person("a", "Nguyễn Văn Minh", dob=DOB, gender="m", country="VNM"),
         person("b", "NGUYEN VAN MINH", dob=DOB, gender="male", country="VN"), S,
         {F.GENDER: V.EXACT, F.COUNTRY: V.EXACT}),
    Case("organisations: legal form written two ways and one registration number",
         thing("a", "organisation", names=["Acme Holdings Ltd"],
               identifiers={"registration": "HRB 12345"}),
         thing("b", "organisation", names=["ACME Holdings Limited"],
               identifiers={"registration": "HRB12345"}), S),
    Case("phones: one number, two spellings",
         thing("a", "phone", phones=["+359 88 123 4567"]),
         thing("b", "phone", phones=["0881234567"]), S),
    Case("vehicles: one VIN, an O read for a 0 in one copy",
         thing("a", "vehicle", identifiers={"vin": "WVWZZZ1JZXW000001"}),
         thing("b", "vehicle", identifiers={"vin": "WVWZZZ1JZXW0000O1"}), S),
    Case("accounts: an IBAN too long for a document number, spaced differently",
         thing("a", "account", identifiers={"iban": "LV80 BANK 0000 4351 9500 1"}),
         thing("b", "account", identifiers={"iban": "LV80BANK0000435195001"}), S),
    Case("the same number written with a leading zero is the same code",
         person("a", "Player 07", dob=DOB), person("b", "PLAYER 7", dob=DOB), S,
         {F.NAME: V.EXACT}),
    Case("the same name and nothing else: worth a look, not strong",
         person("a", "John Smith"), person("b", "John Smith"), P),
    # --- must not match ---------------------------------------------------------------------
    Case("same name, a different date of birth: two people",
         person("a", "John Smith", dob=DOB), person("b", "John Smith", dob="1962-11-20"), None,
         {F.BIRTH_DATE: V.DIFFERENT}),
    Case("brother and sister twins: the other sex's forms, one date of birth",
         person("a", "Ivan Petrov", dob=DOB), person("b", "Ivana Petrova", dob=DOB), None,
         {F.GENDER: V.DIFFERENT}),
    Case("the other sex's form of the surname, explicit genders differ",
         person("a", "Elena Petrova", dob=DOB, gender="f"),
         person("b", "Elena Petrov", dob=DOB, gender="m"), None, {F.GENDER: V.DIFFERENT}),
    Case("a stolen passport: one number, another name and date of birth",
         person("a", "Aleksandr Ivanov", dob="1980-01-05", identifiers={"passport": "AB1234567"}),
         person("b", "Nguyen Van Hung", dob="1992-07-17", identifiers={"passport": "AB1234567"}),
         None, {F.IDENTIFIER: V.EXACT, F.NAME: V.DIFFERENT}),
    Case("same surname and date of birth, another given name: relatives",
         person("a", "Tomas Novak", dob=DOB), person("b", "Petr Novak", dob=DOB), None),
    Case("a shared address alone identifies no one",
         person("a", "Maria Garcia", address="Calle Mayor 5, Madrid"),
         person("b", "Lucia Fernandez", address="Calle Mayor 5, Madrid"), None),
    Case("a person and an organisation of the same name are never paired",
         person("a", "Victor Bout", identifiers={"registration": "123456"}),
         thing("b", "organisation", names=["Victor Bout"],
               identifiers={"registration": "123456"}), None),
    Case("names that differ only by a number are two entities (a code name, a unit)",
         person("a", "Player 1"), person("b", "Player 10"), None, {F.NAME: V.DIFFERENT}),
    Case("a number inside the other's number is still another number",
         thing("a", "organisation", names=["Unit 7"]),
         thing("b", "organisation", names=["Unit 17"]), None, {F.NAME: V.DIFFERENT}),
    Case("names that differ only by a code of letters and digits",
         thing("a", "organisation", names=["Cell B7"]),
         thing("b", "organisation", names=["Cell B8"]), None, {F.NAME: V.DIFFERENT}),
    Case("phones: different numbers",
         thing("a", "phone", phones=["+359 88 123 4567"]),
         thing("b", "phone", phones=["+359 88 765 4321"]), None),
]  # fmt: skip

VIETNAMESE_TONES = Case(
    "Vietnamese Hùng and Hưng are two names: never strong, whatever else agrees",
    person("a", "Nguyễn Văn Hùng", dob=DOB),
    person("b", "Nguyễn Văn Hưng", dob=DOB),
    P,
    {F.NAME: V.PARTIAL},
)


@pytest.mark.parametrize("case", [*CASES, VIETNAMESE_TONES], ids=lambda c: c.why)
def test_golden_pair(case: Case) -> None:
    for left, right in ((case.left, case.right), (case.right, case.left)):
        matches = link([left], [right])
        assert len(matches) <= 1
        outcome = matches[0].strength if matches else None
        assert outcome == case.outcome, (case.why, matches)
        if matches and case.verdicts:
            reasons = {reason.field: reason.verdict for reason in matches[0].reasons}
            for name, verdict in case.verdicts.items():
                assert reasons.get(name) == verdict, (case.why, name, reasons)


@pytest.mark.parametrize("case", [c for c in CASES if c.outcome is None and c.verdicts],
                         ids=lambda c: c.why)  # fmt: skip
def test_refuted_pairs_say_why(case: Case) -> None:
    """A pair that is not proposed still shows the verdict that refutes it, at threshold 0."""
    from clew.linkage import Thresholds

    matches = link([case.left], [case.right], thresholds=Thresholds(strong=1.0, propose=0.0))
    reasons = {reason.field: reason.verdict for reason in matches[0].reasons}
    for name, verdict in case.verdicts.items():
        assert reasons.get(name) == verdict, (case.why, name, reasons)


def test_numbered_names_are_never_proposed_as_one() -> None:
    """A network of numbered players ("Player 1" ... "Player 30") has no duplicates."""
    from clew.linkage import dedupe

    players = [person(str(i), f"Player {i}") for i in range(1, 31)]
    assert dedupe(players, train=False) == []
