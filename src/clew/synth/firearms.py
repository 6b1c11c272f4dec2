"""Synthetic firearms: the makes, models and calibres met in European trafficking cases, with
serial numbers shaped as each maker stamps them.

Weighted towards what investigators actually see: Yugoslav and Soviet-pattern military
weapons from the Balkan stockpiles (Zastava M70, AKM, Škorpion, Tokarev copies), common
service pistols (Glock, CZ 75, Beretta 92), shotguns, and Turkish blank pistols converted to
fire live rounds. Serial templates: ``#`` a digit, ``@`` a letter.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from clew.records.kinds import FirearmStatus, FirearmType
from clew.synth.dice import Dice, Weighted

__all__ = ["FIREARM_COUNTRIES", "MODELS", "Model", "firearm_data"]

_P, _R, _S = FirearmType.PISTOL, FirearmType.RIFLE, FirearmType.SHOTGUN
_AR, _SMG = FirearmType.ASSAULT_RIFLE, FirearmType.SUBMACHINE_GUN

Model = tuple[str, str, FirearmType, str, str, tuple[str, ...], tuple[int, int], int]
"""(make, model, type, calibre, country of manufacture, serial templates, years made, weight)"""

MODELS: tuple[Model, ...] = (
    ("Zastava", "M70 AB2", _AR, "7.62×39mm", "RS", ("######", "@######"), (1970, 2015), 14),
    ("Zastava", "M57", _P, "7.62×25mm Tokarev", "RS", ("######",), (1960, 2000), 6),
    ("Zastava", "M70", _P, "7.65×17mm", "RS", ("######",), (1970, 2010), 5),
    ("Zastava", "CZ 99", _P, "9×19mm", "RS", ("######",), (1990, 2015), 3),
    ("Zastava", "M84", FirearmType.MACHINE_GUN, "7.62×54mmR", "RS", ("#####",), (1984, 2010), 1),
    ("Kalashnikov", "AK-47", _AR, "7.62×39mm", "RU", ("@@####", "#######"), (1949, 1959), 3),
    ("Kalashnikov", "AKM", _AR, "7.62×39mm", "RU", ("@@####", "####@@"), (1959, 1977), 6),
    ("Kalashnikov", "AK-74", _AR, "5.45×39mm", "RU", ("#######",), (1974, 1991), 3),
    ("Norinco", "Type 56", _AR, "7.62×39mm", "CN", ("########",), (1956, 1990), 2),
    ("Cugir", "PM md. 63", _AR, "7.62×39mm", "RO", ("@@####",), (1963, 1990), 2),
    ("Arsenal", "AKK", _AR, "7.62×39mm", "BG", ("##@####",), (1960, 1990), 2),
    ("Makarov", "PM", _P, "9×18mm Makarov", "RU", ("@@####", "####"), (1951, 1995), 5),
    ("Tokarev", "TT-33", _P, "7.62×25mm Tokarev", "RU", ("@@###",), (1933, 1955), 2),
    ("CZ", "vz. 61 Škorpion", _SMG, "7.65×17mm", "CZ", ("@#####",), (1961, 1990), 4),
    ("CZ", "75 B", _P, "9×19mm", "CZ", ("@######",), (1975, 2024), 6),
    ("CZ", "Scorpion EVO 3", _SMG, "9×19mm", "CZ", ("@######",), (2009, 2024), 1),
    ("CZ", "vz. 58", _AR, "7.62×39mm", "CZ", ("@#####",), (1958, 1984), 2),
    ("Glock", "17", _P, "9×19mm", "AT", ("@@@###", "@@@@###"), (1985, 2024), 8),
    ("Glock", "19", _P, "9×19mm", "AT", ("@@@###", "@@@@###"), (1988, 2024), 6),
    ("Glock", "26", _P, "9×19mm", "AT", ("@@@###",), (1995, 2024), 2),
    ("Beretta", "92FS", _P, "9×19mm", "IT", ("BER######", "BER######Z"), (1985, 2024), 5),
    ("SIG Sauer", "P226", _P, "9×19mm", "DE", ("U######", "@@######"), (1984, 2024), 2),
    ("Walther", "PPK", _P, "7.65×17mm", "DE", ("######@",), (1950, 2010), 2),
    ("Heckler & Koch", "MP5", _SMG, "9×19mm", "DE", ("##-######",), (1966, 2024), 1),
    ("Heckler & Koch", "G3", _R, "7.62×51mm", "DE", ("##-######",), (1959, 1990), 1),
    ("Browning", "Hi-Power", _P, "9×19mm", "BE", ("###@@#####",), (1935, 2017), 2),
    ("Steyr", "AUG A1", _AR, "5.56×45mm", "AT", ("##@####",), (1978, 2010), 1),
    ("Smith & Wesson", "Model 10", FirearmType.REVOLVER, ".38 Special", "US",
     ("@#####", "######"), (1950, 2020), 2),
    ("Colt", "M1911A1", _P, ".45 ACP", "US", ("######",), (1940, 1990), 1),
    ("Remington", "870", _S, "12 gauge", "US", ("@######M",), (1970, 2020), 3),
    ("Mossberg", "500", _S, "12 gauge", "US", ("@######",), (1970, 2020), 2),
    ("Baikal", "MP-27", _S, "12 gauge", "RU", ("##########",), (1990, 2020), 2),
    ("Benelli", "M4", _S, "12 gauge", "IT", ("M######",), (1998, 2024), 1),
    ("Mauser", "Kar98k", _R, "7.92×57mm", "DE", ("####@",), (1935, 1945), 1),
    ("Mosin-Nagant", "M91/30", _R, "7.62×54mmR", "RU", ("@@####",), (1930, 1945), 1),
    ("IMI", "Uzi", _SMG, "9×19mm", "IL", ("######",), (1954, 2000), 1),
    ("Ekol", "Firat Magnum (converted blank pistol)", _P, "9mm P.A.K.", "TR",
     ("##-#######",), (2005, 2024), 5),
    ("Zoraki", "914 (converted blank pistol)", _P, "9mm P.A.K.", "TR", ("#######",),
     (2005, 2024), 4),
    ("Taurus", "PT92", _P, "9×19mm", "BR", ("@@@#####",), (1983, 2024), 1),
)  # fmt: skip
_MODELS = Weighted([(model, model[7]) for model in MODELS])
_STATUSES: Weighted[FirearmStatus] = Weighted(
    [
        (FirearmStatus.STOLEN, 35),
        (FirearmStatus.LOST, 15),
        (FirearmStatus.TRAFFICKED, 20),
        (FirearmStatus.SMUGGLED, 10),
        (FirearmStatus.SEIZED, 20),
    ]
)
FIREARM_COUNTRIES: Weighted[str] = Weighted(
    [
        ("RS", 9), ("BA", 8), ("AL", 7), ("MK", 5), ("BG", 6), ("RO", 5), ("MD", 4), ("TR", 5),
        ("AT", 5), ("DE", 7), ("FR", 7), ("NL", 6), ("ES", 5), ("GB", 4), ("LV", 3), ("VN", 2),
        ("KH", 2),
    ]
)  # fmt: skip
"""Which member country reports a firearm (the Western Balkans most)."""


def firearm_data(dice: Dice, today: date) -> dict[str, Any]:
    """The record fields of one firearm (``kind`` ``firearm``), as ``FirearmCreate`` takes them."""
    make, model, kind, calibre, made_in, serials, (first, last), _ = dice.draw(_MODELS)
    return {
        "kind": "firearm",
        "serial_number": dice.pattern(dice.pick(serials)),
        "make": make,
        "model": model,
        "firearm_type": kind.value,
        "calibre": calibre,
        "country_of_manufacture": made_in,
        "year": dice.between(first, min(last, today.year)),
        "status": dice.draw(_STATUSES).value,
    }
