"""Seeded randomness for the synthetic world: one ``Dice`` per stream, never the global one.

A thin wrapper over ``random.Random`` with the few draws the generators need, written for
speed (the world generates tens of thousands of records a second): ``pick`` indexes a tuple
with one ``random()`` call instead of ``random.choice``'s several, and weighted draws bisect a
precomputed cumulative table.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from typing import Generic, TypeVar

__all__ = ["Dice", "Weighted"]

T = TypeVar("T")

_DIGITS = "0123456789"
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class Weighted(Generic[T]):
    """A fixed weighted choice: ``Weighted([("a", 3), ("b", 1)])`` draws ``a`` 3 times in 4."""

    __slots__ = ("_cumulative", "_total", "values")

    def __init__(self, table: Sequence[tuple[T, float]]):
        if not table or any(weight < 0 for _, weight in table):
            raise ValueError("a weighted table needs at least one value and no negative weight")
        self.values: tuple[T, ...] = tuple(value for value, _ in table)
        self._cumulative = tuple(accumulate(weight for _, weight in table))
        self._total = self._cumulative[-1]
        if self._total <= 0:
            raise ValueError("a weighted table needs a positive total weight")

    def share(self, value: T) -> float:
        """The probability of drawing ``value`` (for tests and documentation)."""
        index = self.values.index(value)
        low = self._cumulative[index - 1] if index else 0.0
        return (self._cumulative[index] - low) / self._total


class Dice:
    """Deterministic draws from one named stream of one seed."""

    __slots__ = ("_random", "random")

    def __init__(self, seed: int, stream: str):
        # A string seed is hashed with SHA-512 by ``random``: stable across runs and machines.
        self._random = random.Random(f"clew-synth/{seed}/{stream}")  # noqa: S311 - not secrets
        self.random = self._random.random

    def pick(self, values: Sequence[T]) -> T:
        return values[int(self.random() * len(values))]

    def chance(self, probability: float) -> bool:
        return self.random() < probability

    def between(self, low: int, high: int) -> int:
        """An integer in ``[low, high]``, both ends included."""
        return low + int(self.random() * (high - low + 1))

    def draw(self, table: Weighted[T]) -> T:
        index = bisect_right(table._cumulative, self.random() * table._total)
        return table.values[min(index, len(table.values) - 1)]

    def sample(self, values: Sequence[T], count: int) -> list[T]:
        return self._random.sample(list(values), count)

    def digits(self, count: int) -> str:
        return "".join(_DIGITS[int(self.random() * 10)] for _ in range(count))

    def letters(self, count: int, alphabet: str = _LETTERS) -> str:
        size = len(alphabet)
        return "".join(alphabet[int(self.random() * size)] for _ in range(count))

    def pattern(self, template: str, letters: str = _LETTERS) -> str:
        """``#`` a digit, ``@`` a letter of ``letters``, anything else itself: ``@@-####``."""
        size = len(letters)
        out = []
        for char in template:
            if char == "#":
                out.append(_DIGITS[int(self.random() * 10)])
            elif char == "@":
                out.append(letters[int(self.random() * size)])
            else:
                out.append(char)
        return "".join(out)
