"""``clew operations simulate``: play a Theseus-shaped operation through the real paths
(:mod:`clew.operations.simulate`), with a Rich progress bar per kind of step."""

from __future__ import annotations

from typing import Annotated

import typer

from clew.cli.common import database, err, operator_for, out
from clew.cli.operations import operations_app

__all__ = ["simulate"]


@operations_app.command("simulate")
def simulate(
    operation: Annotated[str | None, typer.Option(
        help="The operation's id (default: the demo's running operation)")] = None,
    flights: Annotated[int, typer.Option(min=0, help="Flights (Theseus: 1,500)")] = 6,
    passengers_per_flight: Annotated[int, typer.Option(
        min=1, help="Passengers per flight (Theseus: about 1,667)")] = 40,
    vehicles: Annotated[int, typer.Option(min=0, help="Vehicle checks")] = 20,
    persons: Annotated[int, typer.Option(min=0, help="Person checks")] = 20,
    reports: Annotated[int, typer.Option(min=0, help="Field reports")] = 12,
    planted: Annotated[int, typer.Option(min=0, help="Watchlist persons among passengers")] = 6,
    seed: Annotated[int, typer.Option(help="The same seed plays the same operation")] = 2026,
    pace: Annotated[float, typer.Option(
        min=0, help="Seconds between steps (0: as fast as it goes)")] = 0.0,
) -> None:  # fmt: skip
    """Play an operation as its participants: PAXLST manifests screened in bulk, vehicle and
    person checks, field reports, compressed in time (the operation must be running)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
    from sqlalchemy import select

    from clew.access.models import Agency
    from clew.operations import simulate as sim
    from clew.operations.demo import RUNNING
    from clew.operations.models import Operation, OperationParticipant
    from clew.screening.sync import IndexKeeper

    db = database()
    with db.reading() as session:
        stmt = select(Operation.public_id, Operation.id)
        stmt = stmt.where(
            Operation.public_id == operation if operation else Operation.name == RUNNING
        )
        found = session.execute(stmt).first()
        if found is None:
            raise typer.BadParameter("no such operation (seed the demo, or give --operation)")
        codes = session.execute(
            select(Agency.code)
            .join(OperationParticipant, OperationParticipant.agency_id == Agency.id)
            .where(OperationParticipant.operation_id == found[1],
                   OperationParticipant.accepted_at.is_not(None))
        ).scalars().all()  # fmt: skip
        officers = [operator_for(session, code) for code in codes]
        keeper = IndexKeeper()
        keeper.build(session)
    plan = sim.Plan(flights=flights, passengers_per_flight=passengers_per_flight,
                    vehicles=vehicles, persons=persons, reports=reports, planted=planted,
                    seed=seed, pace=pace)  # fmt: skip
    totals = {"flight": flights, "vehicle": vehicles, "person": persons, "report": reports}
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=err) as progress:  # fmt: skip
        tasks = {k: progress.add_task(k + "s", total=n) for k, n in totals.items() if n}

        def advance(step: str, done: int) -> None:
            progress.update(tasks[step], completed=done)

        outcome = sim.run(db, keeper, found[0], officers, plan, progress=advance)
    out.print(
        f"{outcome.flights} flights, {outcome.passengers} passengers, {outcome.vehicles} "
        f"vehicles, {outcome.persons} persons, {outcome.reports} reports in "
        f"{outcome.wall_s:.1f} s; planted found {outcome.planted_found}/{outcome.planted}"
    )
