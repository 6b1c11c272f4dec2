"""``clew agencies|users|tokens|audit|db``: the access domain at the console."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from clew.access import agencies, anchors, audit, tokens, users
from clew.access.actor import Channel
from clew.access.login import actor_for
from clew.access.models import ApiToken
from clew.access.roles import OrganisationType, Role, Scope
from clew.access.schemas import AgencyCreate, TokenCreate, UserCreate, UserUpdate
from clew.cli.common import (
    _,
    agencies_app,
    audit_app,
    database,
    db_app,
    err,
    out,
    print_rows,
    system,
    tokens_app,
    users_app,
)
from clew.errors import ClewError, NotFoundError
from clew.settings import get_settings

__all__: list[str] = []


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database schema to the latest version."""
    database().upgrade()
    out.print(_("database is up to date"))


@agencies_app.command("add")
def agencies_add(
    code: Annotated[str, typer.Argument(help="Short unique code, e.g. BG-NCB")],
    name: Annotated[str, typer.Option(help="Full name")],
    country: Annotated[str, typer.Option(help="ISO 3166 alpha-2 country code (XX: international)")],
    kind: Annotated[OrganisationType, typer.Option(help="Organisation type")],
) -> None:
    """Add an agency."""
    with database().transaction() as session:
        agency = agencies.create_agency(
            session, system(), AgencyCreate(code=code, name=name, country=country, kind=kind)
        )
        out.print(_("agency %(code)s created (id %(id)d)") % {"code": agency.code, "id": agency.id},
                  highlight=False)  # fmt: skip


@agencies_app.command("list")
def agencies_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """List agencies."""
    with database().transaction() as session:
        rows, _total = agencies.list_agencies(session, system(), limit=10_000, offset=0)
        data = [{"id": a.id, "code": a.code, "name": a.name, "country": a.country,
                 "kind": a.kind, "active": a.active} for a in rows]  # fmt: skip
    print_rows(data, as_json, ("code", "name", "country", "kind", "active"))


def _password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\n")
    value: str = typer.prompt(_("Password"), hide_input=True, confirmation_prompt=True)
    return value


@users_app.command("add")
def users_add(
    username: Annotated[
        str, typer.Argument(help="Sign-in name: 3-64 of a-z 0-9 . _ - (optionally @agency-code)")
    ],
    agency: Annotated[str, typer.Option(help="Agency code")],
    role: Annotated[Role, typer.Option(help="Role")],
    name: Annotated[str, typer.Option(help="Full name")],
    email: Annotated[str | None, typer.Option(help="E-mail address")] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin")
    ] = False,
    second_factor: Annotated[
        bool, typer.Option("--second-factor", help="Require TOTP (always for admins/auditors)")
    ] = False,
) -> None:
    """Add a user. The password is prompted for (or read from stdin)."""
    password = _password(password_stdin)
    data = UserCreate(
        username=username, full_name=name, agency_code=agency, role=role, password=password,
        email=email, totp_required=second_factor,
    )  # fmt: skip
    with database().transaction() as session:
        user = users.create_user(session, system(), data)
        out.print(_("user %(username)s created (id %(id)d, %(role)s, %(agency)s)") % {
            "username": user.username, "id": user.id, "role": user.role,
            "agency": agency.upper()}, highlight=False)  # fmt: skip


@users_app.command("list")
def users_list(
    agency: Annotated[str | None, typer.Option(help="Only this agency")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """List users."""
    with database().transaction() as session:
        rows, _n = users.list_users(session, system(), limit=10_000, offset=0, agency_code=agency)
        data = [users.public(u).model_dump(mode="json") for u in rows]
    print_rows(data, as_json, ("username", "full_name", "agency_code", "role", "active"))


def _user_id(username: str) -> int:
    with database().transaction() as session:
        rows, _total = users.list_users(session, system(), limit=200, offset=0, text=username)
        for user in rows:
            if user.username == username.strip().lower():
                return user.id
    raise NotFoundError(_("No user %(username)s.") % {"username": username.strip().lower()[:64]})


@users_app.command("set-password")
def users_set_password(
    username: str,
    password_stdin: Annotated[bool, typer.Option("--password-stdin")] = False,
) -> None:
    """Set a user's password (ends their open sessions)."""
    password = _password(password_stdin)
    user_id = _user_id(username)
    with database().transaction() as session:
        users.update_user(session, system(), user_id, UserUpdate(password=password))
    out.print(_("password of %(username)s changed") % {"username": username}, highlight=False)


@users_app.command("disable")
def users_disable(username: str) -> None:
    """Deactivate a user (ends their sessions; tokens stop working)."""
    user_id = _user_id(username)
    with database().transaction() as session:
        users.update_user(session, system(), user_id, UserUpdate(active=False))
    out.print(_("user %(username)s deactivated") % {"username": username}, highlight=False)


@tokens_app.command("create")
def tokens_create(
    username: Annotated[str, typer.Argument(help="The user the token acts as")],
    name: Annotated[str, typer.Option(help="What the token is for")],
    scope: Annotated[list[Scope], typer.Option(help="Scope (repeat for several)")],
    days: Annotated[int, typer.Option(help="Days until it expires (1-365)")] = 90,
) -> None:
    """Create an API token for a user (printed once; only its hash is kept)."""
    user_id = _user_id(username)
    with database().transaction() as session:
        from clew.access.models import User

        user = session.get(User, user_id)
        assert user is not None
        actor = actor_for(user, Channel.CLI)
        _token, secret = tokens.create_token(
            session, actor, TokenCreate(name=name, scopes=scope, expires_in_days=days)
        )
    out.print(secret, highlight=False)


def _token_row(token: ApiToken) -> dict[str, object]:
    used = token.last_used_at
    return {
        "id": token.id,
        "username": token.user.username,
        "name": token.name,
        "prefix": token.prefix,
        "scopes": token.scopes,
        "expires_at": token.expires_at.isoformat(timespec="seconds"),
        "last_used_at": used.isoformat(timespec="seconds") if used else None,
        "status": tokens.status(token),
    }


@tokens_app.command("list")
def tokens_list(
    username: Annotated[str | None, typer.Option("--user", help="Only this user's")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """List API tokens, newest first (never their secrets)."""
    user_id = _user_id(username) if username else None
    with database().transaction() as session:
        rows = tokens.list_tokens(session, system(), user_id=user_id)
        data = [_token_row(t) for t in rows]
    columns = ("id", "username", "name", "prefix", "scopes", "expires_at", "status")
    print_rows(data, as_json, columns)


@tokens_app.command("revoke")
def tokens_revoke(
    token_id: Annotated[int, typer.Argument(help="The token's id (see tokens list)")],
) -> None:
    """Revoke an API token: it stops working at once."""
    with database().transaction() as session:
        token = tokens.revoke_token(session, system(), token_id)
        out.print(_("token %(id)d (%(prefix)s, %(username)s) revoked") % {
            "id": token.id, "prefix": token.prefix, "username": token.user.username},
            highlight=False)  # fmt: skip


@audit_app.command("verify")
def audit_verify(
    anchor_file: Annotated[Path | None, typer.Option(
        "--anchors", help="Anchor file to check against (default: CLEW_AUDIT_ANCHOR_FILE)")] = None,
) -> None:  # fmt: skip
    """Prove the audit log intact, or name the first entry altered, removed or reordered.

    Checks the chain and every signed anchor. Only reads: it works on a read-only copy.
    """
    settings = get_settings()
    evidence = anchors.evidence(settings.audit_key_file, anchor_file or settings.audit_anchor_file)
    with database(settings).reading() as session:
        result = audit.verify(session, system(), **evidence)
    if result.ok:
        out.print(result.message, highlight=False)
        return
    err.print(result.message, highlight=False)
    raise typer.Exit(code=9)


@audit_app.command("anchor")
def audit_anchor() -> None:
    """Sign the audit chain's head now, append it to the anchor file and print it.

    Keep the printed line somewhere the database's administrators cannot write.
    """
    settings = get_settings()
    key = anchors.load_key(settings.audit_key_file)
    with database(settings).reading() as session:
        anchor = audit.anchor(session, key)
    anchors.append(settings.audit_anchor_file, anchor)
    out.print(anchor.line(), highlight=False)


@audit_app.command("export")
def audit_export(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write ('-': stdout)")],
    fmt: Annotated[str, typer.Option("--format", help="csv or jsonl")] = "csv",
    username: Annotated[str | None, typer.Option(help="Only this user")] = None,
    agency: Annotated[str | None, typer.Option(help="Only this agency code")] = None,
    action: Annotated[str | None, typer.Option(help="Only this action, e.g. user.create")] = None,
) -> None:
    """Export the audit log (the export itself is audited)."""
    if fmt not in ("csv", "jsonl"):
        raise ClewError(_("--format must be csv or jsonl"))
    flt = audit.AuditFilter(username=username, agency_code=agency, action=action)
    with database().reading() as session:  # an export holds no write lock while it runs
        if fmt == "csv":
            body = audit.export_csv(session, system(), flt)
        else:
            body = "".join(audit.export_jsonl(session, system(), flt))
    if str(output) == "-":
        sys.stdout.write(body)
    else:
        output.write_text(body, encoding="utf-8")
        out.print(_("wrote %(path)s") % {"path": output}, highlight=False)
