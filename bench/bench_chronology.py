"""Speed of the chronology stage: a synthetic case of 10 agencies x 1,000 entries.

Prints the time of reading, merging and building the outputs as the stage does (the PDF's parts
render in two other processes while this one builds the rest), wall clock and this process's CPU
time, and the part processes' CPU time (the machine is shared, so wall clock varies with other
work), and the peak memory of this process and of the PDF's part renderers. Goals (issues 3, 15): merge under 2 s, the whole
stage under 30 s and 1 GB on a 2-core machine.

Then the event linker's quality on the labelled synthetic pairs (bench/linking_cases.py):
precision and recall on the tuning half at thresholds around LINK_THRESHOLD (how it was set),
and on the held-out half at LINK_THRESHOLD (the test asserts both at least 0.9).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.stages import chronology as stage  # noqa: E402
from pipeline.chronology.merge import merge  # noqa: E402
from pipeline.chronology.outputs.pdf_output import part_renderers  # noqa: E402
from pipeline.case.load import load_case  # noqa: E402
from pipeline.chronology.linking import LINK_THRESHOLD  # noqa: E402
from pipeline.chronology.notes import carry, read_notes  # noqa: E402
from bench.linking_cases import cases, evaluate  # noqa: E402

AGENCIES = 10
ENTRIES = 1000
WORDS = ("home visit school nurse referral strategy meeting assessment injury bruise police incident domestic abuse "
         "attendance hospital admission mother partner child seen alone GP appointment missed housing repair "
         "neighbour concern").split()


def make_case(folder: Path) -> Path:
    review = yaml.safe_load((ROOT / "examples/child-w/review.yaml").read_text())
    review["agencies"] = [{"id": f"agency-{i:02d}", "name": f"Synthetic Agency {i:02d}",
                           "public_name": f"Agency {i:02d}"} for i in range(AGENCIES)]
    review["recommendations"] = []
    (folder / "chronologies").mkdir(parents=True)
    (folder / "review.yaml").write_text(yaml.safe_dump(review, sort_keys=False))
    rng = random.Random(3)
    start = dt.date(2023, 9, 1)
    for agency in review["agencies"]:
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(["Date", "Time", "Source", "Event", "Action / outcome", "Practitioner role", "Category",
                      "Significance"])
        for _ in range(ENTRIES):
            day = start + dt.timedelta(days=rng.randrange(560))
            sheet.append([dt.datetime.combine(day, dt.time()), f"{rng.randrange(8, 18):02d}:{rng.randrange(60):02d}",
                          "Case record", " ".join(rng.choices(WORDS, k=18)), " ".join(rng.choices(WORDS, k=8)),
                          "Practitioner", "Assessment", " ".join(rng.choices(WORDS, k=10))])
        workbook.save(folder / "chronologies" / f"{agency['id']}.xlsx")
    return folder


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-chronology-"))
    try:
        ctx = load_case(make_case(work / "case"), work / "build")
        timings = []

        def timed(name, step):
            clock, cpu = time.perf_counter(), time.process_time()
            result = step()
            timings.append((name, time.perf_counter() - clock, time.process_time() - cpu))
            return result

        with contextlib.ExitStack() as stack:  # as the stage does: the collector paused throughout, the PDF's
            stack.enter_context(stage.collector_paused())  # part processes started before the merge
            chronologies = timed("read 10 xlsx files", lambda: stage.read_agencies(ctx))
            renderers = timed("start the PDF's part processes",
                              lambda: stack.enter_context(part_renderers(sum(len(c.entries) for c in chronologies))))
            integrated = timed("merge (order, event groups, gaps, ages)", lambda: merge(chronologies, ctx.review))
            # the PDF's parts render in two processes while this one builds the others
            built = timed("outputs (json, xlsx, docx, svg; pdf)",
                          lambda: stage.build_outputs(integrated, ctx, renderers, {}, []))
            timed("stop the part processes, collect", stack.close)
        internal = ctx.zone("internal")
        workbook = internal / "integrated-chronology.xlsx"
        workbook.write_bytes(built["integrated-chronology.xlsx"])
        timed("read back the reviewer's notes", lambda: carry(read_notes(workbook, workbook.name)[0], integrated.ids))
        total, total_cpu = (sum(t[i] for t in timings) for i in (1, 2))
        print(f"chronology stage, {AGENCIES} agencies x {ENTRIES} entries "
              f"({len(integrated.entries)} entries, {len(integrated.links)} event groups, {len(integrated.gaps)} gaps)")
        print(f"{'step':<36}{'seconds':>10}{'cpu s':>10}   (cpu: this process only; the machine is shared)")
        for name, seconds, cpu in timings:
            print(f"{name:<36}{seconds:>10.2f}{cpu:>10.2f}")
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(f"{'whole stage':<36}{total:>10.2f}{total_cpu:>10.2f}   (goals: merge < 2 s, whole stage < 30 s)")
        print(f"{'cpu of the PDF part processes':<36}{'':>10}{children.ru_utime + children.ru_stime:>10.2f}   "
              f"(user {children.ru_utime:.2f}, system {children.ru_stime:.2f})")
        own, parts = (resource.getrusage(who).ru_maxrss / 1024 for who in (resource.RUSAGE_SELF,
                                                                               resource.RUSAGE_CHILDREN))
        print(f"peak memory: this process {own:.0f} MB, the largest PDF part process {parts:.0f} MB "
              "(forked: they share most pages; goal: < 1 GB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report_linking()


def report_linking() -> None:
    tuning, held_out = cases(held_out=False), cases(held_out=True)
    print(f"\nevent linking, labelled synthetic pairs (bench/linking_cases.py); LINK_THRESHOLD = {LINK_THRESHOLD}")
    print(f"{'half':<10}{'threshold':>10}{'pairs':>8}{'true':>7}{'precision':>11}{'recall':>8}")
    for threshold in (LINK_THRESHOLD - 0.04, LINK_THRESHOLD - 0.02, LINK_THRESHOLD, LINK_THRESHOLD + 0.02,
                      LINK_THRESHOLD + 0.04):
        result = evaluate(tuning, threshold)
        print(f"{'tuning':<10}{threshold:>10.2f}{result['pairs']:>8}{result['true']:>7}"
              f"{result['precision']:>11.3f}{result['recall']:>8.3f}")
    result = evaluate(held_out)
    print(f"{'held-out':<10}{LINK_THRESHOLD:>10.2f}{result['pairs']:>8}{result['true']:>7}"
          f"{result['precision']:>11.3f}{result['recall']:>8.3f}   (goal: both >= 0.9)")


if __name__ == "__main__":
    main()
