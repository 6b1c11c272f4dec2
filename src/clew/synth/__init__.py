"""Synth: a realistic, deterministic synthetic world of watchlist records, for demos, tests
and benchmarks.

Agencies of 17 countries and an international body; persons named as their own countries
name them (Cyrillic, Greek, Arabic and Vietnamese scripts included) with passport forms per
ICAO Doc 9303; travel documents with valid MRZ check digits; vehicles with valid VINs and
national plates; firearms with makers' serial formats; alerts and visibility in realistic
proportions; bank transfers of an ordinary economy with planted, labelled laundering
patterns. Pure generation: no storage or web imports, no pydantic on the hot path.
"""

from clew.synth.agencies import AGENCIES
from clew.synth.documents import Passport, mrz_td3
from clew.synth.transactions import (
    MoneyNetwork,
    Planted,
    TransactionSet,
    bank_transfers,
    smuggling_network,
)
from clew.synth.world import REFERENCE_DATE, SynthRecord, generate

__all__ = [
    "AGENCIES",
    "REFERENCE_DATE",
    "MoneyNetwork",
    "Passport",
    "Planted",
    "SynthRecord",
    "TransactionSet",
    "bank_transfers",
    "generate",
    "mrz_td3",
    "smuggling_network",
]
