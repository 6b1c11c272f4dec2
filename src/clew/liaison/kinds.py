"""The vocabulary of incident reports: what happened, the units quantities are counted in, the
part a person played. A leaf module (no imports from services)."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["IncidentKind", "PersonRole", "Unit", "zone_for_country"]


class IncidentKind(StrEnum):
    DRUG_SEIZURE = "drug_seizure"
    MIGRANT_SMUGGLING = "migrant_smuggling"
    TRAFFICKING_IN_HUMAN_BEINGS = "trafficking_in_human_beings"
    FIREARMS = "firearms"
    EXCISE_SMUGGLING = "excise_smuggling"  # cigarettes, alcohol, fuel
    OTHER = "other"


class Unit(StrEnum):
    """What an amount is counted in. Amounts are summed per item *and* unit: 2 kg and 300
    tablets of methamphetamine are two lines of the joint report, never 302 of anything."""

    KG = "kg"
    G = "g"
    L = "l"
    UNITS = "units"
    TABLETS = "tablets"
    PERSONS = "persons"


class PersonRole(StrEnum):
    SUSPECT = "suspect"
    VICTIM = "victim"
    MIGRANT = "migrant"


_ZONES = {
    "VN": "Asia/Ho_Chi_Minh", "KH": "Asia/Phnom_Penh", "LA": "Asia/Vientiane",
    "TH": "Asia/Bangkok", "MM": "Asia/Yangon", "CN": "Asia/Shanghai", "BG": "Europe/Sofia",
    "RS": "Europe/Belgrade", "LV": "Europe/Riga", "EE": "Europe/Tallinn", "AT": "Europe/Vienna",
    "ES": "Europe/Madrid", "TR": "Europe/Istanbul", "GR": "Europe/Athens",
    "RO": "Europe/Bucharest", "MK": "Europe/Skopje", "HU": "Europe/Budapest",
}  # fmt: skip


def zone_for_country(country: str) -> str:
    """The office's time zone when none is given: its country's (one-zone countries), else UTC."""
    return _ZONES.get(country.upper(), "UTC")
