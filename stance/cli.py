"""The `stance` command: parses arguments, calls the library, maps outcomes to exit codes."""

from __future__ import annotations

import json
from enum import IntEnum
from pathlib import Path
from typing import Iterable, List, Optional, TypeVar

import jinja2
import typer
from rich.console import Console
from rich.progress import Progress

from .evaluate import evaluate_basil
from .export import OutputError
from .pipeline import compare_corpus
from .read import DEFAULT_MAX_BYTES
from .stories import DEFAULT_THRESHOLD, DEFAULT_WINDOW_DAYS

T = TypeVar("T")


class ExitCode(IntEnum):
    OK = 0  # done; input problems, if any, were reported
    FINDINGS = 1  # stance check: an error-severity rule is broken
    USAGE = 2  # bad arguments, missing PATH, unwritable --out, or input problems under --strict
    INTERRUPTED = 130  # Ctrl-C


app = typer.Typer(help="Show how news outlets cover the same story.", add_completion=False, no_args_is_help=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
PROGRESS_FROM = 4  # chunks of 64 articles; smaller runs finish before a progress bar would help


@app.callback()
def main() -> None:
    """Show how news outlets cover the same story: hedging, attribution, quotes and tone, side by side."""


def _fail(message: str, code: ExitCode = ExitCode.USAGE) -> typer.Exit:
    err.print(f"error: {message}", markup=False)
    return typer.Exit(code)


def _progress(items: Iterable[T], total: int, what: str) -> Iterable[T]:
    if total < PROGRESS_FROM or not err.is_terminal:
        return items
    return _track(items, total, what)


def _track(items: Iterable[T], total: int, what: str) -> Iterable[T]:
    with Progress(console=err, transient=True) as bar:
        task = bar.add_task(what, total=total)
        for item in items:
            yield item
            bar.advance(task)


@app.command()
def compare(
    paths: List[Path] = typer.Argument(..., help="Folders or files of articles (.txt .md .json .jsonl .csv .html)."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output folder (replaced as a whole)."),
    templates: Optional[Path] = typer.Option(None, "--templates", help="Folder of Jinja2 templates overriding the built-in ones."),
    strict: bool = typer.Option(False, "--strict", help="Exit 2 if any input file had a problem."),
    threshold: float = typer.Option(DEFAULT_THRESHOLD, min=0.01, max=1.0, help="Story grouping: minimum mean TF-IDF cosine similarity."),
    window_days: int = typer.Option(DEFAULT_WINDOW_DAYS, min=0, help="Story grouping: maximum days between dated articles of one story."),
    ignore_dates: bool = typer.Option(False, "--ignore-dates", help="Group stories by text alone."),
    max_file_mb: float = typer.Option(DEFAULT_MAX_BYTES / 2**20, min=0.0, help="Skip (and report) files larger than this, in MiB."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="Processes for per-article work (default: all cores)."),
) -> None:
    """Group articles into stories and write side-by-side pages, CSV and JSON to --out."""
    if templates is not None and not templates.is_dir():
        raise _fail(f"--templates {templates}: no such folder")
    try:
        result = compare_corpus(
            paths,
            out,
            template_dir=templates,
            threshold=threshold,
            window_days=None if ignore_dates else window_days,
            max_bytes=int(max_file_mb * 2**20),
            jobs=jobs,
            progress=_progress,
        )
    except (FileNotFoundError, OutputError) as exc:
        raise _fail(str(exc)) from None
    except jinja2.TemplateError as exc:
        raise _fail(f"template error: {exc}") from None
    except KeyboardInterrupt:
        raise _fail("interrupted; the previous output was left as it was", ExitCode.INTERRUPTED) from None
    for problem in result.problems:
        err.print(str(problem), markup=False)
    outlets = {a.outlet for a in result.articles}
    err.print(
        f"{len(result.articles)} articles from {len(outlets)} outlets in {len(result.stories)} stories; "
        f"{len(result.problems)} problems.",
        markup=False,
    )
    typer.echo(str(result.index))
    if strict and result.problems:
        raise _fail(f"{len(result.problems)} input problems (--strict)")


eval_app = typer.Typer(help="Measure stance against annotated corpora.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("basil")
def eval_basil(folder: Path = typer.Argument(..., help="A BASIL-format folder holding articles/ (and annotations/).")) -> None:
    """Print agreement figures with BASIL's gold annotations as JSON."""
    try:
        figures = evaluate_basil(folder)
    except FileNotFoundError as exc:
        raise _fail(str(exc)) from None
    typer.echo(json.dumps(figures, indent=2, sort_keys=True))
