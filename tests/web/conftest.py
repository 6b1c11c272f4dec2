"""The live server, the browser and its pages are shared fixtures of ``tests/conftest.py``."""
