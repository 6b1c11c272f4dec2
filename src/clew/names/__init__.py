"""Names: how a person's name is written, transliterated and folded for search.

Pure functions, no storage or web imports. ``icao`` gives the passport (MRZ) form of a name in
any supported script; ``fold`` gives the lower-case ASCII form used to compare and index.
"""

from clew.names.fold import fold, tokens
from clew.names.icao import NATIONAL_SCHEMES, icao_transliterate, mrz_name

__all__ = ["NATIONAL_SCHEMES", "fold", "icao_transliterate", "mrz_name", "tokens"]
