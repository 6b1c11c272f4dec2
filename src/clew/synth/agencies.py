"""The agencies of the synthetic world: police, border, customs and central bureaus of 17
countries plus one international body.

The codes of the countries the demo seeds (``clew.demo``) are the same here, so synthetic
records can be loaded into a demo database and belong to its agencies.
"""

from __future__ import annotations

from collections.abc import Mapping

from clew.access.roles import OrganisationType
from clew.synth.dice import Dice

__all__ = ["AGENCIES", "AGENCY_COUNTRY", "MEMBER_COUNTRIES", "agencies_of", "owner_for"]

_NCB = OrganisationType.NATIONAL_CENTRAL_BUREAU
_POLICE = OrganisationType.POLICE
_BORDER = OrganisationType.BORDER_GUARD
_CUSTOMS = OrganisationType.CUSTOMS

AGENCIES: tuple[tuple[str, str, str, OrganisationType], ...] = (
    ("INT-COORD", "International Coordination Centre", "XX", OrganisationType.INTERNATIONAL_BODY),
    ("BG-NCB", "National Central Bureau Sofia", "BG", _NCB),
    ("BG-BORDER", "Bulgarian Border Police", "BG", _BORDER),
    ("LV-POLICE", "Latvian State Police", "LV", _POLICE),
    ("LV-BORDER", "State Border Guard of Latvia", "LV", _BORDER),
    ("VN-NCB", "National Central Bureau Hanoi", "VN", _NCB),
    ("KH-POLICE", "Cambodian National Police", "KH", _POLICE),
    ("AT-NCB", "National Central Bureau Vienna", "AT", _NCB),
    ("AT-FIU", "Austrian Financial Intelligence Unit", "AT",
     OrganisationType.FINANCIAL_INTELLIGENCE_UNIT),
    ("ES-CUSTOMS", "Spanish Customs Surveillance", "ES", _CUSTOMS),
    ("ES-LIAISON", "Spanish Liaison Office", "ES", OrganisationType.LIAISON_OFFICE),
    ("ES-NCB", "National Central Bureau Madrid", "ES", _NCB),
    ("AL-NCB", "National Central Bureau Tirana", "AL", _NCB),
    ("AL-BORDER", "Albanian Border and Migration Police", "AL", _BORDER),
    ("BA-NCB", "National Central Bureau Sarajevo", "BA", _NCB),
    ("BA-BORDER", "Border Police of Bosnia and Herzegovina", "BA", _BORDER),
    ("MD-NCB", "National Central Bureau Chisinau", "MD", _NCB),
    ("MD-BORDER", "Border Police of the Republic of Moldova", "MD", _BORDER),
    ("MK-NCB", "National Central Bureau Skopje", "MK", _NCB),
    ("RO-NCB", "National Central Bureau Bucharest", "RO", _NCB),
    ("RO-BORDER", "Romanian Border Police", "RO", _BORDER),
    ("RS-NCB", "National Central Bureau Belgrade", "RS", _NCB),
    ("RS-BORDER", "Serbian Border Police", "RS", _BORDER),
    ("TR-NCB", "National Central Bureau Ankara", "TR", _NCB),
    ("TR-CUSTOMS", "Turkish Customs Enforcement", "TR", _CUSTOMS),
    ("FR-NCB", "National Central Bureau Paris", "FR", _NCB),
    ("FR-CUSTOMS", "French Customs Investigation Service", "FR", _CUSTOMS),
    ("NL-POLICE", "Netherlands National Police", "NL", _POLICE),
    ("NL-KMAR", "Royal Netherlands Marechaussee", "NL", _BORDER),
    ("DE-BKA", "Federal Criminal Police Office", "DE", _NCB),
    ("DE-BPOL", "German Federal Police", "DE", _BORDER),
    ("GB-NCA", "National Crime Agency", "GB", _NCB),
    ("GB-BORDER", "UK Border Force", "GB", _BORDER),
)  # fmt: skip

AGENCY_COUNTRY: Mapping[str, str] = {code: country for code, _, country, _ in AGENCIES}
_BY_COUNTRY: dict[str, tuple[str, ...]] = {}
for _code, _, _country, _ in AGENCIES:
    _BY_COUNTRY[_country] = (*_BY_COUNTRY.get(_country, ()), _code)
_ALL_CODES = tuple(AGENCY_COUNTRY)

MEMBER_COUNTRIES: tuple[str, ...] = tuple(sorted(set(AGENCY_COUNTRY.values()) - {"XX"}))
"""The countries with an agency (the international body's ``XX`` left out)."""


def agencies_of(country: str) -> tuple[str, ...]:
    """The codes of the agencies of ``country`` (empty when it has none)."""
    return _BY_COUNTRY.get(country, ())


def owner_for(dice: Dice, country: str, *, home_share: float = 1.0) -> str:
    """An agency of ``country`` (with probability ``home_share``) when it has one, else any."""
    home = _BY_COUNTRY.get(country)
    if home and (home_share >= 1.0 or dice.chance(home_share)):
        return dice.pick(home)
    return dice.pick(_ALL_CODES)
