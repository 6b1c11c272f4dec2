"""Per-agency webhooks: an agency's national system is told, by a signed POST, that a message
is waiting for it, and fetches the message with its own API token.

- **One webhook per agency**, set, shown and removed by a liaison officer or an administrator
  of that agency (or the console operator acting for it). Its URL is ``https``; plain ``http``
  only to a loopback address (a national system on the same host). Setting it generates a new
  random secret, shown once; the audit keeps the URL's host only (a URL may carry a key).
- **What is sent** is a notice, never content: ``{"event": "message", "message": <public id>,
  "case": <public id>, "kind": ..., "at": <ISO time>, "agency": <receiving agency code>}``,
  compact JSON with sorted keys, and ``X-Clew-Signature: sha256=<hex HMAC-SHA256 of the body
  with the secret>``. The subject, body, entities and attachments never leave through a
  webhook.
- **Delivery is a durable job** (:mod:`clew.jobs`, kind ``exchange.webhook``) per holder agency,
  queued in the transaction that posts the message (no message, no notice; no notice lost when
  the server restarts). A delivery waits at most :data:`TIMEOUT` seconds, follows no redirect
  (a 3xx is a failure), and is tried :data:`ATTEMPTS` times with growing pauses; its outcome is
  kept on the webhook (``last_status``, ``last_delivery_at``) and a delivery that never
  succeeded fails its job visibly.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import ipaddress
import json
import secrets
import time
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import SplitResult, urlsplit

from pydantic import BaseModel, Field, StringConstraints
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from clew import __version__
from clew.access import audit
from clew.access.actor import Actor
from clew.access.models import Agency
from clew.access.roles import Permission, Role
from clew.access.schemas import Input
from clew.errors import ClewError, ForbiddenError, NotFoundError, ValidationError
from clew.exchange.models import Case, Message, Webhook
from clew.jobs import queue
from clew.jobs.models import JobKind
from clew.jobs.registry import register
from clew.jobs.worker import JobRun
from clew.storage import utcnow

__all__ = [
    "ATTEMPTS",
    "TIMEOUT",
    "WebhookCreated",
    "WebhookIn",
    "WebhookPublic",
    "check_url",
    "enqueue",
    "get_webhook",
    "payload",
    "remove_webhook",
    "set_webhook",
    "sign",
]

TIMEOUT = 10.0  # seconds a delivery may take
ATTEMPTS = 3
BACKOFF = (2.0, 8.0)  # pauses before the second and third attempts
NOT_SET = "Your agency has no webhook."


class WebhookIn(Input):
    url: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class WebhookPublic(BaseModel):
    agency: str
    url: str
    active: bool
    created_by: str
    created_at: datetime
    last_status: str | None = Field(description="The outcome of the last delivery")
    last_delivery_at: datetime | None


class WebhookCreated(WebhookPublic):
    secret: str = Field(description="The signing secret: shown this once, keep it")


# --- managing ---------------------------------------------------------------------------------


def _manager(actor: Actor, permission: Permission) -> int:
    """The actor's agency, when the actor may manage its webhook."""
    if actor.agency_id is None:
        raise ForbiddenError("A webhook belongs to an agency: act for one (--agency).")
    if actor.user_id is None:  # the console operator acting for the agency
        return actor.agency_id
    if actor.role is Role.LIAISON_OFFICER and actor.can(permission):
        return actor.agency_id
    if actor.role is Role.ADMINISTRATOR and actor.can(Permission.MANAGE_USERS):
        return actor.agency_id
    raise ForbiddenError(
        "Only a liaison officer or an administrator of the agency manages its webhook."
    )


def _loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> SplitResult:
    """The parts of a webhook's URL, refused as a field error when it is not ``http(s)``, names
    no host, carries a user or password, or is plain ``http`` to a host other than loopback."""
    parts = urlsplit(url.strip())
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise ValidationError.field("url", "The port is not a number.") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError.field("url", "Give an https:// address.")
    if parts.username or parts.password:
        raise ValidationError.field("url", "No user or password in the address.")
    if parts.scheme == "http" and not _loopback(parts.hostname):
        raise ValidationError.field("url", "Use https (plain http only to a loopback address).")
    return parts


def _public(hook: Webhook, code: str) -> dict[str, Any]:
    return {
        "agency": code, "url": hook.url, "active": hook.active, "created_by": hook.created_by,
        "created_at": hook.created_at, "last_status": hook.last_status,
        "last_delivery_at": hook.last_delivery_at,
    }  # fmt: skip


def _own(session: Session, agency_id: int) -> Webhook | None:
    return session.execute(
        select(Webhook).where(Webhook.agency_id == agency_id)
    ).scalar_one_or_none()


def _code(session: Session, agency_id: int) -> str:
    return session.execute(select(Agency.code).where(Agency.id == agency_id)).scalar_one()


def set_webhook(session: Session, actor: Actor, data: WebhookIn) -> WebhookCreated:
    """Set (or replace) the actor's agency's webhook, with a new secret shown this once."""
    agency_id = _manager(actor, Permission.WRITE_EXCHANGE)
    parts = check_url(data.url)
    hook = _own(session, agency_id)
    if hook is None:
        hook = Webhook(agency_id=agency_id)
        session.add(hook)
    hook.url, hook.secret, hook.active = parts.geturl(), secrets.token_hex(32), True
    hook.created_by, hook.created_at = actor.username, utcnow()
    hook.last_status = hook.last_delivery_at = None
    session.flush()
    code = _code(session, agency_id)
    audit.record(session, actor, "exchange.webhook.set", target=f"agency:{code}",
                 query={"host": parts.hostname})  # fmt: skip
    return WebhookCreated(**_public(hook, code), secret=hook.secret)


def get_webhook(session: Session, actor: Actor) -> WebhookPublic:
    agency_id = _manager(actor, Permission.READ_EXCHANGE)
    hook = _own(session, agency_id)
    if hook is None:
        raise NotFoundError(NOT_SET)
    code = _code(session, agency_id)
    audit.record(session, actor, "exchange.webhook.view", target=f"agency:{code}")
    return WebhookPublic(**_public(hook, code))


def remove_webhook(session: Session, actor: Actor) -> None:
    agency_id = _manager(actor, Permission.WRITE_EXCHANGE)
    hook = _own(session, agency_id)
    if hook is None:
        raise NotFoundError(NOT_SET)
    session.delete(hook)
    session.flush()
    audit.record(
        session, actor, "exchange.webhook.remove", target=f"agency:{_code(session, agency_id)}"
    )


# --- delivering -------------------------------------------------------------------------------


def enqueue(session: Session, message: Message, holder_agency_ids: Sequence[int]) -> int:
    """Queue a delivery for each agency holding ``message`` that has an active webhook, in the
    posting's transaction; how many were queued."""
    hooks = list(
        session.execute(
            select(Webhook.id).where(
                Webhook.agency_id.in_(set(holder_agency_ids)), Webhook.active.is_(True)
            )
        ).scalars()
    )
    for hook_id in hooks:
        queue.submit(
            session, Actor.system(), JobKind.EXCHANGE_WEBHOOK,
            parameters={"webhook": hook_id, "message": message.id},
        )  # fmt: skip
    return len(hooks)


def payload(session: Session, message: Message, agency_code: str) -> bytes:
    """The notice of ``message`` for the agency ``agency_code``: ids and kind only."""
    case = session.execute(select(Case.public_id).where(Case.id == message.case_id)).scalar_one()
    notice = {
        "event": "message", "message": message.public_id, "case": case, "kind": message.kind,
        "at": message.created_at.isoformat(), "agency": agency_code,
    }  # fmt: skip
    return json.dumps(notice, sort_keys=True, separators=(",", ":")).encode()


def sign(secret: str, body: bytes) -> str:
    """The ``X-Clew-Signature`` header's value: ``sha256=`` and the hex HMAC of the body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _post(url: str, body: bytes, signature: str) -> tuple[bool, str]:
    """POST once, following no redirect; whether it was taken (2xx) and what happened."""
    parts = urlsplit(url)
    assert parts.hostname is not None
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=TIMEOUT)
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = {
        "Content-Type": "application/json", "X-Clew-Event": "message",
        "X-Clew-Signature": signature, "User-Agent": f"Clew/{__version__}",
    }  # fmt: skip
    try:
        connection.request("POST", target, body=body, headers=headers)
        response = connection.getresponse()
        response.read(64 * 1024)
        status = response.status
    except (OSError, http.client.HTTPException) as exc:
        return False, f"not delivered: {exc.__class__.__name__}: {exc}"[:200]
    finally:
        connection.close()
    if 200 <= status < 300:
        return True, f"HTTP {status}"
    if 300 <= status < 400:
        return False, f"HTTP {status} (redirects are not followed)"
    return False, f"HTTP {status}"


def _deliver(job: JobRun) -> None:
    hook_id, message_id = job.parameters["webhook"], job.parameters["message"]
    with job.database.reading() as session:
        hook = session.get(Webhook, hook_id)
        message = session.get(Message, message_id)
        if hook is None or not hook.active or message is None:
            target = None  # removed since: nobody to tell
        else:
            target = (
                hook.url,
                hook.secret,
                payload(session, message, _code(session, hook.agency_id)),
            )
    if target is None:
        with job.transaction() as session:
            job.complete(session, {"status": "skipped", "attempts": 0})
        return
    url, secret, body = target
    job.progress(0, ATTEMPTS)
    delivered, status, attempts = False, "", 0
    while attempts < ATTEMPTS and not delivered:
        if attempts:
            time.sleep(BACKOFF[min(attempts, len(BACKOFF)) - 1])
            job.progress(attempts)
        delivered, status = _post(url, body, sign(secret, body))
        attempts += 1
    with job.transaction() as session:
        session.execute(
            update(Webhook)
            .where(Webhook.id == hook_id)
            .values(last_status=status, last_delivery_at=utcnow())
        )
        if delivered:
            job.progress.done = attempts
            job.complete(session, {"status": status, "attempts": attempts})
    if not delivered:
        raise ClewError(f"The webhook was not delivered after {attempts} attempts: {status}")


def _same(result: Any) -> Any:
    return result


register(JobKind.EXCHANGE_WEBHOOK, _deliver, dump=_same, load=_same)
