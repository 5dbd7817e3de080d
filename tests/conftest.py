from __future__ import annotations

import signal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stance.cli import app

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
DATA = Path(__file__).resolve().parent / "data"
BASIL = REPO.parent / "shared" / "corpora" / "basil-dev"
WIKI_HEDGES = REPO.parent / "shared" / "corpora" / "wiki-hedges"


@pytest.fixture(scope="session", autouse=True)
def interrupts_reach_the_tests() -> None:
    """Tests interrupt runs with Ctrl-C (SIGINT). A shell that starts pytest in the background (``&``)
    has it ignored, and every run the tests start would inherit that and never see it: restore it."""
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(scope="session")
def basil() -> Path:
    """The BASIL development corpus beside the checkout; tests using it skip on a fresh clone."""
    if not (BASIL / "articles").is_dir():
        pytest.skip("BASIL corpus not found at ../shared/corpora/basil-dev")
    return BASIL


@pytest.fixture(scope="session")
def wiki_hedges() -> Path:
    """The annotated Wikipedia hedge sentences beside the checkout; tests using them skip on a fresh clone."""
    if not (WIKI_HEDGES / "sentences.jsonl").is_file():
        pytest.skip("wiki-hedges corpus not found at ../shared/corpora/wiki-hedges")
    return WIKI_HEDGES


@pytest.fixture
def cli():
    """Run the real `stance` command in-process; returns the result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def run(*args: str | Path):
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    return run
