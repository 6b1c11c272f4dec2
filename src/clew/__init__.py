"""Clew: shared watchlists, screening, analysis and liaison for police and border agencies."""

__all__ = ["__version__"]

__version__ = "0.1.0"
