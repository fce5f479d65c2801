"""The explorer at / in a real headless Chromium (Playwright, Debian's /usr/bin/chromium) against a seeded store.

The API runs in uvicorn on a free loopback port in a thread. Without Chromium, Playwright or the npm-installed
JavaScript the browser tests skip with the reason, except under CI=true, where they fail. Screenshots go to
tests/e2e/screenshots/ (gitignored); copy sanctioned-suppliers-evidence.png to docs/explorer.png on purpose
when the README's picture should change.
"""

from __future__ import annotations

import html
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlparse

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import hash_key
from api.routers import web
from graph import cypher, queries
from graph.memory_store import MemoryStore
from graph.model import Source, Transfer
from graph.reference import target_ids
from graph.settings import get_settings
from graph.store import GraphStore, TransferFilter
from graph.vocab import SourceKind, TransferStatus, WeaponCategory
from ingest.pipeline import load_reference
from tests.conftest import REPO, TEST_PASSWORD, free_loopback_port
from tests.factories import news_source, states, transfer

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SHOTS = Path(__file__).parent / "screenshots"
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}

KP_QUOTE = "Russia is buying millions of artillery shells and rockets from North Korea, according to US intelligence."
KP_CLAIMANT = "US intelligence (New York Times)"
REVIEWER_KEY = "e2e-reviewer-key-for-alice"
IR_QUOTE = "Russian transport planes collected the first Iranian Mohajer-6 and Shahed-136 drones on 29 August."
SHELLS_QUOTE = "Trains from North Korea brought crates of artillery shells to a depot near the Russian border."
SHELLS_SOURCE = news_source(5, date(2022, 11, 20)).model_copy(
    update={"title": "Shell trains cross the Tumen river", "publisher": "Example Wire"}
)


# -- a small, realistic graph -----------------------------------------------------------------------------------


def _as(t: Transfer, claimant: str, designation: str | None = None, reported: date | None = None) -> Transfer:
    """The factory's transfer with another claimant, a designation and the date its source reported it."""
    update: dict[str, object] = {"claimant": claimant} | ({"reported": reported} if reported else {})
    evidence = tuple(e.model_copy(update=update) for e in t.evidence)
    return t.model_copy(update={"evidence": evidence, "designation": designation})


def seed(store: GraphStore) -> None:
    """Regimes from the curated reference, six states, the Houthis, three articles, a register and eight transfers."""
    load_reference(store)
    houthis = target_ids()["grp:houthis"]
    store.upsert_actors(states("KP", "RU", "IR", "BY", "CN", "IN"))
    nyt = news_source(1, date(2022, 9, 6)).model_copy(
        update={
            "title": "Russia is buying North Korean artillery, U.S. intelligence says",
            "publisher": "The New York Times",
        }
    )
    wapo = news_source(2, date(2022, 10, 16)).model_copy(
        update={"title": "Iran agrees to ship missiles, more drones to Russia", "publisher": "The Washington Post"}
    )
    kn23 = news_source(3, date(2024, 1, 4)).model_copy(
        update={"title": "North Korean ballistic missiles used against Ukraine", "publisher": "Reuters"}
    )
    yemen = news_source(4, date(2023, 12, 2)).model_copy(update={"title": "Houthi missile arsenal", "publisher": "AP"})
    sipri = Source(
        id="src-sipri-demo",
        kind=SourceKind.REGISTER,
        title="SIPRI Arms Transfers Database (trade register)",
        url="https://www.sipri.org/databases/armstransfers",
        publisher="SIPRI",
        published=date(2024, 3, 11),
        language="en",
    )
    store.upsert_sources([nyt, wapo, kn23, yemen, sipri])
    A, S = TransferStatus.ALLEGED, TransferStatus.DELIVERED
    reg, register = SourceKind.REGISTER, sipri.id
    store.upsert_transfers([
        _as(transfer("KP", "RU", WeaponCategory.AMMUNITION, "2022-09", A, 0.6, source=nyt.id, quote=KP_QUOTE,
                     start=412), KP_CLAIMANT, "152 mm shells and 122 mm rockets", nyt.published),
        _as(transfer("IR", "RU", WeaponCategory.DRONE, "2022-08-29", S, 0.7, source=wapo.id, quote=IR_QUOTE,
                     start=1290), "US and allied officials", "Shahed-136 / Mohajer-6", wapo.published),
        _as(transfer("KP", "RU", WeaponCategory.MISSILE, "2023-12", S, 0.8, source=kn23.id,
                     quote="Russia fired North Korean KN-23 ballistic missiles at Ukraine on 30 December.", start=88),
            "White House National Security Council", "KN-23", kn23.published),
        _as(transfer("CN", "RU", WeaponCategory.ENGINE, "2018", S, 0.9, quote="China: 24 D-30 turbofans to Russia.",
                     kind=reg, source=register), "SIPRI", "D-30 turbofan"),
        _as(transfer("RU", "BY", WeaponCategory.AIRCRAFT, "2023-05", S, 0.9, quote="Russia: 4 Yak-130 to Belarus.",
                     kind=reg, source=register), "SIPRI", "Yak-130"),
        _as(transfer("RU", "IN", WeaponCategory.AIR_DEFENCE, "2021-12", S, 0.9, quote="Russia: S-400 to India.",
                     kind=reg, source=register), "SIPRI", "S-400"),
        _as(transfer("BY", "RU", WeaponCategory.ARMOURED_VEHICLE, "2023-03", TransferStatus.DENIED, 0.3, source=nyt.id,
                     quote="Minsk denied sending T-72 tanks to Russia.", start=1800),
            "Belarusian defence ministry", None, nyt.published),
        _as(transfer("IR", houthis, WeaponCategory.MISSILE, "2023-11", A, 0.5, source=yemen.id,
                     quote="The Houthis fired Iranian-designed anti-ship ballistic missiles.", start=52),
            "US Central Command", None, yemen.published),
    ])  # fmt: skip


# -- server, browser, page ------------------------------------------------------------------------------------------


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true requires the browser tests: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The API with the explorer on a free loopback port, serving a seeded embedded store."""
    yield from _serve(tmp_path_factory.mktemp("e2e"))


@pytest.fixture(scope="module")
def review_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Another server on its own seeded store (the decisions stay out of the other tests), with alice's reviewer key."""
    yield from _serve_for_alice(tmp_path_factory.mktemp("e2e-review"), seed)


@pytest.fixture(scope="module")
def structure_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A third server for merges and splits: the seeded store with a second report of the North Korean shells."""
    yield from _serve_for_alice(tmp_path_factory.mktemp("e2e-structure"), seed_second_shells_report)


def seed_second_shells_report(store: GraphStore) -> None:
    """The seed, and another article reporting the 2022 North Korean shells: that transfer has two claims."""
    seed(store)
    store.upsert_sources([SHELLS_SOURCE])
    store.upsert_transfers([
        _as(transfer("KP", "RU", WeaponCategory.AMMUNITION, "2022-11", TransferStatus.ALLEGED, 0.5,
                     source=SHELLS_SOURCE.id, quote=SHELLS_QUOTE, start=230), "Ukrainian military intelligence",
            None, SHELLS_SOURCE.published),
    ])  # fmt: skip


def _serve_for_alice(folder: Path, seeder: Callable[[GraphStore], None]) -> Iterator[str]:
    saved = os.environ.get("SKG_API_KEYS")
    os.environ["SKG_API_KEYS"] = f"alice:reviewer:{hash_key(REVIEWER_KEY)}"
    get_settings.cache_clear()
    try:
        yield from _serve(folder, seeder)
    finally:
        if saved is None:
            os.environ.pop("SKG_API_KEYS", None)
        else:
            os.environ["SKG_API_KEYS"] = saved
        get_settings.cache_clear()


def _serve(folder: Path, seeder: Callable[[GraphStore], None] = seed) -> Iterator[str]:
    import uvicorn

    if missing := [rel for rel in web.VENDOR.values() if not (web.WEB_DIR / "node_modules" / rel).is_file()]:
        _skip_or_fail(f"the explorer's JavaScript is not installed (npm ci in api/web): missing {missing[0]}")
    store = MemoryStore(folder / "graph.json.gz")
    seeder(store)
    port = free_loopback_port()
    server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="e2e-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        _skip_or_fail(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("the playwright Python package is not installed (pip install -e '.[test]')")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    """A 1280×800 page that records page errors and any request leaving the loopback server."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, base_url=base_url)
    pg = context.new_page()
    errors: list[str] = []
    foreign: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("request", lambda req: None if req.url.startswith((base_url, "data:", "blob:")) else foreign.append(req.url))
    yield pg
    context.close()
    assert not errors, f"JavaScript errors: {errors}"
    assert not foreign, f"requests beyond the local API (no CDN at run time): {foreign}"


def _ready(pg: Page) -> None:
    pg.wait_for_selector("body[data-state=ready]", timeout=15_000)


def _details(pg: Page, key: str) -> None:
    """Wait until the details pane shows `key` (e:<supplier>><recipient>, n:<actor>, p:<path>), fully loaded."""
    pg.wait_for_function(
        "key => { const d = document.querySelector('#details').dataset;"
        " return d.shows === key && d.loaded === 'true'; }",
        arg=key,
        timeout=10_000,
    )


def _ask_sanctioned_suppliers_of_russia(pg: Page) -> None:
    pg.goto("/")
    pg.wait_for_selector("body[data-state=idle]")
    pg.select_option("#q", "sanctioned")
    pg.fill("#recipient", "RU")
    pg.click("#run")
    _ready(pg)


def _click_edge(pg: Page, edge_id: str) -> None:
    """A real mouse click on the middle of the drawn edge."""
    point: dict[str, float] = pg.evaluate(
        "id => { const e = window.cy.getElementById(id); return e.renderedMidpoint(); }", edge_id
    )
    box = pg.locator("#cy").bounding_box()
    assert box is not None
    pg.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def _cy(pg: Page, expression: str) -> Any:
    return pg.evaluate(f"() => {{ const cy = window.cy; return {expression}; }}")


# -- browser tests --------------------------------------------------------------------------------------------------


@pytest.mark.e2e
def test_sanctioned_suppliers_edge_evidence_and_screenshot(page: Page) -> None:
    _ask_sanctioned_suppliers_of_russia(page)
    assert page.inner_text("#view-title") == "Sanctioned suppliers of Russia"
    nodes = set(_cy(page, "cy.nodes().map(n => n.id())"))
    assert {"RU", "KP", "IR", "CN"} <= nodes and "BY" not in nodes  # BY supplies RU only in a denied report
    assert set(_cy(page, "cy.nodes('.sanctioned').map(n => n.id())")) >= {"KP", "IR", "CN"}
    assert "UN" in _cy(page, "cy.getElementById('KP').data('issuers')")
    assert _cy(page, "cy.getElementById('KP>RU').data('count')") == 2
    assert _cy(page, "cy.getElementById('KP>RU').hasClass('violation')")
    assert _cy(page, "cy.getElementById('CN>RU').hasClass('s-delivered')")
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORT["width"]

    _click_edge(page, "KP>RU")
    _details(page, "e:KP>RU")
    assert _cy(page, "cy.getElementById('KP>RU').selected()")
    details = page.locator("#details")
    shells = details.locator("article.transfer", has=page.locator("mark.quote", has_text=KP_QUOTE))
    assert shells.count() == 1
    assert shells.locator(".claimant").inner_text() == KP_CLAIMANT
    assert shells.locator("a.original").get_attribute("href") == "https://example.org/1"
    assert "The New York Times, 2022-09-06" in shells.inner_text()
    violation = shells.locator(".violation").inner_text()
    assert "VIOLATION: Alleged" in violation and "under the UN measure" in violation and "UNSCR 1718" in violation
    assert details.locator("article.transfer").count() == 2  # the 2022 shells and the 2023 KN-23 missiles
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "sanctioned-suppliers-evidence.png"))


@pytest.mark.e2e
def test_url_keeps_the_view_across_a_reload(page: Page, base_url: str) -> None:
    _ask_sanctioned_suppliers_of_russia(page)
    _click_edge(page, "IR>RU")
    _details(page, "e:IR>RU")
    query = parse_qs(urlparse(page.url).query)
    assert query["q"] == ["sanctioned"] and query["recipient"] == ["RU"] and query["sel"] == ["e:IR>RU"]

    page.reload()
    _ready(page)
    _details(page, "e:IR>RU")
    assert page.input_value("#recipient") == "RU" and page.input_value("#q") == "sanctioned"
    assert _cy(page, "cy.getElementById('IR>RU').selected()")
    assert IR_QUOTE in page.inner_text("#details")

    page.goto(f"{base_url}/?q=paths&source=IR&target=BY")  # a shared link opens on its own
    _ready(page)
    assert page.locator("#results [role=option]").first.inner_text().startswith("Iran → Russia → Belarus")
    page.go_back()
    _ready(page)
    assert page.inner_text("#view-title") == "Sanctioned suppliers of Russia"


@pytest.mark.e2e
def test_result_list_is_keyboard_navigable(page: Page) -> None:
    _ask_sanctioned_suppliers_of_russia(page)
    options = page.locator("#results [role=option]")
    assert options.count() == 3
    keys = [options.nth(i).get_attribute("data-key") or "" for i in range(3)]
    assert sorted(keys) == ["e:CN>RU", "e:IR>RU", "e:KP>RU"]
    counts = [int(re.search(r"(\d+) transfers?", options.nth(i).inner_text()).group(1)) for i in range(3)]  # type: ignore[union-attr]
    assert counts == sorted(counts, reverse=True)  # biggest suppliers first, as the API ranks them
    names = {"CN": "China", "IR": "Iran", "KP": "North Korea"}
    page.focus("#results")
    page.keyboard.press("ArrowDown")
    _details(page, keys[0])
    assert page.get_attribute("#results", "aria-activedescendant") == "row-0"
    assert options.nth(0).get_attribute("aria-selected") == "true"
    assert f"{names[keys[0][2:4]]} → Russia" in page.inner_text("#details h2")
    page.keyboard.press("End")
    _details(page, keys[2])
    assert page.get_attribute("#results", "aria-activedescendant") == "row-2"
    assert f"{names[keys[2][2:4]]} → Russia" in page.inner_text("#details h2")
    assert _cy(page, f"cy.getElementById('{keys[2][2:]}').selected()")
    page.keyboard.press("ArrowUp")
    _details(page, keys[1])
    assert f"{names[keys[1][2:4]]} → Russia" in page.inner_text("#details h2")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "details"
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "keyboard.png"))


@pytest.mark.e2e
def test_png_and_cypher_exports(page: Page, tmp_path: Path) -> None:
    _ask_sanctioned_suppliers_of_russia(page)
    with page.expect_download() as download:
        page.click("#export-png")
    target = tmp_path / "view.png"
    download.value.save_as(target)
    data = target.read_bytes()
    assert download.value.suggested_filename.endswith(".png")
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5_000

    page.click("#export-cypher")
    page.wait_for_selector("#cypher-dialog[open]")
    text = page.inner_text("#cypher-text")
    assert cypher.BROWSER_SUPPLIERS_SANCTIONED.strip() in text
    assert ':params {recipient: "RU"' in text and "as_of:" in text
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "cypher-export.png"))
    page.keyboard.press("Escape")
    assert page.locator("#cypher-dialog[open]").count() == 0


@pytest.mark.e2e
def test_node_profile_violations_paths_and_timeline(page: Page) -> None:
    page.goto("/?q=violations")
    _ready(page)
    assert {"KP>RU", "IR>RU"} <= set(_cy(page, "cy.edges().map(e => e.id())"))
    rows = page.locator("#results [role=option]")
    assert rows.count() == 4 and rows.filter(has_text="North Korea → Russia").count() == 2
    page.evaluate("() => { window.cy.getElementById('KP').emit('tap'); }")  # returns nothing: no serialising
    _details(page, "n:KP")
    profile = page.inner_text("#details")
    assert "North Korea" in profile and "Under an arms embargo" in profile and "UN" in profile
    assert page.locator("#details .year-bars").count() == 1
    page.click("#details >> text=Show events")
    page.wait_for_selector("#details ol.event-list li")
    assert "sel=n%3AKP" in page.url or "sel=n:KP" in page.url
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "violations-profile.png"))

    # The timeline window hides the transfers outside it: 2023 only leaves the KN-23 missiles, not the 2022 drones.
    assert page.locator("#timeline-chart g.year").count() >= 2
    page.evaluate(
        "() => { const f = document.querySelector('#from'); f.value = '2023'; f.dispatchEvent(new Event('input')); }"
    )
    assert _cy(page, "cy.getElementById('IR>RU').hasClass('hidden')")
    assert not _cy(page, "cy.getElementById('KP>RU').hasClass('hidden')")

    page.goto("/?q=paths&source=IR&target=BY")
    _ready(page)
    page.focus("#results")
    page.keyboard.press("ArrowDown")
    _details(page, "p:0")
    assert "Iran → Russia → Belarus" in page.inner_text("#details h2")
    assert set(_cy(page, "cy.edges(':selected').map(e => e.id())")) == {"IR>RU", "RU>BY"}
    page.screenshot(path=str(SHOTS / "paths.png"))


def _edge_ids(pg: Page) -> set[str]:
    return set(_cy(pg, "cy.edges().map(e => e.id())"))


def _queue_targets(pg: Page) -> list[str]:
    script = "() => [...document.querySelectorAll('#queue [role=option]')].map(li => li.dataset.target)"
    return list(pg.evaluate(script))


def _recorded(pg: Page, kind: str) -> None:
    """Wait until the queue's live region says a `kind` decision was recorded and the page answered again."""
    pg.wait_for_function(
        "kind => document.querySelector('#queue-status').textContent.startsWith(kind + ' recorded')"
        " && document.body.dataset.state === 'ready'"
        " && document.querySelector('#queue-panel').dataset.loaded === 'true'",
        arg=kind.capitalize(),
        timeout=15_000,
    )


@pytest.mark.e2e
def test_review_queue_reject_with_a_reason_then_undo(browser: Browser, review_url: str) -> None:
    """Open the queue, reject the Iranian drones claim with a reason from the keyboard (the key asked once), see the
    Iran → Russia arrow leave the suppliers answer, undo it (a new decision: the log keeps both), accept it and
    see the decision on the arrow and under the claim in its evidence panel."""
    context = browser.new_context(viewport=VIEWPORT, base_url=review_url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto("/?q=suppliers&recipient=RU")
        _ready(page)
        assert "IR>RU" in _edge_ids(page)

        page.click("#review-open")
        page.wait_for_selector("#queue-panel[data-loaded=true]")
        assert page.is_hidden("#question-form") and page.get_attribute("#review-open", "aria-expanded") == "true"
        rows = page.locator("#queue [role=option]")
        assert rows.count() >= 5  # every news claim and register row of the seeded graph is open
        drones = rows.filter(has_text="Mohajer-6")
        assert drones.count() == 1
        target = drones.get_attribute("data-target") or ""
        assert target.startswith("cl-")
        drones.click()
        page.wait_for_function("t => document.querySelector('#details').dataset.shows === 'queue:' + t", arg=target)
        assert IR_QUOTE in page.inner_text("#details")

        page.keyboard.press("r")  # then the reason's number: 2 = wrong parties
        page.keyboard.press("2")
        page.wait_for_selector("#key-dialog[open]")  # the key is asked once, on the first write
        page.fill("#reviewer-key", REVIEWER_KEY)
        page.click("#key-save")
        _recorded(page, "reject")
        assert "IR>RU" not in _edge_ids(page)  # the suppliers answer no longer holds the rejected claim's transfer
        suppliers = page.request.get("/suppliers?recipient=RU").json()["suppliers"]
        assert "IR" not in {s["id"] for s in suppliers}
        assert target not in _queue_targets(page)
        assert "Reviewing as alice" in page.inner_text("#reviewer-who")
        assert page.evaluate("() => sessionStorage.getItem('skg-reviewer-key')") == REVIEWER_KEY

        page.keyboard.press("u")  # undo: one more decision, the claim is open again
        _recorded(page, "undo")
        assert page.locator("#key-dialog[open]").count() == 0
        assert "IR>RU" in _edge_ids(page)
        assert target in _queue_targets(page)
        log = page.request.get(f"/review/decisions?target={target}").json()["decisions"]
        assert [(d["kind"], d["author"], d.get("reason")) for d in log] == [
            ("reject", "alice", "wrong_parties"),
            ("undo", "alice", None),
        ]

        page.wait_for_function("t => document.querySelector('#details').dataset.shows === 'queue:' + t", arg=target)
        page.focus("#queue")
        page.keyboard.press("a")  # the undone claim is the current item again: accept it
        _recorded(page, "accept")
        assert _cy(page, "cy.getElementById('IR>RU').hasClass('reviewed')")
        assert _cy(page, "cy.getElementById('IR>RU').data('label')").startswith("✓")
        # a note on the next claim, from the keyboard: n, the text, Enter (a note leaves the claim in the queue)
        following = page.get_attribute("#queue [aria-selected=true]", "data-target") or ""
        assert following and following != target
        page.keyboard.press("n")
        page.keyboard.type("check the UN panel report")
        page.keyboard.press("Enter")
        _recorded(page, "note")
        noted = page.request.get(f"/review/decisions?target={following}").json()["decisions"]
        assert [(d["kind"], d["comment"]) for d in noted] == [("note", "check the UN panel report")]
        assert following in _queue_targets(page)
        page.focus("#queue")
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "review-queue.png"))

        page.keyboard.press("Escape")  # close the queue, then the arrow's evidence panel shows the decision
        assert page.is_hidden("#queue-panel") and page.is_visible("#question-form")
        _click_edge(page, "IR>RU")
        _details(page, "e:IR>RU")
        claim = page.locator(f"#details .review[data-target='{target}']")
        assert claim.get_attribute("data-state") == "accepted"
        assert "Accepted by alice" in claim.inner_text() and "3 decisions logged" in claim.inner_text()
        assert "Accepted by alice" in page.inner_text("#details .transfer-review")
        page.screenshot(path=str(SHOTS / "review-evidence.png"))
        claim.locator("button.act-undo").click()  # the panel's buttons write the same decisions
        page.wait_for_function(
            "t => document.querySelector(`#details .review[data-target='${t}']`)?.dataset.state === 'open'",
            arg=target,
            timeout=15_000,
        )
        assert not _cy(page, "cy.getElementById('IR>RU').hasClass('reviewed')")
        assert len(page.request.get(f"/review/decisions?target={target}").json()["decisions"]) == 4
    finally:
        context.close()
    assert not errors, f"JavaScript errors: {errors}"


def _kp_transfers(pg: Page) -> list[dict[str, Any]]:
    """The North Korean supplier row of the REST suppliers answer: its transfers (all listed)."""
    suppliers = pg.request.get("/suppliers?recipient=RU&per_supplier=100").json()["suppliers"]
    (kp,) = [s for s in suppliers if s["id"] == "KP"]
    assert kp["transfer_count"] == len(kp["transfers"])
    return list(kp["transfers"])


def _sources_of(t: dict[str, Any]) -> set[str]:
    return {e["source_id"] for e in t["evidence"]}


def _panel_shows(pg: Page, transfers: int) -> None:
    """Wait until the answer was asked again and the North Korea → Russia panel lists `transfers` transfers."""
    pg.wait_for_function(
        "n => document.body.dataset.state === 'ready' && window.cy.getElementById('KP>RU').data('count') === n"
        " && document.querySelector('#details').dataset.shows === 'e:KP>RU'"
        " && document.querySelector('#details').dataset.loaded === 'true'"
        " && document.querySelectorAll('#details article.transfer').length === n",
        arg=transfers,
        timeout=15_000,
    )


@pytest.mark.e2e
def test_merge_and_split_from_the_evidence_panel_then_undo(
    browser: Browser, structure_url: str, tmp_path: Path
) -> None:
    """On the North Korea → Russia arrow: merge the 2022 shells with the 2023 KN-23 missiles (one transfer carries
    both reports in the suppliers answer), undo it (two again), then split the second shells report off (a transfer
    of its own), with the decisions on the arrow and in the panel."""
    context = browser.new_context(viewport=VIEWPORT, base_url=structure_url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        before = _kp_transfers(page)
        assert len(before) == 2
        (shells,) = [t for t in before if t["category"] == "ammunition"]
        (missiles,) = [t for t in before if t["category"] == "missile"]
        assert _sources_of(shells) == {news_source(1).id, SHELLS_SOURCE.id}
        page.goto("/?q=suppliers&recipient=RU&sel=e:KP>RU")
        _ready(page)
        _panel_shows(page, 2)

        # merge: the panel lists the pair's other transfer; the key is asked once, on the first write
        article = page.locator(f"#details article.transfer[data-transfer='{shells['id']}']")
        article.locator("button.act-merge").click()
        article.locator("select.merge-other").wait_for()
        options = article.locator("select.merge-other option")
        assert [options.nth(i).get_attribute("value") for i in range(options.count())] == [missiles["id"]]
        article.locator("select.merge-other").select_option(missiles["id"])
        article.locator("input.structure-comment").fill("one programme")
        article.locator("button.act-merge-save").click()
        page.wait_for_selector("#key-dialog[open]")
        page.fill("#reviewer-key", REVIEWER_KEY)
        page.click("#key-save")
        _panel_shows(page, 1)
        (merged,) = _kp_transfers(page)
        assert merged["id"] not in (shells["id"], missiles["id"])
        assert _sources_of(merged) == _sources_of(shells) | _sources_of(missiles)
        assert merged["review"]["state"] == "merged" and merged["review"]["by"] == ["alice"]
        assert "⊕" in _cy(page, "cy.getElementById('KP>RU').data('label')")
        box = page.locator("#details .structure-merged")
        assert box.get_attribute("data-from") == shells["id"] and "Merged by alice" in page.inner_text("#details")
        page.screenshot(path=str(tmp_path / "merged.png"))

        # undo: the machine's two transfers answer again
        box.locator("button.act-undo-structure").click()
        _panel_shows(page, 2)
        assert {t["id"] for t in _kp_transfers(page)} == {shells["id"], missiles["id"]}
        assert "⊕" not in _cy(page, "cy.getElementById('KP>RU').data('label')")

        # split: the second shells report leaves for a transfer of its own; the first stays
        article = page.locator(f"#details article.transfer[data-transfer='{shells['id']}']")
        article.locator("button.act-split").click()
        claims = article.locator(".split-form input[type=checkbox]")
        assert claims.count() == 2
        article.locator(".claim-pick", has_text="Trains from North Korea").locator("input").check()
        article.locator("button.act-split-save").click()
        _panel_shows(page, 3)
        after = {t["id"]: t for t in _kp_transfers(page)}
        assert after.keys() >= {shells["id"], missiles["id"]} and len(after) == 3
        (split_off,) = after.keys() - {shells["id"], missiles["id"]}
        assert _sources_of(after[split_off]) == {SHELLS_SOURCE.id}
        assert _sources_of(after[shells["id"]]) == _sources_of(shells)  # it keeps its evidence, answers from the rest
        assert after[shells["id"]]["status"] == "alleged" and after[split_off]["review"]["state"] == "split"
        assert "✂" in _cy(page, "cy.getElementById('KP>RU').data('label')")
        assert page.locator(f"#details .structure-split[data-from='{shells['id']}']").count() == 1
        assert page.get_attribute(f"#details .structure[data-transfer='{shells['id']}']", "data-state") == "split"
        log = page.request.get(f"/review/decisions?target={shells['id']}").json()["decisions"]
        assert [(d["kind"], d["author"], d.get("other")) for d in log] == [
            ("merge", "alice", missiles["id"]),
            ("undo", "alice", None),
            ("split", "alice", None),
        ]
        assert log[0]["comment"] == "one programme" and len(log[2]["claims"]) == 1
        page.screenshot(path=str(tmp_path / "split.png"))
    finally:
        context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.mark.e2e
def test_timeline_replays_what_was_known_month_by_month(page: Page) -> None:
    """The slider asks the API for the timeline as known at each month's end (known_as_of): the NYT report of
    shells (published 2022-09-06) appears in September 2022, the KN-23 report (2024-01-04) in January 2024."""
    page.goto("/?q=violations")
    _ready(page)
    page.evaluate("() => { window.cy.getElementById('KP').emit('tap'); }")
    _details(page, "n:KP")
    page.click("#details >> text=Show events")
    page.wait_for_selector("#details #known-as-of")
    shown: dict[str, str] = {}
    for month in ("2022-08-31", "2022-09-30", "2023-12-31", "2024-01-31"):
        page.evaluate(
            "day => { const s = document.querySelector('#known-as-of');"
            " s.value = String(JSON.parse(s.dataset.months).indexOf(day)); s.dispatchEvent(new Event('change')); }",
            month,
        )
        page.wait_for_function("day => document.querySelector('.known-list').dataset.knownAsOf === day", arg=month)
        shown[month] = page.inner_text("#details .known-list")
    assert "152 mm" not in shown["2022-08-31"]
    assert "152 mm" in shown["2022-09-30"] and "KN-23" not in shown["2022-09-30"]
    assert "KN-23" not in shown["2023-12-31"] and "KN-23" in shown["2024-01-31"]
    assert "Known on 2024-01-31" in page.inner_text("#details .known-replay")
    page.click("#details [aria-label='One month earlier']")
    page.wait_for_function("() => document.querySelector('.known-list').dataset.knownAsOf === '2023-12-31'")
    assert "KN-23" not in page.inner_text("#details .known-list")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "known-as-of-timeline.png"))


@pytest.mark.e2e
@pytest.mark.neo4j
def test_neo4j_browser_plays_the_guide_and_runs_its_saved_queries(
    browser: Browser, base_url: str, neo4j_server: Any, neo4j_store: GraphStore
) -> None:
    """The real Neo4j Browser (5.24, served by the local Neo4j) loads `:guide <api>/neo4j-guide` (the default
    allowlist has `localhost`) and its Violations slide answers on the seeded data."""
    seed(neo4j_store)
    context = browser.new_context(viewport=VIEWPORT)
    pg = context.new_page()
    try:
        pg.goto(f"{neo4j_server.http_url}/browser/")
        pg.fill("[data-testid=username]", "neo4j")
        pg.fill("[data-testid=password]", TEST_PASSWORD)
        pg.click("[data-testid=connect]")
        pg.wait_for_function("() => document.body.innerText.includes('neo4j$')", timeout=30_000)

        def run(command: str) -> None:
            pg.click(".monaco-editor")
            pg.keyboard.press("Control+A")
            pg.keyboard.type(command)
            pg.click("[data-testid=editor-Run]")

        run(f":guide {base_url.replace('127.0.0.1', 'localhost')}/neo4j-guide")
        pg.wait_for_selector("text=sanctions-kg saved queries", timeout=15_000)
        for _ in range(4):  # intro, sanctioned suppliers, suppliers, sanctioned actors -> violations
            pg.get_by_text("Next", exact=True).click()
        pg.wait_for_selector("h3:has-text('Violations')")
        blocks = pg.locator("pre.runnable")
        assert blocks.count() == 2 and blocks.nth(1).inner_text().strip() == cypher.BROWSER_VIOLATIONS.strip()
        for i in range(2):  # :params, then the statement: a click puts a block in the editor
            blocks.nth(i).click()
            pg.click("[data-testid=editor-Run]")
            pg.wait_for_timeout(500)
        pg.wait_for_selector("text=UN arms embargo on the DPRK", timeout=20_000)
        assert KP_QUOTE in pg.inner_text("body")
        SHOTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(SHOTS / "neo4j-browser-guide.png"))
    finally:
        context.close()


# -- the page's server side (no browser) ------------------------------------------------------------------------


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    store = MemoryStore(tmp_path / "graph.json.gz")
    seed(store)
    with TestClient(create_app(store)) as c:
        yield c


def test_explorer_page_and_vendor_files_are_served_from_an_allowlist(client: TestClient) -> None:
    if web._missing_vendor():
        pytest.skip("api/web/node_modules not installed")
    page = client.get("/")
    assert page.status_code == 200 and "script-src 'self'" in page.headers["content-security-policy"]
    assert 'src="/static/app.js"' in page.text
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/vendor/cytoscape.esm.mjs").status_code == 200
    for bad in ("/static/index.html", "/static/..%2Fweb.py", "/vendor/..%2F..%2Fpackage.json", "/vendor/lodash.js"):
        assert client.get(bad).status_code == 404, bad
    assert "/" not in {route for route in client.get("/openapi.json").json()["paths"]}


def test_explorer_says_how_to_install_its_javascript(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bare = tmp_path / "web"
    bare.mkdir()
    (bare / "index.html").write_text("<!doctype html>", encoding="utf-8")
    monkeypatch.setattr(web, "WEB_DIR", bare)
    page = client.get("/")
    assert page.status_code == 503 and "./run serve" in page.text and "npm ci" in page.text
    assert client.get("/vendor/cytoscape.esm.mjs").status_code == 503


def test_neo4j_browser_guide_holds_the_browser_statements(client: TestClient) -> None:
    guide = client.get("/neo4j-guide")
    assert guide.status_code == 200 and guide.headers["access-control-allow-origin"] == "*"
    text = html.unescape(guide.text)
    statements = [cypher.BROWSER_SUPPLIERS_SANCTIONED, cypher.BROWSER_SUPPLIERS, cypher.BROWSER_SANCTIONED,
                  cypher.BROWSER_VIOLATIONS, cypher.BROWSER_ACTOR, cypher.BROWSER_EVIDENCE, cypher.BROWSER_TIMELINE,
                  cypher.paths_query(3, min_hops=1)]  # fmt: skip
    for statement in statements:
        assert statement.strip() in text
    assert text.count("<slide") == len(web.SAVED_QUERIES) + 1


def test_saved_queries_set_the_parameters_the_api_answers_with(client: TestClient) -> None:
    """Each saved query's `:params` names exactly the parameters of the API answer for that question."""
    store: GraphStore = client.app.state.store  # type: ignore[attr-defined]
    answers = {
        cypher.BROWSER_SUPPLIERS_SANCTIONED: queries.suppliers(store, "RU", sanctioned=True).cypher,
        cypher.BROWSER_SUPPLIERS: queries.suppliers(store, "RU").cypher,
        cypher.BROWSER_SANCTIONED: queries.sanctioned(store).cypher,
        cypher.BROWSER_VIOLATIONS: queries.violations(store, recipient="RU").cypher,
        cypher.paths_query(3, min_hops=1): queries.paths(store, "IR", "BY").cypher,
        cypher.BROWSER_ACTOR: queries.actor_profile(store, "KP").cypher,
        cypher.BROWSER_TIMELINE: queries.timeline(store, "IR").cypher,
    }
    tid = store.transfers(TransferFilter(supplier="KP"))[0].id
    answers[cypher.BROWSER_EVIDENCE] = queries.evidence(store, tid).cypher
    for saved in web.SAVED_QUERIES:
        answer = answers[saved.query]
        assert answer is not None and answer.query == saved.query, saved.title
        assert set(saved.params) == set(answer.params), saved.title
    assert web.cypher_params({"recipient": "RU", "issuer": None}) == ':params {recipient: "RU", issuer: null}'


def test_readme_saved_queries_are_the_browser_statements() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    if "### Saved queries for Neo4j Browser" not in readme:
        pytest.skip("README has no Neo4j Browser section yet")
    for saved in web.SAVED_QUERIES:
        assert saved.query.strip() in readme, saved.title
        assert web.cypher_params(saved.params) in readme, saved.title
