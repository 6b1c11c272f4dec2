"""The CAVIAR network as an analysis file: the real wiretap network of a drug-importation ring
investigated in Montreal in 1994-1996 (Morselli 2009), eleven two-month phases of call counts
between 110 players, and the police's eleven seizures.

Each phase's matrix is imported as dated ``called`` links (so the chart, paths and periods can
follow the network through time) and each phase's seizures as an event. The data gives phases,
not dates: phase *k* is dated as the *k*-th two-month window from March 1994, a nominal
calendar stated on every link's source.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from clew.access.actor import Actor
from clew.graph.items import Node
from clew.intel.imports import ImportReport, ingest
from clew.intel.schemas import Grading
from clew.intel.vocabulary import EntityKind, Information, Reliability, SourceKind
from clew.interop.network.matrix import read_matrix_csv
from clew.interop.network.parsed import ParsedItem

__all__ = ["DATA", "PHASES", "load", "phase_window"]

DATA = Path(__file__).with_name("data") / "caviar"
PHASES = 11
_FIRST = date(1994, 3, 1)
# Wiretaps: the police heard the calls themselves (A1).
WIRETAP = Grading(
    source_kind=SourceKind.IMPORT, reliability=Reliability.A, information=Information.ONE
)


def phase_window(phase: int) -> tuple[date, date]:
    """The nominal two-month window of a phase (1-based)."""
    months = 2 * (phase - 1)
    year, month = (
        _FIRST.year + (_FIRST.month - 1 + months) // 12,
        (_FIRST.month - 1 + months) % 12 + 1,
    )
    end_months = months + 2
    end_year = _FIRST.year + (_FIRST.month - 1 + end_months) // 12
    end_month = (_FIRST.month - 1 + end_months) % 12 + 1
    return date(year, month, 1), date.fromordinal(date(end_year, end_month, 1).toordinal() - 1)


def _players(folder: Path) -> list[ParsedItem]:
    seen: dict[str, None] = {}
    for phase in range(1, PHASES + 1):
        with (folder / f"phase{phase}.csv").open(encoding="utf-8") as stream:
            for player in next(csv.reader(stream))[1:]:
                seen.setdefault(player.strip(), None)
    return [
        ParsedItem(0, Node(key, EntityKind.PERSON, f"Player {key}", {}))
        for key in sorted(seen, key=lambda k: int(k) if k.isdigit() else 0)
    ]


def _seizures(folder: Path) -> list[ParsedItem]:
    items = []
    with (folder / "seizures.csv").open(encoding="utf-8") as stream:
        for line, row in enumerate(csv.DictReader(stream), start=2):
            phase = int(row["phase"])
            start, _ = phase_window(phase)
            value = int(row["value_usd"])
            label = f"Seizure, phase {phase}: {row['details']} (USD {value:,})"
            attrs = {"date": start, "phase": phase, "seizures": int(row["n_seizures"]),
                     "value_usd": value}  # fmt: skip
            items.append(ParsedItem(line, Node(f"seizure:{phase}", EntityKind.EVENT, label, attrs)))
    return items


def load(session: Session, actor: Actor, file_id: int, folder: Path | None = None) -> ImportReport:
    """Import all eleven phases and the seizures into the file (which the actor may write)."""
    folder = folder or DATA
    total = ingest(session, actor, file_id, _players(folder), filename="caviar", grading=WIRETAP)
    for phase in range(1, PHASES + 1):
        start, end = phase_window(phase)
        path = folder / f"phase{phase}.csv"
        report = ingest(
            session,
            actor,
            file_id,
            read_matrix_csv(path.read_bytes(), start=start, end=end),
            filename=f"caviar/{path.name} (nominal dates)",
            grading=WIRETAP,
        )
        total.links_added += report.links_added
        total.entities_added += report.entities_added
        total.errors += report.errors
    seized = ingest(
        session, actor, file_id, _seizures(folder), filename="caviar/seizures.csv", grading=WIRETAP
    )
    total.entities_added += seized.entities_added
    total.errors += seized.errors
    return total
