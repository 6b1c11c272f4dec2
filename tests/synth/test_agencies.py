"""The agencies of the synthetic world agree with the demo's and cover the member countries."""

from __future__ import annotations

from clew import demo
from clew.access.countries import country_code
from clew.access.roles import OrganisationType
from clew.synth.agencies import AGENCIES, MEMBER_COUNTRIES, agencies_of, owner_for
from clew.synth.dice import Dice

REQUIRED = {
    "VN", "KH", "LV", "BG", "AT", "ES", "AL", "BA", "MD", "MK", "RO", "RS", "TR", "FR", "NL",
    "DE", "GB",
}  # fmt: skip


def test_the_demo_agencies_are_here_unchanged() -> None:
    assert set(demo.AGENCIES) <= set(AGENCIES)


def test_codes_are_unique_and_countries_valid() -> None:
    codes = [code for code, *_ in AGENCIES]
    assert len(set(codes)) == len(codes)
    for code, name, country, kind in AGENCIES:
        assert country_code(country) == country and code.startswith(("INT", country))
        assert name and isinstance(kind, OrganisationType)


def test_member_countries() -> None:
    assert set(MEMBER_COUNTRIES) == REQUIRED
    assert agencies_of("XX") == ("INT-COORD",)
    assert agencies_of("UA") == () and agencies_of("RU") == ()


def test_owner_for_prefers_the_home_country() -> None:
    dice = Dice(1, "owners")
    assert {owner_for(dice, "BG") for _ in range(50)} == {"BG-NCB", "BG-BORDER"}
    abroad = {owner_for(dice, "SY") for _ in range(300)}
    assert len(abroad) > 10
