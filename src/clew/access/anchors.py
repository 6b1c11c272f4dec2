"""Anchors: the audit chain's head, signed with a key that is not in the database.

The chain's hashes have no key, so someone who can write to the database could edit an entry and
recompute every hash after it, or delete the last entries and fix the head. An anchor pins the
chain from outside: ``(seq, hash, at)`` signed with HMAC-SHA256 under a key kept in a file
(``CLEW_AUDIT_KEY_FILE``), appended to an append-only file outside the database
(``CLEW_AUDIT_ANCHOR_FILE``) every few minutes by the server and on demand by
``clew audit anchor``, which also prints it for the operator to keep elsewhere.

``verify`` then checks every anchor: its signature (a forged or edited anchor fails), and that the
chain still has, at the anchored position, the anchored hash (an edit or a deletion at or before
it fails, as does a chain shorter than the newest anchor). What was written after the newest
anchor is protected by the chain alone until the next anchor.

Edge cases: a missing key file is created (32 random bytes, mode 0600) the first time a key is
needed; a missing anchor file means no anchors (nothing to check, said so); a line of the anchor
file that is not a valid anchor is reported, never skipped.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

__all__ = ["Anchor", "AnchorProblem", "append", "evidence", "load_key", "read", "sign"]


@dataclass(frozen=True, slots=True)
class Anchor:
    seq: int
    hash: str
    at: str
    mac: str

    def line(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class AnchorProblem:
    """A line of the anchor file that is not an anchor (``line`` counts from 1)."""

    line: int
    problem: str


def load_key(path: Path) -> bytes:
    """The anchoring key; created on first use, readable by its owner only."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32) + "\n")
    key = path.read_text(encoding="ascii").strip()
    if len(key) < 32:
        from clew.errors import ConfigurationError

        raise ConfigurationError(f"The audit anchor key in {path} is shorter than 32 characters.")
    return key.encode("ascii")


def _mac(key: bytes, seq: int, chain_hash: str, at: str) -> str:
    return hmac.new(key, f"{seq}:{chain_hash}:{at}".encode(), hashlib.sha256).hexdigest()


def sign(key: bytes, seq: int, chain_hash: str, at: str) -> Anchor:
    return Anchor(seq, chain_hash, at, _mac(key, seq, chain_hash, at))


def authentic(key: bytes, anchor: Anchor) -> bool:
    return hmac.compare_digest(anchor.mac, _mac(key, anchor.seq, anchor.hash, anchor.at))


def append(path: Path, anchor: Anchor) -> None:
    """Append one anchor line and make it durable (O_APPEND: writers never interleave)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.write(descriptor, (anchor.line() + "\n").encode("ascii"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def read(path: Path) -> tuple[list[Anchor], list[AnchorProblem]]:
    """The anchors of a file, and the lines that are not anchors."""
    if not path.exists():
        return [], []
    return parse(path.read_text(encoding="utf-8", errors="replace").splitlines())


def parse(lines: Iterable[str]) -> tuple[list[Anchor], list[AnchorProblem]]:
    anchors: list[Anchor] = []
    problems: list[AnchorProblem] = []
    for number, text in enumerate(lines, 1):
        if not text.strip():
            continue
        try:
            data = json.loads(text)
            anchor = Anchor(int(data["seq"]), str(data["hash"]), str(data["at"]), str(data["mac"]))
        except (ValueError, KeyError, TypeError):
            problems.append(AnchorProblem(number, "not an anchor"))
            continue
        anchors.append(anchor)
    return anchors, problems


def evidence(key_file: Path, anchor_file: Path) -> dict[str, Any]:
    """``audit.verify``'s keyword arguments for an installation's key and anchor files."""
    pinned, problems = read(anchor_file)
    return {"key": load_key(key_file) if pinned else None, "pinned": pinned, "problems": problems}
