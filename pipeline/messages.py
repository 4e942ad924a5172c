"""Everything the user reads on the terminal goes through here (rich, to stderr)."""
from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from pipeline.errors import Problem, StageStop

console = Console(stderr=True, highlight=False, soft_wrap=True)


def info(text: str) -> None:
    console.print(escape(text))


def done(text: str) -> None:
    console.print(f"[green]done[/green] {escape(text)}")


def warn(text: str) -> None:
    console.print(f"[yellow]warning[/yellow] {escape(text)}")


def timing(stage: str, seconds: float) -> None:
    console.print(f"[dim]{escape(stage)}: {seconds:.1f} s[/dim]")


def problem(item: Problem, label: str = "error") -> None:
    colour = "red" if label == "error" else "yellow"
    line = f"[{colour}]{label}[/{colour}] [bold]{escape(item.where)}[/bold]: {escape(item.message)}"
    if item.hint:
        line += f"\n      [dim]->[/dim] {escape(item.hint)}"
    console.print(line)


def stopped(stop: StageStop) -> None:
    label = "error" if stop.exit_code == 2 else "held"
    for item in stop.problems:
        problem(item, label)
    if stop.summary:
        console.print(f"[bold]{escape(stop.summary)}[/bold]")
