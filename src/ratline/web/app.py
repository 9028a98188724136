"""The FastAPI application: state, security headers, error handling, routers, static files."""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import escape
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ratline import __version__, settings
from ratline.analyze.incidents import IndexCache
from ratline.analyze.places import country_label
from ratline.geo import places
from ratline.store import Store, open_store
from ratline.web import shared_memo, views
from ratline.web.auth import HTTPProblem, NotLoggedIn
from ratline.web.guard import MAX_BODY, BodyGuard
from ratline.web.sessions import Sessions
from ratline.web.users import User

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
# Only this origin, no inline code or styles, never framed: document text is untrusted.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityHeaders:
    """Adds the security headers to every response (plain ASGI: no per-request task)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", [])
                           if h[0].lower() not in {k for k, _ in SECURITY_HEADERS}]
                headers.extend(SECURITY_HEADERS)
                if scope["path"].startswith(("/api/", "/login", "/admin")):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RatlineApp(FastAPI):
    """FastAPI with the security headers outside everything else, so that responses
    made before routing or by the last-resort error handler (500) carry them too."""

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(super().build_middleware_stack())


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    env = templates.env
    env.autoescape = True
    # The templates ship inside the package and change only with it: asking the file
    # system for each one's modification time on every page took a tenth of a search
    # page's time under load.
    env.auto_reload = False
    env.globals.update(
        evidence_label=views.evidence_label, legal_label=views.legal_label,
        status_labels=views.STATUS_LABELS, country_label=country_label, version=__version__,
        export_formats=views.EXPORT_FORMATS,
    )
    return templates


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _problem(request: Request, status: int, message: str, code: str) -> Response:
    if _is_api(request):
        return JSONResponse({"error": code, "message": message}, status_code=status)
    if status == 401:
        return RedirectResponse("/login?next=" + request.url.path, status_code=303)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {
        "status": status, "message": message, "user": getattr(request.state, "user", None),
        "csrf": getattr(request.state, "csrf", "")}, status_code=status)


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # FastAPI answers each request of a plain `def` endpoint on one of anyio's worker
    # threads; past `web_threads` requests wait for one in arrival order.
    anyio.to_thread.current_default_thread_limiter().total_tokens = settings.web_threads()
    # What the server keeps for its life is read before it serves and frozen out of
    # garbage collection: the gazetteer (read by the first map) is 300,000 objects, and
    # a full collection walking them held every request for 250 ms, every few hundred
    # requests. The incident index is frozen as it is built (`IndexCache.get`).
    places.load()
    gc.collect()  # garbage of the start-up is freed, not frozen
    gc.freeze()
    yield


def create_app(store: Store | None = None, *, cache_ttl: float = 2.0,
               max_body: int = MAX_BODY) -> FastAPI:
    """The app over `store` (default: `open_store()`); request bodies over `max_body`
    bytes are refused (413)."""
    from ratline.web import api, exports, pages

    app = RatlineApp(
        title="ratline", version=__version__,
        description="Source-cited trafficking incidents, actors, documents and review. "
                    "Every endpoint needs a logged-in session; state-changing requests need "
                    "the session's CSRF token in the X-CSRF-Token header.",
        docs_url=None, redoc_url=None,  # their pages load scripts from a CDN
        lifespan=_lifespan,
    )
    app.state.store = store or open_store()
    app.state.cache = IndexCache(app.state.store, ttl=cache_ttl)
    app.state.sessions = Sessions(app.state.store)
    app.state.templates = _templates()

    @app.exception_handler(HTTPProblem)
    async def _on_problem(request: Request, exc: HTTPProblem) -> Response:
        return _problem(request, exc.status, exc.message, exc.code)

    @app.exception_handler(NotLoggedIn)
    async def _on_login(request: Request, exc: NotLoggedIn) -> Response:
        return _problem(request, 401, exc.message, exc.code)

    @app.exception_handler(RequestValidationError)
    async def _on_invalid(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors():
            where = ".".join(str(x) for x in err.get("loc", ())[1:]) or "request"
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        return _problem(request, 400, "bad parameter: " + "; ".join(parts), "bad_parameter")

    @app.exception_handler(StarletteHTTPException)
    async def _on_http(request: Request, exc: StarletteHTTPException) -> Response:
        message = {404: "not found", 405: "method not allowed"}.get(exc.status_code, str(exc.detail))
        return _problem(request, exc.status_code, message, "http_error")

    @app.exception_handler(Exception)
    async def _on_crash(request: Request, exc: Exception) -> Response:
        log.exception("request failed: %s", request.url.path)
        return _problem(request, 500, "internal error; see the server log", "internal")

    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(exports.router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_middleware(BodyGuard, sessions=lambda: app.state.sessions, max_body=max_body)
    return app


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    base = {"user": getattr(request.state, "user", None), "csrf": getattr(request.state, "csrf", "")}
    response = templates.TemplateResponse(request, name, {**base, **context}, status_code=status)
    assert isinstance(response, HTMLResponse)
    return response


# Stand-ins for the only per-session parts of a page (the user's name and the CSRF token
# of the log-out form): pages that are otherwise the same for everyone are rendered once
# per role and data version, and these are filled in per request.
_NAME_MARK, _CSRF_MARK = "\x00ratline-user\x00", "\x00ratline-csrf\x00"


def render_shared(request: Request, name: str,
                  context: dict[str, Any] | Callable[[], dict[str, Any]], index: Any,
                  key: tuple[Any, ...]) -> HTMLResponse:
    """Like `render`, for pages whose content depends only on the data and the query.

    The page is cached in `index` (dropped whenever the data changes), keyed by `key`
    and the user's role, because navigation differs by role, and shared with the other
    web workers (`shared_memo`). `context` may be a function, called only when the page
    is rendered: a page kept already (here or by another worker) then costs no lookup
    of its data.
    """
    user = getattr(request.state, "user", None)
    role = getattr(user, "role", None)

    def page() -> str:
        templates: Jinja2Templates = request.app.state.templates
        stand_in = User(id=0, name=_NAME_MARK, role=role or "viewer") if user else None
        data = context() if callable(context) else context
        html = templates.get_template(name).render(
            {"request": request, "user": stand_in, "csrf": _CSRF_MARK, **data})
        return str(html)

    html = shared_memo.recall(index, ("page", name, role, key), page,
                              lambda h: h.encode("utf-8"), lambda b: b.decode("utf-8"))
    html = html.replace(_CSRF_MARK, str(escape(getattr(request.state, "csrf", ""))))
    html = html.replace(str(escape(_NAME_MARK)), str(escape(getattr(user, "name", ""))))
    return HTMLResponse(html)
