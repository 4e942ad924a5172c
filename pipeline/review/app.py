"""The review page as a Starlette app: server-rendered pages, a little vendored JavaScript for the
live preview and the keyboard shortcuts, and a guard in front of everything.

The guard: the Host must be localhost or 127.0.0.1 (400: a DNS-rebinding page cannot reach it);
every request carries the one-time token, in the URL once and then in a cookie (403 without it);
a POST must come from this page itself (Origin, else Referer; 403 otherwise); and every answer
says `Content-Security-Policy: default-src 'self'`, so nothing loads from anywhere else.
"""
from __future__ import annotations

import hashlib
import hmac
from pathlib import Path
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.datastructures import URL
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from pipeline import TEMPLATES
from pipeline.errors import display_path
from pipeline.review.session import ReviewSession, Refused, Screen

STATIC = Path(__file__).parent / "static"
LOCAL_HOSTS = {"localhost", "127.0.0.1"}
HEADERS = {"Content-Security-Policy": "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
           "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "Cache-Control": "no-store",
           "X-Frame-Options": "DENY"}
STATUSES = {"pending": "Pending", "decided": "Decided", "changes": "Automatic changes", "all": "Everything"}


class Guard:
    """ASGI middleware: the Host, token and same-origin rules, and the security headers."""

    def __init__(self, app, token: str):
        self.app, self.token = app, token
        self.cookie = "lcspr_review_" + hashlib.sha256(token.encode()).hexdigest()[:8]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope)
        refusal = self.refusal(request)
        if refusal is None and request.query_params.get("token"):
            refusal = self.drop_token_from_url(request)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] += [(k.lower().encode(), v.encode()) for k, v in HEADERS.items()]
            await send(message)

        if refusal is not None:
            return await refusal(scope, receive, with_headers)
        await self.app(scope, receive, with_headers)

    def refusal(self, request: Request) -> Response | None:
        host = request.headers.get("host", "")
        if host.rsplit(":", 1)[0] not in LOCAL_HOSTS:
            return PlainTextResponse("This page answers only at localhost or 127.0.0.1.", 400)
        if not self.has_token(request):
            return PlainTextResponse("Open the page with the link `lcspr review` printed (it holds the token).", 403)
        if request.method not in ("GET", "HEAD") and not self.same_origin(request, host):
            return PlainTextResponse("A change must come from the review page itself.", 403)
        return None

    def has_token(self, request: Request) -> bool:
        given = request.query_params.get("token") or request.cookies.get(self.cookie) or ""
        return hmac.compare_digest(given.encode(), self.token.encode())

    @staticmethod
    def same_origin(request: Request, host: str) -> bool:
        origin = f"http://{host}"
        if request.headers.get("sec-fetch-site") not in (None, "same-origin"):
            return False
        if "origin" in request.headers:
            return request.headers["origin"] == origin
        return request.headers.get("referer", "").startswith(origin + "/")

    def drop_token_from_url(self, request: Request) -> Response:
        """The token moves into a cookie (this tab and others opened from it), out of the address bar."""
        query = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
        response = RedirectResponse(str(URL(path=request.url.path, query=urlencode(query))), 303)
        response.set_cookie(self.cookie, self.token, httponly=True, samesite="strict", path="/")
        return response


def filtered(session: ReviewSession, status: str, kind: str, section: str) -> list[Screen]:
    def shown(s: Screen) -> bool:
        by_status = {"pending": s.pending, "decided": not s.is_change and not s.pending, "changes": s.is_change,
                     "all": True}.get(status, s.pending)
        return by_status and (not kind or s.kind == kind) and (not section or s.section == section)
    return [s for s in session.screens if shown(s)]


def create_app(session: ReviewSession, token: str) -> Guard:
    env = Environment(loader=FileSystemLoader(TEMPLATES / "review"), autoescape=select_autoescape(["html", "j2"]))
    case_arg = display_path(session.ctx.case_dir)

    def filters_of(request: Request) -> dict:
        q = request.query_params
        status = q.get("status", "pending")
        return {"status": status if status in STATUSES else "pending", "kind": q.get("kind", ""),
                "section": q.get("section", "")}

    def page(request: Request, screen: Screen | None, error: str = "", wording: dict | None = None,
             status_code: int = 200) -> HTMLResponse:
        session.refresh_if_changed()
        screen = session.screen(screen.id) if screen else None
        filters = filters_of(request)
        listed = filtered(session, **filters)
        decided, total = session.progress()
        at = listed.index(screen) if screen in listed else -1
        html = env.get_template("page.html.j2").render(
            session=session, screen=screen, listed=listed, filters=filters, statuses=STATUSES,
            query="?" + urlencode({k: v for k, v in filters.items() if v}), error=error, form=wording or {},
            kinds=sorted({s.kind for s in session.screens}),
            sections=list(dict.fromkeys(s.section for s in session.screens)),
            decided=decided, total=total, pending=total - decided, case_arg=case_arg,
            previous=listed[at - 1] if at > 0 else None, next=listed[at + 1] if 0 <= at < len(listed) - 1 else None,
            same_value=session.same_value(screen) if screen else [], problem=session.problem,
            leftovers=session.outcome.leftovers)
        return HTMLResponse(html, status_code)

    async def overview(request: Request) -> Response:
        return page(request, None)

    async def item(request: Request) -> Response:
        screen = session.screen(request.path_params["item"])
        if screen is None:
            return page(request, None, "That finding is no longer in the draft.", status_code=404)
        return page(request, screen)

    async def decide(request: Request) -> Response:
        form = await request.form()
        item_id = request.path_params["item"]
        try:
            before = session.decide(item_id, str(form.get("action", "")), str(form.get("wording", "")),
                                    str(form.get("reason", "")), form.get("whole_value") == "yes")
        except Refused as refused:
            screen = session.screen(item_id)
            return page(request, screen, str(refused), dict(form), 422 if screen else 404)
        filters = filters_of(request)
        return RedirectResponse(next_after(before, filters) + "?" + urlencode({k: v for k, v in filters.items() if v}), 303)

    def next_after(decided: Screen, filters: dict) -> str:
        """The next screen in the list after the one just decided (wrapping round), else the overview."""
        order = [s.id for s in session.screens]
        start = order.index(decided.id) + 1 if decided.id in order else 0
        listed = {s.id for s in filtered(session, **filters)}
        for item_id in order[start:] + order[:start]:
            if item_id in listed and item_id != decided.id:
                return f"/item/{item_id}"
        return "/"

    async def preview(request: Request) -> Response:
        form = await request.form()
        try:
            after = session.preview(request.path_params["item"], str(form.get("action", "")),
                                    str(form.get("wording", "")), str(form.get("reason", "")))
        except Refused as refused:
            return PlainTextResponse(str(refused), 422)
        return PlainTextResponse(after)

    async def picture(request: Request) -> Response:
        screen = session.screen(request.path_params["item"])
        path = session.picture_file(screen.picture[1]) if screen and screen.picture else None
        return FileResponse(path) if path else PlainTextResponse("no such picture", 404)

    app = Starlette(routes=[
        Route("/", overview), Route("/item/{item}", item), Route("/item/{item}/decide", decide, methods=["POST"]),
        Route("/item/{item}/preview", preview, methods=["POST"]), Route("/picture/{item}", picture),
        Mount("/static", StaticFiles(directory=STATIC), name="static")])
    return Guard(app, token)
