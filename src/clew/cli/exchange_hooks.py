"""``clew webhooks`` (an agency's webhook for new messages) and ``clew messages crosscheck`` (a
report's entities cross-checked at once), acting for one agency (``--agency CODE``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from clew.cli.common import app, database, operator_for, out, print_rows
from clew.cli.exchange import messages_app
from clew.errors import ValidationError

__all__ = ["webhooks_app"]

webhooks_app = typer.Typer(
    help="An agency's webhook for new messages: show, set, remove.", no_args_is_help=True
)
app.add_typer(webhooks_app, name="webhooks")

Agency = Annotated[str, typer.Option(help="Code of the agency you act for")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON")]


@webhooks_app.command("show")
def webhooks_show(agency: Agency) -> None:
    """Show the agency's webhook (never its secret) and how the last delivery went."""
    from clew.exchange import webhooks

    with database().reading() as session:
        hook = webhooks.get_webhook(session, operator_for(session, agency))
    out.print_json(hook.model_dump_json())


@webhooks_app.command("set")
def webhooks_set(
    url: Annotated[str, typer.Argument(help="https:// address (http:// only to loopback)")],
    agency: Agency,
) -> None:  # fmt: skip
    """Set or replace the agency's webhook; prints the new signing secret, this once."""
    from clew.exchange import webhooks

    with database().transaction() as session:
        hook = webhooks.set_webhook(
            session, operator_for(session, agency), webhooks.WebhookIn(url=url)
        )
    out.print(f"webhook of {hook.agency} set to {hook.url}")
    out.print(f"signing secret (shown once): {hook.secret}")


@webhooks_app.command("remove")
def webhooks_remove(agency: Agency) -> None:
    """Remove the agency's webhook: its national system is told of nothing more."""
    from clew.exchange import webhooks

    with database().transaction() as session:
        webhooks.remove_webhook(session, operator_for(session, agency))
    out.print("webhook removed")


def _entities(path: Path) -> Any:
    if not path.is_file():
        raise ValidationError.field("path", f"{path} is not a readable file")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError.field("path", f"{path.name} is not JSON ({exc})") from None
    return {"entities": data} if isinstance(data, list) else data


@messages_app.command("crosscheck")
def messages_crosscheck(
    path: Annotated[Path, typer.Argument(
        help="JSON: a list of entities, or the body of POST /api/v1/exchange/crosscheck")],
    agency: Agency, language: Annotated[str, typer.Option(help="en, vi, lv or bg")] = "en",
    as_json: AsJson = False,
) -> None:  # fmt: skip
    """Cross-check up to 500 entities against the watchlists (hits stored, owners notified) and
    the messages the agency may see, without sending a message."""
    from clew.exchange import crosscheck
    from clew.screening.sync import IndexKeeper

    data = crosscheck.CrosscheckIn.model_validate(_entities(path))
    with database().transaction() as session:
        found = crosscheck.crosscheck_report(
            session, operator_for(session, agency), IndexKeeper(), data, language=language
        )
    if as_json:
        out.print_json(json.dumps([a.model_dump(mode="json") for a in found], ensure_ascii=False))
        return
    rows: list[dict[str, object]] = [
        {"position": a.position, "entity": a.label,
         "watchlists": "; ".join(f"{m.owner}: {m.text} ({m.band})" for m in a.watchlists) or "-",
         "mentions": a.mentions_total}
        for a in found
    ]  # fmt: skip
    print_rows(rows, False, ("position", "entity", "watchlists", "mentions"))
