"""Rendering pages: templates, the interface language, CSRF tokens and flash messages."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from clew import __version__, i18n
from clew.settings import Settings
from clew.web import labels
from clew.web.problems import problem_text

__all__ = [
    "CSRF_COOKIE",
    "LANG_COOKIE",
    "SESSION_COOKIE",
    "check_csrf",
    "clear_session_cookie",
    "cookie_name",
    "csrf_token",
    "language_for",
    "redirect",
    "render",
    "safe_next",
    "session_token",
    "set_language_cookie",
    "set_session_cookie",
    "use_language",
]

CSRF_COOKIE = "clew_csrf"
LANG_COOKIE = "clew_lang"
SESSION_COOKIE = "clew_session"
HOST_PREFIX = "__Host-"
TEMPLATES = Path(__file__).with_name("templates")

env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    extensions=["jinja2.ext.i18n"],
    trim_blocks=True,
    lstrip_blocks=True,
)
env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
env.globals["country_name"] = labels.country_label
env.globals["version"] = __version__
env.globals["languages"] = i18n.LANGUAGES
env.globals["role_label"] = labels.role_label
env.globals["kind_label"] = labels.kind_label
env.globals["scope_label"] = labels.scope_label
env.globals["problem_text"] = problem_text


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def cookie_name(request: Request, name: str) -> str:
    """The name a cookie goes by: in production ``__Host-`` + name, which browsers accept only
    when Secure, on Path=/ and without a Domain (so a sibling subdomain cannot plant it)."""
    return HOST_PREFIX + name if _settings(request).production else name


def session_token(request: Request) -> str | None:
    """The web session token this browser sent, if any."""
    return request.cookies.get(cookie_name(request, SESSION_COOKIE))


def _nonce(request: Request) -> str:
    nonce = getattr(request.state, "csrf_nonce", None) or request.cookies.get(
        cookie_name(request, CSRF_COOKIE)
    )
    if not nonce or len(nonce) > 64:
        nonce = secrets.token_urlsafe(24)
        request.state.csrf_nonce_new = True
    request.state.csrf_nonce = nonce
    return nonce


def _token_for(request: Request, nonce: str) -> str:
    """The HMAC of the browser's nonce and its session token (empty before signing in), so a
    token minted for one session, or for the anonymous login form, is refused for another."""
    key = _settings(request).secret_key.encode()
    message = "\0".join(("csrf", nonce, session_token(request) or ""))
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> str:
    return _token_for(request, _nonce(request))


def check_csrf(request: Request, submitted: str | None) -> bool:
    """The form's token must be the one minted for this browser's CSRF cookie and session."""
    nonce = request.cookies.get(cookie_name(request, CSRF_COOKIE))
    if not nonce or not submitted:
        return False
    return hmac.compare_digest(_token_for(request, nonce), submitted)


def language_for(request: Request, user_locale: str | None = None) -> str:
    return i18n.negotiate(
        user_locale,
        request.cookies.get(cookie_name(request, LANG_COOKIE)),
        accept_language=request.headers.get("accept-language"),
    )


def use_language(request: Request) -> str:
    """Make this request's language current (the signed-in user's choice comes first)."""
    page = getattr(request.state, "page", None)
    language = language_for(request, page.viewer.locale if page else None)
    i18n.set_language(language)
    return language


def _set_cookie(request: Request, response: HTMLResponse | RedirectResponse, name: str,
                value: str, max_age: int) -> None:  # fmt: skip
    response.set_cookie(
        cookie_name(request, name), value, max_age=max_age, httponly=True, samesite="lax",
        secure=_settings(request).production, path="/",
    )  # fmt: skip


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, *, status: int = 200
) -> HTMLResponse:
    page = getattr(request.state, "page", None)
    language = use_language(request)
    values = {
        "request": request,
        "page": page,
        "lang": language,
        "csrf_token": csrf_token(request),
        "demo": _settings(request).demo,
        "flash": request.query_params.get("done", "")[:40],
    }
    values.update(context or {})
    html = env.get_template(template).render(values)
    response = HTMLResponse(html, status_code=status)
    if getattr(request.state, "csrf_nonce_new", False):
        _set_cookie(request, response, CSRF_COOKIE, request.state.csrf_nonce, 60 * 60 * 24)
    return response


def safe_next(target: str | None, default: str = "/") -> str:
    """Only same-site paths may be redirect targets (no open redirects)."""
    if not target or len(target) > 500:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def set_language_cookie(request: Request, response: RedirectResponse, language: str) -> None:
    _set_cookie(request, response, LANG_COOKIE, language, 60 * 60 * 24 * 365)


def set_session_cookie(request: Request, response: RedirectResponse, token: str) -> None:
    hours = _settings(request).session_hours
    _set_cookie(request, response, SESSION_COOKIE, token, int(hours * 3600))


def clear_session_cookie(request: Request, response: RedirectResponse) -> None:
    response.delete_cookie(
        cookie_name(request, SESSION_COOKIE), path="/", secure=_settings(request).production,
        httponly=True, samesite="lax",
    )  # fmt: skip
