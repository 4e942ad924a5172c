"""The whole build, stage by stage: time and peak memory (issue 8).

Runs every `lcspr` stage as its own process, as `make report` does, on
  - the example case, cold (empty build folder) and again after editing one paragraph;
  - a synthetic case of 10 agencies x 1,000 entries with a ~60-page report.
  - `make report` on the example again with nothing changed (every stage says "up to date").
Goals: example cold under 60 s, under 10 s after a one-paragraph edit; peak memory under 1 GB;
a no-op `make report` under 3 s (issue 17).
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import EXAMPLE, make_case  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LCSPR = ROOT / ".venv" / "bin" / "lcspr"
STAGES = ["validate", "status", "letters", "chronology", "draft", "redaction", "publish", "bundle"]


def tree_pss_kb(pid: int) -> int:
    """Proportional set size of a process and all its descendants (shared pages counted once)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            total += int(next(line.split()[1] for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines()
                              if line.startswith("Pss:")))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, StopIteration):
            continue
    return total


def run_stage(stage: str, case: Path, build: Path) -> tuple[float, float, int]:
    """(seconds, peak MB of the stage's whole process tree, exit code) of one stage in its own process."""
    start = time.perf_counter()
    process = subprocess.Popen([str(LCSPR), stage, str(case), "--build-dir", str(build)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_pss_kb(process.pid))
        time.sleep(0.05)
    return time.perf_counter() - start, peak / 1024, process.returncode


def run_report(case: Path, build: Path) -> list[tuple[str, float, float, int]]:
    return [(stage, *run_stage(stage, case, build)) for stage in STAGES]


def time_noop_make_report(case: Path, build: Path) -> tuple[float, bool]:
    """Median of three `make report` runs on a case already built: (seconds, did every stage skip its work?)."""
    times, skipped = [], True
    for _ in range(3):
        start = time.perf_counter()
        done = subprocess.run(["make", "-s", "-C", str(ROOT), "report", f"CASE={case}", f"BUILD={build}"],
                              capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        ran = [line for line in done.stderr.splitlines() if line.startswith("done ") and "up to date" not in line
               and "every stage passed" not in line]
        skipped = skipped and done.returncode == 0 and not ran
    return sorted(times)[1], skipped


def edit_one_paragraph(case: Path) -> None:
    section = case / "sections" / "overview.md"
    text = section.read_text(encoding="utf-8")
    section.write_text(text.replace("quiet, artistic child", "quiet and artistic child", 1), encoding="utf-8")


def main() -> None:
    import shutil

    work = Path(tempfile.mkdtemp(prefix="bench-report-"))
    try:
        example = work / "example"
        shutil.copytree(EXAMPLE, example)
        runs = {"example, cold": run_report(example, work / "build-example")}
        noop_seconds, noop_skipped = time_noop_make_report(example, work / "build-example")
        edit_one_paragraph(example)
        runs["example, one paragraph edited"] = run_report(example, work / "build-example")
        large = make_case(work / "large", agencies=10, entries=1000, pages=60)
        runs["10 x 1,000 entries, ~60 pages"] = run_report(large, work / "build-large")

        table = Table(title="make report, stage by stage (seconds / peak MB, PSS of the stage and its workers)")
        table.add_column("stage")
        for name in runs:
            table.add_column(name, justify="right")
        for i, stage in enumerate(STAGES):
            cells = []
            for rows in runs.values():
                _, seconds, peak, code = rows[i]
                cells.append(f"{seconds:.1f} s / {peak:.0f} MB" + ("" if code == 0 else f" (exit {code})"))
            table.add_row(stage, *cells)
        totals = [f"{sum(r[1] for r in rows):.1f} s / {max(r[2] for r in rows):.0f} MB" for rows in runs.values()]
        table.add_row("[bold]whole build[/bold]", *totals)
        table.add_row("goal", "< 60 s / < 1,024 MB", "< 10 s", "peak < 1,024 MB")
        console = Console()
        console.print(table)
        console.print(f"no-op make report on the example: {noop_seconds:.2f} s (goal < 3 s); "
                      f"{'every stage said up to date' if noop_skipped else 'SOME STAGE RAN AGAIN'}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
