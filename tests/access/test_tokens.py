"""Which scopes a token may be given: never more than the role, nor than the token asking."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from clew.access import tokens
from clew.access.actor import Channel
from clew.access.models import User
from clew.access.roles import Role, Scope, role_scopes
from clew.access.schemas import TokenCreate
from clew.errors import ValidationError
from clew.storage import Database
from tests.web.test_pages import csrf, sign_in

# role: the scopes a signed-in user of that role may put on a token (each grants them something)
ROLE_SCOPES = [
    (Role.OFFICER, {Scope.READ, Scope.WRITE}),  # write: firearm traces
    (Role.LIAISON_OFFICER, {Scope.READ, Scope.WRITE}),  # write: the liaison exchange
    (Role.ANALYST, {Scope.READ, Scope.WRITE}),
    (Role.COORDINATOR, {Scope.READ, Scope.WRITE}),
    (Role.DATA_MANAGER, {Scope.READ, Scope.WRITE}),
    (Role.ADMINISTRATOR, {Scope.READ, Scope.ADMIN}),
    (Role.AUDITOR, {Scope.READ, Scope.AUDIT}),
]


@pytest.mark.parametrize(("role", "allowed"), ROLE_SCOPES)
def test_a_role_may_only_hand_out_scopes_that_grant_it_something(
    role: Role, allowed: set[Scope]
) -> None:
    assert role_scopes(role) == allowed


def _create(database: Database, username: str, *scopes: Scope) -> str:
    """Create a token as the user signed in on the web (no token: limited by the role only)."""
    with database.transaction() as session:
        user = session.query(User).filter_by(username=username).one()
        _, secret = tokens.create_token(
            session, user.actor(Channel.WEB), TokenCreate(name="web", scopes=list(scopes))
        )
        return secret


def test_a_web_session_is_limited_by_the_role_only(world: Database) -> None:
    assert _create(world, "root", Scope.ADMIN, Scope.READ).startswith("clew_")
    with pytest.raises(ValidationError) as refused:
        _create(world, "officer.bg", Scope.READ, Scope.ADMIN)
    assert refused.value.fields[0].field == "scopes"
    assert "admin" in refused.value.detail and "read" not in refused.value.fields[0].message


def test_a_refused_token_leaves_nothing_behind(world: Database) -> None:
    with pytest.raises(ValidationError):
        _create(world, "dpo", Scope.WRITE)
    with world.transaction() as session:
        dpo = session.query(User).filter_by(username="dpo").one()
        assert tokens.list_tokens(session, dpo.actor(Channel.WEB)) == []


def test_the_tokens_page_offers_and_grants_only_the_role_s_scopes(
    client: TestClient, world: Database
) -> None:
    sign_in(client, "officer.bg")
    form = client.get("/tokens").text
    assert 'name="scope_read"' in form and 'name="scope_admin"' not in form
    forged = client.post(
        "/tokens", data={"csrf_token": csrf(client, "/tokens"), "name": "x", "scope_admin": "on"}
    )
    assert forged.status_code == 422
    assert "beyond your role or the token you use: admin" in forged.text
    assert 'id="new-token"' not in forged.text  # no secret shown


@pytest.mark.parametrize("username", ["root", "officer.bg"])
def test_a_token_speaks_for_its_user_as_the_web_does(world: Database, username: str) -> None:
    secret = _create(world, username, Scope.READ)
    with world.reading() as session:
        user = session.query(User).filter_by(username=username).one()
        web = user.actor(Channel.API, frozenset({Scope.READ}))
        assert tokens.authenticate(session, secret) == web
    assert web.international == (username == "root")  # root belongs to an international body
