"""The public HTML in a real browser: headless Chromium with axe-core finds no WCAG 2.2 A/AA
violations, and a phone-width screenshot of the first screen is saved for a person to look at."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOT = ROOT / "build" / "browser-check" / "public-report-phone.png"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
RUN_AXE = """
<script>{axe}</script>
<script>
axe.run(document, {{runOnly: {{type: "tag", values: {tags}}}, resultTypes: ["violations"]}})
  .then(r => r.violations.map(v => ({{id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)}})))
  .catch(e => [{{id: "axe-error", help: String(e), nodes: []}}])
  .then(v => {{ const out = document.createElement("pre"); out.id = "axe-results";
               out.textContent = JSON.stringify(v); document.body.appendChild(out); }});
</script>
"""

pytestmark = pytest.mark.skipif(CHROMIUM is None or not AXE.exists(),
                                reason="needs chromium and node_modules/axe-core: run `make test` (it installs both)")


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}"]
    return subprocess.run([CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=120, check=True)


def axe_violations(html: Path, work: Path) -> list[dict]:
    """axe-core injected into a copy of the page; the results are written into the DOM and dumped."""
    page = html.read_text(encoding="utf-8")
    probe = work / "axe-probe.html"
    probe.write_text(page.replace("</body>", RUN_AXE.format(axe=AXE.read_text(), tags=json.dumps(WCAG_22_AA))
                                  + "</body>"), encoding="utf-8")
    dom = chromium("--virtual-time-budget=30000", "--dump-dom", probe.as_uri(), profile=work / "profile").stdout
    found = re.search(r'<pre id="axe-results">(.*?)</pre>', dom, re.DOTALL)
    assert found, "axe-core did not report: " + dom[-500:]
    return json.loads(found.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))


def test_public_html_has_no_wcag_violations_and_is_screenshotted(published_case, tmp_path):
    ctx = published_case()
    assert main(["publish", str(ctx.case_dir), "--build-dir", str(ctx.build_root)]) == 0
    html = ctx.out / "public" / f"{ctx.review_id}.html"
    assert axe_violations(html, tmp_path) == []
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    chromium(f"--screenshot={SCREENSHOT}", "--window-size=390,844", "--hide-scrollbars", html.as_uri(),
             profile=tmp_path / "profile-shot")
    assert SCREENSHOT.stat().st_size > 1000


def test_axe_finds_a_planted_violation(published_case, tmp_path):
    """The check can fail: an image without alt text and a low-contrast paragraph are reported."""
    ctx = published_case()
    main(["publish", str(ctx.case_dir), "--build-dir", str(ctx.build_root)])
    html = ctx.out / "public" / f"{ctx.review_id}.html"
    broken = tmp_path / "broken.html"
    broken.write_text(html.read_text().replace(
        "</main>", '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p style="color:#bbb">faint</p></main>'))
    assert {v["id"] for v in axe_violations(broken, tmp_path)} >= {"image-alt", "color-contrast"}
