"""The `stance` command: parses arguments, calls the library (`stance.run.pipeline`), maps outcomes
to exit codes. Nothing else happens here."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable
from enum import Enum, IntEnum
from pathlib import Path
from typing import TypeVar

import jinja2
import typer
from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress

from .checks import FORMATS, ConfigError, summary
from .group import DEFAULT_THRESHOLD, DEFAULT_WINDOW_DAYS
from .output import DATA_FORMATS, OutputError
from .readers import OutletsError, load_outlets
from .readers.publishers import OUTLET_FROM
from .run.cache import DEFAULT_CACHE_DIR, CacheError
from .run.cluster import EngineError
from .run.pipeline import DEFAULT_MAX_FILE_MB
from .run.pipeline import check as check_corpus
from .run.store import StoreError
from .run.stream import compare_into
from .tasks import Terminated, quiet, request_stop

T = TypeVar("T")


class ExitCode(IntEnum):
    OK = 0  # done; input problems, if any, were reported
    FINDINGS = 1  # stance check: an error-severity rule is broken
    USAGE = 2  # bad arguments, missing PATH, unwritable --out, or input problems under --strict
    INTERRUPTED = 130  # Ctrl-C (SIGTERM and SIGHUP: 128 plus the signal number, 143 and 129)


app = typer.Typer(help="Show how news outlets cover the same story.", add_completion=False, no_args_is_help=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
QUIET = typer.Option(False, "--quiet", "-q", help="No progress bars and no summary line (problems still print).")
PROGRESS_FROM = 4  # items (files, chunks of 64 articles, stories, pages); fewer finish before a bar would help


@app.callback()
def main() -> None:
    """Show how news outlets cover the same story: hedging, attribution, quotes and tone, side by side."""
    if threading.current_thread() is threading.main_thread():
        for number in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(number, _terminated)


def _terminated(number: int, frame: object) -> None:
    request_stop(number)


def _interrupted(exc: KeyboardInterrupt, message: str) -> typer.Exit:
    """Ctrl-C exits 130; SIGTERM and SIGHUP 128 plus the signal's number (143, 129), at once: the
    output was already put back, and a pool whose workers were killed is not waited for."""
    if isinstance(exc, Terminated):
        _fail(f"{message} ({signal.Signals(exc.number).name})")
        sys.stderr.flush()
        sys.stdout.flush()
        os._exit(128 + exc.number)
    return _fail(message, ExitCode.INTERRUPTED)


def printable(text: str) -> str:
    """``text`` as one terminal line: control and invisible characters that file names and dates
    can carry (newlines, escape sequences, bidi overrides) are shown as Python escapes."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _fail(message: str, code: int = ExitCode.USAGE) -> typer.Exit:
    err.print(f"error: {message}", markup=False)
    return typer.Exit(code)


def _progress(items: Iterable[T], total: int, what: str) -> Iterable[T]:
    """A progress bar on stderr for each stage (reading, measuring, grouping, comparing, pages):
    its counts and an estimate of the time left; only on a terminal, and gone when the stage ends."""
    if total < PROGRESS_FROM or not err.is_terminal:
        return quiet(items, total, what)
    return _track(quiet(items, total, what), total, what)


def _track(items: Iterable[T], total: int, what: str) -> Iterable[T]:
    with Progress(*Progress.get_default_columns(), MofNCompleteColumn(), console=err, transient=True) as bar:
        task = bar.add_task(what, total=total)
        for item in items:
            yield item
            bar.advance(task)


Engine = Enum("Engine", [("local", "local"), ("dask", "dask")], type=str)  # --engine choices
OutletFrom = Enum("OutletFrom", [(name, name) for name in OUTLET_FROM], type=str)  # --outlet-from choices
DataFormat = Enum("DataFormat", [(name, name) for name in DATA_FORMATS], type=str)  # --data-format choices
OUTLET_FROM_OPTION = typer.Option(
    "site",
    "--outlet-from",
    help="site: the site name, then the publisher's domain (one publisher, one outlet); folder: the first folder.",
)
# Declared once, used by compare and check.
FOLLOW_LINKS = typer.Option(
    False, "--follow-links", help="Read links to files outside the PATH given (by default reported and skipped)."
)
ENGINE = typer.Option(
    "local", "--engine", help="local: --jobs processes here; dask: an existing Dask cluster (--scheduler)."
)
SCHEDULER = typer.Option(
    None, "--scheduler", help="Dask scheduler address for --engine dask, e.g. tcp://10.0.0.5:8786."
)


def _engine(engine: Engine, scheduler: str | None, jobs: int | None) -> None:
    """Fail unless --engine, --scheduler and --jobs go together."""
    if (engine == "dask") != (scheduler is not None):
        raise _fail("--engine dask and --scheduler ADDRESS go together")
    if scheduler is not None and jobs is not None:
        raise _fail("--jobs sets processes on this machine; with --engine dask the cluster's workers do the work")


@app.command()
def compare(
    paths: list[Path] = typer.Argument(..., help="Folders or files of articles (.txt .md .json .jsonl .csv .html)."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output folder (replaced as a whole)."),
    templates: Path | None = typer.Option(
        None, "--templates", help="Folder of Jinja2 templates overriding the built-in ones."
    ),
    strict: bool = typer.Option(False, "--strict", help="Exit 2 if any input file had a problem."),
    data_format: DataFormat = typer.Option(
        "auto", "--data-format", help="CSV and stories.json, or Parquet (auto: Parquet from 10,000 articles)."
    ),
    threshold: float = typer.Option(
        DEFAULT_THRESHOLD, min=0.01, max=1.0, help="Story grouping: minimum mean TF-IDF cosine similarity."
    ),
    window_days: int = typer.Option(
        DEFAULT_WINDOW_DAYS, min=0, help="Story grouping: maximum days between dated articles of one story."
    ),
    ignore_dates: bool = typer.Option(False, "--ignore-dates", help="Group stories by text alone."),
    max_file_mb: float = typer.Option(
        DEFAULT_MAX_FILE_MB, min=0.0, help="Skip (and report) files larger than this, in MiB."
    ),
    jobs: int | None = typer.Option(
        None, "--jobs", "-j", min=1, help="Processes for per-article work (default: all cores)."
    ),
    cache_dir: Path | None = typer.Option(
        None, "--cache-dir", help="Reuse per-article results cached in this folder (default: no cache)."
    ),
    outlets: Path | None = typer.Option(
        None, "--outlets", help="TOML file of outlet aliases, country, owner, lean and speakers' sides."
    ),
    outlet_from: OutletFrom = OUTLET_FROM_OPTION,
    follow_links: bool = FOLLOW_LINKS,
    quiet: bool = QUIET,
    engine: Engine = ENGINE,
    scheduler: str | None = SCHEDULER,
) -> None:
    """Group articles into stories and write side-by-side pages, CSV and JSON to --out."""
    _engine(engine, scheduler, jobs)
    if templates is not None and not templates.is_dir():
        raise _fail(f"--templates {templates}: no such folder")
    progress = None if quiet else _progress
    try:
        book = load_outlets(outlets) if outlets is not None else None
        # A story at a time: its comparison, page and evidence are written and let go.
        result = compare_into(
            paths,
            out,
            templates=templates,
            data_format=data_format.value,
            outlets=book,
            jobs=jobs,
            progress=progress,
            threshold=threshold,
            window_days=None if ignore_dates else window_days,
            max_file_mb=max_file_mb,
            cache_dir=cache_dir,
            scheduler=scheduler,
            outlet_from=outlet_from.value,
            follow_links=follow_links,
        )
    except (FileNotFoundError, OutletsError, OutputError, CacheError, EngineError, StoreError) as exc:
        raise _fail(str(exc)) from None
    except jinja2.TemplateError as exc:
        raise _fail(f"template error: {exc}") from None
    except KeyboardInterrupt as exc:
        raise _interrupted(exc, "interrupted; the previous output was left as it was") from None
    for problem in result.problems:
        err.print(printable(str(problem)), markup=False)
    articles = [a for s in result.stories for a in s.articles]
    if not quiet:
        counts = (len(articles), len({a.outlet for a in articles}), len(result.stories), len(result.problems))
        words = ("article", "outlet", "story", "problem")
        a, o, s, p = (f"{n} {_plural(word, n)}" for n, word in zip(counts, words))
        err.print(f"{a} from {o} in {s}; {p}.", markup=False)
    typer.echo(str(out / "index.html"))
    if strict and result.problems:
        raise _fail(f"{len(result.problems)} input problems (--strict)")


Format = Enum("Format", [(name, name) for name in FORMATS], type=str)  # --format choices


@app.command()
def check(
    paths: list[Path] = typer.Argument(..., help="Folders or files of articles, as for compare."),
    config: Path | None = typer.Option(
        None,
        "--config",
        "-c",
        help="TOML rules (default: stance.toml, or the tool.stance table of pyproject.toml, here or above).",
    ),
    fmt: Format = typer.Option("text", "--format", "-f", help="Report format."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the report to this file instead of stdout."),
    baseline: Path | None = typer.Option(
        None, "--baseline", help="outlets.csv or stories.json of an earlier compare, or a --save-baseline file."
    ),
    save_baseline: Path | None = typer.Option(
        None, "--save-baseline", help="Write this run's outlet means to this file, for a later --baseline."
    ),
    cache_dir: Path = typer.Option(
        DEFAULT_CACHE_DIR, "--cache-dir", help="Folder of cached per-article results (safe to delete)."
    ),
    no_cache: bool = typer.Option(False, "--no-cache", help="Measure every article; neither read nor write the cache."),
    strict: bool = typer.Option(False, "--strict", help="Exit 2 if any input file had a problem."),
    jobs: int | None = typer.Option(
        None, "--jobs", "-j", min=1, help="Processes for per-article work (default: all cores)."
    ),
    outlet_from: OutletFrom = OUTLET_FROM_OPTION,
    follow_links: bool = FOLLOW_LINKS,
    quiet: bool = QUIET,
    engine: Engine = ENGINE,
    scheduler: str | None = SCHEDULER,
) -> None:
    """Test rules on every article and outlet; exit 1 if a rule of severity error is broken."""
    _engine(engine, scheduler, jobs)
    try:
        checked = check_corpus(
            paths,
            config,
            baseline=baseline,
            cache_dir=None if no_cache else cache_dir,
            jobs=jobs,
            scheduler=scheduler,
            progress=None if quiet else _progress,
            outlet_from=outlet_from.value,
            follow_links=follow_links,
        )
        if save_baseline:
            checked.save_baseline(save_baseline)
    except (ConfigError, CacheError, EngineError, FileNotFoundError) as exc:
        raise _fail(str(exc)) from None
    except KeyboardInterrupt as exc:
        raise _interrupted(exc, "interrupted") from None
    report = checked.report(fmt.value)
    if output is None:
        typer.echo(report, nl=False)
    else:
        try:
            output.write_text(report, encoding="utf-8", newline="\n")
        except OSError as exc:
            raise _fail(f"{output}: cannot write: {exc.strerror or exc}") from None
    for problem in checked.problems:
        err.print(printable(str(problem)), markup=False)
    problems = f"{len(checked.problems)} problem{'' if len(checked.problems) == 1 else 's'}"
    if not quiet:
        err.print(
            f"{checked.articles} articles ({checked.cached} from the cache), {problems}; {summary(checked.findings)}.",
            markup=False,
        )
    if strict and checked.problems:
        raise _fail(f"{len(checked.problems)} input problems (--strict)")
    if checked.failed:
        raise typer.Exit(ExitCode.FINDINGS)


eval_app = typer.Typer(help="Measure stance against annotated corpora.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("basil")
def eval_basil(
    folder: Path = typer.Argument(..., help="A BASIL-format folder holding articles/ (and annotations/)."),
) -> None:
    """Print agreement figures with BASIL's gold annotations as JSON."""
    from .eval.basil import evaluate_basil  # scikit-learn and scipy.stats: a second to import, only needed here

    _print_figures(evaluate_basil, folder)


@eval_app.command("hedges")
def eval_hedges(
    folder: Path = typer.Argument(..., help="A folder holding sentences.jsonl with annotated uncertainty cues."),
) -> None:
    """Print agreement figures of the hedge cues with annotated uncertainty cues as JSON."""
    from .eval.hedges import evaluate_hedges

    _print_figures(evaluate_hedges, folder)


@eval_app.command("copies")
def eval_copies(
    folder: Path = typer.Argument(..., help="A BASIL-format folder holding articles/ with story ids."),
) -> None:
    """Print how well wire copies are told apart, on independent reporting and edited reprints, as JSON."""
    from .eval.copies import evaluate_copies

    _print_figures(evaluate_copies, folder)


def _print_figures(evaluate: Callable[[Path], dict], folder: Path) -> None:
    """``evaluate(folder)`` as JSON on stdout; a missing or malformed corpus is a usage error."""
    try:
        figures = evaluate(folder)
    except FileNotFoundError as exc:
        raise _fail(str(exc)) from None
    except (ValueError, KeyError, TypeError) as exc:
        raise _fail(f"{folder}: not an annotated corpus ({type(exc).__name__}: {exc})") from None
    typer.echo(json.dumps(figures, indent=2, sort_keys=True))


def _plural(word: str, n: int) -> str:
    return word if n == 1 else "stories" if word == "story" else word + "s"
