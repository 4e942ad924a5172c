"""Everything the user reads on the terminal goes through here (rich, to stderr)."""
from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from pipeline.errors import Problem, StageStop

console = Console(stderr=True, highlight=False, soft_wrap=True)


def info(text: str) -> None:
    console.print(escape(text))


def done(text: str) -> None:
    console.print(f"[green]done[/green] {escape(text)}")


def warn(text: str) -> None:
    _say_warning(f"[yellow]warning[/yellow] {escape(text)}")


def timing(stage: str, seconds: float) -> None:
    console.print(f"[dim]{escape(stage)}: {seconds:.1f} s[/dim]")


def problem(item: Problem, label: str = "error") -> None:
    colour = "red" if label == "error" else "yellow"
    line = f"[{colour}]{label}[/{colour}] [bold]{escape(item.where)}[/bold]: {escape(item.message)}"
    if item.hint:
        line += f"\n      [dim]->[/dim] {escape(item.hint)}"
    if label == "warning":
        _say_warning(line)
    else:
        console.print(line)


def stopped(stop: StageStop) -> None:
    label = "error" if stop.exit_code == 2 else "held"
    for item in stop.problems:
        problem(item, label)
    if stop.summary:
        console.print(f"[bold]{escape(stop.summary)}[/bold]")


_heard: list[str] | None = None


@contextmanager
def hearing_warnings() -> Iterator[list[str]]:
    """Collect the warnings a stage gives (as printed), so "up to date" can give them again."""
    global _heard
    _heard = heard = []
    try:
        yield heard
    finally:
        _heard = None


def _say_warning(markup: str) -> None:
    if _heard is not None:
        _heard.append(markup)
    console.print(markup)


def up_to_date(stage: str, warnings: list[str]) -> None:
    """A skipped stage says so, and repeats what it warned of last time: the warning still holds."""
    console.print(f"[green]done[/green] {escape(stage)} is up to date: nothing it reads has changed since its last "
                  "run (--force runs it anyway)")
    for markup in warnings:
        console.print(markup)


LONG_STAGE = 2.0  # seconds: a stage that took longer last time (or has not run yet) shows its progress


@contextmanager
def progress(stage: str, last_seconds: float | None) -> Iterator[None]:
    """A bar filled by time against the stage's last run, on a terminal; one plain line otherwise."""
    if last_seconds is not None and last_seconds <= LONG_STAGE:
        yield
        return
    expected = f" (about {last_seconds:.0f} s last time)" if last_seconds else ""
    if not console.is_terminal:
        console.print(f"[dim]{escape(stage)}: running{expected}[/dim]")
        yield
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=console,
                  transient=True) as bar:
        task = bar.add_task(f"{stage}{expected}", total=last_seconds or None)
        stop = threading.Event()

        def follow_the_clock() -> None:
            started = time.monotonic()
            while not stop.wait(0.2):
                if last_seconds:  # never shown full before the stage really ends
                    bar.update(task, completed=min(time.monotonic() - started, 0.97 * last_seconds))

        clock = threading.Thread(target=follow_the_clock, daemon=True)
        clock.start()
        try:
            yield
        finally:
            stop.set()
            clock.join()
