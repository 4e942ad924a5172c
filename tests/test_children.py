"""A child process (a PDF render worker, pandoc) never outlives the stage that started it."""
from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.chronology.outputs.pdf_output import SPLIT_ABOVE
from tests.conftest import CHRONOLOGY_HEADER, ROOT, write_csv

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; the guarantee is Linux's")


def children_of(pid: int, command: str) -> list[int]:
    """Live (not zombie) processes whose parent is `pid` and whose command line holds `command`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        state, parent = stat.rpartition(")")[2].split()[:2]
        if int(parent) == pid and state != "Z" and command in cmdline:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


def wait_for(condition, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    return condition()


def start(args: list[str], cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, *args], cwd=cwd, env=os.environ | {"PYTHONPATH": str(ROOT)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def kill_and_find_orphans(stage: subprocess.Popen, how: int, command: str) -> list[int]:
    """Kill the stage once it runs a child whose command line holds `command`; the children still alive after."""
    children = wait_for(lambda: children_of(stage.pid, command), 240)
    assert children, f"the stage started no {command} child to check"
    stage.send_signal(how)
    stage.wait()
    wait_for(lambda: not any(alive(c) for c in children), 10)
    left = [c for c in children if alive(c)]
    for pid in left:  # leave the machine clean even when the test fails
        os.kill(pid, signal.SIGKILL)
    return left


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill -9", "kill"])
def test_killing_the_chronology_stage_leaves_no_render_worker(how, chronology_case, tmp_path):
    """More than SPLIT_ABOVE entries: the PDF is laid out by two forked workers."""
    (chronology_case / "chronologies" / "police.xlsx").unlink()
    start_day = dt.date(2023, 9, 1)
    rows = [[f"{start_day + dt.timedelta(days=n % 500):%d/%m/%Y}", "10:00", "Niche",
             f"Visit number {n} to the family home, seen with Mother", "Recorded", "PC", "", ""]
            for n in range(SPLIT_ABOVE + 400)]
    write_csv(chronology_case / "chronologies" / "police.csv", [CHRONOLOGY_HEADER, *rows])
    stage = start(["-m", "pipeline.cli", "chronology", str(chronology_case), "--build-dir", str(tmp_path / "build")],
                  tmp_path)
    assert kill_and_find_orphans(stage, how, "pipeline.cli") == []  # forked workers share the stage's command line


def test_killing_a_stage_while_pandoc_runs_leaves_no_pandoc(tmp_path):
    """pandoc converting a long text (seconds of work) from a process that is then killed."""
    script = ("import sys; from pipeline.tools.pandoc import markdown_to_html; "
              "markdown_to_html('\\n\\n'.join(f'Paragraph {n} with *some* [text](#x).' for n in range(400000)))")
    stage = start(["-c", script], tmp_path)
    assert kill_and_find_orphans(stage, signal.SIGKILL, "pandoc") == []
