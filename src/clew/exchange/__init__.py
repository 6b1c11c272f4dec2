"""Liaison exchange: cases, messages and requests between agencies under handling codes."""
