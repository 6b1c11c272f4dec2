"""Synthetic vehicles: valid VINs of common makes, and plates in each country's format.

A VIN is built as ISO 3779 lays it out: the real world manufacturer identifier (WMI) of the
make (``WVW`` Volkswagen, ``VF1`` Renault, ``UU1`` Dacia, ``XTA`` Lada, ``WMA`` MAN ...), five
descriptor characters (``ZZZ`` and two for the Volkswagen group, as it writes them), the check
digit at position 9 (always correct here, though Europe does not require it), the model-year
code, a plant code and a six-digit serial. Plates follow each country's current layout, in
Latin letters; a share of Bulgarian plates is written with the Cyrillic letters the plates
actually carry (``СА 1234 ВХ``), as records from Bulgarian systems do.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from clew.identifiers import vin_check_digit
from clew.records.kinds import VehicleKind
from clew.synth.dice import Dice, Weighted

__all__ = ["MAKES", "PLATE_COUNTRIES", "model_year_code", "plate", "vehicle_data", "vin"]

_VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
_YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789"  # 1980 (and 2010) is A; no I O Q U Z 0

# (WMI, make, models, kind)
MAKES: tuple[tuple[str, str, tuple[str, ...], VehicleKind], ...] = (
    ("WVW", "Volkswagen", ("Golf", "Passat", "Polo", "Tiguan", "Touareg"), VehicleKind.CAR),
    ("WAU", "Audi", ("A3", "A4", "A6", "Q5", "Q7"), VehicleKind.CAR),
    ("WBA", "BMW", ("320d", "520d", "X3", "X5", "M5"), VehicleKind.CAR),
    ("WDD", "Mercedes-Benz", ("C 220", "E 350", "S 500", "GLE 350"), VehicleKind.CAR),
    ("WP0", "Porsche", ("Cayenne", "911", "Macan"), VehicleKind.CAR),
    ("WF0", "Ford", ("Focus", "Fiesta", "Mondeo", "Kuga"), VehicleKind.CAR),
    ("VF1", "Renault", ("Clio", "Megane", "Captur"), VehicleKind.CAR),
    ("VF3", "Peugeot", ("208", "308", "3008", "508"), VehicleKind.CAR),
    ("VF7", "Citroën", ("C3", "C4", "C5 Aircross"), VehicleKind.CAR),
    ("ZFA", "Fiat", ("500", "Panda", "Tipo"), VehicleKind.CAR),
    ("TMB", "Škoda", ("Octavia", "Superb", "Fabia", "Kodiaq"), VehicleKind.CAR),
    ("VSS", "SEAT", ("Leon", "Ibiza", "Ateca"), VehicleKind.CAR),
    ("UU1", "Dacia", ("Logan", "Sandero", "Duster"), VehicleKind.CAR),
    ("JTD", "Toyota", ("Yaris", "Corolla", "Prius"), VehicleKind.CAR),
    ("JTM", "Toyota", ("RAV4", "Land Cruiser"), VehicleKind.CAR),
    ("SB1", "Toyota", ("Auris", "Avensis"), VehicleKind.CAR),
    ("NMT", "Toyota", ("C-HR", "Corolla"), VehicleKind.CAR),
    ("JHM", "Honda", ("Civic", "Accord", "CR-V"), VehicleKind.CAR),
    ("KMH", "Hyundai", ("i30", "Tucson", "Santa Fe"), VehicleKind.CAR),
    ("KNA", "Kia", ("Sportage", "Ceed", "Sorento"), VehicleKind.CAR),
    ("YV1", "Volvo", ("XC60", "XC90", "V60"), VehicleKind.CAR),
    ("SAL", "Land Rover", ("Range Rover", "Discovery", "Defender"), VehicleKind.CAR),
    ("XTA", "Lada", ("Niva", "Vesta", "Granta"), VehicleKind.CAR),
    ("WMA", "MAN", ("TGX", "TGS"), VehicleKind.TRUCK),
    ("YS2", "Scania", ("R 450", "S 500"), VehicleKind.TRUCK),
    ("XLR", "DAF", ("XF", "CF"), VehicleKind.TRUCK),
    ("YV2", "Volvo", ("FH16", "FM"), VehicleKind.TRUCK),
    ("WDB", "Mercedes-Benz", ("Actros", "Sprinter"), VehicleKind.TRUCK),
    ("VF6", "Renault Trucks", ("T 480", "Master"), VehicleKind.TRUCK),
    ("JYA", "Yamaha", ("MT-07", "YZF-R1", "Tracer 9"), VehicleKind.MOTORCYCLE),
    ("JH2", "Honda", ("CBR600RR", "Africa Twin"), VehicleKind.MOTORCYCLE),
    ("ZDM", "Ducati", ("Monster", "Panigale V4"), VehicleKind.MOTORCYCLE),
    ("WB1", "BMW", ("R 1250 GS", "S 1000 RR"), VehicleKind.MOTORCYCLE),
    ("JS1", "Suzuki", ("GSX-R750", "V-Strom 650"), VehicleKind.MOTORCYCLE),
    ("VBK", "KTM", ("390 Duke", "1290 Super Duke R"), VehicleKind.MOTORCYCLE),
    ("WKE", "Krone", ("Profi Liner", "Cool Liner"), VehicleKind.TRAILER),
    ("WSM", "Schmitz Cargobull", ("S.KO Cool", "S.CS"), VehicleKind.TRAILER),
)
_BY_KIND = {
    kind: tuple(make for make in MAKES if make[3] is kind)
    for kind in (VehicleKind.CAR, VehicleKind.TRUCK, VehicleKind.MOTORCYCLE, VehicleKind.TRAILER)
}
_KINDS: Weighted[VehicleKind] = Weighted(
    [(VehicleKind.CAR, 78), (VehicleKind.TRUCK, 9), (VehicleKind.MOTORCYCLE, 8),
     (VehicleKind.TRAILER, 5)]
)  # fmt: skip
_VW_GROUP = frozenset({"WVW", "WAU", "TMB", "VSS"})
_COLOURS = (
    "black", "white", "silver", "grey", "dark grey", "blue", "dark blue", "red", "green",
    "brown", "beige", "yellow", "orange",
)  # fmt: skip


def model_year_code(year: int) -> str:
    """The tenth VIN character: a 30-year cycle from A (1980, 2010) to 9 (2009, 2039)."""
    return _YEAR_CODES[(year - 1980) % 30]


def vin(dice: Dice, wmi: str, year: int) -> str:
    """A 17-character VIN with a correct check digit at position 9."""
    if wmi in _VW_GROUP:
        descriptor = "ZZZ" + dice.letters(2, _VIN_CHARS)
    else:
        descriptor = dice.letters(5, _VIN_CHARS)
    tail = model_year_code(year) + dice.letters(1, _VIN_CHARS) + dice.digits(6)
    draft = f"{wmi}{descriptor}0{tail}"
    return f"{wmi}{descriptor}{vin_check_digit(draft)}{tail}"


_CONSONANTS = "BCDFGHJKLMNPRSTVWXYZ"
_BG_LATIN = "ABEKMHOPCTYX"
_BG_CYRILLIC = str.maketrans(_BG_LATIN, "АВЕКМНОРСТУХ")
_REGIONS = {
    "AT": ("W", "G", "L", "S", "I", "K", "BN", "GU", "LL", "KU"),
    "BG": ("CA", "CB", "C", "PB", "B", "A", "E", "K", "M", "H", "P", "T", "X", "BH", "CO", "EB"),
    "DE": ("B", "M", "HH", "K", "F", "S", "D", "L", "DO", "E", "H", "HB", "N"),
    "MK": ("SK", "BT", "KU", "PP", "TE", "OH", "ST", "VE"),
    "RO": ("CJ", "TM", "IS", "CT", "DJ", "BV", "AG", "IF"),
    "RS": ("BG", "NS", "NI", "KG", "SU", "NP"),
}
# (templates, letters): '#' a digit, '@' a letter from the letters, '%' the region code.
_PLATES: dict[str, tuple[tuple[str, ...], str]] = {
    "AL": (("@@ ### @@",), "ABCDEFGHIJKLMNPRSTUVZ"),
    "AT": (("% ### @@", "% #### @", "% ## @@@"), "ABCDEFGHJKLMNPRSTUVWXYZ"),
    "BA": (("@##-@-###",), "AEJKMOT"),
    "BG": (("% #### @@",), _BG_LATIN),
    "DE": (("%-@@ ####", "%-@ ###", "%-@@ ##"), "ABCDEFGHJKLMNPRSTUVWXYZ"),
    "ES": (("#### @@@",), _CONSONANTS.replace("Q", "")),
    "FR": (("@@-###-@@",), "ABCDEFGHJKLMNPQRSTVWXYZ"),
    "GB": (("@@## @@@",), "ABCDEFGHJKLMNOPRSTUVWXY"),
    "KH": (("#@-####",), "ABCDEFGHJKLMNPRSTUVWXYZ"),
    "LV": (("@@-####", "@@-###"), "ABCDEFGHIJKLMNOPRSTUVZ"),
    "MD": (("@@@ ###",), "ABCDEFGHIJKLMNOPRSTUVXYZ"),
    "MK": (("% #### @@",), "ABCDEFGHIJKLMNOPRSTUVZ"),
    "NL": (("##-@@@-#", "#-@@@-##", "@@-###-@", "@-###-@@"), "BDFGHJKLNPRSTVXZ"),
    "RO": (("% ## @@@", "B ### @@@"), "ABCDEFGHJKLMNPRSTUVWXYZ"),
    "RS": (("% ###-@@", "% ####-@@"), "ABCDEFGHIJKLMNOPRSTUVZ"),
    "TR": (("## @@@ ###", "## @ ####", "## @@ ####"), "ABCDEFGHJKLMNOPRSTUVYZ"),
    "UA": (("@@ #### @@",), "ABCEHIKMOPTX"),
    "VN": (("##@-###.##",), "ABCDEFGHKLMNPSTUVXYZ"),
}
PLATE_COUNTRIES: Weighted[str] = Weighted(
    [
        ("BG", 9), ("RO", 8), ("DE", 10), ("AT", 5), ("ES", 7), ("FR", 8), ("NL", 5),
        ("GB", 6), ("LV", 4), ("AL", 4), ("RS", 5), ("BA", 3), ("MK", 3), ("MD", 3), ("TR", 6),
        ("VN", 3), ("KH", 1), ("UA", 5),
    ]
)  # fmt: skip


def plate(dice: Dice, country: str) -> str:
    """A registration plate as ``country`` writes it (``B-XY 1234``, ``1234 BCD`` ...)."""
    templates, letters = _PLATES[country]
    template = dice.pick(templates)
    if "%" in template:
        template = template.replace("%", dice.pick(_REGIONS[country]))
    value = dice.pattern(template, letters)
    if country == "TR":
        value = f"{dice.between(1, 81):02d}" + value[2:]
    if country == "BG" and dice.chance(0.15):
        value = value.translate(_BG_CYRILLIC)
    return value


def vehicle_data(dice: Dice, today: date, country: str) -> dict[str, Any]:
    """The record fields of one vehicle registered in ``country`` (``kind`` ``vehicle``), as
    ``VehicleCreate`` takes them: a VIN (nine in ten), a plate (four in five) and always at
    least one of the two."""
    kind = dice.draw(_KINDS)
    wmi, make, models, _ = dice.pick(_BY_KIND[kind])
    year = today.year - dice.between(0, 20)
    data: dict[str, Any] = {"kind": "vehicle", "vehicle_type": kind.value}
    has_vin = dice.chance(0.9)
    if has_vin:
        data["vin"] = vin(dice, wmi, year)
    if not has_vin or dice.chance(0.8):
        data["plate"] = plate(dice, country)
        data["plate_country"] = country
    data["make"] = make
    data["model"] = dice.pick(models)
    data["colour"] = dice.pick(_COLOURS)
    data["year"] = year
    return data
