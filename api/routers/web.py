"""The graph explorer at `/` (files of api/web/, the npm-installed JavaScript at /vendor/) and a Neo4j Browser
guide at /neo4j-guide whose saved queries are graph/cypher.py's BROWSER_* statements, never copies of them."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from graph import cypher
from graph.errors import NotFound

__all__ = ["SAVED_QUERIES", "VENDOR", "WEB_DIR", "SavedQuery", "cypher_params", "neo4j_guide_html", "router"]

router = APIRouter(include_in_schema=False)

WEB_DIR = Path(__file__).resolve().parents[1] / "web"

#: The page's own files: the only names /static/ serves.
STATIC: dict[str, str] = {"app.js": "text/javascript", "review.js": "text/javascript", "style.css": "text/css"}

#: /vendor/<name> -> file under api/web/node_modules (installed by `npm ci` from package-lock.json).
VENDOR: dict[str, str] = {
    "cytoscape.esm.mjs": "cytoscape/dist/cytoscape.esm.mjs",
    "layout-base.js": "layout-base/layout-base.js",
    "cose-base.js": "cose-base/cose-base.js",
    "cytoscape-fcose.js": "cytoscape-fcose/cytoscape-fcose.js",
}

#: Everything the page loads comes from this origin: no CDN, no inline script.
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
_NO_CACHE = {"Cache-Control": "no-cache"}

_MISSING = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sanctions-kg explorer: JavaScript not installed</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;color:#1f2933}
code{background:#eef2f6;padding:.1rem .3rem;border-radius:3px}</style></head>
<body><h1>The explorer's JavaScript is not installed</h1>
<p>Run <code>./run serve</code> to install the browser's JavaScript (it runs <code>npm ci</code> in
<code>api/web/</code> from the pinned lockfile), then reload this page.</p>
<p>Missing: {missing}</p>
<p>The REST API itself works: see <a href="/docs">/docs</a>.</p></body></html>
"""


def _missing_vendor() -> list[str]:
    return [rel for rel in VENDOR.values() if not (WEB_DIR / "node_modules" / rel).is_file()]


@router.get("/", response_class=HTMLResponse)
def index() -> Response:
    """The explorer page, or a 503 page saying how to install its JavaScript."""
    missing = _missing_vendor()
    if missing:
        body = _MISSING.replace("{missing}", ", ".join(f"<code>node_modules/{html.escape(m)}</code>" for m in missing))
        return HTMLResponse(body, status_code=503, headers=_NO_CACHE)
    return FileResponse(
        WEB_DIR / "index.html",
        media_type="text/html; charset=utf-8",
        headers={**_NO_CACHE, "Content-Security-Policy": _CSP, "X-Content-Type-Options": "nosniff"},
    )


@router.get("/static/{name}")
def static(name: str) -> FileResponse:
    if name not in STATIC:
        raise NotFound(f"no static file {name!r}")
    return FileResponse(WEB_DIR / name, media_type=STATIC[name], headers=_NO_CACHE)


@router.get("/vendor/{name}")
def vendor(name: str) -> Response:
    rel = VENDOR.get(name)
    if rel is None:
        raise NotFound(f"no vendor file {name!r}")
    path = WEB_DIR / "node_modules" / rel
    if not path.is_file():
        return Response(f"missing {rel}: run ./run serve to install the browser's JavaScript", 503)
    return FileResponse(path, media_type="text/javascript", headers=_NO_CACHE)


# -- Neo4j Browser guide: `:guide http://localhost:8000/neo4j-guide` --------------------------------------------------


@dataclass(frozen=True)
class SavedQuery:
    """One main question: its Browser statement (a graph/cypher.py constant) and example parameters."""

    title: str
    about: str
    query: str
    params: dict[str, object] = field(default_factory=dict)


_HOP = {"since": None, "until": None, "statuses": ["delivered", "ordered", "alleged"], "min_confidence": 0.0}

SAVED_QUERIES: tuple[SavedQuery, ...] = (
    SavedQuery(
        "Sanctioned suppliers of Russia",
        "States and groups under an arms embargo on `as_of` (of one issuer, or any) that supply the recipient.",
        cypher.BROWSER_SUPPLIERS_SANCTIONED,
        {"recipient": "RU", **_HOP, "source_kind": None, "as_of": "2022-09-07", "issuer": None},
    ),
    SavedQuery(
        "All suppliers of Russia",
        "Every supplier → recipient transfer in the date window, status list and confidence floor.",
        cypher.BROWSER_SUPPLIERS,
        {"recipient": "RU", **_HOP, "source_kind": None},
    ),
    SavedQuery(
        "Sanctioned actors",
        "Who is under an arms embargo on a date, with the regimes (set `issuer` to UN, EU, US or UK to narrow).",
        cypher.BROWSER_SANCTIONED,
        {"as_of": "2022-09-07", "issuer": None},
    ),
    SavedQuery(
        "Violations",
        "Transfers inside an embargo in force on their date that binds the other party, with the quotes.",
        cypher.BROWSER_VIOLATIONS,
        {"recipient": "RU", "supplier": None},
    ),
    SavedQuery(
        "Paths from Iran to Belarus",
        "Supply chains through intermediaries, 1 to 3 hops (the API writes the statement for other lengths).",
        cypher.paths_query(3, min_hops=1),
        {"source": "IR", "target": "BY", "limit": 20, **_HOP, "source_kind": None},
    ),
    SavedQuery(
        "Actor profile",
        "One actor with the regimes targeting it and its transfers in and out.",
        cypher.BROWSER_ACTOR,
        {"actor": "KP"},
    ),
    SavedQuery(
        "Evidence for one transfer",
        "The transfer, its quotes and its sources: take a `transfer` id from the Violations result.",
        cypher.BROWSER_EVIDENCE,
        {"transfer": "tr-…"},
    ),
    SavedQuery(
        "Timeline of an actor",
        "Transfers and regime starts and ends touching the actor, in date order.",
        cypher.BROWSER_TIMELINE,
        {"actor": "IR"},
    ),
)


def cypher_params(params: dict[str, object]) -> str:
    """A `:params` command for Neo4j Browser: a Cypher map literal (bare keys, JSON values)."""
    return ":params {" + ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in params.items()) + "}"


def _prose(text: str) -> str:
    """Escaped text with `ticks` as <code>."""
    parts = html.escape(text).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))


def _code(text: str) -> str:
    return f'<pre class="pre-scrollable code runnable">{html.escape(text.strip())}</pre>'


def neo4j_guide_html() -> str:
    """A Browser guide: one slide per saved query, each with a runnable `:params` block and the statement."""
    slides = [
        '<slide class="row-fluid"><div class="col-sm-12"><h3>sanctions-kg</h3>'
        '<p class="lead">Arms transfers and the sanctions regimes they breach.</p>'
        "<p>Each slide sets example parameters (click the first block, run it), then runs one of the questions the "
        "REST API answers. Every API answer carries the same statement in <code>cypher.query</code>, with the "
        "parameters of that answer in <code>cypher.params</code>; the explorer's <em>Cypher</em> export gives both."
        "</p><ol>" + "".join(f"<li>{html.escape(q.title)}</li>" for q in SAVED_QUERIES) + "</ol></div></slide>"
    ]
    for q in SAVED_QUERIES:
        slides.append(
            f'<slide class="row-fluid"><div class="col-sm-12"><h3>{html.escape(q.title)}</h3>'
            f"<p>{_prose(q.about)}</p>{_code(cypher_params(q.params))}{_code(q.query)}</div></slide>"
        )
    return (
        '<!doctype html><html><head><meta charset="utf-8"><title>sanctions-kg saved queries</title></head><body>'
        '<article class="guide"><carousel class="deck container-fluid">'
        + "".join(slides)
        + "</carousel></article></body></html>"
    )


#: Neo4j Browser (another origin: http://127.0.0.1:7474) fetches the guide with a CORS preflight. Public, read-only
#: content: any origin may read it, and only it.
_GUIDE_CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET, OPTIONS"}


@router.get("/neo4j-guide", response_class=HTMLResponse)
def neo4j_guide() -> HTMLResponse:
    return HTMLResponse(neo4j_guide_html(), headers={**_GUIDE_CORS, **_NO_CACHE})


@router.options("/neo4j-guide")
def neo4j_guide_preflight(request: Request) -> Response:
    asked = request.headers.get("access-control-request-headers", "")
    headers = {**_GUIDE_CORS, "Access-Control-Max-Age": "600"}
    if asked:
        headers["Access-Control-Allow-Headers"] = asked
    return Response(status_code=204, headers=headers)
